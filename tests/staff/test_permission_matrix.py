"""Every admin view that changes data, tried as every role on live and draft objects.

One table (EXPECTED) says who may do what. Each view is driven the way a browser drives it: the
form is the one the admin serves (to a superuser, so a role that is shown no form still gets a
complete, valid submission to try), posted as the role. The assertion is on the data: did it
change or not. A new model admin or action that is not in the table fails
`test_the_table_covers_every_admin_action`, so no view can slip past.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from core.models import ReviewRequest, ReviewState, Status
from core.reviewing import send_for_review
from reviews.roles import EDITOR, PUBLISHER
from tests import factories
from tests.html_forms import form_data, served_form

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff without a role", EDITOR, PUBLISHER]
DRAFTABLE = {"publication", "review", "learningitem", "section"}

# Per model: the factory, a text field to change, and fields that must differ in a new copy.
MODELS = {
    "board": (factories.BoardFactory, "area", {"name": "A new board", "slug": "a-new-board"}),
    "publication": (factories.PublicationFactory, "summary", {"slug": "a-new-publication"}),
    "section": (factories.SectionFactory, "title", {"key": "a-new-section"}),
    "review": (factories.ReviewFactory, "summary", {"slug": "a-new-review"}),
    "theme": (factories.ThemeFactory, "description", {"name": "A new theme", "slug": "a-new-theme"}),
    "agegroup": (factories.AgeGroupFactory, "description", {"name": "A new age group", "slug": "a-new-age"}),
    "audience": (factories.AudienceFactory, "description", {"name": "A new agency", "slug": "a-new-agency"}),
    "glossaryterm": (factories.GlossaryTermFactory, "expansion", {"term": "ZZNEW"}),
    "synonym": (factories.SynonymFactory, "alternatives", {"term": "a new word"}),
    "learningitem": (factories.LearningItemFactory, "text", {"key": "a-new-item", "locator": "zz"}),
}


def editor_may(operation, model, state):
    """What an Editor may do: write drafts. Nothing live, no deleting, publishing or undeleting."""
    if operation in {"change", "revert"}:
        return model in DRAFTABLE and state == "draft"
    if operation == "add":
        # New publications, reviews and items are saved as drafts; a section shows at once on
        # its publication's page, so it may only go into a draft publication.
        return model in {"publication", "review", "learningitem"} or (model == "section" and state == "draft")
    if operation == "add_theme_to_selected":
        return state == "draft"
    return False  # delete, undelete, publish, withdraw, list edits


def expected(role, operation, model, state):
    if operation == "send_for_review_selected":  # drafts only, by whoever may change them
        return role in {EDITOR, PUBLISHER} and state == "draft"
    if operation in {"publish from the queue", "send back from the queue"}:  # a Publisher's, on drafts
        return role == PUBLISHER and state == "draft"
    if role == PUBLISHER:
        return True
    if role == EDITOR:
        return editor_may(operation, model, state)
    return False


# -- Objects ------------------------------------------------------------------------------


def make(model, state):
    factory = MODELS[model][0]
    if model not in DRAFTABLE:
        return factory()
    if model == "section":
        return factory(
            publication=factories.PublicationFactory(status=Status.PUBLISHED if state == "live" else "draft")
        )
    kwargs = {"status": Status.PUBLISHED if state == "live" else Status.DRAFT}
    if model == "learningitem":
        kwargs["themes"] = [factories.ThemeFactory()]
    return factory(**kwargs)


def states(model):
    return ["live", "draft"] if model in DRAFTABLE else ["live"]


CASES = [(model, state) for model in MODELS for state in states(model)]


def admin_of(model_name):
    return next(
        model_admin for model, model_admin in admin.site._registry.items() if model._meta.model_name == model_name
    )


def url(obj_or_model, view, *args):
    meta = obj_or_model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser_client(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("root", password="a-long-staff-password"))
    return client


@pytest.fixture
def client_as(django_user_model):
    def make_client(role):
        client = Client()
        if role == "anonymous":
            return client
        user = django_user_model.objects.create_user(role.replace(" ", "-"), password="pw-long-enough", is_staff=True)
        if role in {EDITOR, PUBLISHER}:
            user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        return client

    return make_client


def served(superuser_client, page_url):
    response = superuser_client.get(page_url)
    assert response.status_code == 200, page_url
    return served_form(response.content.decode())


def post(client, target, data):
    response = client.post(target, data)
    assert response.status_code < 500, (target, response.status_code)
    return response


def fresh(obj):
    return type(obj)._default_manager.filter(pk=obj.pk).first()


# -- The views ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("model", "state"), CASES)
def test_change(role, model, state, superuser_client, client_as):
    obj, field = make(model, state), MODELS[model][1]
    form = served(superuser_client, url(obj, "change", obj.pk))
    post(client_as(role), url(obj, "change", obj.pk), form_data(form, **{field: "Changed by the test.", "_save": ""}))
    assert (getattr(fresh(obj), field) == "Changed by the test.") is expected(role, "change", model, state)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("model", "state"), CASES)
def test_add(role, model, state, superuser_client, client_as):
    obj = make(model, state)
    form = served(superuser_client, url(obj, "change", obj.pk))
    data = form_data(form, **MODELS[model][2], _save="")
    data.pop("version", None)
    post(client_as(role), url(obj, "add"), data)
    created = type(obj)._default_manager.exclude(pk=obj.pk).filter(**MODELS[model][2]).first()
    assert (created is not None) is expected(role, "add", model, state)
    if created is not None and role == EDITOR and hasattr(created, "status"):
        assert created.status == Status.DRAFT


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("model", "state"), CASES)
def test_delete(role, model, state, client_as):
    obj = make(model, state)
    post(client_as(role), url(obj, "delete", obj.pk), {"post": "yes"})
    assert (fresh(obj) is None) is expected(role, "delete", model, state)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("model", "state"), CASES)
def test_revert(role, model, state, superuser_client, client_as):
    obj, field = make(model, state), MODELS[model][1]
    original = getattr(obj, field)
    setattr(obj, field, "A later wording.")
    obj.save()
    record = obj.history.filter(**{field: original}).first()
    form = served(superuser_client, url(obj, "simple_history", obj.pk, record.history_id))
    post(client_as(role), url(obj, "simple_history", obj.pk, record.history_id), form_data(form, _save=""))
    assert (getattr(fresh(obj), field) == original) is expected(role, "revert", model, state)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("model", "state"), CASES)
def test_undelete(role, model, state, superuser_client, client_as):
    obj = make(model, state)
    pk = obj.pk
    obj.delete()
    record = type(obj).history.filter(id=pk).exclude(history_type="-").first()
    form = served(superuser_client, url(obj, "simple_history", pk, record.history_id))
    post(client_as(role), url(obj, "simple_history", pk, record.history_id), form_data(form, _save=""))
    assert type(obj)._default_manager.filter(pk=pk).exists() is expected(role, "undelete", model, state)


def action_cases():
    cases = []
    for model in MODELS:
        model_admin = admin_of(model)
        names = set(model_admin.actions or []) | {"delete_selected"}
        cases += [(model, state, name) for state in states(model) for name in sorted(names)]
    return cases


def action_done(name, obj, before):
    after = fresh(obj)
    if name == "delete_selected":
        return after is None
    if name == "publish_selected":
        return after.status == Status.PUBLISHED and before.status != Status.PUBLISHED
    if name == "withdraw_selected":
        return after.status == Status.WITHDRAWN
    if name == "add_theme_to_selected":
        return after.themes.filter(slug="added-by-action").exists()
    if name == "send_for_review_selected":
        return ReviewRequest.objects.of(after).waiting().exists()
    raise AssertionError(f"no check for the action {name}")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("model", "state", "name"), action_cases())
def test_bulk_action(role, model, state, name, client_as):
    obj = make(model, state)
    data = {"action": name, ACTION_CHECKBOX_NAME: [obj.pk], "index": 0}
    if name == "delete_selected":
        data["post"] = "yes"
    if name == "add_theme_to_selected":
        data.update(apply="1", theme=factories.ThemeFactory(slug="added-by-action").pk)
    before = fresh(obj)
    post(client_as(role), url(obj, "changelist"), data)
    if name == "publish_selected" and state == "live":
        return  # already published: nothing to observe
    assert action_done(name, obj, before) is expected(role, name, model, state)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", ["theme", "agegroup", "audience"])
def test_list_edits(role, model, superuser_client, client_as):
    obj = make(model, "live")
    page = superuser_client.get(url(obj, "changelist"))
    form = served_form(page.content.decode(), form_id="changelist-form")
    data = form_data(form, **{"form-0-position": "777", "_save": "Save"})
    data.pop("action", None)
    post(client_as(role), url(obj, "changelist"), data)
    assert (fresh(obj).position == 777) is expected(role, "list edits", model, "live")


@pytest.mark.parametrize("role", ROLES)
def test_import(role, client_as):
    board = factories.BoardFactory()
    response = client_as(role).post(
        reverse("admin:learning_learningitem_import"),
        {"board": board.pk, "new_title": "A briefing", "text": "Key learning\n\na) Share concerns.", "preview": "1"},
    )
    assert response.status_code < 500
    may_import = role in {EDITOR, PUBLISHER}  # it only ever creates drafts
    assert (response.status_code == 200 and b"Nothing has been saved yet" in response.content) is may_import


WORKFLOW_CASES = [(model, state) for model, state in CASES if model in {"publication", "review", "learningitem"}]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("model", "state"), WORKFLOW_CASES)
def test_send_for_review(role, model, state, superuser_client, client_as):
    obj, shape = make(model, state), make(model, "draft")
    form = served_form(superuser_client.get(url(shape, "sendforreview", shape.pk)).content.decode())
    post(client_as(role), url(obj, "sendforreview", obj.pk), form_data(form))
    assert ReviewRequest.objects.of(obj).waiting().exists() is expected(role, "send_for_review_selected", model, state)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("model", "state"), WORKFLOW_CASES)
@pytest.mark.parametrize(
    ("button", "outcome"), [("publish", ReviewState.PUBLISHED), ("send_back", ReviewState.SENT_BACK)]
)
def test_queue_decisions(role, model, state, button, outcome, superuser_client, client_as, django_user_model):
    obj = make(model, "draft")
    review_request = send_for_review(obj, django_user_model.objects.get(username="root"))
    if state == "live":  # published since by another route: nothing left to decide
        type(obj)._default_manager.filter(pk=obj.pk).update(status=Status.PUBLISHED)
    page = superuser_client.get(reverse("admin:core_reviewrequest_changelist")).content.decode()
    form = served_form(page, form_id=f"decide-{review_request.pk}")
    post(client_as(role), form["attrs"]["action"], form_data(form, button=button, comment="Needs a theme."))
    review_request.refresh_from_db()
    operation = "publish from the queue" if button == "publish" else "send back from the queue"
    assert (review_request.state == outcome) is expected(role, operation, model, state)


@pytest.mark.parametrize("role", ROLES)
def test_review_queue_page(role, client_as):
    response = client_as(role).get(reverse("admin:core_reviewrequest_changelist"))
    assert (response.status_code == 200) is (role in {EDITOR, PUBLISHER})


@pytest.mark.parametrize("role", ROLES)
def test_recover_list(role, client_as):
    response = client_as(role).get(reverse("admin:learning_learningitem_recoverlist"))
    assert (response.status_code == 200) is (role in {EDITOR, PUBLISHER})


def test_the_table_covers_every_admin_action():
    """Every registered content model is in MODELS, and every action has a check above."""
    registered = {model._meta.model_name for model in admin.site._registry if model._meta.app_label != "auth"}
    not_content = {"group", "user", "accessattempt", "accesslog", "accessfailurelog", "unansweredsearch"}
    not_content |= {"subscriber", "digest"}  # personal data, not content: tests/alerts/test_admin.py
    not_content |= {"reviewrequest"}  # the review queue: its views are tried below
    assert registered - not_content == set(MODELS)
    known = {"delete_selected", "publish_selected", "withdraw_selected", "add_theme_to_selected"}
    known |= {"send_for_review_selected"}
    for model in MODELS:
        assert set(admin_of(model).actions or []) <= known, model


@pytest.mark.parametrize("role", ROLES)
def test_searches_that_found_nothing_are_seen_by_staff_and_changed_by_nobody(role, client_as):
    from search.models import UnansweredSearch

    row = UnansweredSearch.objects.create(text="lado", count=3, first_seen="2026-11-01", last_seen="2026-11-30")
    client = client_as(role)
    listing = client.get(url(row, "changelist"))
    assert (listing.status_code == 200 and b"lado" in listing.content) is (role in {EDITOR, PUBLISHER})
    post(client, url(row, "change", row.pk), {"text": "changed", "count": 1})
    post(client, url(row, "add"), {"text": "added", "count": 1, "first_seen": "2026-11-01", "last_seen": "2026-11-01"})
    assert list(UnansweredSearch.objects.values_list("text", flat=True)) == ["lado"]
    post(client, url(row, "delete", row.pk), {"post": "yes"})
    assert (fresh(row) is None) is (role == PUBLISHER)  # a Publisher may clear one that is answered now


@pytest.mark.parametrize("role", ROLES)
def test_django_rqs_dashboard_is_not_mounted_for_anyone(role, client_as):
    """django-rq's dashboard would let any staff member empty the queues or delete jobs."""
    client = client_as(role)
    for url in ("/admin/django_rq/dashboard/", "/admin/django_rq/", "/django-rq/"):
        assert client.get(url).status_code in (302, 404), (role, url)
