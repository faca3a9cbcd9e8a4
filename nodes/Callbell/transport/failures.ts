import type { FailureWording } from '../../shared/failureText';

/** Callbell's words for its failures (statuses from api.callbell.eu/docs; the sentences are shared). */
export const CALLBELL_WORDING: FailureWording = {
	service: 'Callbell',
	unreachableAdvice: 'Check the Base URL in the credential and the network.',
	rejectedKeyAdvice: (expired) =>
		expired
			? 'The key was regenerated or deleted in Callbell, which ends it at once: paste the current key (Callbell → Settings → Integrations → API) into the Callbell API credential.'
			: 'Check the API key in the Callbell API credential (Callbell → Settings → Integrations → API) and the Base URL. A regenerated or deleted key stops working at once.',
	notFoundAdvice: 'Check the ID or UUID. The record may have been deleted.',
	invalidInputAdvice:
		'Fix the listed fields in this item. Tags, custom fields (by name), users (by email), teams, channels and templates must already exist in the Callbell account.',
	rateLimitAdvice:
		'Callbell allows 300 requests per second per account and sends no retry hint; the node backed off exponentially between attempts. Send smaller batches or add a Wait node.',
	serverErrorAdvice: 'Callbell says server errors are usually safe to retry later.',
	byStatus: {
		402: (said) => ({
			message: `Callbell refused the request: payment required${said ? ` (${said})` : ''}`,
			description:
				'For template messages on WhatsApp Business API channels this means the WhatsApp wallet is out of credit: add credit in Callbell → Billing → WhatsApp wallet. Retrying fails until then.',
		}),
		403: (said) => ({
			message: `Callbell denied access (403${said ? `: ${said}` : ''})`,
			description:
				"The key works, but its account may not do this: Callbell's plans and channel types limit some operations (templates and media need a WhatsApp Business API channel). Replacing the key does not help.",
		}),
	},
};

