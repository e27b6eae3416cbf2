"""Production settings: `check --deploy` is clean, and the portal refuses to
start without a SECRET_KEY when DEBUG is off."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k3V9-production-like-test-key-with-enough-entropy-8f2Qx7LmZ0pT",
    "ALLOWED_HOSTS": "portal.example.gov.cn",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # A clean environment: nothing the test run itself set (e.g. the browser
    # journeys' DJANGO_ALLOW_ASYNC_UNSAFE) may leak into "production".
    base = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_production_settings_has_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_secret_key_production_refuses_to_start_and_says_why():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    assert "secrets.token_urlsafe" in result.stderr  # how to make one


def test_loopback_serving_can_switch_https_off():
    env = PRODUCTION_ENV | {
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
    }
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.DEBUG)",
        env=env,
    )
    assert result.stdout.split() == ["False", "False", "False", "0", "False"], result.stderr
