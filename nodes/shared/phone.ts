// libphonenumber-js is a devDependency: the build bundles it (with its "max" metadata, the
// port of Google's libphonenumber data) into dist/nodes/shared/phone.js, so the published
// package keeps no runtime dependency (n8n's community-node rules).
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneReading = { ok: true; e164: string } | { ok: false; problem: string };

/**
 * Reads a phone number the way telephony software does (Google's libphonenumber rules):
 * the country code is required (`+44…` or `0044…`), punctuation is ignored, and a national
 * trunk prefix written after the country code (`+44 (0)20 …`, `+4402079460958`) is dropped,
 * as every dialler drops it. A number that is not valid for its country is refused rather
 * than sent with its digits changed.
 */
export function readPhone(raw: string): PhoneReading {
	const text = raw.trim();
	const international = text.replace(/^00(?=[1-9])/, '+');
	if (!international.startsWith('+')) {
		return { ok: false, problem: 'it has no country code (start with + and the country code)' };
	}
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
