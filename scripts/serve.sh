#!/usr/bin/env bash
# make serve: gunicorn with WhiteNoise against PostgreSQL, production settings,
# plain HTTP on loopback (see scripts/production-env.sh and gunicorn.conf.py).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=production-env.sh
. scripts/production-env.sh
export GUNICORN_BIND="${GUNICORN_BIND:-127.0.0.1:8000}"

PY=.venv/bin/python
$PY manage.py ensure_database
$PY manage.py migrate --noinput
$PY manage.py collectstatic --noinput --verbosity 0
echo "Serving on http://$GUNICORN_BIND/ (gunicorn, DEBUG=0, database ${DATABASE_URL%%\?*})"
exec .venv/bin/gunicorn inspection_portal.wsgi:application --config gunicorn.conf.py
