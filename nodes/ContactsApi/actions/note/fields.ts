import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { listedOption } from '../../../shared/descriptions';
import type { Validator } from '../../../shared/validation';
import type { ContactRecord } from '../contactRecordOperations';
import { nonEmptyText } from '../parameterReaders';

export const NOTE: ContactRecord = {
	resource: 'note',
	path: 'notes',
	idName: 'noteId',
	idLabel: 'Note ID',
	displayName: 'Note',
	searchMethod: 'searchNotes',
	placeholder: 'e.g. HGPcayliwcdoUFzvbTok',
};

export const bodyDescription = 'Text of the note';

/** Optional note fields of NotesDTO / UpdateNoteDTO, shared by create and update. */
export const optionalNoteFields: INodeProperties[] = [
	{ displayName: 'Color', name: 'color', type: 'color', default: '', description: 'Highlight color of the note, e.g. #FFAA00' },
	{ displayName: 'Pinned', name: 'pinned', type: 'boolean', default: false, description: 'Whether the note is pinned to the top of the contact' },
	{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'Title of the note' },
	// The author is a user of the location. (n8n's built-in HighLevel node sends the
	// location ID here, which the API rejects or files under nobody.)
	listedOption('User', 'userId', 'getUsers', 'User the note is written by.'),
];

/**
 * Reads the optional fields into the spec's body. Empty values never arrive (they mean "not
 * set"); on update `null` clears Title, Color and User and unpins. The Body cannot be cleared.
 */
export function readNoteFields(validate: Validator, fields: IDataObject): IDataObject {
	const body: IDataObject = {};
	if (fields.body === null) validate.fail('Body (body)', 'a note must keep its text; give the new text instead of clearing it');
	if (fields.body !== undefined) body.body = nonEmptyText(validate, 'Body (body)', fields.body);
	if (fields.userId === null) body.userId = null;
	else if (fields.userId !== undefined && fields.userId !== '') body.userId = validate.id('User (userId)', fields.userId);
	if (fields.title === null) body.title = '';
	else if (typeof fields.title === 'string' && fields.title !== '') body.title = fields.title;
	if (fields.color === null) body.color = '';
	else if (typeof fields.color === 'string' && fields.color.trim() !== '') body.color = fields.color.trim();
	if (fields.pinned === null) body.pinned = false;
	else if (fields.pinned !== undefined) body.pinned = fields.pinned === true || fields.pinned === 'true';
	return body;
}
