"""Every seed theme's 7-minute briefing fits two A4 pages (the seed content, loaded once)."""

from django.urls import reverse

from learning.models import Theme
from tests.printing.conftest import pdf_text


def test_every_seed_theme_briefing_fits_two_pages(seeded_db, client):
    themes = list(Theme.objects.values_list("slug", flat=True))
    assert len(themes) > 30
    too_long = {}
    for slug in themes:
        response = client.get(reverse("printing:briefing_pdf", args=[slug]))
        assert response.status_code == 200
        _text, pages = pdf_text(response.content)
        if pages > 2:
            too_long[slug] = pages
    assert too_long == {}
