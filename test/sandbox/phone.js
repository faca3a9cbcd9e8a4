'use strict';
// Phone validation shared by the fake APIs, with Google's libphonenumber data (the
// libphonenumber-js port, a devDependency): a number is accepted only when it is valid for
// its country and written without a trunk prefix after the country code, so a client that
// sends `+4402079460958` (the (0) of `+44 (0)20 …` kept) is refused, as real services do.
const { parsePhoneNumberFromString } = require('libphonenumber-js/max');

function digitsOf(text) {
	return String(text).replace(/\D/g, '');
}

/** Whether `text` (digits with an optional leading +, punctuation allowed) is a valid number. */
function isValidPhone(text, { strictE164 = false } = {}) {
	if (typeof text !== 'string') return false;
	if (strictE164 && !/^\+[1-9]\d{6,14}$/.test(text)) return false;
	const parsed = parsePhoneNumberFromString(`+${digitsOf(text)}`);
	return Boolean(parsed && parsed.isValid() && digitsOf(parsed.number) === digitsOf(text));
}

module.exports = { isValidPhone, digitsOf };
