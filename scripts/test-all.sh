#!/usr/bin/env bash
# The README's test command (`npm test`): installs what it needs, builds, lints, type-checks,
# runs the engine-level suite against the sandboxes, then the end-to-end suite in a real n8n,
# then the end-to-end suite in n8n's queue mode (PostgreSQL, Redis, nginx from Debian packages).
# Expected (measured on 2 cores): 20 min on CI's fresh machine with cold caches (installs
# included); 910/1182/852 s in three runs in a row with n8n installed and one core busy; ~5 GB of disk.
# Output stays short unless something fails: n8n's logs of the tests go to .cache/test-logs/
# and .n8n-runner/e2e-n8n*.log, installs print progress lines only.
# Installs stop after N8N_RUNNER_STALL_SECONDS (120) without output or CPU use, retry once,
# then fail saying what stalled. Ctrl-C stops every process this started.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s (%ss)\n' "$1" "$SECONDS"; }
trap 'status=$?; if [ $status -ne 0 ]; then printf "\n=== FAILED after %ss. n8n logs: .cache/test-logs/ (engine tests), .n8n-runner/e2e-n8n*.log (e2e); screenshots: .cache/screenshots/\n" "$SECONDS" >&2; fi' EXIT

step "install dev dependencies (~1 min, ~500 MB in node_modules)"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	node scripts/runner/cli.js watched --label "npm ci (dev dependencies)" -- \
		npm ci --no-audit --no-fund --loglevel=error --fetch-timeout=60000 --fetch-retries=4
fi

step "build"
npm run build

step "lint (n8n-node lint, n8n's official config in strict mode; test/ adds its own exceptions)"
npm run lint

step "n8n Cloud eligibility (n8n-node cloud-support)"
# cloud-support exits 0 either way: the verdict is in what it prints.
support="$(npx --no-install n8n-node cloud-support 2>&1 | sed 's/\x1b\[[0-9;]*m//g')"
printf '%s\n' "$support"
if printf '%s' "$support" | grep -q 'NOT eligible' || ! printf '%s' "$support" | grep -q 'Status: eligible'; then
	echo "n8n-node cloud-support does not report the package as eligible" >&2
	exit 1
fi

step "package contents (npm pack --dry-run)"
npm pack --dry-run

step "scanner analysis of the packed tarball (@n8n/scan-community-package, offline)"
node scripts/scan-package.mjs

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

step "end-to-end tests (real n8n server with the pack installed as a community package; ~6 min, more on the first run)"
npm run test:e2e

step "PostgreSQL, Redis and nginx for queue mode (Debian packages, installed with apt-get when absent)"
# Like Chromium above: a failed install stops here (set -e), the queue suite is never skipped silently.
node -e "require('./scripts/runner/queue').ensureSystemPackages({ log: (m) => console.log(m) })"

step "queue-mode end-to-end tests (PostgreSQL + Redis, n8n main + 2 workers + 2 webhook processors, nginx)"
E2E_SKIP_BUILD=1 npm run test:e2e:queue

step "all tests passed"
