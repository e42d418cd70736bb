"""A PDF import is read in the background: the upload leads to the job's page, which shows
progress, then the preview; a failure says why and offers Try again; only the uploader sees it."""

import re

import django_rq
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from redis.exceptions import RedisError
from rq import SimpleWorker

from learning import import_jobs, importer
from learning.models import ImportJob, LearningItem
from learning.seed import SOURCES_DIR
from tests.factories import BoardFactory
from tests.html_forms import form_data, served_form

pytestmark = pytest.mark.django_db
IMPORT = reverse("admin:learning_learningitem_import")
LEAFLET_LINES = [
    line.strip().removeprefix("- ")
    for line in (SOURCES_DIR / "002_eacca62d01bae456.txt").read_text(encoding="utf-8").splitlines()
    if re.match(r"- [a-e]\) ", line.strip())
]


def leaflet_pdf() -> bytes:
    """Points a)–c) of the babies leaflet on page 1 and d)–e) on page 2, made with WeasyPrint."""
    from weasyprint import HTML

    first, second = LEAFLET_LINES[:3], LEAFLET_LINES[3:]
    paragraphs = "".join(f"<p>{line}</p>" for line in first)
    more = "".join(f"<p>{line}</p>" for line in second)
    html = f"<h1>Key learning</h1>{paragraphs}<div style='break-before: page'>{more}</div>"
    return HTML(string=html).write_pdf()


@pytest.fixture(scope="module")
def pdf_bytes():
    return leaflet_pdf()


def upload(client, data, name="briefing.pdf", **fields):
    board = BoardFactory()
    return client.post(
        IMPORT,
        {"preview": "1", "board": board.pk, "new_title": "Babies leaflet (PDF)", **fields,
         "upload": SimpleUploadedFile(name, data, content_type="application/pdf")},
    )  # fmt: skip


def test_a_pdf_is_read_by_a_job_and_its_items_are_saved_with_their_pages(as_user, editor, pdf_bytes):
    client = as_user(editor)
    response = upload(client, pdf_bytes)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:learning_learningitem_import_job", args=[job.pk]
    )
    assert job.state == ImportJob.State.DONE and job.pages_done == job.pages_total == 2
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "5 items found. Nothing has been saved yet." in html
    assert LearningItem.objects.count() == 0
    form = served_form(html)
    saved = client.post(form["attrs"]["action"], form_data(form, button="confirm"), follow=True)
    assert "Imported 5 draft items" in saved.content.decode()
    items = {item.locator: item for item in LearningItem.objects.all()}
    assert items["b"].text == LEAFLET_LINES[1].removeprefix("b) ")
    assert (items["a"].page, items["c"].page, items["d"].page, items["e"].page) == (1, 1, 2, 2)
    assert "page 2, point d" in items["d"].citation
    job.refresh_from_db()
    assert job.state == ImportJob.State.SAVED and bytes(job.source) == b""


def test_the_progress_page_reloads_itself_without_javascript_and_reports_pages(as_user, editor):
    client = as_user(editor)
    job = ImportJob.objects.create(created_by=editor, file_name="report.pdf", source=b"%PDF-", pages_total=40)
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING, pages_done=10)
    html = client.get(reverse("admin:learning_learningitem_import_job", args=[job.pk])).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert "js/import-progress.js" in html
    assert re.search(r"<span data-pages-done>10</span> of <span data-pages-total>40</span> pages read", html)
    assert '<progress id="import-progress" class="app-import-progress" max="100" value="25"' in html
    status = client.get(reverse("admin:learning_learningitem_import_job_status", args=[job.pk])).json()
    assert status == {
        "state": "running", "label": "Reading the PDF", "pages_done": 10, "pages_total": 40, "percent": 25,
        "error": "", "finished": False,
    }  # fmt: skip
    assert "report.pdf" in client.get(IMPORT).content.decode()  # found again from the import page


def test_a_failed_job_says_why_and_try_again_reads_it_again(as_user, editor, pdf_bytes, monkeypatch):
    client = as_user(editor)
    real_parse = importer.parse_pdf

    def broken(data, progress=None):
        raise RuntimeError("a bug")

    monkeypatch.setattr(importer, "parse_pdf", broken)
    job_url = upload(client, pdf_bytes)["Location"]
    html = client.get(job_url).content.decode()
    assert import_jobs.UNEXPECTED in html and "Nothing has been saved." in html
    monkeypatch.setattr(importer, "parse_pdf", real_parse)
    form = served_form(html)
    again = client.post(form["attrs"]["action"], form_data(form), follow=True)
    assert "5 items found. Nothing has been saved yet." in again.content.decode()
    assert ImportJob.objects.get().attempts == 2


def test_a_job_that_failed_three_times_is_not_offered_again(as_user, editor):
    client = as_user(editor)
    job = ImportJob.objects.create(
        created_by=editor, file_name="x.pdf", source=b"%PDF-", state=ImportJob.State.FAILED, attempts=3, error="No."
    )
    html = client.get(reverse("admin:learning_learningitem_import_job", args=[job.pk])).content.decode()
    assert "Try again" not in html and "paste the text" in html
    response = client.post(reverse("admin:learning_learningitem_import_job_retry", args=[job.pk]), follow=True)
    assert "This import cannot be tried again" in response.content.decode()


def test_when_the_queue_is_down_the_job_fails_at_once_saying_so(as_user, editor, pdf_bytes, monkeypatch):
    def down(name):
        raise RedisError("Connection refused")

    monkeypatch.setattr(django_rq, "get_queue", down)
    client = as_user(editor)
    html = client.get(upload(client, pdf_bytes)["Location"]).content.decode()
    assert "The background worker could not be reached" in html and "Try again" in html


def test_a_stalled_job_is_shown_as_failed(as_user, editor):
    client = as_user(editor)
    job = ImportJob.objects.create(created_by=editor, file_name="x.pdf", source=b"%PDF-")
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.RUNNING, updated_at=job.created_at - import_jobs.STALLED_AFTER * 2
    )
    html = client.get(reverse("admin:learning_learningitem_import_job", args=[job.pk])).content.decode()
    assert import_jobs.STALLED in html


@pytest.mark.parametrize("name", ["import_job", "import_job_status", "import_job_retry"])
def test_only_the_uploader_may_see_a_job(client, make_staff, editor, publisher, name):
    job = ImportJob.objects.create(created_by=editor, file_name="x.pdf", source=b"%PDF-")
    url = reverse(f"admin:learning_learningitem_{name}", args=[job.pk])
    method = client.post if name == "import_job_retry" else client.get
    assert method(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(make_staff())  # staff with no role may not import
    assert method(url).status_code == 403
    client.force_login(publisher)  # another importer: not found, not shown
    assert method(url).status_code == 404
    client.force_login(editor)
    assert method(url).status_code in (200, 302)


def test_an_unknown_or_malformed_job_id_is_not_found(as_user, editor):
    client = as_user(editor)
    assert client.get(IMPORT + "1f0c1c52-0000-4000-8000-000000000000/").status_code == 404
    malformed = client.get(IMPORT + "not-a-uuid/", follow=True)  # the admin's own "no such item" answer
    assert malformed.status_code in (200, 404) and b"Traceback" not in malformed.content


def test_a_renamed_html_file_is_refused_on_the_form(as_user, editor):
    client = as_user(editor)
    response = upload(client, b"<!doctype html><html><body>Not a PDF</body></html>")
    assert response.status_code == 200 and not ImportJob.objects.exists()
    assert "PDF" in response.context["form"].errors["upload"][0]


def test_a_real_worker_reads_the_queued_pdf(as_user, editor, pdf_bytes, settings):
    queues = {"imports": {**settings.RQ_QUEUES["imports"], "ASYNC": True}}
    with override_settings(RQ_QUEUES=queues):
        queue = django_rq.get_queue("imports")
        queue.empty()
        client = as_user(editor)
        job_url = upload(client, pdf_bytes)["Location"]
        assert ImportJob.objects.get().state == ImportJob.State.QUEUED
        assert "Waiting to start" in client.get(job_url).content.decode()
        django_rq.get_worker("imports", worker_class=SimpleWorker).work(burst=True)
    assert ImportJob.objects.get().state == ImportJob.State.DONE
    assert "5 items found" in client.get(job_url).content.decode()


def test_script_in_a_file_name_or_an_error_is_shown_as_text(as_user, editor):
    client = as_user(editor)
    hostile = '<script>alert("x")</script>.pdf'
    job = ImportJob.objects.create(
        created_by=editor,
        file_name=hostile,
        source=b"%PDF-",
        state=ImportJob.State.FAILED,
        error="<img src=x onerror=alert(1)>",
    )
    for url in (IMPORT, reverse("admin:learning_learningitem_import_job", args=[job.pk])):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html
