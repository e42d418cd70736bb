"""Prove that seed text is faithful to its source document.

An item's text must appear in its publication's source text word for word, after
whitespace is normalised, emphasis markers (`*`) are ignored, and the item's recorded
`source_fixes` (fixes to extraction noise) are undone.
"""

import re
from functools import cache

from learning import markup
from learning.seed import SOURCES_DIR

_WHITESPACE = re.compile(r"\s+")


def normalise(text):
    return _WHITESPACE.sub(" ", markup.strip_markers(text)).strip()


@cache
def source_text(filename):
    return normalise((SOURCES_DIR / filename).read_text(encoding="utf-8"))


def undo_fixes(text, fixes):
    for fix in fixes or []:
        text = text.replace(fix["text"], fix["source"])
    return text


def is_faithful(text, filename, fixes=()):
    if not text:
        return True
    return normalise(undo_fixes(text, fixes)) in source_text(filename)


def unfaithful_fields(item):
    """Names of the item's text fields that are not found verbatim in their source."""
    problems = []
    if not is_faithful(item.text, item.publication.source_file, item.source_fixes):
        problems.append("text")
    if item.title and not is_faithful(item.title, item.publication.source_file, item.source_fixes):
        problems.append("title")
    if item.short_text:
        short_source = item.short_publication.source_file if item.short_publication else ""
        if not short_source or not is_faithful(item.short_text, short_source, item.source_fixes):
            problems.append("short_text")
    return problems
