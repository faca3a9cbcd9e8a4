#!/usr/bin/env bash
# The README's test command (`npm test`): installs what it needs, builds, lints, type-checks,
# runs the engine-level suite against the sandboxes, then the end-to-end suite in a real n8n,
# then the end-to-end suite in n8n's queue mode (PostgreSQL, Redis, nginx from Debian packages).
# Expected (measured on 2 cores): 20 min on CI's fresh machine with cold caches (installs
# included); 910/1182/852 s in three runs in a row with n8n installed and one core busy; ~5 GB of disk.
# Output stays short (a passing run fits on two screens) and a failing run ends with what failed:
# see quiet/streamed/failure_summary below. n8n's logs of the tests go to .cache/test-logs/ and
# .n8n-runner/e2e-n8n*.log, installs print progress lines only.
# Installs stop after N8N_RUNNER_STALL_SECONDS (120) without output or CPU use, retry once,
# then fail saying what stalled. Ctrl-C stops every process this started.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step's full output is kept in .cache/test-logs/steps/<step>.log; a passing step prints a
# line or two (the jest suites stream their per-file lines). A failing run ends with the step
# that failed, what failed in it and where its full output is.
LOGS="${TEST_ALL_LOGS:-.cache/test-logs/steps}"
mkdir -p "$LOGS"
CURRENT_STEP=""
CURRENT_LOG=""

step() { CURRENT_STEP="$1"; CURRENT_LOG=""; printf '\n=== %s (%ss)\n' "$1" "$SECONDS"; }

# quiet <log name> <command…>: the command's output goes to its log only.
quiet() {
	CURRENT_LOG="$LOGS/$1.log"
	shift
	"$@" >"$CURRENT_LOG" 2>&1
}

# streamed <log name> <command…>: the command's output on screen and in its log.
streamed() {
	CURRENT_LOG="$LOGS/$1.log"
	shift
	"$@" 2>&1 | tee "$CURRENT_LOG"
}

# What failed, as the last thing on screen: jest's failing files and tests, else the log's end.
failure_summary() {
	local status=$1
	printf '\n=== FAILED after %ss, in step: %s (exit %s)\n' "$SECONDS" "${CURRENT_STEP:-start}" "$status" >&2
	if [ -n "$CURRENT_LOG" ] && [ -f "$CURRENT_LOG" ]; then
		local clean
		clean="$(sed 's/\x1b\[[0-9;]*m//g' "$CURRENT_LOG")"
		if printf '%s\n' "$clean" | grep -qE '^(FAIL|Tests:) '; then
			printf '%s\n' "$clean" | grep -E '^FAIL ' | sort -u >&2 || true
			printf '%s\n' "$clean" | grep -E '^  ● ' | grep -v '● Console' | sort -u | head -40 >&2 || true
			printf '%s\n' "$clean" | grep -E '^(Test Suites|Tests):' | tail -2 >&2 || true
		else
			printf '%s\n' "$clean" | tail -30 >&2
		fi
		printf 'Full output of the step: %s\n' "$CURRENT_LOG" >&2
	fi
	printf 'n8n logs: .cache/test-logs/ (engine tests), .n8n-runner/e2e-n8n*.log (e2e), .n8n-runner/e2e-queue-logs/ (queue); screenshots: .cache/screenshots/\n' >&2
}
trap 'status=$?; if [ $status -ne 0 ]; then failure_summary $status; fi' EXIT

step "install dev dependencies (~1 min, ~500 MB in node_modules)"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	node scripts/runner/cli.js watched --label "npm ci (dev dependencies)" -- \
		npm ci --no-audit --no-fund --loglevel=error --fetch-timeout=60000 --fetch-retries=4
fi

step "build"
quiet build npm run build
echo "dist/: $(find dist -type f | wc -l) files"

step "lint (n8n-node lint, n8n's official config in strict mode; test/ adds its own exceptions)"
quiet lint npm run lint
echo "0 errors"

step "n8n Cloud eligibility (n8n-node cloud-support)"
# cloud-support exits 0 either way: the verdict is in what it prints.
CURRENT_LOG="$LOGS/cloud-support.log"
npx --no-install n8n-node cloud-support 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >"$CURRENT_LOG"
if grep -q 'NOT eligible' "$CURRENT_LOG" || ! grep -q 'Status: eligible' "$CURRENT_LOG"; then
	echo "n8n-node cloud-support does not report the package as eligible" >&2
	exit 1
fi
grep -o 'Status: eligible.*' "$CURRENT_LOG"

step "package contents (npm pack --dry-run; the file list is in $LOGS/pack.log)"
quiet pack npm pack --dry-run
grep -E 'total files|package size|unpacked size' "$CURRENT_LOG" | sed 's/^npm notice /  /'

step "scanner analysis of the packed tarball (@n8n/scan-community-package, offline)"
quiet scan node scripts/scan-package.mjs
cat "$CURRENT_LOG"

step "typecheck"
quiet typecheck npm run typecheck
echo "0 errors"

step "engine-level tests (jest, n8n-core WorkflowExecute, sandboxes over HTTP)"
streamed engine npx jest --ci

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
streamed e2e npm run test:e2e

step "PostgreSQL, Redis and nginx for queue mode (Debian packages, installed with apt-get when absent)"
# Like Chromium above: a failed install stops here (set -e), the queue suite is never skipped silently.
streamed queue-packages node -e "require('./scripts/runner/queue').ensureSystemPackages({ log: (m) => console.log(m) })"

step "queue-mode end-to-end tests (PostgreSQL + Redis, n8n main + 2 workers + 2 webhook processors, nginx)"
streamed e2e-queue env E2E_SKIP_BUILD=1 npm run test:e2e:queue

CURRENT_STEP=""
printf '\n=== all tests passed (%ss); full output of each step in %s/\n' "$SECONDS" "$LOGS"
