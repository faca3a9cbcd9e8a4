#!/usr/bin/env bash
# `npm run soak:sync`: the long form of the two-way sync test (issue 18) in both modes:
# 200 random human edits CRM <-> Callbell, 50 edits at each placement (0/50/500/5000 ms after
# a sync write), 20 A->B->A reverts, 10 out-of-order HighLevel echoes, 50 CRM <-> Dialpad
# edits, first in one n8n (test/e2e/two-way-sync.e2e.test.ts), then in the queue cluster
# (test/e2e-queue/two-way-sync.e2e.test.ts). Every SYNC_* variable of test/e2e/helpers/sync.ts
# may be set to change a count. Figures: the "[two-way sync]" lines, and
# .cache/two-way-sync-figures.jsonl (one JSON line per phase and mode). About 45 min on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export SYNC_EDITS="${SYNC_EDITS:-200}" SYNC_PLACED_EDITS="${SYNC_PLACED_EDITS:-50}" SYNC_REVERTS="${SYNC_REVERTS:-20}"
export SYNC_OUT_OF_ORDER="${SYNC_OUT_OF_ORDER:-10}" SYNC_DIALPAD_EDITS="${SYNC_DIALPAD_EDITS:-50}"
npm run build
status=0
SYNC_MODE=regular E2E_SKIP_BUILD=1 npx jest -c jest.e2e.config.js test/e2e/two-way-sync.e2e.test.ts || status=$?
node -e "require('./scripts/runner/queue').ensureSystemPackages({ log: (m) => console.log(m) })"
SYNC_MODE=queue E2E_SKIP_BUILD=1 npx jest -c jest.e2e-queue.config.js test/e2e-queue/two-way-sync.e2e.test.ts || status=$?
exit "$status"
