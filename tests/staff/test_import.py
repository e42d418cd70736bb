"""Board staff import a briefing: preview first, nothing saved until they confirm."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import Status
from learning.models import LearningItem
from learning.seed import SOURCES_DIR
from reviews.models import Publication
from tests.factories import AgeGroupFactory, BoardFactory, PublicationFactory, ThemeFactory

pytestmark = pytest.mark.django_db
IMPORT = reverse("admin:learning_learningitem_import")
BABIES_LEAFLET = (SOURCES_DIR / "002_eacca62d01bae456.txt").read_text(encoding="utf-8")


def preview(client, **data):
    return client.post(IMPORT, {"preview": "1", **data})


def confirm_all(client, response, **themes):
    content = response.content.decode()
    payload = re.search(r'name="payload" value="([^"]+)"', content).group(1)
    count = len(re.findall(r'name="keep-(\d+)"', content))
    data = {"confirm": "1", "payload": payload, **{f"keep-{i}": "1" for i in range(count)}, **themes}
    return client.post(IMPORT, data, follow=True)


def test_editor_imports_the_babies_leaflet_as_19_points_and_7_key_messages(as_user, editor):
    client = as_user(editor)
    board = BoardFactory()
    babies = AgeGroupFactory(slug="babies-and-pre-school")
    ThemeFactory(slug="physical-abuse-and-bruising", name="Physical abuse and bruising", description="Bruising.")
    response = preview(client, board=board.pk, new_title="Babies leaflet", age_group=babies.pk, text=BABIES_LEAFLET)
    assert response.status_code == 200
    assert "26 items found. Nothing has been saved yet." in response.content.decode()
    assert LearningItem.objects.count() == 0 and Publication.objects.count() == 0
    result = confirm_all(client, response, **{"themes-1": "physical-abuse-and-bruising"})
    assert "Imported 26 draft items" in result.content.decode()
    publication = Publication.objects.get(title="Babies leaflet")
    assert publication.status == Status.DRAFT
    points = publication.items.filter(kind="key_learning").order_by("position")
    assert [p.locator for p in points] == list("abcdefghijklmnopqrs")
    assert points.get(locator="b").text == (
        "Non mobile babies cannot inflict bruising on themselves and bruising is the result of significant force. "
        "Medical attention must be sought."
    )
    assert points.get(locator="b").themes.filter(slug="physical-abuse-and-bruising").exists()
    assert all(item.status == Status.DRAFT for item in publication.items.all())
    assert all(babies in item.age_groups.all() for item in publication.items.all())
    assert publication.items.filter(kind="key_message").count() == 7


def test_upload_of_a_text_file(as_user, editor):
    client = as_user(editor)
    board = BoardFactory()
    upload = SimpleUploadedFile("briefing.txt", b"Key learning\n\na) First point.\nb) Second point.\n")
    response = preview(client, board=board.pk, new_title="Short briefing", upload=upload)
    assert "2 items found" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "Paste the text of the briefing"),
        ({"text": "x" * 200_001}, "Ensure this value has at most"),
        ({"upload": SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00binary")}, "upload"),
        ({"upload": SimpleUploadedFile("notes.docx", b"not really a docx")}, "docx"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(as_user, editor, data, message):
    client = as_user(editor)
    board = BoardFactory()
    response = preview(client, board=board.pk, new_title="Anything", **data)
    assert response.status_code == 200
    assert message.lower() in response.content.decode().lower()
    assert Publication.objects.count() == 0 and LearningItem.objects.count() == 0


def test_unsplittable_text_becomes_one_item_with_a_warning(as_user, editor):
    client = as_user(editor)
    response = preview(client, board=BoardFactory().pk, new_title="Prose", text="Just one paragraph of prose.")
    content = response.content.decode()
    assert "1 item found" in content
    assert 'class="errornote"' in content


def test_duplicate_locators_and_withdrawn_publications_are_refused(as_user, editor):
    client = as_user(editor)
    board = BoardFactory()
    response = preview(
        client, board=board.pk, new_title="Repeats", text="a) One.\nb) Two.\n\nGood practice\n\na) One again."
    )
    confirm_all(client, response)  # a) key learning and a) good practice: different kinds, allowed
    existing = Publication.objects.get(title="Repeats")
    response = preview(client, board=board.pk, publication=existing.pk, text="a) Clash.")
    result = confirm_all(client, response)
    assert "already has items with the locators a" in result.content.decode()
    assert existing.items.count() == 3
    withdrawn = PublicationFactory(board=board, status=Status.WITHDRAWN)
    response = preview(client, board=board.pk, publication=withdrawn.pk, text="a) Anything.")
    assert "Select a valid choice" in response.content.decode()


def test_tampered_preview_is_refused(as_user, editor):
    client = as_user(editor)
    response = client.post(IMPORT, {"confirm": "1", "payload": "forged", "keep-0": "1"}, follow=True)
    assert "could not be read" in response.content.decode()
    assert LearningItem.objects.count() == 0


def test_import_is_closed_to_the_public_and_to_staff_without_add_permission(client, make_staff):
    assert client.get(IMPORT).status_code == 302
    client.force_login(make_staff(None, username="viewer"))
    assert client.get(IMPORT).status_code == 403
