#!/usr/bin/env bash
# `npm run docs:screenshots`: refreshes docs/editor-*.png (the README's editor images) by
# running the editor end-to-end test with its screenshots sent to docs/ instead of the
# ignored .cache/screenshots/ that every test run uses. Commit the images it changes.
set -euo pipefail
cd "$(dirname "$0")/../.."
E2E_SCREENSHOT_DIR=docs npx jest -c jest.e2e.config.js test/e2e/editor.e2e.test.ts
git status --short docs/
