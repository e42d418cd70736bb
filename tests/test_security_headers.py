"""Every page, public and admin, sends a strict Content-Security-Policy and a Permissions-Policy,
and no page carries an inline script, inline event handler or javascript: URL for the CSP to block."""

import base64
import hashlib
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from learning.models import LearningItem, Theme
from printing.pack import encode
from reviews.models import Publication, Review

pytestmark = pytest.mark.django_db

# Script types a browser does not run (data blocks): the CSP does not apply to them.
DATA_BLOCK_TYPES = {"application/json", "application/ld+json"}


class InlineCode(HTMLParser):
    """Collects what a script-src without 'unsafe-inline' would block, and inline styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inline_scripts, self.handlers, self.js_urls, self.style_attrs, self.style_elements = [], [], [], [], []
        self.script_srcs = []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            if attrs.get("src"):
                self.script_srcs.append(attrs["src"])
            elif (attrs.get("type") or "").lower() not in DATA_BLOCK_TYPES:
                self._in_script = [self.getpos(), ""]
        if tag == "style":
            self.style_elements.append(self.getpos())
        for name, value in attrs.items():
            if name.startswith("on"):
                self.handlers.append((tag, name, value))
            if (
                value
                and name in {"href", "src", "action", "formaction"}
                and value.strip().lower().startswith("javascript:")
            ):
                self.js_urls.append((tag, name, value))
            if name == "style":
                self.style_attrs.append((tag, value))

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script[1] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            self.inline_scripts.append(tuple(self._in_script))
            self._in_script = None


def parse(html):
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser


def style_hash(value):
    return "'sha256-" + base64.b64encode(hashlib.sha256(value.encode()).digest()).decode() + "'"


def directives(header):
    policy = {}
    for part in header.split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


def assert_strict_headers(response, url):
    assert "Content-Security-Policy" in response, url
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"], url
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"], url
    assert policy["default-src"] == ["'self'"], url
    assert policy["style-src"] == ["'self'"], url
    assert policy["object-src"] == ["'none'"], url
    assert policy["base-uri"] == ["'none'"], url
    assert policy["frame-ancestors"] == ["'none'"], url
    assert policy["form-action"] == ["'self'"], url
    assert "script-src-attr" not in policy and "script-src-elem" not in policy, url
    permissions = response.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in permissions, url
    return policy


def assert_no_inline_script(response, url, styles_too):
    found = parse(response.content.decode())
    assert found.inline_scripts == [], url
    assert found.handlers == [], url
    assert found.js_urls == [], url
    if styles_too:
        assert found.style_attrs == [] and found.style_elements == [], url
    return found


@pytest.fixture
def public_urls(client, seeded_db):
    publication = Publication.objects.published().first()
    item = LearningItem.objects.published().first()
    review = Review.objects.published().first()
    theme = Theme.objects.filter(slug="neglect").get()
    # Something in the pack, so the pack page shows its list, share link and copy button.
    client.post(reverse("printing:pack_add"), {"item": item.pk, "next": "/pack/"})
    return [
        "/",
        "/about/",
        "/accessibility/",
        "/themes/",
        theme.get_absolute_url(),
        "/learning/",
        "/learning/?q=neglect",
        "/learning/?q=neglect&theme=neglect&sort=newest",
        item.get_absolute_url(),
        "/publications/",
        publication.get_absolute_url(),
        publication.board.get_absolute_url(),
        review.get_absolute_url(),
        "/glossary/",
        "/pack/",
        reverse("printing:theme_handout", args=[theme.slug]),
        reverse("printing:briefing", args=[theme.slug]),
        reverse("printing:selection_handout") + "?theme=neglect",
        reverse("printing:pack_handout"),
        reverse("printing:shared_pack", args=[encode([item.pk])]),
    ]


def test_every_public_page_sends_a_strict_csp_and_has_no_inline_code(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_headers(response, url)
        # The public site needs no inline styles either.
        assert_no_inline_script(response, url, styles_too=True)
        policy = directives(response["Content-Security-Policy"])
        assert "style-src-attr" not in policy, url


def test_the_site_scripts_are_files_served_from_static(client, seeded_db):
    found = parse(client.get("/pack/").content.decode())
    assert any(src.endswith("js/govuk-frontend-init.js") for src in found.script_srcs)
    assert any(src.endswith("js/js-enabled.js") for src in found.script_srcs)
    for src in found.script_srcs:
        assert src.startswith(settings.STATIC_URL), src
        assert finders.find(src.removeprefix(settings.STATIC_URL)), src


def test_error_pages_and_downloads_send_the_headers_too(client, seeded_db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_strict_headers(response, "404")
    assert_no_inline_script(response, "404", styles_too=True)
    theme = Theme.objects.get(slug="neglect")
    response = client.get(reverse("printing:theme_handout_docx", args=[theme.slug]))
    assert response.status_code == 200
    assert "Permissions-Policy" in response


def test_admin_login_sends_a_strict_csp(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert_strict_headers(response, "login")
    assert_no_inline_script(response, "login", styles_too=True)


def test_every_admin_page_type_sends_a_strict_csp_and_has_no_inline_script(staff_client, seeded_db):
    publication = Publication.objects.published().first()
    item = LearningItem.objects.published().first()
    history_id = item.history.latest().history_id
    urls = [
        reverse("admin:index"),
        reverse("admin:learning_learningitem_changelist"),
        reverse("admin:learning_learningitem_changelist") + "?q=neglect",
        reverse("admin:reviews_publication_changelist"),
        reverse("admin:reviews_publication_add"),
        reverse("admin:reviews_publication_change", args=[publication.pk]),
        reverse("admin:reviews_publication_history", args=[publication.pk]),
        reverse("admin:learning_learningitem_change", args=[item.pk]),
        reverse("admin:learning_learningitem_history", args=[item.pk]),
        reverse("admin:learning_learningitem_simple_history", args=[item.pk, history_id]),
        reverse("admin:learning_learningitem_recoverlist"),
        reverse("admin:learning_learningitem_import"),
        reverse("admin:learning_theme_add"),
        reverse("admin:password_change"),
        reverse("admin:autocomplete") + "?app_label=reviews&model_name=publication&field_name=board&term=d",
    ]
    hashed_styles = 0
    for url in urls:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        policy = assert_strict_headers(response, url)
        # Only style attributes whose hash the policy lists (django-simple-history's one: see
        # settings.py), never 'unsafe-inline', and no <style> elements.
        assert policy["style-src-attr"][0] == "'unsafe-hashes'", url
        assert "'unsafe-inline'" not in policy["style-src-attr"], url
        if response["Content-Type"].startswith("text/html"):
            found = assert_no_inline_script(response, url, styles_too=False)
            assert found.style_elements == [], url
            for tag, style in found.style_attrs:
                assert style_hash(style) in policy["style-src-attr"], (url, tag, style)
            hashed_styles += len(found.style_attrs)
    assert hashed_styles  # the history pages' style attribute was checked against its hash


def test_the_admin_import_preview_has_no_inline_styles(staff_client, seeded_db):
    publication = Publication.objects.published().first()
    response = staff_client.post(
        reverse("admin:learning_learningitem_import"),
        {
            "board": publication.board.pk,
            "new_title": "A briefing",
            "text": "A briefing\n\nKey learning\n\na) Share concerns about bruising with social care.\n",
            "preview": "Preview the items",
        },
    )
    assert response.status_code == 200
    assert b"Nothing has been saved yet" in response.content
    assert_strict_headers(response, "import preview")
    assert_no_inline_script(response, "import preview", styles_too=True)
