/** bench/report.js: the hand-written analysis is dated and takes its status words from the run. */
const { renderAnalysis } = require('../../bench/report');

const RESULTS = {
	startedAt: '2026-11-30T08:00:00.000Z',
	returnAll: {
		contacts: 10000,
		pack: [{ requests: 100, correct: true, ms: 300 }],
		bare: [{ requests: 100, ms: 320 }],
		builtin: [{ requests: 2, correct: false }],
	},
};
const TEXT = '<!-- analysis-of: 2026-11-21T10:38:18.375Z -->\n## Analysis\n\n**Wall time ({{status:1. Return All: wall time}}).** Webhooks: {{status:3. Signed webhooks}}.\n';

describe('renderAnalysis', () => {
	it('fills the status words from the run and says which run the text was written for', () => {
		const out = renderAnalysis(TEXT, RESULTS);
		expect(out).toContain('**Wall time (met in the run above).**');
		expect(out).toContain('Webhooks: not measured in the run above.');
		expect(out).toMatch(/^## Analysis\n\n> Written by hand for the run of 2026-11-21T10:38:18.375Z, not for the run above \(2026-11-30T08:00:00.000Z\)/);
		expect(out).not.toContain('analysis-of');
	});

	it('says "missed" when this run missed the target', () => {
		const slow = { ...RESULTS, returnAll: { ...RESULTS.returnAll, pack: [{ requests: 100, correct: true, ms: 500 }] } };
		expect(renderAnalysis(TEXT, slow)).toContain('**Wall time (**missed** in the run above).**');
		expect(renderAnalysis(TEXT.replace('2026-11-21T10:38:18.375Z', RESULTS.startedAt), RESULTS)).toContain('> Written for this run (2026-11-30T08:00:00.000Z).');
	});
});
