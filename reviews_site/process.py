"""Settling a server process once it has loaded the project."""

import gc

from django.urls import get_resolver


def settle():
    """Load the URLconf (and with it every view, model and form), then hand the objects loaded
    so far to `gc.freeze()`.

    They live as long as the process, about 110,000 of them, and Python's full garbage
    collections would otherwise walk them all every so often, stalling whichever request is in
    hand by 20 to 30 ms. Measured at 100k items on PostgreSQL: a search's p95 was 6.4 ms
    without this and 4.3 ms with it (p50 4.0 and 3.9 ms).
    """
    get_resolver().url_patterns  # noqa: B018 - imports every view, model and form
    gc.collect()
    gc.freeze()
