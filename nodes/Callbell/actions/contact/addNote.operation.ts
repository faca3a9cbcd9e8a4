import type { IDataObject } from 'n8n-workflow';

import { forOperation, requiredString } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { callbellApiRequest, pathSegment } from '../../transport';
import { contactLocator, readContactUuid, requiredText } from '../common';

export const addNote: NodeOperation<{ uuid: string; text: string }> = {
	description: forOperation('contact', 'addNote', [
		contactLocator(),
		requiredString('Text', 'text', {
			typeOptions: { rows: 3 },
			description: "The note, shown to agents in the conversation. Mention a user with @ and the user's name.",
		}),
	]),

	prepare(itemIndex, validate) {
		return {
			uuid: readContactUuid(this, itemIndex, validate),
			text: requiredText(validate, 'Text (text)', this.getNodeParameter('text', itemIndex, '')),
		};
	},

	async run({ uuid, text }, itemIndex) {
		// Each call adds a note: not retried after an ambiguous failure.
		const response = await callbellApiRequest<IDataObject>(this, {
			method: 'POST',
			path: `/contacts/${pathSegment(uuid)}/conversation/note`,
			body: { text },
			idempotent: false,
			itemIndex,
			action: 'add the note',
			subject: `contact "${uuid}"`,
		});
		return { contactUuid: uuid, success: response?.success ?? true, text };
	},
};
