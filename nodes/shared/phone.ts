// libphonenumber-js is a devDependency: the build bundles it (with its "max" metadata, the
// port of Google's libphonenumber data) into dist/nodes/shared/phone.js, so the published
// package keeps no runtime dependency (n8n's community-node rules).
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneReading = { ok: true; e164: string } | { ok: false; problem: string };

const NO_COUNTRY_CODE = 'it has no country code (start with + and the country code)';

/**
 * Reads a phone number the way telephony software does (Google's libphonenumber rules):
 * the country code is required (`+44…` or `0044…`), punctuation is ignored, and a national
 * trunk prefix written after the country code (`+44 (0)20 …`, `+4402079460958`) is dropped,
 * as every dialler drops it. A number that is not valid for its country is refused rather
 * than sent with its digits changed.
 *
 * International digits without the `+` are read as international, because the services
 * emit them: Callbell's `message_created` gives `"from": "393331234567"` (WhatsApp and the
 * other Callbell channels identify people by their international number), and that value
 * must work as input for the same field. They are refused, with the reason, when they are
 * written nationally (a leading trunk `0`, an area code in parentheses), when `+<digits>` is
 * not a valid number, or when the digits are just as well a valid North American national
 * number (NANP numbers are the ones commonly written as bare digits without a prefix):
 * `4161234567` is Basel (+41 61 123 45 67) or Toronto (+1 416 123 4567). The digits are
 * never changed: only the `+` is added.
 */
export function readPhone(raw: string): PhoneReading {
	const text = raw.trim();
	const international = text.replace(/^00(?=[1-9])/, '+');
	if (!international.startsWith('+')) return readBareDigits(text);
	return readInternational(international);
}

function readInternational(international: string): PhoneReading {
	if (/[^\d\s\-().+/]/.test(international.replace(/\s*(?:ext\.?|x)\s*\d+$/i, ''))) {
		return { ok: false, problem: 'it contains characters that are not part of a phone number' };
	}
	const parsed = parsePhoneNumberFromString(international);
	if (!parsed) return { ok: false, problem: 'it is not a phone number' };
	if (!parsed.isValid()) {
		return {
			ok: false,
			problem: parsed.isPossible()
				? `it is not a valid number for country code +${parsed.countryCallingCode}`
				: `its length does not fit country code +${parsed.countryCallingCode}`,
		};
	}
	return { ok: true, e164: parsed.number };
}

function readBareDigits(text: string): PhoneReading {
	// Only digits and the separators people put between groups; letters or an extension mean
	// it is not a number a service emitted in international form.
	if (!/^\d[\d\s\-./]*$/.test(text)) {
		return { ok: false, problem: /^\(?\d[\d\s\-()./]*$/.test(text) ? `${NO_COUNTRY_CODE}; "(…)" around an area code marks a national number` : NO_COUNTRY_CODE };
	}
	const digits = text.replace(/\D/g, '');
	if (digits.startsWith('0')) {
		return { ok: false, problem: `${NO_COUNTRY_CODE}; a leading 0 is a national trunk prefix, so the country is unknown` };
	}
	const asInternational = parsePhoneNumberFromString(`+${digits}`);
	if (!asInternational || !asInternational.isValid()) {
		return { ok: false, problem: `${NO_COUNTRY_CODE}; read as international digits, +${digits} is not a valid number either` };
	}
	const northAmerican = parsePhoneNumberFromString(digits, 'US');
	if (northAmerican && northAmerican.isValid() && northAmerican.nationalNumber === digits && northAmerican.number !== asInternational.number) {
		return {
			ok: false,
			problem: `${NO_COUNTRY_CODE}; its digits read two ways: ${asInternational.formatInternational()} (${asInternational.country ?? `+${asInternational.countryCallingCode}`}) or the North American number ${northAmerican.formatInternational()}`,
		};
	}
	return { ok: true, e164: asInternational.number };
}
