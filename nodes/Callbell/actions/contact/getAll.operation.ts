import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { choice, collection, forOperation, readLimit, returnAllAndLimit } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { normalizeContact, readTags, tagsField, teamField } from '../../helpers/contactFields';
import { fetchPages } from '../../transport';
import { openChoice, readStartPage, SOURCE_OPTIONS, startPageOption } from '../common';

export const includeFieldTypesOption: INodeProperties = {
	displayName: 'Include Field Types',
	name: 'includeFieldTypes',
	type: 'boolean',
	default: false,
	description:
		"Whether to add each custom field's type and options (customFieldsMetadata), a field name → type map (customFieldTypes), and return checkbox values as lists",
};

export interface Prepared {
	qs: IDataObject;
	limit?: number;
	startPage: number;
}

export const getAll: NodeOperation<Prepared> = {
	description: forOperation('contact', 'getAll', [
		...returnAllAndLimit(),
		collection('filters', [
			choice('Source', 'source', SOURCE_OPTIONS, 'whatsapp', { description: 'Only contacts from this integration' }),
			{ ...tagsField, description: 'Only contacts with these tags, separated by commas (case-insensitive)' },
			{
				...teamField,
				description:
					'Only contacts of this team. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		]),
		collection('options', [includeFieldTypesOption, startPageOption]),
	]),

	prepare(itemIndex, validate) {
		const limit = readLimit(this, itemIndex, validate);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const qs: IDataObject = {};
		if (filters.source !== undefined) {
			qs.source = openChoice(validate, 'Source (source)', filters.source);
		}
		if (filters.tags !== undefined) qs.tags = readTags(validate, filters.tags, false).join(',');
		if (filters.teamUuid !== undefined) qs.team_uuid = validate.id('Team (teamUuid)', filters.teamUuid);
		if (options.includeFieldTypes === true) qs.include_field_types = true;
		return { qs, limit, startPage: readStartPage(this, itemIndex, validate) };
	},

	async run({ qs, limit, startPage }, itemIndex) {
		const rows = await fetchPages(this, { path: '/contacts', key: 'contacts', qs, limit, startPage, itemIndex });
		return rows.map(normalizeContact);
	},
};
