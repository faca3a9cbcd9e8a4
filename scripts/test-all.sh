#!/usr/bin/env bash
# The README's test command (`npm test`): installs what it needs, builds, lints, type-checks,
# runs the engine-level suite against the sandboxes, then the end-to-end suite in a real n8n,
# then the end-to-end suite in n8n's queue mode (PostgreSQL, Redis, nginx from Debian packages).
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

step "Chromium for the editor tests (Debian package; never a browser download)"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
	# A failed install stops here (set -e): the editor tests must not be skipped silently.
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "Chromium is missing at $CHROMIUM and apt-get is not available: install chromium (or set CHROMIUM_PATH)" >&2
		exit 1
	fi
	SUDO=""
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
			echo "Chromium is missing at $CHROMIUM and installing it needs root (no sudo): apt-get install chromium" >&2
			exit 1
		fi
	fi
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
	if [ ! -x "$CHROMIUM" ]; then
		echo "apt-get installed chromium but $CHROMIUM does not exist" >&2
		exit 1
	fi
fi
"$CHROMIUM" --version 2>/dev/null

step "end-to-end tests (real n8n server with the pack installed as a community package)"
npm run test:e2e

step "PostgreSQL, Redis and nginx for queue mode (Debian packages, installed with apt-get when absent)"
# Like Chromium above: a failed install stops here (set -e), the queue suite is never skipped silently.
node -e "require('./scripts/runner/queue').ensureSystemPackages({ log: (m) => console.log(m) })"

step "queue-mode end-to-end tests (PostgreSQL + Redis, n8n main + 2 workers + 2 webhook processors, nginx)"
E2E_SKIP_BUILD=1 npm run test:e2e:queue

step "all tests passed"
