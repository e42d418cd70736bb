"""The import page answers a Word "zip bomb" with a plain message on the form, quickly, and
never hands it to python-docx; nothing is saved."""

from unittest import mock

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learning.models import LearningItem
from reviews.models import Publication
from tests.docx_bombs import bomb, understating
from tests.factories import BoardFactory

pytestmark = pytest.mark.django_db
IMPORT = reverse("admin:learning_learningitem_import")


@pytest.fixture(scope="module")
def bomb_38_mb():
    """Built by python-docx before `opened` stands in for it (wider-scoped fixtures come first)."""
    return bomb(38_000_000)


@pytest.fixture
def opened():
    """A guard standing in for python-docx's Document: records whether the file was opened."""
    guard = mock.Mock(side_effect=AssertionError("python-docx was asked to open the file"))
    with mock.patch.object(docx, "Document", guard):
        yield guard


def upload_preview(client, data):
    upload = SimpleUploadedFile("briefing.docx", data)
    return client.post(IMPORT, {"preview": "1", "board": BoardFactory().pk, "new_title": "Bomb", "upload": upload})


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda data: data, "The Word document is too large to import"),
        (lambda data: understating(data, claimed=1000), "could not be opened as a Word document"),
    ],
    ids=["declared-38-mb", "header-understates-the-size"],
)
def test_a_docx_bomb_gets_the_form_back_with_a_plain_message(as_user, editor, bomb_38_mb, opened, make, message):
    response = upload_preview(as_user(editor), make(bomb_38_mb))
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "Nothing has been saved yet" not in content  # the form again, not a preview
    opened.assert_not_called()
    assert Publication.objects.count() == 0 and LearningItem.objects.count() == 0
