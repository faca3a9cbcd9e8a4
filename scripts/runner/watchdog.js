'use strict';
// Runs a long child command (the n8n install's `npm ci`) so that a newcomer can trust it:
//   - the child gets its own process group, and the whole group is stopped on a stall, on our
//     SIGINT/SIGTERM (Ctrl-C) and on our exit: npm's own signal handling is not relied on
//     (an `npm ci` stuck in a fetch was seen to ignore SIGTERM for half an hour);
//   - a stall watchdog: no output line AND no CPU time used by any process of the group for
//     `stallMs` → the group is killed and the call rejects with a StallError saying what
//     stalled (silence and idleness are both needed: a long sqlite3 compile prints nothing
//     but burns CPU; a fetch that receives data burns a little CPU too);
//   - a progress callback fed with every output line (the caller counts fetched packages).
// Linux /proc is used for the CPU check; elsewhere only output counts as activity.
const fs = require('fs');
const { spawn } = require('child_process');

class StallError extends Error {
	constructor(message, details) {
		super(message);
		this.name = 'StallError';
		Object.assign(this, details);
	}
}

/**
 * The live processes as /proc lists them: [{ pid, fields }] with the /proc/<pid>/stat fields
 * after the parenthesised command name (which may hold spaces): state is [0], ppid [1], pgrp
 * [2], utime [11], stime [12] (proc(5), counted from field 3). undefined without /proc.
 */
function procStats() {
	let entries;
	try {
		entries = fs.readdirSync('/proc');
	} catch {
		return undefined;
	}
	const out = [];
	for (const entry of entries) {
		if (!/^\d+$/.test(entry)) continue;
		let stat;
		try {
			stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue; // exited meanwhile
		}
		out.push({ pid: Number(entry), fields: stat.slice(stat.lastIndexOf(')') + 2).split(' ') });
	}
	return out;
}

/** Total CPU clock ticks (utime + stime) of the live processes whose process group is `pgid`. */
function groupCpuTicks(pgid) {
	const stats = procStats();
	if (!stats) return undefined;
	let total = 0;
	for (const { fields } of stats) {
		if (Number(fields[2]) === pgid) total += Number(fields[11]) + Number(fields[12]);
	}
	return total;
}

/** Sends `signal` to the child's whole process group (ignoring a group that is gone). */
function signalGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		/* already gone */
	}
}

/**
 * runWatched(cmd, args, { cwd, env, stallMs, checkEveryMs, onLine, label, keepBytes })
 * Resolves to the output's tail on exit 0. Rejects with a StallError (after killing the
 * group) when the child is silent and idle for stallMs, with an Error on a non-zero exit, and
 * with an Error (after killing the group, then re-raising the signal) on SIGINT/SIGTERM.
 */
function runWatched(cmd, args, options = {}) {
	const { stallMs = 120_000, checkEveryMs = Math.min(5_000, stallMs / 4), onLine = () => undefined, label = cmd, keepBytes = 8000 } = options;
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		let tail = '';
		const partial = { stdout: '', stderr: '' };
		let lastActivity = Date.now();
		let lastLine = '';
		let cpu = undefined;
		let finished = false;

		// Lines are cut per stream: stdout and stderr interleave in any order.
		const onData = (stream) => (chunk) => {
			lastActivity = Date.now();
			const text = chunk.toString();
			tail = (tail + text).slice(-keepBytes);
			const lines = (partial[stream] + text).split(/\r?\n/);
			partial[stream] = lines.pop();
			for (const line of lines) {
				if (line.trim()) lastLine = line.trim();
				onLine(line);
			}
		};
		child.stdout.on('data', onData('stdout'));
		child.stderr.on('data', onData('stderr'));

		const finish = (error, value) => {
			if (finished) return;
			finished = true;
			clearInterval(timer);
			process.removeListener('SIGINT', onSignal);
			process.removeListener('SIGTERM', onSignal);
			process.removeListener('exit', onExit);
			if (error) reject(error);
			else resolve(value);
		};

		/** SIGTERM to the group, SIGKILL a few seconds later for whatever ignored it. */
		const stopGroup = () => {
			signalGroup(child, 'SIGTERM');
			const killer = setTimeout(() => signalGroup(child, 'SIGKILL'), 3000);
			killer.unref();
			child.once('close', () => clearTimeout(killer));
		};

		const timer = setInterval(() => {
			const ticks = groupCpuTicks(child.pid);
			if (ticks !== undefined && cpu !== undefined && ticks > cpu) lastActivity = Date.now();
			if (ticks !== undefined) cpu = ticks;
			const idleMs = Date.now() - lastActivity;
			if (idleMs < stallMs) return;
			stopGroup();
			finish(
				new StallError(
					`${label} stalled: no output and no CPU activity for ${Math.round(idleMs / 1000)} s` + (lastLine ? ` (last line: ${lastLine.slice(0, 200)})` : ''),
					{ idleMs, lastLine, tail },
				),
			);
		}, checkEveryMs);

		function onSignal(signal) {
			finish(new Error(`${label} stopped by ${signal}`));
			// SIGTERM to the group; whatever still lives when the child has gone (or 3 s later)
			// gets SIGKILL; then the signal does what it would have done without our listener.
			signalGroup(child, 'SIGTERM');
			let done = false;
			const thenDie = () => {
				if (done) return;
				done = true;
				signalGroup(child, 'SIGKILL');
				process.kill(process.pid, signal);
			};
			if (child.exitCode !== null || child.signalCode !== null) thenDie();
			else child.once('close', thenDie);
			setTimeout(thenDie, 3000);
		}
		function onExit() {
			signalGroup(child, 'SIGKILL');
		}
		process.once('SIGINT', onSignal);
		process.once('SIGTERM', onSignal);
		process.once('exit', onExit);

		child.on('error', (error) => finish(error));
		child.on('close', (code, signal) => {
			for (const rest of Object.values(partial)) if (rest) onLine(rest);
			if (code === 0) finish(undefined, tail);
			else finish(new Error(`${label} exited ${code ?? signal}\n${tail}`));
		});
	});
}

module.exports = { runWatched, StallError, groupCpuTicks, procStats };
