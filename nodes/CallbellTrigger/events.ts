import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * The webhook events Callbell documents (docs/api/reference/webhooks/**), sorted by display
 * name. The Webhook object page lists only the first seven as subscribable; the node offers
 * all ten and checks what the subscribe call accepted (see registration.ts).
 */
export const CALLBELL_EVENTS: INodePropertyOptions[] = [
	{
		name: 'Agent Session Updated',
		value: 'agent_session_updated',
		description: 'An agent logged in or out, or the system logged them out',
	},
	{
		name: 'Agent Status Updated',
		value: 'agent_status_updated',
		description: "An agent's availability or custom status changed",
	},
	{ name: 'Contact Created', value: 'contact_created', description: 'A contact was created' },
	{ name: 'Contact Deleted', value: 'contact_deleted', description: 'A contact was deleted' },
	{
		name: 'Contact Updated',
		value: 'contact_updated',
		description: 'A contact changed, tags included',
	},
	{
		name: 'Conversation Closed',
		value: 'conversation_closed',
		description: 'A conversation was closed',
	},
	{
		name: 'Conversation Opened',
		value: 'conversation_opened',
		description: 'A conversation was opened',
	},
	{
		name: 'Message Created',
		value: 'message_created',
		description: 'A message was received from or sent to a contact',
	},
	{
		name: 'Message Status Updated',
		value: 'message_status_updated',
		description:
			'An outgoing message changed status (sent, delivered, read, failed…). WhatsApp Business and QR API only.',
	},
	{
		name: 'Team Membership Updated',
		value: 'team_membership_updated',
		description: 'An agent was added to or removed from a team',
	},
];

export const EVENT_NAMES: ReadonlySet<string> = new Set(CALLBELL_EVENTS.map((e) => String(e.value)));
