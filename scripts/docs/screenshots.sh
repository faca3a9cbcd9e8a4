#!/usr/bin/env bash
# `npm run docs:screenshots`: refreshes docs/editor-*.png (the README's and docs' editor images)
# by running the editor end-to-end tests (each node as a user adds it; the node and its pickers;
# the custom fields mapper)
# with their screenshots sent to docs/ instead of the ignored .cache/screenshots/ that every
# test run uses. Commit the images it changes.
set -euo pipefail
cd "$(dirname "$0")/../.."
E2E_SCREENSHOT_DIR=docs npx jest -c jest.e2e.config.js test/e2e/editor-first-run.e2e.test.ts test/e2e/editor.e2e.test.ts test/e2e/editor-mapper.e2e.test.ts
git status --short docs/
