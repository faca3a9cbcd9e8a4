import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, INodeProperties } from 'n8n-workflow';

import { collection, forOperation, readLimit, returnAllAndLimit } from '../../shared/descriptions';
import type { NodeOperation } from '../../shared/items';
import { clearNotice } from '../../shared/optional';
import { locator, readLocator } from '../../shared/locators';
import type { Validator } from '../../shared/validation';
import { contactsApiRequest, pathSegment } from '../transport';
import { contactLocator, readContactId } from './common';
import { applyLimit, namingMissing, succeeded } from './apiQuirks';
import { requireSomeField } from './parameterReaders';

/**
 * Operations of the contact-scoped resources that have the same shape and differ only in
 * names. Each operation file still states its own resource, parameters and request by
 * calling one of these.
 */

/** A record that belongs to a contact and has its own ID: /contacts/{contactId}/<path>/{id}. */
export interface ContactRecord {
	/** The resource; also the record's key in the API's answer and its name in "not found" errors. */
	resource: string;
	/** Path segment below the contact: 'tasks'. */
	path: string;
	/** The ID parameter: 'taskId'. */
	idName: string;
	/** 'Task ID' */
	idLabel: string;
	/** The picker's label: 'Task'. */
	displayName: string;
	/** listSearch method that lists this contact's records: 'searchTasks'. */
	searchMethod: string;
	placeholder: string;
}

export interface RecordRef {
	contactId: string;
	id: string;
}

/** The record's picker: the chosen contact's records to search, or an ID. */
export function recordIdProperty(record: ContactRecord, description: string): INodeProperties {
	return locator({
		displayName: record.displayName,
		name: record.idName,
		searchMethod: record.searchMethod,
		placeholder: record.placeholder,
		description,
	});
}

export function readRecordId(ctx: IExecuteFunctions, itemIndex: number, validate: Validator, record: ContactRecord): string {
	return readLocator(ctx, itemIndex, validate, record.idName, record.idLabel);
}

export function recordPath(record: ContactRecord, contactId: string, id: string): string {
	return `/contacts/${pathSegment(contactId)}/${record.path}/${pathSegment(id)}`;
}

/** 404s name both IDs; the API's own text says which of the two was missing. */
function recordIds(record: ContactRecord, { contactId, id }: RecordRef): Record<string, string> {
	return { [record.resource]: id, contact: contactId };
}

function recordOperation(
	record: ContactRecord,
	operation: string,
	idDescription: string,
	run: NodeOperation<RecordRef>['run'],
): NodeOperation<RecordRef> {
	return {
		description: forOperation(record.resource, operation, [contactLocator(), recordIdProperty(record, idDescription)]),

		prepare(itemIndex, validate) {
			return {
				contactId: readContactId(this, itemIndex, validate),
				id: readRecordId(this, itemIndex, validate, record),
			};
		},

		run,
	};
}

/** GET one record of a contact; the output is the record. */
export function getRecordOperation(record: ContactRecord, idDescription: string): NodeOperation<RecordRef> {
	return recordOperation(record, 'get', idDescription, async function (ref, itemIndex) {
		const response = await namingMissing(
			this,
			recordIds(record, ref),
			contactsApiRequest<IDataObject>(this, {
				method: 'GET',
				path: recordPath(record, ref.contactId, ref.id),
				idempotent: true,
				scope: 'contacts.readonly',
				itemIndex,
			}),
		);
		return response[record.resource] as IDataObject;
	});
}

/**
 * DELETE one record of a contact. It may be repeated: the record is gone either way. A
 * retry that finds it gone answers 404, which is reported rather than hidden.
 */
export function deleteRecordOperation(record: ContactRecord, idDescription: string): NodeOperation<RecordRef> {
	return recordOperation(record, 'delete', idDescription, async function (ref, itemIndex) {
		const response = await namingMissing(
			this,
			recordIds(record, ref),
			contactsApiRequest(this, {
				method: 'DELETE',
				path: recordPath(record, ref.contactId, ref.id),
				idempotent: true,
				scope: 'contacts.write',
				itemIndex,
			}),
		);
		return { success: succeeded(response), contactId: ref.contactId, [record.idName]: ref.id };
	});
}

/**
 * PUT the "Update Fields" of one record of a contact; the output is the updated record. PUT
 * sets the given fields to the given values, so repeating it changes nothing more.
 */
export function updateRecordOperation(
	record: ContactRecord,
	idDescription: string,
	fields: INodeProperties[],
	readFields: (ctx: IExecuteFunctions, validate: Validator, fields: IDataObject) => IDataObject,
): NodeOperation<RecordRef & { body: IDataObject }> {
	return {
		clearsFields: true,
		description: forOperation(record.resource, 'update', [
			contactLocator(),
			recordIdProperty(record, idDescription),
			clearNotice,
			collection('updateFields', fields),
		]),

		prepare(itemIndex, validate) {
			const contactId = readContactId(this, itemIndex, validate);
			const id = readRecordId(this, itemIndex, validate, record);
			const given = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
			return { contactId, id, body: requireSomeField(validate, readFields(this, validate, given)) };
		},

		async run({ contactId, id, body }, itemIndex) {
			const response = await namingMissing(
				this,
				recordIds(record, { contactId, id }),
				contactsApiRequest<IDataObject>(this, {
					method: 'PUT',
					path: recordPath(record, contactId, id),
					body,
					idempotent: true,
					scope: 'contacts.write',
					itemIndex,
				}),
			);
			return response[record.resource] as IDataObject;
		},
	};
}

/**
 * "Get Many" of a contact's records from an endpoint that is not paged: the API answers
 * `{<key>: [...]}` with every record at once, so the Limit is applied here; one output item
 * per record.
 */
export function contactListOperation(resource: string, path: string, key: string): NodeOperation<{ contactId: string; limit?: number }> {
	return {
		description: forOperation(resource, 'getAll', [contactLocator(), ...returnAllAndLimit()]),

		prepare(itemIndex, validate) {
			return { contactId: readContactId(this, itemIndex, validate), limit: readLimit(this, itemIndex, validate) };
		},

		async run({ contactId, limit }, itemIndex) {
			const response = await namingMissing(
				this,
				{ contact: contactId },
				contactsApiRequest<Record<string, IDataObject[] | undefined>>(this, {
					method: 'GET',
					path: `/contacts/${pathSegment(contactId)}/${path}`,
					idempotent: true,
					scope: 'contacts.readonly',
					itemIndex,
				}),
			);
			return applyLimit(response[key], limit);
		},
	};
}

export interface ContactSetChange<R> {
	resource: string;
	operation: string;
	/** POST adds, DELETE removes (with a JSON body, as the spec has it). */
	method: IHttpRequestMethods;
	/** The list parameter; its name is also the path segment and the body's key. */
	property: INodeProperties;
	readValues(ctx: IExecuteFunctions, itemIndex: number, validate: Validator): string[];
	/** The operation's output, from the values sent and the API's answer. */
	output(contactId: string, values: string[], response: R): IDataObject;
}

/**
 * Adds values to, or removes them from, one of a contact's sets (tags, followers):
 * /contacts/{contactId}/<name> with `{<name>: [...]}`. Idempotent: the set ends the same
 * however often the call runs, so a retry after a dropped connection duplicates nothing.
 */
export function contactSetOperation<R>(change: ContactSetChange<R>): NodeOperation<{ contactId: string; values: string[] }> {
	const name = change.property.name;
	return {
		description: forOperation(change.resource, change.operation, [contactLocator(), change.property]),

		prepare(itemIndex, validate) {
			return {
				contactId: readContactId(this, itemIndex, validate),
				values: change.readValues(this, itemIndex, validate),
			};
		},

		async run({ contactId, values }, itemIndex) {
			const response = await namingMissing(
				this,
				{ contact: contactId },
				contactsApiRequest<R>(this, {
					method: change.method,
					path: `/contacts/${pathSegment(contactId)}/${name}`,
					body: { [name]: values },
					idempotent: true,
					scope: 'contacts.write',
					itemIndex,
				}),
			);
			return change.output(contactId, values, response);
		},
	};
}
