import { updateRecordOperation } from '../contactRecordOperations';
import { bodyDescription, NOTE, optionalNoteFields, readNoteFields } from './fields';

export const update = updateRecordOperation(
	NOTE,
	'ID of the note to update',
	[
		{ displayName: 'Body', name: 'body', type: 'string', typeOptions: { rows: 4 }, default: '', description: bodyDescription },
		...optionalNoteFields,
	],
	(_ctx, validate, fields) => readNoteFields(validate, fields),
);
