"""Create the PostgreSQL database named by DATABASE_URL when it is missing."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Create the configured PostgreSQL database if it does not exist (SQLite: nothing to do)."

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            return
        import psycopg2
        from psycopg2 import sql

        params = connection.get_connection_params()
        name = params.pop("dbname", None) or params.pop("database")
        try:
            admin = psycopg2.connect(**{**params, "dbname": "postgres"})
        except psycopg2.OperationalError as exc:
            raise CommandError(
                f"PostgreSQL at {params.get('host')}:{params.get('port')} cannot be reached: {exc}"
            ) from exc
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                self.stdout.write(f"created database {name}")
        admin.close()
