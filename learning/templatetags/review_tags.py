"""Filters for review records: their stored text through the site's one markup parser
(learning/markup.py, rendered safe by learning/text.py), kept line by line where the source
lists one thing a line (categories of abuse)."""

from django import template

from learning import markup
from learning.text import render_text

register = template.Library()


@register.filter(name="source_lines")
def source_lines(text):
    """Stored text whose every line stands alone (each a paragraph; bullets stay one list), as
    safe HTML: "Physical Abuse: 3 cases (4 children)" and the next category are not run together."""
    if not text:
        return ""
    chunks, previous_bullet = [], False
    for line in (line.strip().replace("\t", " ") for line in text.splitlines()):
        if not line:
            continue
        bullet = line.startswith(markup.BULLETS)
        separator = "\n" if bullet and previous_bullet else "\n\n"
        chunks.append((separator if chunks else "") + line)
        previous_bullet = bullet
    return render_text("".join(chunks))


OPENING_CHARACTERS = 160


def _opening_and_rest(text):
    """The summary's first paragraphs (and lists) up to OPENING_CHARACTERS, and whether more follows."""
    chunks = [chunk for chunk in (text or "").strip().split("\n\n") if chunk.strip()]
    taken, length = [], 0
    for chunk in chunks:
        if length >= OPENING_CHARACTERS:
            break
        taken.append(chunk)
        length += len(markup.plain(chunk))
    return "\n\n".join(taken), len(taken) < len(chunks)


@register.filter(name="opening")
def opening(text):
    """The opening of stored text (whole paragraphs and lists, about OPENING_CHARACTERS long), as
    safe HTML: a summary's start for a list of reviews."""
    return render_text(_opening_and_rest(text)[0])


@register.filter(name="has_more")
def has_more(text):
    """Whether stored text goes on after its `opening`."""
    return _opening_and_rest(text)[1]


@register.filter(name="line_count")
def line_count(text):
    return sum(1 for line in (text or "").splitlines() if line.strip())
