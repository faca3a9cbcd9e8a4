'use strict';
// Small statistics and formatting helpers for the benchmark report.

function median(values) {
	const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
	if (xs.length === 0) return undefined;
	const mid = Math.floor(xs.length / 2);
	return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** Nearest-rank percentile of an unsorted array (p in 0..100). */
function percentile(values, p) {
	const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (xs.length === 0) return undefined;
	const rank = Math.min(xs.length, Math.max(1, Math.ceil((p / 100) * xs.length)));
	return xs[rank - 1];
}

/** The median of one field over runs: medianOf(runs, r => r.ms). */
function medianOf(runs, pick) {
	return median(runs.map(pick));
}

/** Formats a number with a fixed number of decimals, or '–' when missing. */
function fmt(value, decimals = 0, unit = '') {
	if (value === undefined || value === null || !Number.isFinite(value)) return '–';
	const text = value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
	return unit ? `${text} ${unit}` : text;
}

/** "1.07×" for a / b, or '–'. */
function ratio(a, b, decimals = 2) {
	if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '–';
	return `${(a / b).toFixed(decimals)}×`;
}

/** Nanoseconds per call of fn(i), over n calls; fn returning false fails loudly. */
function timeRound(fn, n) {
	const start = process.hrtime.bigint();
	for (let i = 0; i < n; i++) if (fn(i) === false) throw new Error('a measured call failed');
	return Number(process.hrtime.bigint() - start) / n;
}

/**
 * Measures a and b in alternating rounds (A-B, then B-A: drift of a shared machine hits both
 * alike) after a warm-up. → per-round ns/op of each, their ratios and differences.
 */
function alternate(a, b, rounds, n) {
	timeRound(a, Math.max(10, n >> 3));
	timeRound(b, Math.max(10, n >> 3));
	const out = { a: [], b: [], ratios: [], diffs: [] };
	for (let r = 0; r < rounds; r++) {
		let ta;
		let tb;
		if (r % 2 === 0) {
			ta = timeRound(a, n);
			tb = timeRound(b, n);
		} else {
			tb = timeRound(b, n);
			ta = timeRound(a, n);
		}
		out.a.push(ta);
		out.b.push(tb);
		out.ratios.push(ta / tb);
		out.diffs.push(ta - tb);
	}
	return out;
}

function pct(value, decimals = 0) {
	if (value === undefined || value === null || !Number.isFinite(value)) return '–';
	return `${(value * 100).toFixed(decimals)} %`;
}

function mib(bytes, decimals = 0) {
	if (!Number.isFinite(bytes)) return '–';
	return `${(bytes / 1024 / 1024).toFixed(decimals)} MiB`;
}

/** All values of a field over the runs, for the "runs" column: "812 / 790 / 805". */
function series(runs, pick, decimals = 0) {
	return runs.map((r) => fmt(pick(r), decimals)).join(' / ');
}

module.exports = { median, percentile, medianOf, fmt, ratio, pct, mib, series, timeRound, alternate };
