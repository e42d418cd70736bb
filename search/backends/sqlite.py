"""SQLite FTS5 search (the embedded default): porter stemming, bm25 ranking and
snippet() highlights. The FTS table is kept in step with search_searchdocument by
triggers created in the search app's migrations."""

import difflib

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from search.backends import START, STOP, highlight
from search.models import Term

# Column weights for bm25: title (short wording), body (full wording), extra (themes, glossary).
WEIGHTS = "10.0, 4.0, 2.0"


def _form(words):
    return '"' + " ".join(words) + '"'


def to_match_expression(parsed):
    groups = [
        "(" + " OR ".join(_form(form) for atom in group for form in atom.forms()) + ")" for group in parsed.groups
    ]
    expression = "(" + " AND ".join(groups) + ")"
    for atom in parsed.excluded:
        expression += f" NOT {_form(atom.words)}"
    return expression


class SqliteBackend:
    name = "sqlite"

    def matching(self, parsed):
        """A condition (Q) true of the items whose id is among the full-text matches of `parsed`
        (SQLite makes the list once per query and looks each item up in it)."""
        match = to_match_expression(parsed)
        return Q(pk__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [match]))

    def filter(self, queryset, parsed):
        return queryset.filter(self.matching(parsed))

    def ranked_matches(self, queryset, parsed):
        """The matches among `queryset`, with bm25 as `search_rank` (higher is better), from one
        walk along the index's matches.

        The unary `+` hides the rowid from FTS5's lookup by rowid. Without it SQLite reads the
        items first and runs the whole match again for each one (about 0.9 s for "child" at
        100k items); with it, it walks the matches and looks each item up by id (about 3 ms up
        to the result limit).
        """
        table = queryset.model._meta.db_table
        return queryset.extra(  # noqa: S610 - the FTS join has no ORM equivalent; the query is a bound parameter
            select={"search_rank": f"-bm25(search_fts, {WEIGHTS})"},
            tables=["search_fts"],
            where=[f'+search_fts.rowid = "{table}"."id"', "search_fts MATCH %s"],
            params=[to_match_expression(parsed)],
        )

    def snippets(self, items, parsed):
        ids = [item.pk for item in items]
        if not ids:
            return {}
        placeholders = ", ".join(["%s"] * len(ids))
        # Snippets come from the wording people read (title/short wording, then full wording),
        # never from the index-only column of themes and glossary expansions.
        select = (
            "SELECT rowid, snippet(search_fts, 0, %s, %s, ' … ', 30), snippet(search_fts, 1, %s, %s, ' … ', 30) "
            "FROM search_fts"
        )
        sql = f"{select} WHERE search_fts MATCH %s AND rowid IN ({placeholders})"  # noqa: S608 - placeholders only
        with connection.cursor() as cursor:
            cursor.execute(sql, [START, STOP, START, STOP, to_match_expression(parsed), *ids])
            rows = cursor.fetchall()
        snippets = {}
        for pk, title, body in rows:
            best = title if START in title else body
            if START in best:
                snippets[pk] = highlight(best)
        return snippets

    def refresh_vectors(self, item_ids=None):
        """Nothing to do: triggers keep the FTS table in step."""

    def closest_words(self, word, limit=5):
        """Known words that look like `word`, closest first (the word itself when it is known)."""
        candidates = list(Term.objects.filter(word__startswith=word[:1]).values_list("word", flat=True))
        if word in candidates:
            return [word]
        return difflib.get_close_matches(word, candidates, n=limit, cutoff=0.75)
