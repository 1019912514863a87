"""Wagtail search backend that finds Chinese words inside unspaced Chinese text.

Named in WAGTAILSEARCH_BACKENDS; like modelsearch's own database backend it
picks the implementation for the default database. SQLite (FTS5) and
PostgreSQL index and query text through portal.search.segment; any other
database gets the plain fallback backend, whose substring match (icontains)
already finds 志愿 inside 志愿服务.
"""

from django.db import connection
from modelsearch.backends.database.fallback import DatabaseSearchBackend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    if connection.vendor == "postgresql":
        from portal.search.postgres import PostgresSearchBackend

        return PostgresSearchBackend(params)
    if connection.vendor == "sqlite" and _sqlite_fts_usable():
        from portal.search.sqlite import SQLiteSearchBackend

        return SQLiteSearchBackend(params)
    return DatabaseSearchBackend(params)


_sqlite_fts_ready = False


def _sqlite_fts_usable() -> bool:
    """Whether FTS5 and its table exist; a yes is kept, a no asked again (a migrate may follow)."""
    global _sqlite_fts_ready
    if not _sqlite_fts_ready:
        from modelsearch.backends.database.sqlite.utils import fts5_available, fts_table_exists

        _sqlite_fts_ready = fts5_available() and fts_table_exists()
    return _sqlite_fts_ready
