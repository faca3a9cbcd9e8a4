import { listedOption, listedOptions } from '../../shared/descriptions';
import type { INodeProperties } from 'n8n-workflow';

/**
 * The contact fields of the HighLevel Contacts API as n8n parameters (the "Additional
 * Fields" / "Update Fields" of create, update and upsert), and how errors name them.
 */

/** Which request body a set of contact fields is for; each DTO of the spec differs. */
export type ContactDto = 'create' | 'update' | 'upsert';

/**
 * Fields a DTO does not have. UpdateContactDto lacks companyName and gender (and
 * locationId, which never is a user field here); the API rejects unknown fields.
 */
const NOT_IN: Record<ContactDto, Set<string>> = {
	create: new Set(),
	update: new Set(['companyName', 'gender']),
	upsert: new Set(),
};

/**
 * The DND channels the spec lists (DndSettingsSchema). The API and its webhooks use more
 * (ContactDndUpdate carries RCS), so these only serve to clear the settings: any channel
 * and status a user gives pass, and the API judges them.
 */
export const DND_CHANNELS = ['Call', 'Email', 'SMS', 'WhatsApp', 'GMB', 'FB'];

function allContactFields(): INodeProperties[] {
	return [
		{ displayName: 'Address', name: 'address1', type: 'string', default: '' },
		listedOption('Assigned To', 'assignedTo', 'getUsers', 'User the contact is assigned to.'),
		{ displayName: 'City', name: 'city', type: 'string', default: '' },
		{ displayName: 'Company Name', name: 'companyName', type: 'string', default: '' },
		{ displayName: 'Country', name: 'country', type: 'string', default: '', placeholder: 'US', description: 'ISO 3166-1 alpha-2 code' },
		{
			displayName: 'Custom Fields (Key/Value List)',
			name: 'customFields',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Custom Field',
			description:
				"Each field by its ID or its key (contact.my_field, from an expression). Values are formatted by the field's type when the token may read the definitions (locations/customFields.readonly); otherwise they are sent as given.",
			options: [
				{
					displayName: 'Field',
					name: 'field',
					values: [
						{
							displayName: 'Field Name or ID',
							name: 'id',
							type: 'options',
							typeOptions: { loadOptionsMethod: 'getCustomFields' },
							default: '',
							description:
								'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							description:
								'For multiple-choice fields give a comma-separated list or a JSON array; for number and monetary fields a number; for date fields YYYY-MM-DD. Empty leaves the field unchanged; the expression {{ null }} clears it.',
						},
					],
				},
			],
		},
		{
			displayName: 'Date of Birth',
			name: 'dateOfBirth',
			type: 'string',
			default: '',
			placeholder: '1990-12-31',
			description: 'YYYY-MM-DD, or another form the API documents (YYYY/MM/DD, YYYY.MM.DD, YYYY_MM_DD, MM/DD/YYYY, MM-DD-YYYY, MM.DD.YYYY, MM_DD_YYYY); sent as YYYY-MM-DD',
		},
		{ displayName: 'DND', name: 'dnd', type: 'boolean', default: false, description: 'Whether Do Not Disturb is on for all channels' },
		{
			displayName: 'DND Settings (JSON)',
			name: 'dndSettings',
			type: 'json',
			default: '{}',
			description:
				'Per-channel DND as the API returns it (channels such as Call, Email, SMS, WhatsApp, GMB, FB, RCS; status active, inactive or permanent), e.g. {"SMS": {"status": "active", "message": "…"}}. The dndSettings of a contact or a ContactDndUpdate event can be passed back as they are.',
		},
		{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
		{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
		{ displayName: 'Full Name', name: 'name', type: 'string', default: '' },
		{ displayName: 'Gender', name: 'gender', type: 'string', default: '', placeholder: 'female' },
		{
			displayName: 'Inbound DND Settings (JSON)',
			name: 'inboundDndSettings',
			type: 'json',
			default: '{}',
			description: 'Inbound DND (status active or inactive), e.g. {"all": {"status": "active", "message": "…"}}',
		},
		{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			default: '',
			placeholder: '+14155552671',
			description: 'E.164; spaces, dashes and brackets are removed',
		},
		{ displayName: 'Postal Code', name: 'postalCode', type: 'string', default: '' },
		{ displayName: 'Source', name: 'source', type: 'string', default: '', placeholder: 'API' },
		{ displayName: 'State', name: 'state', type: 'string', default: '' },
		listedOptions('Tag', 'tags', 'getTags',
			'Replaces ALL tags of the contact; use the Tag resource or Bulk → Update Tags to add or remove single tags. An empty list is not sent.',
		),
		listedOption('Timezone', 'timezone', 'getTimezones', 'IANA time zone of the contact, e.g. America/Chicago.'),
		{ displayName: 'Website', name: 'website', type: 'string', default: '' },
	];
}

/**
 * Every writable contact field of one DTO (CreateContactDto / UpdateContactDto /
 * UpsertContactDto), shared by create, update and upsert so custom fields and tags behave
 * the same everywhere (the built-in HighLevel node formats them on create only).
 */
export function contactFieldProperties(dto: ContactDto): INodeProperties[] {
	return allContactFields().filter((p) => !NOT_IN[dto].has(p.name));
}

const DISPLAY_NAMES = new Map(allContactFields().map((p) => [p.name, p.displayName]));

/** "Email (email)": how errors name a contact field. */
export function fieldLabel(name: string): string {
	return `${DISPLAY_NAMES.get(name) ?? name} (${name})`;
}

/** Whether `name` is a contact field this DTO takes (n8n may keep values it no longer offers). */
export function isDtoField(dto: ContactDto, name: string): boolean {
	return DISPLAY_NAMES.has(name) && !NOT_IN[dto].has(name);
}
