"""Every admin page answers for staff and is closed to everyone else."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

FACTORIES = {
    "board": factories.BoardFactory,
    "publication": factories.PublicationFactory,
    "section": factories.SectionFactory,
    "review": factories.ReviewFactory,
    "theme": factories.ThemeFactory,
    "agegroup": factories.AgeGroupFactory,
    "audience": factories.AudienceFactory,
    "glossaryterm": factories.GlossaryTermFactory,
    "synonym": factories.SynonymFactory,
    "learningitem": factories.LearningItemFactory,
}
CONTENT_MODELS = [model for model in admin.site._registry if model._meta.app_label in {"reviews", "learning"}]


def test_every_content_model_is_registered():
    assert {model._meta.model_name for model in CONTENT_MODELS} == set(FACTORIES)


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda model: model._meta.model_name)
def test_admin_pages_answer_for_staff(staff_client, model):
    obj = FACTORIES[model._meta.model_name]()
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    for url in (
        reverse(f"{prefix}_changelist"),
        reverse(f"{prefix}_add"),
        reverse(f"{prefix}_change", args=[obj.pk]),
        reverse(f"{prefix}_history", args=[obj.pk]),
    ):
        assert staff_client.get(url).status_code == 200, url


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda model: model._meta.model_name)
def test_admin_pages_send_anonymous_users_to_sign_in(client, model):
    response = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_changelist_search_and_filters(staff_client):
    theme = factories.ThemeFactory(slug="neglect")
    factories.LearningItemFactory(text="Bruising in babies", themes=[theme])
    factories.LearningItemFactory(text="School attendance")
    url = reverse("admin:learning_learningitem_changelist")
    response = staff_client.get(url, {"q": "bruising"})
    assert b"Bruising in babies" in response.content
    assert b"School attendance" not in response.content
    response = staff_client.get(url, {"themes__id__exact": theme.pk})
    assert b"Bruising in babies" in response.content
    assert b"School attendance" not in response.content


def test_publication_shows_its_items_inline_in_source_order(staff_client):
    publication = factories.PublicationFactory()
    factories.LearningItemFactory(publication=publication, position=20, text="Second point")
    factories.LearningItemFactory(publication=publication, position=10, text="First point")
    response = staff_client.get(reverse("admin:reviews_publication_change", args=[publication.pk]))
    content = response.content.decode()
    assert content.index("First point") < content.index("Second point")


def test_every_inline_input_has_a_name_a_screen_reader_reads(staff_client):
    """Django's tabular inlines head the columns without tying them to the inputs (axe: label)."""
    publication = factories.PublicationFactory()
    factories.LearningItemFactory(publication=publication, position=10)
    factories.SectionFactory(publication=publication)
    html = staff_client.get(reverse("admin:reviews_publication_change", args=[publication.pk])).content.decode()
    for name in ("Position (row 1)", "Locator (row 1)", "Kind (row 1)", "Number (row 1)", "Kind (new row)"):
        assert f'aria-label="{name}"' in html, name
