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

const { mergeSections, refreshAnalysis, webhookSettingsSection } = require('../../bench/report');

/** One load run of scenario 6 as runOne returns it. */
const load = (sustainedPerSec: number, cpuMsPerDelivery: number, requestsPerSec = sustainedPerSec) => ({
	sent: 110,
	ok: 100,
	non2xx: 0,
	errors: 0,
	timeouts: 0,
	requestsPerSec,
	sustainedPerSec,
	cpuMsPerDelivery,
	p50: 200,
	p99: 900,
	executions: 100,
	drainMs: 50,
});
const SETTINGS = {
	startedAt: '2026-11-30T11:00:00.000Z',
	finishedAt: '2026-11-30T11:06:00.000Z',
	rounds: 2,
	connections: 10,
	durationSec: 10,
	regular: { loadBefore: [1, 2, 3], loadAfter: [4, 5, 6], off: [load(10, 100), load(12, 120)], on: [load(24, 30), load(20, 20)] },
	queue: { loadBefore: [7, 8, 9], loadAfter: [1, 1, 1], workers: 2, lazyAcquire: true, versions: {}, one: [load(30, 20, 31)], two: [load(33, 21, 36)], oneStatuses: { success: 200 }, twoStatuses: { success: 199, error: 1 } },
};

describe('webhookSettingsSection (scenario 6)', () => {
	const section = webhookSettingsSection(SETTINGS, { cpus: 2, n8n: '2.41.1' });

	it('states the effect from the medians of this run, with its date and load averages', () => {
		expect(section).toContain('Run of 2026-11-30T11:00:00.000Z');
		expect(section).toContain('load average (1 / 5 / 15 min) 1 / 2 / 3 before part a, 4 / 5 / 6 after it, 7 / 8 / 9 before part b');
		// medians: off 11/s, 110 ms; on 22/s, 25 ms
		expect(section).toContain('=true gave 2.00× the executions per second (11.0 → 22.0/s), 2.00× the deliveries answered per second (11 → 22/s) and 0.23× the n8n CPU per delivery (110.0 → 25.0 ms)');
		expect(section).toContain('2 webhook processors gave 1.10× the executions per second (30.0 → 33.0/s), 1.16× the deliveries answered per second (31 → 36/s)');
		expect(section).toContain('2 processors 199×success, 1×error');
	});

	it('puts the re-measured setting of the queue-mode cluster on the side it belongs to', () => {
		const flipped = { ...SETTINGS, queue: { ...SETTINGS.queue, twoFlipped: [load(6, 130, 7)] } };
		const text = webhookSettingsSection(flipped, {});
		expect(text).toContain('### b2. Queue mode, 2 webhook processors');
		// the cluster ran with true; the re-measured runs are the false column
		expect(text).toContain('=true gave the queue-mode cluster 5.50× the executions per second (6.0 → 33.0/s)');
		const startedFalse = webhookSettingsSection({ ...flipped, queue: { ...flipped.queue, lazyAcquire: false } }, {});
		expect(startedFalse).toContain('=true gave the queue-mode cluster 0.18× the executions per second (33.0 → 6.0/s)');
	});

	it('goes between markers, which a later run replaces in place without touching the rest', () => {
		const report = '# Benchmarks\n\nold tables\n\n## How the built-in node reaches the sandbox\n\nproxy text\n';
		const first = mergeSections(report, `# whatever\n${section}\ntrailer`);
		expect(first.startsWith('# Benchmarks\n\nold tables\n\n<!-- bench-section:webhook-settings -->\n## 6.')).toBe(true);
		expect(first.endsWith('<!-- /bench-section:webhook-settings -->\n\n## How the built-in node reaches the sandbox\n\nproxy text\n')).toBe(true);
		const later = webhookSettingsSection({ ...SETTINGS, startedAt: '2026-12-01T00:00:00.000Z', queue: undefined }, {});
		const second = mergeSections(first, later);
		expect(second).toContain('Run of 2026-12-01T00:00:00.000Z');
		expect(second).not.toContain('Run of 2026-11-30T11:00:00.000Z');
		expect(second).not.toContain('### b. Queue mode');
		expect(second.replace(later.trimEnd(), '')).toBe(first.replace(section.trimEnd(), ''));
	});
});

describe('refreshAnalysis', () => {
	it("re-renders the analysis against the existing report's own date and summary statuses", () => {
		const report = [
			'# Benchmarks',
			'',
			'Last full run: 2026-11-21T11:10:17.568Z, 650 s in all.',
			'',
			'## Summary against the targets',
			'',
			'| figure | this pack | comparison | ratio | target | status |',
			'|---|---|---|---|---|---|',
			'| 1. Return All: wall time | 353 ms | bare | 0.98× | ≤ 1.15× bare | met |',
			'| 3. Contacts API Trigger (lazy acquisition on): sustained deliveries/s | 16 /s | Webhook v2 | 0.49× | ≥ 0.9× Webhook v2 | **missed** |',
			'',
			'## Analysis',
			'',
			'stale text',
			'',
		].join('\n');
		const refreshed = refreshAnalysis(report);
		const fs = require('fs');
		const text = fs.readFileSync(require('path').join(__dirname, '..', '..', 'bench', 'analysis.md'), 'utf8');
		expect(refreshed.startsWith(report.slice(0, report.indexOf('## Analysis')))).toBe(true);
		expect(refreshed).not.toContain('stale text');
		expect(refreshed).toContain('not for the run above (2026-11-21T11:10:17.568Z)');
		expect(text).toContain('{{status:3. Contacts API Trigger (lazy acquisition on): sustained}}');
		expect(refreshed).toContain('**missed** in the run above');
		expect(text).toContain('{{status:1. Return All: wall time}}');
		expect(refreshed).toContain('met in the run above');
	});
});
