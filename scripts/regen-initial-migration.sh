#!/usr/bin/env bash
# Rewrites storage/migrations/versions/0001 from the models. Only while nothing is released:
# once a database exists in production, add a new revision with `mengke db revision -m …`.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -f storage/migrations/versions/0001_initial_schema.py
.venv/bin/python - "$tmp" <<'PY'
import sys
from alembic import command
from storage.migrate import alembic_config
command.revision(alembic_config(f"sqlite:///{sys.argv[1]}/gen.db"), message="initial schema",
                 autogenerate=True, rev_id="0001")
PY
