"""One search interface, a backend per database.

backend = get_backend()
queryset = backend.filter(queryset, parsed_query)   # matching items (to count, filter, facet)
ranked = backend.ranked_matches(queryset, parsed_query)  # matching items with `search_rank`
snippets = backend.snippets(page_items, parsed_query)  # {item id: safe HTML with <mark>}
"""

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe

# Markers that cannot occur in stored text; replaced by <mark> after escaping.
START, STOP = "\x02", "\x03"


def get_backend():
    if connection.vendor == "postgresql":
        from search.backends.postgres import PostgresBackend

        return PostgresBackend()
    from search.backends.sqlite import SqliteBackend

    return SqliteBackend()


def highlight(raw):
    """Escape a snippet from the database and turn its markers into <mark> elements."""
    html = escape(raw.replace("*", "")).replace(START, '<mark class="app-highlight">').replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above, only our own markup added
