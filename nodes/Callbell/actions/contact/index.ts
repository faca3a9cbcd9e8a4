import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector, standardOperations } from '../../../shared/router';
import { addNote } from './addNote.operation';
import { closeConversation } from './closeConversation.operation';
import { create } from './create.operation';
import { deleteContact } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { getBotStatus } from './getBotStatus.operation';
import { getByBsuid } from './getByBsuid.operation';
import { getByPhone } from './getByPhone.operation';
import { getMessages } from './getMessages.operation';
import { openConversation } from './openConversation.operation';
import { setBotStatus } from './setBotStatus.operation';
import { update } from './update.operation';
import { updateFunnel } from './updateFunnel.operation';

export const operations = {
	addNote,
	closeConversation,
	create,
	delete: deleteContact,
	get,
	getAll,
	getBotStatus,
	getByBsuid,
	getByPhone,
	getMessages,
	openConversation,
	setBotStatus,
	update,
	updateFunnel,
};

export const resource: INodePropertyOptions = { name: 'Contact', value: 'contact' };

export const operationProperty = operationSelector(resource, 'get', [
	...standardOperations({ one: 'a contact', many: 'contacts' }, ['create', 'getAll', 'update']),
	{ name: 'Add Note', value: 'addNote', description: "Add a note to a contact's conversation", action: 'Add a note to a conversation' },
	{ name: 'Close Conversation', value: 'closeConversation', description: "Close a contact's conversation", action: 'Close a conversation' },
	{ name: 'Delete', value: 'delete', description: 'Delete a contact for good', action: 'Delete a contact' },
	{ name: 'Get', value: 'get', description: 'Get a contact by UUID', action: 'Get a contact' },
	{ name: 'Get Bot Status', value: 'getBotStatus', description: "Get the bot of a contact's conversation", action: 'Get the bot status of a contact' },
	{ name: 'Get by BSUID', value: 'getByBsuid', description: 'Get a contact by WhatsApp Business Suite User ID', action: 'Get a contact by BSUID' },
	{ name: 'Get by Phone', value: 'getByPhone', description: 'Get a contact by phone number', action: 'Get a contact by phone number' },
	{ name: 'Get Messages', value: 'getMessages', description: 'Get the messages of a contact, newest first', action: 'Get the messages of a contact' },
	{ name: 'Open Conversation', value: 'openConversation', description: "Open a contact's conversation", action: 'Open a conversation' },
	{ name: 'Set Bot Status', value: 'setBotStatus', description: 'Start or stop the bot for a contact', action: 'Set the bot status of a contact' },
	{ name: 'Update Funnel', value: 'updateFunnel', description: "Move a contact's conversation to a funnel stage", action: 'Update the funnel of a conversation' },
]);
