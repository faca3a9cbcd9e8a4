import { contactSetOperation } from '../contactRecordOperations';
import { readTags, tagsProperty } from './fields';

// The tags go as a JSON body on DELETE. Removing a tag that is already gone is a no-op.
export const remove = contactSetOperation<{ tags?: string[] }>({
	resource: 'tag',
	operation: 'remove',
	method: 'DELETE',
	property: tagsProperty,
	readValues: readTags,
	// The API answers with the tags the contact still has.
	output: (contactId, tags, response) => ({ success: true, contactId, tagsRemoved: tags, tags: response.tags ?? [] }),
});
