/**
 * Walks the descriptions of the pack's action nodes for sweeping tests: which operations
 * exist, which parameters each shows, which of them are IDs, and parameters that satisfy
 * an operation's required inputs so a sweep reaches the parameter under test.
 */
import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';

const { ContactsApi } = require('../../../nodes/ContactsApi/ContactsApi.node');
const { Callbell } = require('../../../nodes/Callbell/Callbell.node');

export const ACTION_NODES: Record<'contactsApi' | 'callbell', { type: string; properties: INodeProperties[] }> = {
	contactsApi: { type: 'contactsApi', properties: new ContactsApi().description.properties },
	callbell: { type: 'callbell', properties: new Callbell().description.properties },
};

/** Every resource/operation pair a node offers. */
export function operationsOf(properties: INodeProperties[]): Array<{ resource: string; operation: string }> {
	const out: Array<{ resource: string; operation: string }> = [];
	const resources = (properties.find((p) => p.name === 'resource')?.options ?? []) as Array<{ value: string }>;
	for (const { value: resource } of resources) {
		const operationProperty = properties.find((p) => p.name === 'operation' && (p.displayOptions?.show?.resource as string[]).includes(resource));
		for (const { value: operation } of (operationProperty?.options ?? []) as Array<{ value: string }>) out.push({ resource, operation });
	}
	return out;
}

export const ID_NAME = /(Id|Uuid|Ids)$|^assignedTo$/;
/** Also IDs: pickers of several IDs ("Follower Names or IDs"). */
export const isIdProperty = (p: INodeProperties) =>
	ID_NAME.test(p.name) || (p.type === 'multiOptions' && /\bIDs\b/.test(p.displayName) && p.name !== 'tags');

export interface Target {
	resource: string;
	operation: string;
	/** Where the ID goes: a top-level parameter or `collection.child`. */
	path: string[];
	property: INodeProperties;
}

export function shownFor(p: INodeProperties, resource: string, operation: string): boolean {
	const show = p.displayOptions?.show ?? {};
	const resources = show.resource as string[] | undefined;
	const operations = show.operation as string[] | undefined;
	return (!resources || resources.includes(resource)) && (!operations || operations.includes(operation)) && !!resources;
}

export function targets(properties: INodeProperties[]): Target[] {
	const out: Target[] = [];
	for (const { resource, operation } of operationsOf(properties)) {
		for (const p of properties.filter((q) => q.name !== 'operation' && shownFor(q, resource, operation))) {
			if (p.type === 'resourceLocator' || isIdProperty(p)) out.push({ resource, operation, path: [p.name], property: p });
			if (p.type === 'collection') {
				for (const child of (p.options ?? []) as INodeProperties[]) {
					if (isIdProperty(child)) out.push({ resource, operation, path: [p.name, child.name], property: child });
				}
			}
		}
	}
	return out;
}

/** A value every other required parameter accepts, so only the swept ID can be refused. */
export function filler(p: INodeProperties): unknown {
	if (p.type === 'resourceLocator') return { __rl: true, mode: 'id', value: 'abc123' };
	if (p.type === 'multiOptions') return ['abc123'];
	// Templates need the opt-in confirmation; other switches keep their defaults.
	if (p.type === 'boolean') return /optIn/i.test(p.name) ? true : p.default;
	if (ID_NAME.test(p.name)) return 'abc123';
	if (/phone|^to$|^identifier$/i.test(p.name)) return '+14155552671';
	if (/email/i.test(p.name)) return 'a@example.com';
	if (p.type === 'dateTime' || /date/i.test(p.name)) return '2026-05-01T09:30:00Z';
	if (p.type === 'options' && Array.isArray(p.options) && p.options.length > 0) return p.default !== '' ? p.default : (p.options[0] as { value: unknown }).value;
	if (p.type === 'string') return 'text';
	return p.default;
}

/** Parameters that satisfy what an operation requires, every optional one left out. */
export function requiredParameters(properties: INodeProperties[], resource: string, operation: string): IDataObject {
	const params: IDataObject = { resource, operation };
	for (const p of properties.filter((q) => shownFor(q, resource, operation))) {
		const needed = p.required || p.type === 'multiOptions' || p.type === 'boolean' || /email|phone/i.test(p.name);
		if (needed && p.name !== 'operation') params[p.name] = filler(p) as IDataObject;
	}
	return params;
}

export function parametersFor(properties: INodeProperties[], target: Target, value: string): INodeParameters {
	const params = requiredParameters(properties, target.resource, target.operation);
	// Make the swept parameter shown: its other display conditions (e.g. a message type).
	for (const [key, values] of Object.entries(target.property.displayOptions?.show ?? {})) {
		if (key !== 'resource' && key !== 'operation' && !key.startsWith('@') && Array.isArray(values)) params[key] = values[0] as IDataObject;
	}
	const given =
		target.property.type === 'resourceLocator'
			? { __rl: true, mode: 'id', value }
			: target.property.type === 'multiOptions'
				? [value]
				: value;
	if (target.path.length === 1) params[target.path[0]] = given as IDataObject;
	else params[target.path[0]] = { ...((params[target.path[0]] as IDataObject) ?? {}), [target.path[1]]: given };
	return params as INodeParameters;
}
