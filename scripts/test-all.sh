#!/usr/bin/env bash
# The README's test command (`npm test`): installs what it needs, builds, lints, type-checks,
# runs the engine-level suite against the sandboxes, then the end-to-end suite in a real n8n.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s (%ss)\n' "$1" "$SECONDS"; }

step "install dev dependencies"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	npm ci --no-audit --no-fund
fi

step "build"
npm run build

step "lint (n8n community-node rules, inline disables ignored)"
npm run lint

step "typecheck"
npm run typecheck

step "engine-level tests (jest, n8n-core WorkflowExecute, sandboxes over HTTP)"
npx jest --ci

if [ "${SKIP_E2E:-}" = "1" ]; then
	echo "SKIP_E2E=1: end-to-end suite skipped"
	exit 0
fi

step "end-to-end tests (real n8n server with the pack installed as a community package)"
npm run test:e2e

step "all tests passed"
