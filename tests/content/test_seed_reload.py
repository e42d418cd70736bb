"""Loading the seed again (`make run`, `make seed`) never overwrites what staff changed."""

from io import StringIO

import pytest
from django.core.management import call_command

from core.models import Status
from core.services import withdraw as withdraw_items
from learning.models import LearningItem, Theme

pytestmark = pytest.mark.django_db

BABIES = "derby-babies-summary"
DERBY = "derby-review-2008-2014"


def load_seed(*args):
    """Run the command as `make seed` does and return what it told the operator."""
    out = StringIO()
    call_command("load_seed", *args, stdout=out)
    return out.getvalue()


def item(key):
    return LearningItem.objects.get(publication__slug=BABIES, key=key)


def forget(learning_item):
    """Delete an item and its history, as if the seed had gained an item the database never had."""
    pk = learning_item.pk
    learning_item.delete()
    LearningItem.history.filter(id=pk).delete()


def snapshot(learning_item):
    """Everything staff could have changed on an item, tags and history included."""
    learning_item = LearningItem.objects.get(pk=learning_item.pk)
    return {
        "status": learning_item.status,
        "text": learning_item.text,
        "version": learning_item.version,
        "themes": sorted(learning_item.themes.values_list("slug", flat=True)),
        "history": learning_item.history.count(),
    }


def test_loading_again_keeps_withdrawals_corrections_and_vocabulary_edits(seeded):
    withdrawn, corrected = item("kp-1"), item("kp-2")
    withdraw_items([withdrawn])
    corrected.text = "Ask questions, be professionally curious."
    corrected.save()
    corrected.themes.set([Theme.objects.get(slug="neglect")])
    neglect = Theme.objects.get(slug="neglect")
    neglect.description = "Rewritten by staff."
    neglect.save()
    before = {key: snapshot(item(key)) for key in ("kp-1", "kp-2")}
    assert before["kp-1"]["status"] == Status.WITHDRAWN and before["kp-1"]["version"] == 2

    output = load_seed()

    assert {key: snapshot(item(key)) for key in ("kp-1", "kp-2")} == before
    assert Theme.objects.get(slug="neglect").description == "Rewritten by staff."
    assert "Added 0 objects" in output
    assert "the seed's copy of 3 differs from the database's" in output
    assert f"learning.learningitem {BABIES}/kp-1 (status)" in output
    assert f"learning.learningitem {BABIES}/kp-2 (text, themes)" in output
    assert "learning.theme neglect (description)" in output


def test_loading_again_does_not_bring_back_what_staff_deleted(seeded):
    count = LearningItem.objects.count()
    item("kp-3").delete()
    point = LearningItem.objects.get(publication__slug=DERBY, key="5-d")
    finding = LearningItem.objects.get(publication__slug=DERBY, key="5-nf-1", follows=point)
    point.delete()

    output = load_seed()

    assert not LearningItem.objects.filter(publication__slug=BABIES, key="kp-3").exists()
    assert not LearningItem.objects.filter(publication__slug=DERBY, key="5-d").exists()
    assert LearningItem.objects.count() == count - 2
    assert LearningItem.objects.get(pk=finding.pk).follows is None
    assert "Not added again: 2 objects that staff deleted or renamed:" in output
    assert f"learning.learningitem {BABIES}/kp-3" in output
    assert f"learning.learningitem {DERBY}/5-d" in output
    assert f"learning.learningitem {DERBY}/5-nf-1 (follows)" in output  # kept, still pointing at nothing


def test_a_renamed_theme_is_not_added_again_under_its_seed_name(seeded):
    theme = Theme.objects.get(slug="neglect")
    theme.slug = "neglect-of-children"
    theme.save()
    tagged = set(theme.items.values_list("pk", flat=True))

    output = load_seed()

    assert not Theme.objects.filter(slug="neglect").exists()
    assert set(Theme.objects.get(slug="neglect-of-children").items.values_list("pk", flat=True)) == tagged
    assert "learning.theme neglect" in output


def test_new_seed_content_is_added_with_its_tags(seeded):
    """An item the database has never had (no history) is what a new seed file brings."""
    missing = item("kp-3")
    themes = sorted(missing.themes.values_list("slug", flat=True))
    others = {key: snapshot(item(key)) for key in ("kp-1", "kp-2")}
    forget(missing)

    output = load_seed()

    added = item("kp-3")
    assert sorted(added.themes.values_list("slug", flat=True)) == themes
    assert (added.status, added.version) == (Status.PUBLISHED, 1)
    assert {key: snapshot(item(key)) for key in ("kp-1", "kp-2")} == others
    assert "Added 1 object;" in output
    assert f"Added:\n  learning.learningitem {BABIES}/kp-3\n" in output


def test_loading_an_unchanged_seed_again_reports_no_differences(seeded):
    output = load_seed()

    assert "Added 0 objects" in output
    assert "the seed's copy of 0 differs from the database's." in output


def test_a_dry_run_saves_nothing(seeded):
    missing = item("kp-3")
    forget(missing)

    output = load_seed("--dry-run")

    assert not LearningItem.objects.filter(publication__slug=BABIES, key="kp-3").exists()
    assert "Would add 1 object;" in output
