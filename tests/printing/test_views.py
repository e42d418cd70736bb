"""Handouts through the test client: HTML, PDF (read back with pypdf), Word (read back with
python-docx), the training pack, bad input, and drafts that never print."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from printing.pack import CAP, SESSION_KEY, encode
from tests.factories import LearningItemFactory
from tests.printing.conftest import SECRETS, docx_document, docx_text, normalise, pdf_text

pytestmark = pytest.mark.django_db

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def urls_for(name, *args, query=""):
    suffix = f"?{query}" if query else ""
    return [reverse(f"printing:{name}{fmt}", args=args) + suffix for fmt in ("", "_pdf", "_docx")]


def text_of(response):
    """What a reader sees in any of the three formats."""
    content_type = response["Content-Type"]
    if content_type == PDF:
        return pdf_text(response.content)[0]
    if content_type == DOCX:
        return docx_text(docx_document(response.content))
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S)
    return normalise(html.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&"))


def test_theme_handout_page_has_the_learning_questions_sources_and_where_it_lives(client, library):
    response = client.get(reverse("printing:theme_handout", args=["child-sexual-exploitation"]))
    assert response.status_code == 200
    text = text_of(response)
    for item in library.public:
        assert (
            normalise(item.short_text if item.short_text and item.short_publication.is_published else item.text) in text
        )
    for heading in (
        "Key learning points",
        "Good practice",
        "What has changed",
        "National findings",
        "Key points to remember",
    ):
        assert heading in text
    assert "Reflective questions" in text
    assert "Questions the reviews ask" in text
    assert "“Professionals need to ask themselves: Who is keeping the child safe?”" not in text  # quotes come from <q>
    assert "Professionals need to ask themselves: Who is keeping the child safe?" in text
    assert "General questions for discussion (not from the reviews)" in text
    assert "Sources" in text and "Available at http://www.derbyscb.org.uk/scb2.asp" in text
    assert "Produced on" in text
    assert "The current version is at testserver/themes/child-sexual-exploitation/handout/" in text
    # The full wording is an option.
    assert normalise(library.question_item.text) not in text
    full = text_of(client.get(reverse("printing:theme_handout", args=["child-sexual-exploitation"]) + "?full=1"))
    assert normalise(library.question_item.text) in full


def test_theme_handout_pdf_holds_the_themes_learning_text(client, library):
    response = client.get(reverse("printing:theme_handout_pdf", args=["child-sexual-exploitation"]))
    assert response.status_code == 200
    assert response["Content-Type"] == PDF
    assert response["Content-Disposition"].startswith('attachment; filename="child-sexual-exploitation-summary-')
    text, pages = pdf_text(response.content)
    assert pages >= 1
    for item in (library.key_learning, library.good, library.changed, library.national, library.recommendation):
        assert normalise(item.text) in text, item.key
    assert normalise(library.question_item.short_text) in text
    assert "Child Sexual Exploitation - Awareness raising in schools" in text  # an item's own title
    assert "Page 1 of" in text  # page numbers in the margin
    assert text.count("Child sexual exploitation") >= pages  # the title in the margin of every page


def test_theme_handout_word_file_has_real_headings_bullets_and_citations(client, library):
    response = client.get(reverse("printing:theme_handout_docx", args=["child-sexual-exploitation"]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"].endswith('.docx"')
    document = docx_document(response.content)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:6] == [
        "Key learning points",
        "Recommendations for practice",
        "Good practice",
        "What has changed",
        "National findings",
        "Key points to remember",
    ]
    assert "Reflective questions" in headings and "Sources" in headings
    assert "General questions for discussion (not from the reviews)" in headings
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == "Child sexual exploitation"
    bullets = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert normalise(library.key_learning.text) in [normalise(p.text) for p in bullets]
    # Stored markup becomes Word formatting, and the words stay exactly as stored.
    good = next(p for p in bullets if p.text.startswith("A school nurse"))
    assert [run.text for run in good.runs if run.bold] == ["school nurse"]
    assert [run.text for run in good.runs if run.italic] == ["pattern"]
    assert [p.text for p in document.paragraphs if p.style.name == "List Bullet 2"] == ["at once", "in writing"]
    citations = [p.text for p in document.paragraphs if p.style.name == "Citation"]
    assert f"Source: {library.key_learning.citation}." in citations
    text = docx_text(document)
    for item in (library.good, library.changed, library.national, library.message, library.recommendation):
        assert normalise(item.text) in text
    assert document.sections[0].page_width.mm == pytest.approx(210, abs=0.5)
    assert "PAGE" in document.sections[0].footer._element.xml


@pytest.mark.parametrize(
    "name,args,query",
    [
        ("theme_handout", ["child-sexual-exploitation"], ""),
        ("theme_handout", ["child-sexual-exploitation"], "full=1"),
        ("briefing", ["child-sexual-exploitation"], ""),
        ("selection_handout", [], "theme=child-sexual-exploitation"),
        ("selection_handout", [], "q=SECRET"),
    ],
)
def test_drafts_never_appear_in_any_print_pdf_or_word_output(client, library, name, args, query):
    for url in urls_for(name, *args, query=query):
        response = client.get(url)
        assert response.status_code == 200
        text = text_of(response)
        assert not any(secret in text for secret in SECRETS), url


def test_drafts_never_appear_in_a_pack_even_when_the_link_or_session_names_them(client, library):
    wanted = [item.pk for item in library.hidden] + [library.key_learning.pk, library.short_from_draft.pk]
    token = encode(wanted)
    for url in urls_for("shared_pack", token):
        text = text_of(client.get(url))
        assert normalise(library.key_learning.text) in text
        assert not any(secret in text for secret in SECRETS), url
    session = client.session
    session[SESSION_KEY] = wanted
    session.save()
    for url in [reverse("printing:pack"), *urls_for("pack_handout")]:
        text = text_of(client.get(url))
        assert not any(secret in text for secret in SECRETS), url
    # Unpublished items were dropped from the session pack, with a notice.
    assert client.session[SESSION_KEY] == [library.key_learning.pk, library.short_from_draft.pk]


def test_unknown_theme_is_404_in_every_format(client, library):
    for name in ("theme_handout", "briefing"):
        for url in urls_for(name, "no-such-theme"):
            assert client.get(url).status_code == 404


def test_a_theme_with_no_items_gives_a_helpful_page_not_an_empty_pdf(client, library):
    LearningItemFactory(publication=library.report, text="DRAFT-ITEM-SECRET", status="draft", themes=[library.empty])
    for name in ("theme_handout", "briefing"):
        for url in urls_for(name, "young-carers"):
            response = client.get(url)
            assert response.status_code == 200
            assert response["Content-Type"].startswith("text/html")
            assert "Content-Disposition" not in response
            text = text_of(response)
            assert "There is nothing to print on young carers yet" in text
            assert "choose another theme" in text and "build a training pack" in text


def test_a_selection_with_no_matches_gives_a_helpful_page(client, library):
    response = client.get(reverse("printing:selection_handout_pdf") + "?q=zzzqqq")
    assert response["Content-Type"].startswith("text/html")
    assert "No learning matches these choices" in text_of(response)


def test_selection_handout_keeps_the_filters_in_its_links_and_address(client, library):
    query = "theme=child-sexual-exploitation&audience=police"
    response = client.get(reverse("printing:selection_handout") + "?" + query + "&page=3")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<input type="hidden" name="theme" value="child-sexual-exploitation">' in html
    assert '<input type="hidden" name="audience" value="police">' in html
    assert 'name="page"' not in html
    text = text_of(response)
    assert "Agency: Police" in text
    assert normalise(library.recommendation.text) in text
    assert normalise(library.good.text) not in text
    pdf = client.get(reverse("printing:selection_handout_pdf") + "?" + query)
    assert normalise(library.recommendation.text) in pdf_text(pdf.content)[0]


def test_theme_and_list_pages_link_to_the_handouts(client, library):
    theme_page = client.get(library.theme.get_absolute_url()).content.decode()
    assert reverse("printing:theme_handout_pdf", args=["child-sexual-exploitation"]) in theme_page
    assert reverse("printing:briefing_docx", args=["child-sexual-exploitation"]) in theme_page
    assert "Add all 8 items to your training pack" in theme_page
    narrowed = client.get(library.theme.get_absolute_url() + "?age_group=school-age").content.decode()
    assert "/handout/?theme=child-sexual-exploitation&amp;age_group=school-age" in narrowed
    listing = client.get(reverse("learning:item_list") + "?theme=child-sexual-exploitation&page=1").content.decode()
    assert "/handout.pdf?theme=child-sexual-exploitation" in listing
    assert "page=1" not in listing.split("/handout.pdf?")[1].split('"')[0]
    empty = client.get(library.empty.get_absolute_url()).content.decode()
    assert "/handout/" not in empty


# The training pack ---------------------------------------------------------------------------


def test_add_to_pack_needs_post_and_csrf_and_redirects_back(library):
    client = Client(enforce_csrf_checks=True)
    page = client.get(library.theme.get_absolute_url())
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    add = reverse("printing:pack_add")
    assert client.get(add).status_code == 405
    assert client.post(add, {"item": library.good.pk}).status_code == 403
    response = client.post(
        add, {"item": library.good.pk, "next": "/themes/child-sexual-exploitation/#x", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert response["Location"] == "/themes/child-sexual-exploitation/#x"
    assert client.session[SESSION_KEY] == [library.good.pk]


def test_pack_buttons_inside_the_filter_form_post_with_their_own_token(library):
    """On the list page the item cards sit inside the GET filter form: the buttons submit that
    form to the pack with formaction/formmethod and carry the CSRF token as their value."""
    client = Client(enforce_csrf_checks=True)
    listing = client.get(reverse("learning:item_list") + "?q=toolkit").content.decode()
    button = re.search(r'<button[^>]*formaction="([^"]+)"[^>]*value="([^"]+)"[^>]*>Add to pack', listing)
    assert button, "no pack button on the list page"
    action, token = button.group(1).replace("&amp;", "&"), button.group(2)
    # The filter form's own fields come along in the POST body; they are ignored (a ticked
    # theme box must not add the whole theme).
    response = client.post(action, {"q": "toolkit", "theme": "child-sexual-exploitation", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"] == f"/learning/?q=toolkit#pack-item-{library.key_learning.pk}"
    assert client.session[SESSION_KEY] == [library.key_learning.pk]
    # The GET form itself never carries the token (searching does not leak it into the URL).
    assert 'type="hidden" name="csrfmiddlewaretoken"' not in listing.split('<form method="get"')[1].split("</form>")[0]


def test_pack_add_refuses_unsafe_redirects_drafts_and_unknown_items(client, library):
    add = reverse("printing:pack_add")
    response = client.post(add, {"item": library.good.pk, "next": "https://evil.example/"})
    assert response["Location"] == reverse("printing:pack")
    draft = library.hidden[0]
    response = client.post(add, {"item": [draft.pk, 999_999, "x"]}, follow=True)
    assert "could not be found or is no longer published" in response.content.decode()
    assert client.session[SESSION_KEY] == [library.good.pk]


def test_add_a_whole_theme_or_page_of_results(client, library):
    add = reverse("printing:pack_add")
    client.post(add, {"theme": "child-sexual-exploitation", "age_group": "school-age"})
    assert client.session[SESSION_KEY] == [library.key_learning.pk, library.question_item.pk]
    client.post(add + "?selection=" + "kind%3Dgood_practice%26kind%3Dkey_message")
    assert client.session[SESSION_KEY][2:] == [library.good.pk, library.message.pk]
    response = client.post(add, {"theme": "child-sexual-exploitation"}, follow=True)
    assert "Added 4 items to your training pack. It now holds 8 items." in response.content.decode()


def test_pack_cap_gives_a_clear_message(client, library):
    session = client.session
    session[SESSION_KEY] = list(range(1_000_000, 1_000_000 + CAP))
    session.save()
    response = client.post(reverse("printing:pack_add"), {"item": library.good.pk}, follow=True)
    assert f"Your pack is full: it can hold {CAP} items, so 1 item was not added." in response.content.decode()


def test_pack_page_reorder_remove_download_and_share(client, library):
    add = reverse("printing:pack_add")
    for item in (library.good, library.key_learning, library.national):
        client.post(add, {"item": item.pk})
    page = client.get(reverse("printing:pack"))
    assert page["Cache-Control"] == "private, no-store" or "private" in page["Cache-Control"]
    html = page.content.decode()
    assert html.index(f'id="pack-row-{library.good.pk}"') < html.index(f'id="pack-row-{library.national.pk}"')

    response = client.post(reverse("printing:pack_move"), {"item": library.national.pk, "direction": "up"})
    assert response["Location"] == f"{reverse('printing:pack')}#pack-row-{library.national.pk}"
    assert client.session[SESSION_KEY] == [library.good.pk, library.national.pk, library.key_learning.pk]
    client.post(reverse("printing:pack_remove"), {"item": library.good.pk})
    assert client.session[SESSION_KEY] == [library.national.pk, library.key_learning.pk]

    pdf = client.get(reverse("printing:pack_handout_pdf"))
    text, _pages = pdf_text(pdf.content)
    assert text.index(normalise(library.national.text)) < text.index(normalise(library.key_learning.text))
    assert normalise(library.good.text) not in text
    document = docx_document(client.get(reverse("printing:pack_handout_docx")).content)
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets[:2] == [
        f"National finding: {library.national.text}",
        f"Key learning point: {library.key_learning.text}",
    ]

    # The pack page links to its saved copy (tests/printing/test_saved_pack.py); a link of ids
    # (printed on the pack's handouts) still rebuilds exactly that pack.
    assert "/pack/saved/" in client.get(reverse("printing:pack")).content.decode()
    share = reverse("printing:shared_pack", args=[encode([library.national.pk, library.key_learning.pk])])
    stranger = Client()
    shared = text_of(stranger.get(share))
    assert shared.index(normalise(library.national.text)) < shared.index(normalise(library.key_learning.text))
    stranger.post(reverse("printing:use_shared_pack", args=[encode([library.national.pk, library.key_learning.pk])]))
    assert stranger.session[SESSION_KEY] == [library.national.pk, library.key_learning.pk]

    client.post(reverse("printing:pack_clear"))
    assert client.session[SESSION_KEY] == []
    empty = client.get(reverse("printing:pack_handout_pdf"))
    assert empty["Content-Type"].startswith("text/html")
    assert "Your training pack is empty" in text_of(empty)


def test_a_pack_link_with_unknown_or_unpublished_ids_skips_them_with_a_notice(client, library):
    draft = library.hidden[0]
    token = encode([999_999, library.good.pk, draft.pk]) + "-$$"
    response = client.get(reverse("printing:shared_pack", args=[token]))
    assert response.status_code == 200
    text = text_of(response)
    assert "3 items in this pack are no longer published or could not be found, so they were left out." in text
    assert normalise(library.good.text) in text
    assert "DRAFT-ITEM-SECRET" not in text
    # The address of the current version lists only what could be shown.
    assert f"testserver/pack/share/{encode([library.good.pk])}/" in text
    nothing = client.get(reverse("printing:shared_pack_pdf", args=["zz-$$"]))
    assert nothing["Content-Type"].startswith("text/html")
    assert "This pack link has nothing we can show" in text_of(nothing)


def test_pack_button_shows_state_and_never_appears_for_drafts(client, library, staff_client):
    page = client.get(library.good.get_absolute_url()).content.decode()
    assert "Add to pack" in page
    client.post(reverse("printing:pack_add"), {"item": library.good.pk})
    page = client.get(library.good.get_absolute_url()).content.decode()
    assert "In your pack" in page and "Remove from pack" in page and "View your pack (1)" in page
    draft = library.hidden[0]
    preview = staff_client.get(draft.get_absolute_url())
    if preview.status_code == 200:  # staff preview of drafts, where the site has it
        assert "Add to pack" not in preview.content.decode()


def test_a_pack_handout_takes_the_trainers_title(client, library):
    client.post(reverse("printing:pack_add"), {"item": [library.good.pk, library.national.pk]})
    query = "title=" + "  Team   session:\n neglect  " + "x" * 200
    page = client.get(reverse("printing:pack_handout") + "?" + query)
    title = "Team session: neglect " + "x" * 78
    assert f'<h1 class="app-handout__title" id="handout-title">{title}</h1>' in page.content.decode()
    assert f'<input type="hidden" name="title" value="{title}">' in page.content.decode()
    docx = client.get(reverse("printing:pack_handout_docx") + "?title=Team+session")
    assert docx_document(docx.content).paragraphs[0].text == "Team session"
    assert 'filename="team-session-' in docx["Content-Disposition"]
    shared = client.get(reverse("printing:shared_pack", args=[encode([library.good.pk])]) + "?title=Team+session")
    assert "testserver/pack/share/" in text_of(shared) and "?title=Team+session" in shared.content.decode()
    untitled = client.get(reverse("printing:pack_handout"))
    assert "Selected learning from case reviews" in text_of(untitled)
