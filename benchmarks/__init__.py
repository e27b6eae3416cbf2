"""Benchmarks: each a module run with ``python -m benchmarks.<name>``, printing a table."""

from __future__ import annotations

import os

BENCH_DATABASE = "postgres://postgres@127.0.0.1:5432/inspection_portal_bench"


def setup_django(*, database_url: str = BENCH_DATABASE, **environment: str) -> None:
    """Production-like settings (DEBUG off) on a benchmark database; anything the
    environment already sets wins, so DATABASE_URL=… still chooses the database."""
    os.environ.setdefault("DATABASE_URL", database_url)
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-benchmark-only-secret-key")
    for name, value in environment.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspection_portal.settings")

    import django

    django.setup()
