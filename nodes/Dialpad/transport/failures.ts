import { refusalKind, scopeNamedIn } from '../../shared/apiErrors';
import type { ErrorText, FailureWording } from '../../shared/failureText';

/**
 * A 403 by its cause (dialpad-api.md: "403 no permission (or production OAuth app on
 * sandbox)"; scopes gate some data): a key that works but may not do this is not fixed by
 * another try or by pasting the same key again.
 */
function describeDialpadRefusal(said: string | undefined, body: unknown, apiBase: string): ErrorText {
	const message = `Dialpad denied access (403${said ? `: ${said}` : ''})`;
	switch (refusalKind(403, said)) {
		case 'scope': {
			const scope = scopeNamedIn(body, said);
			return {
				message,
				description: `The key or app lacks ${scope ?? 'a scope this data needs'}: add it to the API key or the OAuth app in Dialpad (listing calls needs calls:list, recording links recordings_export, SMS text message_content_export).`,
			};
		}
		case 'environment':
			return { message, description: `The key or app belongs to the other Dialpad environment than ${apiBase}: set the Environment in the Dialpad API credential to where the key was made.` };
		default:
			return {
				message,
				description: 'This operation needs a company-admin API key (listing calls, numbers and offices, company contacts, contact events): make the key as a company admin in Dialpad → Admin Settings → API keys.',
			};
	}
}

/** Dialpad's words for its failures (codes: DOCS/http-status-code; the sentences are shared). */
export const DIALPAD_WORDING: FailureWording = {
	service: 'Dialpad',
	unreachableAdvice: 'Check the Environment / Custom Base URL in the credential and the network.',
	rejectedKeyAdvice: (expired, apiBase) =>
		expired
			? 'The key was revoked or deleted in Dialpad (Admin Settings → My Company → Authentication → API keys): make a new key and paste it into the Dialpad API credential.'
			: `Check the API key and the Environment in the Dialpad API credential (now ${apiBase}): sandbox keys only work on sandbox.dialpad.com, production keys only on dialpad.com.`,
	notFoundAdvice: 'Check the ID. The record may have been deleted.',
	invalidInputAdvice: 'Fix the listed fields in this item.',
	rateLimitAdvice:
		'Dialpad allows 20 requests per second per company and fewer per minute on some endpoints (getting one call: 10/min; creating contacts: 100/min). Send smaller batches or add a Wait node.',
	serverErrorAdvice: 'Try again later.',
	byStatus: {
		403: (said, failure, apiBase) => describeDialpadRefusal(said, failure.body, apiBase),
		409: (said) => ({ message: `Dialpad reports a conflict: ${said ?? 'the record already exists'}`, description: 'Check the values sent in this item.' }),
	},
};

