"""Handouts and 7-minute briefings never print a page that holds only the footer, and never a
filler line saying a part has nothing: every seed theme, in PDF (page by page), HTML and Word."""

import io
import re

from django.conf import settings
from django.urls import reverse

from learning.models import Theme
from tests.printing.conftest import docx_document, normalise

# What the site once printed when a part or the questions had nothing.
FILLERS = ("give no ", "on this theme yet", "None of the texts here asks a question", "knowledge base give")


def pages_of(content):
    from pypdf import PdfReader

    return [normalise(page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


def footer_lines(page_text, title):
    """A page's text without what every page's margins repeat (the running title, the site and
    date, the page number) and without the closing footer / closing line."""
    text = page_text
    text = re.sub(r"Page \d+ of \d+", " ", text)
    text = text.replace(title, " ")
    text = re.sub(rf"{re.escape(settings.SITE_NAME)}, \d{{1,2}} \w+ \d{{4}}", " ", text)
    # The handout's closing footer, and the briefing's closing line.
    text = re.sub(r"Produced on \d{1,2} \w+ \d{4} by .*", " ", text)
    text = re.sub(r"The full themed summary, with every learning point on this theme: .*", " ", text)
    return normalise(text)


def assert_no_footer_only_page(pages, title, where):
    for number, text in enumerate(pages, start=1):
        assert footer_lines(text, title), f"{where}: page {number} of {len(pages)} holds only the footer: {text!r}"


def test_no_seed_handout_or_briefing_has_a_footer_only_page_or_a_filler_line(seeded_db, client):
    themes = list(Theme.objects.all())
    assert len(themes) > 30
    for theme in themes:
        for name, title in (("theme_handout", theme.name), ("briefing", f"7-minute briefing: {theme.name}")):
            pdf = client.get(reverse(f"printing:{name}_pdf", args=[theme.slug]))
            if pdf["Content-Type"] != "application/pdf":
                continue  # a theme with nothing published gets the page saying so
            pages = pages_of(pdf.content)
            assert_no_footer_only_page(pages, title, f"{name} {theme.slug}")
            whole = " ".join(pages)
            html = client.get(reverse(f"printing:{name}", args=[theme.slug])).content.decode()
            document = docx_document(client.get(reverse(f"printing:{name}_docx", args=[theme.slug])).content)
            word = " ".join(paragraph.text for paragraph in document.paragraphs)
            for filler in FILLERS:
                assert filler not in whole, (theme.slug, name, "pdf", filler)
                assert filler not in html, (theme.slug, name, "html", filler)
                assert filler not in word, (theme.slug, name, "docx", filler)
