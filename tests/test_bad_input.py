"""No id, page number or count from a request can cause a server error.

Every public URL (and every admin URL, signed in as a superuser) that reads a number from the
address, the query string or a form is requested with numbers too large for the database,
negative numbers, text and nothing at all. Each must answer with a page, a redirect, a 404 or
a clear message: never a 500. SQLite raises OverflowError for an integer over 2**63 - 1, and
PostgreSQL refuses an int4 column's value over 2**31 - 1, so run this on both databases.
"""

from urllib.parse import quote

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from learning.models import LearningItem
from printing.pack import SESSION_KEY, encode
from tests.factories import (
    AgeGroupFactory,
    AudienceFactory,
    BoardFactory,
    GlossaryTermFactory,
    LearningItemFactory,
    PublicationFactory,
    ReviewFactory,
    SectionFactory,
    SynonymFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

BAD_NUMBERS = [
    "99999999999999999999",  # over 2**64: OverflowError on SQLite
    "9223372036854775808",  # 2**63: one more than a BigAutoField holds
    "2147483648",  # 2**31: one more than an AutoField (int4) holds
    "-1",
    "0",
    "-99999999999999999999",
    "abc",
    "",
    "1.5",
    "1e3",
    " 7 ",
    "١٢",  # Arabic-Indic digits: int() reads them, the database never should
    "9" * 5000,  # longer than int() accepts
]
# Share links carry ids in base 36: these are huge, negative-looking or unreadable.
BAD_TOKENS = ["zzzzzzzzzzzz", "zzzzzzzzzzzzz", "2-zzzzzzzzzzzz-3", "-", "--", "0", "a" * 5000, "%00", "é"]

ADMIN_MODELS = [
    "learning/learningitem",
    "learning/theme",
    "learning/agegroup",
    "learning/audience",
    "learning/glossaryterm",
    "learning/synonym",
    "reviews/board",
    "reviews/publication",
    "reviews/section",
    "reviews/review",
    "auth/user",
    "auth/group",
]
HISTORY_MODELS = [model for model in ADMIN_MODELS if not model.startswith("auth/")]


@pytest.fixture
def content(db):
    theme = ThemeFactory(slug="neglect", name="Neglect")
    age_group = AgeGroupFactory(slug="babies")
    audience = AudienceFactory(slug="police")
    board = BoardFactory(slug="derby-scb")
    publication = PublicationFactory(board=board, slug="derby-report")
    section = SectionFactory(publication=publication)
    items = [
        LearningItemFactory(
            publication=publication,
            section=section,
            text=f"Practitioners should share information about child neglect {n}.",
            themes=[theme],
            age_groups=[age_group],
            audiences=[audience],
        )
        for n in range(3)
    ]
    ReviewFactory(board=board, slug="review-1", publications=[publication])
    GlossaryTermFactory(term="SCR")
    SynonymFactory(term="child")
    return {"theme": theme, "publication": publication, "items": items}


@pytest.fixture
def web(client, content):
    """A visitor with something in their training pack."""
    session = client.session
    session[SESSION_KEY] = [content["items"][0].pk]
    session.save()
    return client


@pytest.fixture
def admin_web(content, django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "a-long-password-1"))
    return client


def request(client, method, url, data=None):
    """The response's status, or the exception a request raised (a 500 in production)."""
    try:
        return getattr(client, method)(url, data or {}).status_code
    except Exception as error:  # noqa: BLE001 - any exception here is the defect being tested
        return f"{type(error).__name__}: {str(error)[:120]}"


def assert_no_server_errors(client, cases):
    """Request every (method, url, data) case; fail listing each one that did not answer below 500,
    so one run shows every place still to fix rather than the first."""
    found = []
    for method, url, data in cases:
        outcome = request(client, method, url, data)
        if not isinstance(outcome, int) or outcome >= 500:
            shown = {key: str(value)[:40] for key, value in (data or {}).items()}
            found.append(f"{method.upper()} {url[:120]} {shown} -> {outcome}")
    if found:
        pytest.fail(f"{len(found)} of {len(cases)} requests failed:\n" + "\n".join(found), pytrace=False)


def each_number(method, template, data=None):
    """One case per bad number, put in the address (`{}` in `template`) or in `data` ("{}" values)."""
    cases = []
    for value in BAD_NUMBERS:
        url = template.replace("{}", quote(value, safe=""))
        filled = {key: (value if field == "{}" else field) for key, field in (data or {}).items()}
        cases.append((method, url, filled))
    return cases


# Public pages ----------------------------------------------------------------------------


PUBLIC_GETS = [
    "/learning/?page={}",
    "/learning/?q=neglect&page={}",
    "/learning/?q=neglect&sort=newest&page={}",
    "/learning/?year={}&theme={}&publication={}",
    "/themes/?page={}",
    "/themes/neglect/?age_group={}&audience={}",
    "/publications/?page={}",
    "/reviews/?page={}&year={}",
    "/reviews/?board={}&kind={}&theme={}",
    "/boards/derby-scb/?page={}",
    "/glossary/?page={}",
    "/handout/?page={}&year={}",
    "/handout.docx?year={}&full={}",
    "/pack/?page={}",
    "/pack/handout/?full={}&title={}",
    "/pack/share/{}/",
    "/pack/share/{}.docx",
    "/pack/share/1-{}/",
    "/api/v1/items/?page={}&page_size={}",
    "/api/v1/items/?q=neglect&page={}&sort=newest",
    "/api/v1/items/?year={}&theme={}&publication={}",
    "/api/v1/items/{}/{}/",
    "/api/v1/themes/?page={}",
    "/api/v1/publications/{}/",
    "/api/v1/glossary/{}/",
    "/learning/results.csv?page={}&year={}&theme={}",
    "/alerts/?theme={}&search=theme%3D{}%26page%3D{}",
]


@pytest.mark.parametrize("template", PUBLIC_GETS)
def test_public_pages_never_fail_on_bad_numbers(web, template):
    assert_no_server_errors(web, each_number("get", template))


PACK_POSTS = [
    ("/pack/add/", {"item": "{}"}),
    ("/pack/add/?item={}", {}),
    ("/pack/add/?selection=page%3D{}", {}),
    ("/pack/add/?selection=q%3Dneglect%26year%3D{}", {}),
    ("/pack/add/", {"theme": "neglect", "age_group": "{}", "audience": "{}"}),
    ("/pack/remove/", {"item": "{}"}),
    ("/pack/remove/?item={}", {}),
    ("/pack/move/", {"item": "{}", "direction": "up"}),
    ("/pack/move/", {"item": "{}", "direction": "{}"}),
    ("/pack/share/{}/use/", {"mode": "add"}),
    ("/pack/share/{}/use/", {"mode": "replace"}),
]


@pytest.mark.parametrize(("template", "data"), PACK_POSTS)
def test_training_pack_forms_never_fail_on_bad_numbers(web, template, data):
    assert_no_server_errors(web, each_number("post", template, data))


def test_alerts_links_and_form_never_fail_on_huge_or_unreadable_tokens(web):
    from django.core import signing

    from alerts.tokens import CONFIRM, MANAGE

    signed = [signing.dumps(payload, salt=salt) for salt in (CONFIRM, MANAGE) for payload in ([2**63, "k"], [2**70, 1])]
    cases = []
    for token in [*BAD_TOKENS, *signed]:
        for name in ("confirm", "manage", "unsubscribe", "delete"):
            cases += [("get", f"/alerts/{name}/{quote(token)}/", None), ("post", f"/alerts/{name}/{quote(token)}/", {})]
    cases += each_number("post", "/alerts/", {"email": "{}", "themes": "{}", "frequency": "{}", "search": "{}"})
    cases += each_number("post", "/alerts/", {"email": "a@example.org", "use_search": "on", "search": "year={}"})
    assert_no_server_errors(web, cases)


def test_share_links_never_fail_on_huge_or_unreadable_tokens(web):
    tokens = [*BAD_TOKENS, encode([2**63 - 1]), encode([2**63]), encode([2**70, 1])]
    cases = []
    for token in tokens:
        cases += [("get", f"/pack/share/{quote(token)}/", None), ("get", f"/pack/share/{quote(token)}.docx", None)]
        cases += [("post", f"/pack/share/{quote(token)}/use/", {"mode": mode}) for mode in ("add", "replace")]
    assert_no_server_errors(web, cases)


def test_a_huge_item_id_is_not_found_not_a_server_error(web, content):
    """The review's example: POST /pack/add/ with item=99999999999999999999."""
    response = web.post("/pack/add/", {"item": "99999999999999999999"}, follow=True)
    assert response.status_code == 200
    assert "could not be found or is no longer published" in response.content.decode()
    response = web.post("/pack/add/", {"item": ["99999999999999999999", str(content["items"][1].pk)]}, follow=True)
    assert "Added 1 item" in response.content.decode()


def test_an_out_of_range_page_shows_a_page(web):
    for page in ("99999999999999999999", "-1", "abc", "0", ""):
        response = web.get("/learning/", {"page": page})
        assert response.status_code == 200, page
        assert response.context["page_obj"].number in (1, response.context["page_obj"].paginator.num_pages), page


# Admin -----------------------------------------------------------------------------------


def admin_object_cases(model):
    base = f"/admin/{model}/"
    cases = each_number("get", base + "{}/change/") + each_number("get", base + "{}/history/")
    cases += each_number("get", base + "{}/delete/") + each_number("post", base + "{}/delete/", {"post": "yes"})
    cases += each_number("get", base + "?p={}") + each_number("get", base + "?id__exact={}")
    cases += each_number("post", base, {"action": "delete_selected", "_selected_action": "{}"})
    cases += each_number("post", base, {"action": "delete_selected", "_selected_action": "{}", "post": "yes"})
    cases += each_number("post", base + "{}/change/", {"_save": "1"})
    return cases


def list_editable_cases(model):
    """The change list's own form (themes, age groups and audiences edit their position there)."""
    form = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": "{}", "form-0-position": "1"}
    return each_number("post", f"/admin/{model}/", {**form, "_save": "Save"})


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_admin_object_pages_never_fail_on_bad_ids(admin_web, model):
    assert_no_server_errors(admin_web, admin_object_cases(model))


@pytest.mark.parametrize("model", ["learning/theme", "learning/agegroup", "learning/audience"])
def test_admin_list_editing_never_fails_on_bad_ids(admin_web, model):
    assert_no_server_errors(admin_web, list_editable_cases(model))


@pytest.mark.parametrize("model", HISTORY_MODELS)
def test_admin_history_versions_never_fail_on_bad_ids(admin_web, content, model):
    app_label, model_name = model.split("/")
    instance = ContentType.objects.get(app_label=app_label, model=model_name).model_class().objects.first()
    base = f"/admin/{model}/"
    cases = each_number("get", base + f"{instance.pk}/history/" + "{}/")
    cases += each_number("post", base + f"{instance.pk}/history/" + "{}/", {"_save": "1"})
    cases += each_number("get", base + "{}/history/" + f"{instance.history.first().history_id}/")
    cases += each_number("get", base + f"{instance.pk}/history/?p=" + "{}")
    cases += each_number("get", base + "recover/?p={}")
    assert_no_server_errors(admin_web, cases)


ADMIN_FILTERS = [
    "/admin/learning/learningitem/?publication__id__exact={}",
    "/admin/learning/learningitem/?themes__id__exact={}",
    "/admin/learning/learningitem/?age_groups__id__exact={}",
    "/admin/learning/learningitem/?audiences__id__exact={}",
    "/admin/learning/learningitem/?publication__board__id__exact={}",
    "/admin/learning/learningitem/?publication__id__exact=99999999999999999999&status__exact=draft&p={}",
    "/admin/reviews/publication/?board__id__exact={}&year__exact={}",
    "/admin/reviews/section/?publication__id__exact={}",
    "/admin/reviews/review/?board__id__exact={}",
    "/admin/autocomplete/?app_label=learning&model_name=learningitem&field_name=publication&term=&page={}",
    "/admin/autocomplete/?app_label=learning&model_name=learningitem&field_name=themes&term={}",
    "/admin/r/{}/1/",
    "/admin/r/1/{}/",
]


@pytest.mark.parametrize("template", ADMIN_FILTERS)
def test_admin_lists_and_links_never_fail_on_bad_ids(admin_web, template):
    assert_no_server_errors(admin_web, each_number("get", template))


def test_admin_link_to_a_real_content_type_never_fails_on_bad_ids(admin_web):
    content_type = ContentType.objects.get_for_model(LearningItem).pk
    assert_no_server_errors(admin_web, each_number("get", f"/admin/r/{content_type}/" + "{}/"))


def test_admin_forms_never_fail_on_bad_ids_in_their_fields(admin_web, content, django_user_model):
    item = content["items"][0]
    fields = dict.fromkeys(("publication", "section", "themes", "age_groups", "audiences", "follows"), "{}")
    cases = each_number("post", f"/admin/learning/learningitem/{item.pk}/change/", {**fields, "version": "{}"})
    cases += each_number("post", "/admin/learning/learningitem/add/", fields)
    cases += each_number(
        "post", "/admin/learning/learningitem/", {"action": "add_theme_to_selected", "_selected_action": "{}"}
    )
    cases += each_number(
        "post",
        "/admin/learning/learningitem/",
        {"action": "add_theme_to_selected", "_selected_action": str(item.pk), "apply": "1", "theme": "{}"},
    )
    cases += each_number(
        "post",
        "/admin/learning/learningitem/import/",
        {"preview": "1", "board": "{}", "publication": "{}", "age_group": "{}", "text": "a) One."},
    )
    user = django_user_model.objects.get(username="root")
    cases += each_number(
        "post", f"/admin/auth/user/{user.pk}/change/", {"username": "root", "groups": "{}", "user_permissions": "{}"}
    )
    cases += each_number("post", "/admin/auth/group/add/", {"name": "Readers", "permissions": "{}"})
    publication = content["publication"]
    cases += each_number(
        "post",
        f"/admin/reviews/publication/{publication.pk}/change/",
        {"board": "{}", "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "1", "items-0-id": "{}"},
    )
    assert_no_server_errors(admin_web, cases)
