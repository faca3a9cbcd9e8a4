'use strict';
// Samples the resident set size of a process from /proc while a benchmark step runs, and
// the CPU time it used meanwhile (less sensitive than wall time to other load on the machine).
const fs = require('fs');
const { execFileSync } = require('child_process');

let ticksPerSecond;
function clockTicks() {
	if (ticksPerSecond === undefined) {
		try {
			ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
		} catch {
			ticksPerSecond = 100;
		}
	}
	return ticksPerSecond;
}

/** User + system CPU time of a process in ms (from /proc/<pid>/stat), or undefined. */
function readCpuMs(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the command name (which may hold spaces) start after the last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
	} catch {
		return undefined;
	}
}

function readRssBytes(pid) {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

/**
 * startRssSampler(pid, intervalMs=20) → { cpuMs(), stop() → { before, peak, after, samples, cpuMs } }
 * `before` is the RSS when sampling started; `peak` the highest sample until stop();
 * cpuMs the process's CPU time since the start (cpuMs() reads it without stopping).
 */
function startRssSampler(pid, intervalMs = 20) {
	const cpuStart = readCpuMs(pid);
	const cpuMs = () => {
		const now = readCpuMs(pid);
		return now !== undefined && cpuStart !== undefined ? now - cpuStart : undefined;
	};
	const before = readRssBytes(pid);
	let peak = before ?? 0;
	let samples = 0;
	const timer = setInterval(() => {
		const rss = readRssBytes(pid);
		samples += 1;
		if (rss !== undefined && rss > peak) peak = rss;
	}, intervalMs);
	timer.unref();
	return {
		cpuMs,
		stop() {
			clearInterval(timer);
			const after = readRssBytes(pid);
			if (after !== undefined && after > peak) peak = after;
			return { before, peak, after, samples, cpuMs: cpuMs() };
		},
	};
}

module.exports = { readRssBytes, readCpuMs, startRssSampler };
