"""Each learning card is drawn from its item alone and kept until that item changes
(core.versioning.kept_per_item): after an editor saves one item, a theme page of 200 cards draws
one again. What a visitor sees is always current, and each visitor's "Add to pack" is their own."""

import pytest
from django.test import Client

from core import versioning
from core.models import ContentChange, Status
from tests.factories import (
    BoardFactory,
    LearningItemFactory,
    PublicationFactory,
    ReviewFactory,
    ThemeFactory,
)
from tests.html_forms import form_data, forms_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme():
    theme = ThemeFactory(name="Neglect", slug="neglect")
    publication = PublicationFactory(title="Learning from neglect", board=BoardFactory(short_name="Derby SCB"))
    for n in range(4):
        LearningItemFactory(publication=publication, text=f"Neglect point {n}: share what you see.", themes=[theme])
    return theme


class Drawn:
    """A draw function that remembers what it drew."""

    def __init__(self):
        self.items = []

    def __call__(self, item):
        self.items.append(item.pk)
        return f"<li>{item.text}</li>"


def drawn(items, variant=None):
    draw = Drawn()
    with versioning.request_scope():
        html = versioning.kept_per_item("test-card", items, draw, variant=variant)
    return html, draw.items


def items_of(theme):
    return list(theme.items.order_by("pk"))


def test_each_card_is_drawn_once_and_kept(theme, django_assert_num_queries):
    items = items_of(theme)
    html, first = drawn(items)
    assert first == [item.pk for item in items] and html[0] == f"<li>{items[0].text}</li>"
    with django_assert_num_queries(1):  # the content versions, nothing else
        again, second = drawn(items)
    assert second == [] and again == html


def test_after_one_item_is_saved_only_its_card_is_drawn_again(theme, django_assert_num_queries):
    items = items_of(theme)
    drawn(items)
    items[2].text = "Neglect point 2, edited."
    items[2].save()
    items = items_of(theme)
    with django_assert_num_queries(2):  # the versions, and what changed since the cards were drawn
        html, redrawn = drawn(items)
    assert redrawn == [items[2].pk] and html[2] == "<li>Neglect point 2, edited.</li>"
    assert drawn(items_of(theme))[1] == []  # carried forward to the current version


def test_a_retagged_item_alone_is_drawn_again(theme):
    housing = ThemeFactory(name="Housing", slug="housing")
    items = items_of(theme)
    drawn(items)
    items[1].themes.add(housing)
    assert drawn(items)[1] == [items[1].pk]


@pytest.mark.parametrize("change", ["review", "publication", "theme", "board"])
def test_a_change_not_about_items_alone_draws_every_card_again(theme, change):
    items = items_of(theme)
    drawn(items)
    if change == "review":
        ReviewFactory(title="A new review")
    elif change == "publication":
        items[0].publication.title = "Retitled"
        items[0].publication.save()
    elif change == "theme":
        theme.name = "Neglect and its signs"
        theme.save()
    else:
        items[0].publication.board.save()
    assert drawn(items)[1] == [item.pk for item in items]


def test_a_change_log_that_does_not_reach_back_draws_every_card_again(theme):
    items = items_of(theme)
    drawn(items)
    other = LearningItemFactory(text="Elsewhere.")
    for _ in range(versioning.MAX_CHANGES_CHECKED + 1):
        other.save()
    assert drawn(items)[1] == [item.pk for item in items]


def test_a_version_missing_from_the_log_counts_as_a_change_of_anything(theme):
    items = items_of(theme)
    drawn(items)
    other = LearningItemFactory(text="Elsewhere.")
    other.save()
    ContentChange.objects.filter(number=versioning.current()).delete()  # pruned, say
    assert drawn(items)[1] == [item.pk for item in items]


def test_each_variant_is_kept_apart(theme):
    items = items_of(theme)[:2]
    drawn(items, variant=lambda item: "a")
    assert drawn(items, variant=lambda item: "b")[1] == [item.pk for item in items]
    assert drawn(items, variant=lambda item: "a")[1] == []


def test_a_new_deploy_draws_every_card_again(theme, monkeypatch):
    items = items_of(theme)
    drawn(items)
    monkeypatch.setattr(versioning, "build_identifier", lambda: "the next release")
    assert drawn(items)[1] == [item.pk for item in items]


def cards(client, url):
    return client.get(url, HTTP_HOST="localhost").content.decode()


def test_the_theme_page_shows_an_edit_at_once_and_keeps_the_other_cards(theme):
    client = Client()
    page = cards(client, "/themes/neglect/")
    assert page.count('class="app-item"') == 4 and "Derby SCB, Learning from neglect" in page
    edited = items_of(theme)[0]
    edited.text = "Neglect point 0, edited by the board."
    edited.save()
    page = cards(client, "/themes/neglect/")
    assert "Neglect point 0, edited by the board." in page and "Neglect point 0: share" not in page
    assert page.count('class="app-item"') == 4


def test_the_theme_page_shows_a_renamed_theme_board_and_publication_on_every_card(theme):
    client = Client()
    cards(client, "/themes/neglect/")
    theme.name = "Neglect and its signs"
    theme.save()
    publication = items_of(theme)[0].publication
    publication.title = "What neglect teaches"
    publication.save()
    publication.board.short_name = "Derby and Derbyshire SCP"
    publication.board.save()
    page = cards(client, "/themes/neglect/")
    assert page.count(">Neglect and its signs</a>") == 4
    assert page.count("Derby and Derbyshire SCP, What neglect teaches") == 4


def pack_forms(page):
    return {dict(form["fields"]).get("item"): form for form in forms_of(page) if "pack" in form["attrs"]["action"]}


def test_each_visitor_sees_their_own_pack_on_kept_cards(theme):
    first, second = Client(), Client()
    items = items_of(theme)
    page = cards(first, "/themes/neglect/")
    form = pack_forms(page)[str(items[1].pk)]
    first.post(form["attrs"]["action"], form_data(form), HTTP_HOST="localhost")
    mine = cards(first, "/themes/neglect/")
    assert mine.count("Remove from pack") == 1 and mine.count("Add to pack") == 3
    assert f'id="pack-item-{items[1].pk}"' in mine
    theirs = cards(second, "/themes/neglect/")
    assert "Remove from pack" not in theirs and theirs.count("Add to pack") == 4
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value


def test_the_publication_page_shows_an_edit_at_once_and_staff_see_a_drafts_status(theme, staff_client):
    items = items_of(theme)
    slug = items[0].publication.slug
    client = Client()
    assert cards(client, f"/publications/{slug}/").count('class="app-item"') == 4
    items[3].text = "Neglect point 3, edited."
    items[3].save()
    page = cards(client, f"/publications/{slug}/")
    assert "Neglect point 3, edited." in page and page.count('class="app-item"') == 4
    items[1].status = Status.DRAFT
    items[1].save()
    publication = items[1].publication
    publication.status = Status.DRAFT
    publication.save()
    preview = cards(staff_client, f"/publications/{slug}/")
    assert preview.count('class="app-item"') == 4 and preview.count("govuk-tag--yellow") == 1
    publication.status = Status.PUBLISHED
    publication.save()
    public = cards(client, f"/publications/{slug}/")
    assert public.count('class="app-item"') == 3 and "govuk-tag--yellow" not in public


def test_a_search_shows_its_own_passage_on_a_kept_card(theme):
    from learning.search_index import rebuild

    item = items_of(theme)[0]
    filler = " ".join(["Practitioners recorded each visit and the family's account of it."] * 8)
    item.text = f"Neglect point 0. {filler} The health visitor saw the baby. {filler} A school nurse noticed bruising."
    item.save()
    rebuild()
    client = Client()
    visitor = unmarked(cards(client, "/learning/?q=health+visitor"))
    nurse = unmarked(cards(client, "/learning/?q=school+nurse"))
    assert "The health visitor saw the baby" in visitor
    assert "school nurse noticed" in nurse and "The health visitor saw" not in nurse


def unmarked(page):
    return page.replace('<mark class="app-highlight">', "").replace("</mark>", "")
