import { CAMPAIGN_ID, addContact, byId, calls, jsonOf, run, useSandbox, type RelatedSandbox } from './related.helpers';

const sandboxOf = useSandbox();
let sandbox: RelatedSandbox;
beforeEach(() => {
	sandbox = sandboxOf();
});

function campaignsOf(contactId: string): string[] {
	return [...(sandbox.store.campaignMembers.get(contactId) ?? [])];
}

describe('Contacts API node: campaign', () => {
	it('adds a contact to a campaign with the empty JSON body the spec requires', async () => {
		const contactId = addContact(sandbox);
		const result = await run(sandbox, { resource: 'campaign', operation: 'add', contactId: byId(contactId), campaignId: CAMPAIGN_ID });
		expect(result.error).toBeUndefined();
		expect(calls(sandbox)).toEqual([`POST /contacts/${contactId}/campaigns/${CAMPAIGN_ID}`]);
		expect(sandbox.requests[0].body).toEqual({});
		expect(jsonOf(result)).toEqual([{ success: true, contactId, campaignId: CAMPAIGN_ID }]);
		expect(campaignsOf(contactId)).toEqual([CAMPAIGN_ID]);
	});

	it('is retried after a dropped connection and still leaves one membership', async () => {
		const contactId = addContact(sandbox);
		sandbox.faults.inject({ kind: 'reset-after', method: 'POST' });
		const result = await run(sandbox, { resource: 'campaign', operation: 'add', contactId: byId(contactId), campaignId: CAMPAIGN_ID });
		expect(result.error).toBeUndefined();
		expect(sandbox.requests.map((r) => r.status)).toEqual(['reset-after', 201]);
		expect(campaignsOf(contactId)).toEqual([CAMPAIGN_ID]);
	});

	it('says clearly which campaign was not found', async () => {
		const contactId = addContact(sandbox);
		const result = await run(sandbox, { resource: 'campaign', operation: 'add', contactId: byId(contactId), campaignId: 'camp_missing' });
		expect(result.error?.message).toBe(`Not found: Campaign not found (campaign ID "camp_missing", contact ID "${contactId}")`);
		expect(campaignsOf(contactId)).toEqual([]);
	});

	it('removes a contact from one campaign', async () => {
		const contactId = addContact(sandbox);
		sandbox.store.campaignMembers.set(contactId, new Set([CAMPAIGN_ID, 'camp_other']));
		const result = await run(sandbox, { resource: 'campaign', operation: 'remove', contactId: byId(contactId), campaignId: CAMPAIGN_ID });
		expect(result.error).toBeUndefined();
		expect(calls(sandbox)).toEqual([`DELETE /contacts/${contactId}/campaigns/${CAMPAIGN_ID}`]);
		expect(sandbox.requests[0].rawBody).toBe('');
		expect(jsonOf(result)).toEqual([{ success: true, contactId, campaignId: CAMPAIGN_ID }]);
		expect(campaignsOf(contactId)).toEqual(['camp_other']);
	});

	it('removes a contact from every campaign', async () => {
		const contactId = addContact(sandbox);
		sandbox.store.campaignMembers.set(contactId, new Set([CAMPAIGN_ID, 'camp_other']));
		const result = await run(sandbox, { resource: 'campaign', operation: 'removeAll', contactId: byId(contactId) });
		expect(result.error).toBeUndefined();
		expect(calls(sandbox)).toEqual([`DELETE /contacts/${contactId}/campaigns/removeAll`]);
		expect(jsonOf(result)).toEqual([{ success: true, contactId }]);
		expect(campaignsOf(contactId)).toEqual([]);
	});

	it('path-encodes the campaign ID and rejects a malformed one before any request', async () => {
		const contactId = addContact(sandbox);
		sandbox.store.campaigns.add('camp+1=');
		const ok = await run(sandbox, { resource: 'campaign', operation: 'add', contactId: byId(contactId), campaignId: 'camp+1=' });
		expect(ok.error).toBeUndefined();
		expect(sandbox.requests[0].path).toBe(`/contacts/${contactId}/campaigns/camp%2B1%3D`);
		expect(campaignsOf(contactId)).toEqual(['camp+1=']);

		sandbox.clearRequests();
		const bad = await run(
			sandbox,
			{ resource: 'campaign', operation: 'remove', contactId: byId(contactId), campaignId: '={{ $json.campaign }}' },
			{ input: [{ campaign: 'removeAll/../x' }] },
		);
		expect(bad.error?.message).toMatch(/^Invalid Campaign ID \(campaignId\) in item 0: "removeAll\/\.\.\/x" is not a valid ID/);
		expect(sandbox.requests).toHaveLength(0);
	});
});
