#!/usr/bin/env bash
# npm run bench: build the pack, then run bench/run.js (real n8n 2.41.1 and the sandboxes on
# free ports of 127.0.0.1; BENCH_N8N_PORT / BENCH_BROKER_PORT pin n8n's). Writes
# docs/benchmarks.md and prints it.
# BENCH_SKIP_BUILD=1 reuses the current dist/. Other knobs: see the header of bench/run.js.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${BENCH_SKIP_BUILD:-0}" != "1" ]; then
	echo "bench: npm run build" >&2
	npm run build --silent >&2
fi

exec node bench/run.js "$@"
