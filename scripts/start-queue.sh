#!/usr/bin/env bash
# `npm run start:queue`: `npm start` in n8n's queue mode, as production runs it: PostgreSQL and
# Redis (Debian packages, installed with apt-get when absent, started on 15432/16379 as
# throwaway instances), n8n main + 2 workers + 2 webhook processors, each with the pack
# installed as a community package, nginx on http://127.0.0.1:5678 in front
# (scripts/runner/queue/nginx.conf). Same sandboxes, credentials and examples as `npm start`;
# a fresh database each run. Ctrl-C stops everything.
exec env START_MODE=queue bash "$(dirname "$0")/start.sh" "$@"
