"""Render stored source text as safe HTML.

The text is escaped first; then the little markup the sources carry is honoured:
**bold**, *italic*, lines starting "- " become a list, blank lines separate paragraphs,
and glossary terms become <abbr> with their expansion.
"""

import re

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import mark_safe

GLOSSARY_CACHE_KEY = "learning:glossary-map:v1"
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", re.S)
_URL = re.compile(r"(https?://[^\s<>&\"]+[^\s<>&\".,;:)\]])")


def glossary_map():
    from learning.models import GlossaryTerm

    terms = cache.get(GLOSSARY_CACHE_KEY)
    if terms is None:
        terms = dict(GlossaryTerm.objects.values_list("term", "expansion"))
        cache.set(GLOSSARY_CACHE_KEY, terms, 60 * 60)
    return terms


def clear_glossary_cache(**kwargs):
    cache.delete(GLOSSARY_CACHE_KEY)


def _glossary_pattern(terms):
    # Only acronym-like terms (with at least two capitals) are marked up, whole words only.
    acronyms = sorted((t for t in terms if sum(c.isupper() for c in t) >= 2), key=len, reverse=True)
    if not acronyms:
        return None
    return re.compile(r"(?<![\w&;])(" + "|".join(re.escape(escape(t)) for t in acronyms) + r")(?![\w])")


def _inline(html, pattern, terms):
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    html = _ITALIC.sub(r"<em>\1</em>", html)
    html = _URL.sub(r'<a class="govuk-link" href="\1">\1</a>', html)
    if pattern is not None:
        escaped_terms = {escape(term): expansion for term, expansion in terms.items()}
        html = pattern.sub(lambda m: f'<abbr title="{escape(escaped_terms[m.group(1)])}">{m.group(1)}</abbr>', html)
    return html


def render_text(text, glossary=True):
    if not text:
        return ""
    terms = glossary_map() if glossary else {}
    pattern = _glossary_pattern(terms) if terms else None
    html = []
    for block in re.split(r"\n\s*\n", escape(text.strip())):
        run, run_is_list = [], False
        for line in (line.strip() for line in block.splitlines()):
            if not line:
                continue
            is_bullet = line.startswith(("- ", "• "))
            if run and is_bullet != run_is_list:
                html.append(_render_run(run, run_is_list, pattern, terms))
                run = []
            run_is_list = is_bullet
            run.append(line[2:] if is_bullet else line)
        if run:
            html.append(_render_run(run, run_is_list, pattern, terms))
    return mark_safe("".join(html))  # noqa: S308 - built from escaped text


def _render_run(lines, is_list, pattern, terms):
    return _list(lines, pattern, terms) if is_list else _paragraph(lines, pattern, terms)


def _paragraph(lines, pattern, terms):
    return f'<p class="govuk-body">{_inline(" ".join(lines), pattern, terms)}</p>'


def _list(bullets, pattern, terms):
    items = "".join(f"<li>{_inline(bullet, pattern, terms)}</li>" for bullet in bullets)
    return f'<ul class="govuk-list govuk-list--bullet">{items}</ul>'
