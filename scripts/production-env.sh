# Sourced by scripts/serve.sh and the Makefile: production settings (DEBUG=0).
# Plain HTTP on loopback unless BEHIND_TLS_PROXY=1. Anything already set wins.
#   DATABASE_URL  postgres://postgres@127.0.0.1:5432/inspection_portal
#   SECRET_KEY    else var/secret_key, generated once (mode 600)

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/inspection_portal}"
export DEBUG=0
if [ -z "${SECRET_KEY:-}" ]; then
  if [ ! -s var/secret_key ]; then
    mkdir -p var
    (umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key)
    echo "Generated a SECRET_KEY in var/secret_key (keep it: sessions depend on it)." >&2
  fi
  SECRET_KEY="$(cat var/secret_key)"
  export SECRET_KEY
fi
if [ "${BEHIND_TLS_PROXY:-0}" = 1 ]; then
  # An app host behind nginx with TLS: strict production defaults, and trust
  # the proxy's X-Forwarded-Proto (set TRUSTED_PROXY_IPS to the proxies).
  export SECURE_PROXY_SSL_HEADER=1
else
  # No TLS on loopback: no HTTPS redirect, no Secure-only cookies, no HSTS.
  export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-0}"
  export SESSION_COOKIE_SECURE="${SESSION_COOKIE_SECURE:-0}"
  export CSRF_COOKIE_SECURE="${CSRF_COOKIE_SECURE:-0}"
  export SECURE_HSTS_SECONDS="${SECURE_HSTS_SECONDS:-0}"
fi
# Each gunicorn worker keeps its database connection.
export CONN_MAX_AGE="${CONN_MAX_AGE:-60}"
