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

module.exports = { median, percentile, medianOf, fmt, ratio, pct, mib, series };
