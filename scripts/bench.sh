#!/usr/bin/env bash
# npm run bench: build the pack, then run bench/run.js (real n8n 2.41.1 on 127.0.0.1:5700,
# broker 5701, sandboxes on random ports). Writes docs/benchmarks.md and prints it.
# BENCH_SKIP_BUILD=1 reuses the current dist/. Other knobs: see the header of bench/run.js.
set -euo pipefail
cd "$(dirname "$0")/.."

for port in 5700 5701; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		echo "bench: port $port is in use (an earlier bench run still going?)" >&2
		exit 1
	fi
done

if [ "${BENCH_SKIP_BUILD:-0}" != "1" ]; then
	echo "bench: npm run build" >&2
	npm run build --silent >&2
fi

exec node bench/run.js "$@"
