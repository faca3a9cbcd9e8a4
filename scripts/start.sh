#!/usr/bin/env bash
# `npm start`: a real n8n 2.41.1 on http://127.0.0.1:5678 with this pack installed as a
# community package, the sandbox APIs beside it (Contacts on 18080, Callbell on 18081, Dialpad on
# 18083, the demo console that fires their webhook events on 18082: `npm run demo`), credentials pointing
# at them and the example workflows imported, their triggers set to the sandboxes' keys.
# Ctrl-C stops everything. The first run installs n8n into .n8n-runner/ (minutes, ~2.8 GB);
# later runs reuse it (URL in ~15 s).
# START_MODE=queue (what `npm run start:queue`, scripts/start-queue.sh, sets): the same behind
# nginx on 5678 in queue mode (scripts/runner/queue-demo.js).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[start] %s\n' "$*"; }

SANDBOX_PID=""
DEMO_PID=""
WORK="$(mktemp -d)"
cleanup() {
	trap - INT TERM EXIT
	# The demo script stops n8n's whole process group on SIGTERM, then exits.
	if [ -n "$DEMO_PID" ] && kill -0 "$DEMO_PID" 2>/dev/null; then kill -TERM "$DEMO_PID" 2>/dev/null || true; fi
	if [ -n "$DEMO_PID" ]; then wait "$DEMO_PID" 2>/dev/null || true; fi
	if [ -n "$SANDBOX_PID" ] && kill -0 "$SANDBOX_PID" 2>/dev/null; then kill -TERM "$SANDBOX_PID" 2>/dev/null || true; fi
	if [ -n "$SANDBOX_PID" ]; then wait "$SANDBOX_PID" 2>/dev/null || true; fi
	rm -rf "$WORK"
	say "stopped"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
SANDBOX_PORTS="18080 18081 18082 18083"
PORTS="5678 5679 $SANDBOX_PORTS"
if [ "${START_MODE:-}" = "queue" ]; then
	# nginx, main and its broker, webhook processors, workers, PostgreSQL, Redis (scripts/runner/queue.js).
	PORTS="5678 5679 5680 5688 5689 5690 5691 5698 5699 5700 5701 15432 16379 $SANDBOX_PORTS"
fi
for port in $PORTS; do
	if port_busy "$port"; then
		say "port $port is in use (another npm start still running?)"
		exit 1
	fi
done

if [ ! -d node_modules ]; then
	say "installing dev dependencies (npm ci)"
	npm ci --no-audit --no-fund
fi

say "building the pack"
npm run build

say "checking the n8n 2.41.1 runner (the first run installs it into .n8n-runner/: minutes, progress below)"
node scripts/runner/cli.js ensure --version 2.41.1 >/dev/null

TARBALL="$(node scripts/runner/cli.js pack --dest "$WORK")"
say "packed $(basename "$TARBALL")"

say "starting the sandbox APIs"
node test/sandbox/cli.js --contacts-port 18080 --callbell-port 18081 --demo-port 18082 --dialpad-port 18083 --n8n-url http://127.0.0.1:5678 >"$WORK/sandboxes.json" &
SANDBOX_PID=$!
for _ in $(seq 1 100); do
	if grep -q '"ready":true' "$WORK/sandboxes.json" 2>/dev/null; then break; fi
	if ! kill -0 "$SANDBOX_PID" 2>/dev/null; then say "the sandboxes did not start"; exit 1; fi
	sleep 0.1
done
grep -q '"ready":true' "$WORK/sandboxes.json" || { say "the sandboxes did not report ready"; exit 1; }

# n8n, owner, credentials, example workflows; prints the URL and login, runs until Ctrl-C.
if [ "${START_MODE:-}" = "queue" ]; then
	node scripts/runner/queue-demo.js --tarball "$TARBALL" --sandboxes-file "$WORK/sandboxes.json" --dir "$WORK/cluster" &
else
	node scripts/runner/cli.js demo --tarball "$TARBALL" --sandboxes-file "$WORK/sandboxes.json" &
fi
DEMO_PID=$!
wait "$DEMO_PID"
