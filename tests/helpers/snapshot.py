"""Copies of the test database — as it stands after the demo is loaded, or after
a costly fixture — restored after a transactional test has flushed it.

Loading the demo again takes seconds; every browser journey and concurrency test
flushes the database, so the suite spent minutes reloading it. A snapshot is
copied back in well under a second: on PostgreSQL the tables are copied into a
schema of their own and back; on SQLite (an in-memory database per worker) the
whole database is copied with SQLite's backup API.
"""

from __future__ import annotations

import sqlite3

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction


def _tables() -> list[str]:
    return sorted(
        connection.introspection.django_table_names(only_existing=True, include_views=False)
    )


class DatabaseSnapshot:
    """The whole test database at one moment; ``name`` keeps snapshots apart."""

    def __init__(self, name: str) -> None:
        self.schema = f"test_snapshot_{name}"
        self._sqlite: sqlite3.Connection | None = None
        self._tables: list[str] = []

    @property
    def taken(self) -> bool:
        return bool(self._tables) or self._sqlite is not None

    def take(self) -> None:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self._sqlite = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self._sqlite)
            return
        self._tables = _tables()
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
            cursor.execute(f"CREATE SCHEMA {self.schema}")
            for table in self._tables:
                cursor.execute(f"CREATE TABLE {self.schema}.{quote(table)} AS TABLE {quote(table)}")

    def restore(self) -> None:
        if self._sqlite is not None:
            connection.ensure_connection()
            self._sqlite.backup(connection.connection)
        else:
            self._restore_postgres()
        # Content types were created afresh after the flush, with other ids.
        ContentType.objects.clear_cache()

    def _restore_postgres(self) -> None:
        quote = connection.ops.quote_name
        names = ", ".join(quote(table) for table in self._tables)
        models = apps.get_models(include_auto_created=True)
        # Foreign keys are deferred to the commit, so the order of the copies is free.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {names} CASCADE")
            for table in self._tables:
                source = f"{self.schema}.{quote(table)}"
                cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {source}")
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)


demo_snapshot = DatabaseSnapshot("demo")
