"""The review queue: an Editor sends a draft for review, a Publisher publishes it from the queue
or sends it back with a comment the Editor sees; every step is in the object's history.

Every new view and action is tried as every role (anonymous, staff without a role, Editor,
Publisher, superuser) on live and draft objects, posting what the served page holds.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from core.models import ReviewRequest, ReviewState, Status
from core.reviewing import send_for_review
from core.services import withdraw
from reviews.models import Publication
from reviews.roles import EDITOR, PUBLISHER
from tests.factories import LearningItemFactory, PublicationFactory, ThemeFactory
from tests.html_forms import form_data, served_form, submit

pytestmark = pytest.mark.django_db

SUPERUSER = "superuser"
ROLES = ["anonymous", "staff without a role", EDITOR, PUBLISHER, SUPERUSER]
MAY_SEND = {EDITOR, PUBLISHER, SUPERUSER}
MAY_DECIDE = {PUBLISHER, SUPERUSER}
KINDS = ["publication", "learningitem"]
STATES = ["draft", "live"]


@pytest.fixture
def user_for(django_user_model):
    def make(role, name=None, email=""):
        name = name or role.replace(" ", "-")
        if role == SUPERUSER:
            return django_user_model.objects.create_superuser(name, email=email, password="a-long-staff-password")
        user = django_user_model.objects.create_user(name, email=email, password="a-long-staff-password", is_staff=True)
        if role in {EDITOR, PUBLISHER}:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def client_as(user_for):
    def make_client(role):
        client = Client()
        if role != "anonymous":
            client.force_login(user_for(role))
        return client

    return make_client


@pytest.fixture
def superuser_client(user_for):
    client = Client()
    client.force_login(user_for(SUPERUSER, name="root"))
    return client


def make(kind, state="draft"):
    status = Status.DRAFT if state == "draft" else Status.PUBLISHED
    if kind == "publication":
        publication = PublicationFactory(status=status)
        LearningItemFactory(publication=publication, status=Status.DRAFT, themes=[ThemeFactory()])
        return publication
    return LearningItemFactory(status=status, themes=[ThemeFactory()], publication=PublicationFactory())


def admin_url(obj, view, *args):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[*args])


def queue_url():
    return reverse("admin:core_reviewrequest_changelist")


def waiting(obj):
    return ReviewRequest.objects.of(obj).waiting().exists()


def fresh(obj):
    return type(obj)._default_manager.get(pk=obj.pk)


# -- Sending for review --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("state", STATES)
def test_send_for_review_from_the_change_page(role, kind, state, client_as, superuser_client):
    obj = make(kind, state)
    url = admin_url(obj, "sendforreview", obj.pk)
    # The form as the page serves it (on a draft: a live object's page offers none).
    shape = make(kind, "draft")
    page = superuser_client.get(admin_url(shape, "sendforreview", shape.pk))
    data = form_data(served_form(page.content.decode(), form_id="send-for-review-form"))
    response = client_as(role).post(url, data)
    assert response.status_code < 500
    assert waiting(obj) is (role in MAY_SEND and state == "draft")
    assert fresh(obj).status == (Status.DRAFT if state == "draft" else Status.PUBLISHED)  # nothing live changes


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("state", STATES)
def test_send_for_review_as_a_bulk_action(role, kind, state, client_as):
    obj = make(kind, state)
    data = {"action": "send_for_review_selected", ACTION_CHECKBOX_NAME: [obj.pk], "index": 0}
    response = client_as(role).post(admin_url(obj, "changelist"), data)
    assert response.status_code < 500
    assert waiting(obj) is (role in MAY_SEND and state == "draft")


def test_the_change_page_offers_send_for_review_only_on_a_draft_one_may_change(client_as, superuser_client):
    draft, live = make("learningitem"), make("learningitem", "live")
    editor = client_as(EDITOR)
    link = admin_url(draft, "sendforreview", draft.pk)
    assert link in editor.get(admin_url(draft, "change", draft.pk)).content.decode()
    assert (
        admin_url(live, "sendforreview", live.pk)
        not in superuser_client.get(admin_url(live, "change", live.pk)).content.decode()
    )
    assert submit(editor, link, form_id="send-for-review-form").status_code == 302
    page = editor.get(admin_url(draft, "change", draft.pk)).content.decode()
    assert "Waiting for review since" in page and link not in page  # not twice
    again = editor.post(link, {"send": "Send for review"}, follow=True)
    assert "already waiting for review" in again.content.decode()
    assert ReviewRequest.objects.of(draft).count() == 1


def test_an_id_that_cannot_be_one_is_a_404_not_a_500(superuser_client):
    assert superuser_client.get("/admin/learning/learningitem/abc/send-for-review/").status_code == 404
    assert superuser_client.post("/admin/core/reviewrequest/abc/decide/", {"publish": "1"}).status_code == 404
    assert superuser_client.post("/admin/core/reviewrequest/99999999999999999999/decide/").status_code == 404


# -- The queue and the admin home ---------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_queue_page_is_for_editors_and_publishers(role, client_as, user_for):
    item = make("learningitem")
    send_for_review(item, user_for(EDITOR, name="sender"))
    client = client_as(role)
    response = client.get(queue_url())
    sees = role in MAY_SEND
    assert (response.status_code == 200) is sees
    if sees:
        html = response.content.decode()
        assert str(item) in html
        assert ('name="publish"' in html) is (role in MAY_DECIDE)
    home = client.get(reverse("admin:index"))
    assert ("1 waiting for review" in home.content.decode()) is sees


# -- Deciding: publish or send back ------------------------------------------------------------


def queued(kind, state, user_for):
    """An object sent for review as a draft; "live": published since, by another route."""
    obj = make(kind, "draft")
    review_request = send_for_review(obj, user_for(EDITOR, name="the-editor"))
    if state == "live":
        type(obj)._default_manager.filter(pk=obj.pk).update(status=Status.PUBLISHED)
    return obj, review_request


def decide_form(superuser_client, review_request):
    page = superuser_client.get(queue_url())
    return served_form(page.content.decode(), form_id=f"decide-{review_request.pk}")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("state", STATES)
def test_publish_from_the_queue(role, kind, state, client_as, superuser_client, user_for):
    obj, review_request = queued(kind, state, user_for)
    form = decide_form(superuser_client, review_request)
    response = client_as(role).post(form["attrs"]["action"], form_data(form, button="publish"))
    assert response.status_code < 500
    done = role in MAY_DECIDE and state == "draft"
    assert (fresh(obj).status == Status.PUBLISHED) is (done or state == "live")
    review_request.refresh_from_db()
    assert (review_request.state == ReviewState.PUBLISHED) is done
    if done:
        entry = obj.history.first()
        assert entry.history_change_reason.startswith("Published from the review queue by ")
        if kind == "publication":  # with its draft items, through learning.publishing
            assert set(obj.items.values_list("status", flat=True)) == {Status.PUBLISHED}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("state", STATES)
def test_send_back_from_the_queue(role, kind, state, client_as, superuser_client, user_for):
    obj, review_request = queued(kind, state, user_for)
    form = decide_form(superuser_client, review_request)
    data = form_data(form, button="send_back", comment="Say which agency raised the concern.")
    response = client_as(role).post(form["attrs"]["action"], data)
    assert response.status_code < 500
    review_request.refresh_from_db()
    done = role in MAY_DECIDE and state == "draft"
    assert (review_request.state == ReviewState.SENT_BACK) is done
    assert fresh(obj).status == (Status.DRAFT if state == "draft" else Status.PUBLISHED)


def test_sending_back_needs_a_comment(client_as, superuser_client, user_for):
    obj, review_request = queued("learningitem", "draft", user_for)
    form = decide_form(superuser_client, review_request)
    response = client_as(PUBLISHER).post(form["attrs"]["action"], form_data(form, button="send_back"), follow=True)
    assert "Say what needs to change" in response.content.decode()
    review_request.refresh_from_db()
    assert review_request.state == ReviewState.WAITING


def test_publishing_from_the_queue_keeps_every_publishing_rule(client_as, superuser_client, user_for):
    publisher = client_as(PUBLISHER)
    untagged = LearningItemFactory(status=Status.DRAFT, publication=PublicationFactory())
    review_request = send_for_review(untagged, user_for(EDITOR, name="the-editor"))
    form = decide_form(superuser_client, review_request)
    response = publisher.post(form["attrs"]["action"], form_data(form, button="publish"), follow=True)
    assert "was not published" in response.content.decode() and "at least one theme" in response.content.decode()
    assert fresh(untagged).status == Status.DRAFT
    review_request.refresh_from_db()
    assert review_request.state == ReviewState.WAITING

    publication = PublicationFactory(status=Status.DRAFT)
    ready = LearningItemFactory(publication=publication, status=Status.DRAFT, themes=[ThemeFactory()])
    LearningItemFactory(publication=publication, status=Status.DRAFT)  # not ready: no theme
    review_request = send_for_review(publication, user_for(EDITOR, name="another-editor"))
    form = decide_form(superuser_client, review_request)
    response = publisher.post(form["attrs"]["action"], form_data(form, button="publish"), follow=True)
    assert "1 of its items is not ready" in response.content.decode()
    assert (fresh(publication).status, fresh(ready).status) == (Status.DRAFT, Status.DRAFT)  # all or nothing


# -- Emails -------------------------------------------------------------------------------------


def test_publishers_with_an_email_address_are_told(client_as, user_for, mailoutbox, django_capture_on_commit_callbacks):
    publisher = user_for(PUBLISHER, name="pat", email="pat@example.org")
    user_for(PUBLISHER, name="no-address")
    gone = user_for(PUBLISHER, name="gone", email="gone@example.org")
    gone.is_active = False
    gone.save()
    user_for(EDITOR, name="another-editor", email="ed@example.org")
    boss = user_for(SUPERUSER, name="boss", email="boss@example.org")
    item = make("learningitem")
    with django_capture_on_commit_callbacks(execute=True):
        submit(client_as(EDITOR), admin_url(item, "sendforreview", item.pk), form_id="send-for-review-form")
    assert sorted(message.to[0] for message in mailoutbox) == sorted([publisher.email, boss.email])
    message = mailoutbox[0]
    assert str(item)[:40] in message.subject
    assert "http://testserver" + queue_url() in message.body
    assert "1 draft is waiting for review" in message.body


# -- The whole way round ------------------------------------------------------------------------


def test_sent_back_then_sent_again_then_published_all_in_history(user_for):
    editor_client, publisher_client = Client(), Client()
    editor = user_for(EDITOR, name="erin")
    publisher = user_for(PUBLISHER, name="pat")
    editor_client.force_login(editor)
    publisher_client.force_login(publisher)
    item = make("learningitem")

    submit(editor_client, admin_url(item, "sendforreview", item.pk), form_id="send-for-review-form")
    request = ReviewRequest.objects.of(item).get()
    page = publisher_client.get(queue_url()).content.decode()
    form = served_form(page, form_id=f"decide-{request.pk}")
    publisher_client.post(form["attrs"]["action"], form_data(form, button="send_back", comment="Add the agency."))

    change_page = editor_client.get(admin_url(item, "change", item.pk)).content.decode()
    assert "Sent back by pat" in change_page and "Add the agency." in change_page
    queue_page = editor_client.get(queue_url()).content.decode()
    assert "Add the agency." in queue_page.split('id="sent-back"')[1]

    submit(editor_client, admin_url(item, "sendforreview", item.pk), form_id="send-for-review-form")
    assert "Add the agency." not in editor_client.get(queue_url()).content.decode()  # answered
    request = ReviewRequest.objects.of(item).waiting().get()
    form = served_form(publisher_client.get(queue_url()).content.decode(), form_id=f"decide-{request.pk}")
    publisher_client.post(form["attrs"]["action"], form_data(form, button="publish"))

    assert fresh(item).status == Status.PUBLISHED
    reasons = list(item.history.values_list("history_change_reason", flat=True)[:4])
    assert reasons == [
        "Published from the review queue by pat",
        "Sent for review by erin",
        "Sent back by pat: Add the agency.",
        "Sent for review by erin",
    ]
    assert [entry.history_user for entry in item.history.all()[:4]] == [publisher, editor, publisher, editor]
    history_page = publisher_client.get(admin_url(item, "history", item.pk)).content.decode()
    assert "Sent back by pat: Add the agency." in history_page


def test_publishing_by_another_route_takes_it_out_of_the_queue(client_as, user_for):
    item = make("learningitem")
    send_for_review(item, user_for(EDITOR, name="the-editor"))
    data = {"action": "publish_selected", ACTION_CHECKBOX_NAME: [item.pk], "index": 0}
    client_as(PUBLISHER).post(admin_url(item, "changelist"), data)
    assert not waiting(item)
    assert ReviewRequest.objects.of(item).get().state == ReviewState.PUBLISHED

    other = make("learningitem")
    send_for_review(other, user_for(EDITOR, name="another-editor"))
    withdraw([other])
    assert ReviewRequest.objects.of(other).get().state == ReviewState.WITHDRAWN


@pytest.mark.parametrize("role", ROLES)
def test_the_core_section_of_the_admin_lists_the_queue_for_those_who_see_it(role, client_as):
    response = client_as(role).get(reverse("admin:app_list", args=["core"]))
    assert response.status_code < 500
    assert (response.status_code == 200 and queue_url() in response.content.decode()) is (role in MAY_SEND)


# -- From the import to the public site ---------------------------------------------------------


def test_an_import_offers_send_for_review_and_a_publisher_publishes_it(
    user_for, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.factories import BoardFactory
    from tests.staff.test_import import BABIES_LEAFLET, confirm_all, preview

    editor_client, publisher_client = Client(), Client()
    editor_client.force_login(user_for(EDITOR, name="erin"))
    publisher_client.force_login(user_for(PUBLISHER, name="pat", email="pat@example.org"))
    ThemeFactory(slug="physical-abuse-and-bruising", name="Physical abuse and bruising", description="Bruising.")
    response = preview(editor_client, board=BoardFactory().pk, new_title="Babies leaflet", text=BABIES_LEAFLET)
    themes = {f"themes-{index}": "physical-abuse-and-bruising" for index in range(26)}
    done = confirm_all(editor_client, response, **themes).content.decode()
    publication = Publication.objects.get(title="Babies leaflet")
    link = admin_url(publication, "sendforreview", publication.pk)
    assert f'<a href="{link}">send “Babies leaflet” for review</a>' in done
    with django_capture_on_commit_callbacks(execute=True):
        submit(editor_client, link, form_id="send-for-review-form")
    assert [message.to for message in mailoutbox] == [["pat@example.org"]]
    request = ReviewRequest.objects.of(publication).get()
    form = served_form(publisher_client.get(queue_url()).content.decode(), form_id=f"decide-{request.pk}")
    publisher_client.post(form["attrs"]["action"], form_data(form, button="publish"))
    assert fresh(publication).status == Status.PUBLISHED
    assert set(publication.items.values_list("status", flat=True)) == {Status.PUBLISHED}
    assert publication.items.first().history.first().history_change_reason == "Published from the review queue by pat"


def test_a_mail_server_that_fails_does_not_stop_the_request(
    client_as, user_for, monkeypatch, django_capture_on_commit_callbacks
):
    class Broken:
        def send_messages(self, messages):
            raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("core.reviewing.get_connection", Broken)
    user_for(PUBLISHER, name="pat", email="pat@example.org")
    item = make("learningitem")
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client_as(EDITOR), admin_url(item, "sendforreview", item.pk), form_id="send-for-review-form")
    assert response.status_code == 302 and waiting(item)
