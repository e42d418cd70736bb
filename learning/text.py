"""Render stored source text as safe HTML.

The text is parsed first (learning/markup.py) into paragraphs and lists of plain strings;
each string is then escaped as the elements around it are built, so no stored value can
reach the page as markup. Web addresses become links, and acronyms from the glossary
become <abbr> with their expansion, found in the plain text only (never inside a link).
"""

import re

from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from learning import markup
from learning.glossary import Glossary, current_glossary, term_html

_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:)\]]")


def render_text(text, glossary=True):
    """Stored text as safe HTML: <p> and <ul> blocks with <strong>, <em>, links and <abbr>."""
    if not text:
        return ""
    renderer = _Inline(current_glossary() if glossary else Glossary(()))
    return mark_safe("".join(renderer.block(block) for block in markup.parse(text)))  # noqa: S308 - format_html


class _Inline:
    def __init__(self, glossary):
        self.glossary = glossary
        self.glossary_url = reverse("learning:glossary")

    def block(self, block):
        if block.is_list:
            items = format_html_join("", "<li>{}</li>", ((self.line(line),) for line in block.lines))
            return format_html('<ul class="govuk-list govuk-list--bullet">{}</ul>', items)
        return format_html('<p class="govuk-body">{}</p>', self.line(block.lines[0]))

    def line(self, runs):
        return mark_safe("".join(self.run(run) for run in runs))  # noqa: S308 - each run escaped

    def run(self, run):
        html = self.links(run.text)
        if run.italic:
            html = format_html("<em>{}</em>", html)
        if run.bold:
            html = format_html("<strong>{}</strong>", html)
        return html

    def links(self, text):
        parts, position = [], 0
        for match in _URL.finditer(text):
            parts.append(self.abbreviations(text[position : match.start()]))
            parts.append(format_html('<a class="govuk-link" href="{}">{}</a>', match.group(0), match.group(0)))
            position = match.end()
        parts.append(self.abbreviations(text[position:]))
        return mark_safe("".join(parts))  # noqa: S308 - each part escaped

    def abbreviations(self, text):
        parts, position = [], 0
        for start, end, term in self.glossary.acronyms(text):
            parts.append(escape(text[position:start]))
            parts.append(term_html(text[start:end], term, self.glossary.expansions[term], self.glossary_url))
            position = end
        parts.append(escape(text[position:]))
        return "".join(parts)
