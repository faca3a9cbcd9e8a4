import { contactSetOperation } from '../contactRecordOperations';
import { readTags, tagsProperty } from './fields';

// Adding a tag the contact already has changes nothing.
export const add = contactSetOperation<{ tags?: string[] }>({
	resource: 'tag',
	operation: 'add',
	method: 'POST',
	property: tagsProperty,
	readValues: readTags,
	// The API answers with the contact's tags after the change.
	output: (contactId, tags, response) => ({ success: true, contactId, tagsAdded: tags, tags: response.tags ?? [] }),
});
