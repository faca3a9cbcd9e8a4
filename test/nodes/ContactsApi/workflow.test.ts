import { WORKFLOW_ID, addContact, byId, calls, jsonOf, run, useSandbox, type RelatedSandbox } from './related.helpers';

const sandboxOf = useSandbox();
let sandbox: RelatedSandbox;
beforeEach(() => {
	sandbox = sandboxOf();
});

function enrolmentsOf(contactId: string): Array<[string, string | null]> {
	return [...(sandbox.store.workflowMembers.get(contactId) ?? new Map<string, string | null>()).entries()];
}

describe('Contacts API node: workflow', () => {
	it('adds a contact to a workflow with an event start time, sent in UTC', async () => {
		const contactId = addContact(sandbox);
		const result = await run(sandbox, {
			resource: 'workflow',
			operation: 'add',
			contactId: byId(contactId),
			workflowId: WORKFLOW_ID,
			additionalFields: { eventStartTime: '2026-06-23T03:30:00+01:00' },
		});
		expect(result.error).toBeUndefined();
		expect(calls(sandbox)).toEqual([`POST /contacts/${contactId}/workflow/${WORKFLOW_ID}`]);
		expect(sandbox.requests[0].body).toEqual({ eventStartTime: '2026-06-23T02:30:00.000Z' });
		expect(jsonOf(result)).toEqual([{ success: true, contactId, workflowId: WORKFLOW_ID, eventStartTime: '2026-06-23T02:30:00.000Z' }]);
		expect(enrolmentsOf(contactId)).toEqual([[WORKFLOW_ID, '2026-06-23T02:30:00.000Z']]);
	});

	it('adds without a start time using the empty body the spec requires', async () => {
		const contactId = addContact(sandbox);
		const result = await run(sandbox, { resource: 'workflow', operation: 'add', contactId: byId(contactId), workflowId: WORKFLOW_ID });
		expect(result.error).toBeUndefined();
		expect(sandbox.requests[0].body).toEqual({});
		expect(jsonOf(result)).toEqual([{ success: true, contactId, workflowId: WORKFLOW_ID }]);
		expect(enrolmentsOf(contactId)).toEqual([[WORKFLOW_ID, null]]);
	});

	it('rejects a bad event start time naming parameter and item, before any request', async () => {
		const contactId = addContact(sandbox);
		const result = await run(
			sandbox,
			{ resource: 'workflow', operation: 'add', contactId: byId(contactId), workflowId: WORKFLOW_ID, additionalFields: { eventStartTime: '={{ $json.at }}' } },
			{ input: [{ at: '2026-06-23T03:30:00Z' }, { at: '23.06.2026 03:30' }] },
		);
		expect(result.error?.message).toBe('Invalid Event Start Time (eventStartTime) in item 1: "23.06.2026 03:30" is not an ISO 8601 date-time');
		expect(sandbox.requests).toHaveLength(0);
	});

	it('says clearly which workflow was not found', async () => {
		const contactId = addContact(sandbox);
		const result = await run(sandbox, { resource: 'workflow', operation: 'add', contactId: byId(contactId), workflowId: 'wf_missing' });
		expect(result.error?.message).toBe(`Not found: Workflow not found (workflow ID "wf_missing", contact ID "${contactId}")`);
	});

	it('removes a contact from a workflow (a JSON body on DELETE, as the spec requires)', async () => {
		const contactId = addContact(sandbox);
		sandbox.store.workflowMembers.set(contactId, new Map([[WORKFLOW_ID, null], ['wf_other', null]]));
		const result = await run(sandbox, { resource: 'workflow', operation: 'remove', contactId: byId(contactId), workflowId: WORKFLOW_ID });
		expect(result.error).toBeUndefined();
		expect(calls(sandbox)).toEqual([`DELETE /contacts/${contactId}/workflow/${WORKFLOW_ID}`]);
		expect(sandbox.requests[0].body).toEqual({});
		expect(jsonOf(result)).toEqual([{ success: true, contactId, workflowId: WORKFLOW_ID }]);
		expect(enrolmentsOf(contactId)).toEqual([['wf_other', null]]);
	});

	it('passes the optional event start time on removal too', async () => {
		const contactId = addContact(sandbox);
		sandbox.store.workflowMembers.set(contactId, new Map([[WORKFLOW_ID, '2026-06-23T02:30:00.000Z']]));
		const result = await run(sandbox, {
			resource: 'workflow',
			operation: 'remove',
			contactId: byId(contactId),
			workflowId: WORKFLOW_ID,
			additionalFields: { eventStartTime: '2026-06-23T02:30:00Z' },
		});
		expect(result.error).toBeUndefined();
		expect(sandbox.requests[0].body).toEqual({ eventStartTime: '2026-06-23T02:30:00.000Z' });
		expect(enrolmentsOf(contactId)).toEqual([]);
	});

	it('Continue On Fail: bad and missing items become error items, the others are enrolled once', async () => {
		const a = addContact(sandbox);
		const b = addContact(sandbox);
		const input = [{ contact: a, at: '' }, { contact: b, at: 'soon' }, { contact: 'ct_missing', at: '' }, { contact: b, at: '2026-07-01T10:00:00Z' }];
		const result = await run(
			sandbox,
			{ resource: 'workflow', operation: 'add', contactId: byId('={{ $json.contact }}'), workflowId: WORKFLOW_ID, additionalFields: { eventStartTime: '={{ $json.at }}' } },
			{ input, continueOnFail: true },
		);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		const out = jsonOf(result);
		expect(out[0]).toEqual({ success: true, contactId: a, workflowId: WORKFLOW_ID });
		expect(out[1].error).toBe('Invalid Event Start Time (eventStartTime) in item 1: "soon" is not an ISO 8601 date-time');
		expect(out[2].error).toMatch(/^Not found: Contact not found/);
		expect(out[3]).toMatchObject({ success: true, contactId: b, eventStartTime: '2026-07-01T10:00:00.000Z' });
		expect(sandbox.requests).toHaveLength(3);
		expect(enrolmentsOf(b)).toEqual([[WORKFLOW_ID, '2026-07-01T10:00:00.000Z']]);
	});
});
