"""Database-specific search structures.

SQLite: an FTS5 table (porter stemming) fed by triggers on search_searchdocument.
PostgreSQL: pg_trgm, a GIN index on the weighted tsvector, a trigram index on the lexicon.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from search.migrations import run_for_vendor

SQLITE_FORWARDS = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, extra,
        content='search_searchdocument', content_rowid='item_id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title, body, extra) VALUES (new.item_id, new.title, new.body, new.extra);
    END""",
    """CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body, extra)
        VALUES ('delete', old.item_id, old.title, old.body, old.extra);
    END""",
    """CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body, extra)
        VALUES ('delete', old.item_id, old.title, old.body, old.extra);
        INSERT INTO search_fts(rowid, title, body, extra) VALUES (new.item_id, new.title, new.body, new.extra);
    END""",
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_FORWARDS = [
    "CREATE INDEX IF NOT EXISTS search_document_vector_gin ON search_searchdocument USING gin (vector)",
    "CREATE INDEX IF NOT EXISTS search_term_word_trgm ON search_term USING gin (word gin_trgm_ops)",
]
POSTGRES_BACKWARDS = [
    "DROP INDEX IF EXISTS search_term_word_trgm",
    "DROP INDEX IF EXISTS search_document_vector_gin",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(
            run_for_vendor({"sqlite": SQLITE_FORWARDS, "postgresql": POSTGRES_FORWARDS}),
            run_for_vendor({"sqlite": SQLITE_BACKWARDS, "postgresql": POSTGRES_BACKWARDS}),
        ),
    ]
