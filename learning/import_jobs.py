"""PDF imports read in the background, so that a 100-page report never ties up a request.

The admin's import form checks a PDF while the upload is open (`importer.check_pdf`: a real PDF, not
locked, not too long), then `start()` keeps it in an ImportJob and queues `run()` on the "imports"
queue (django-rq on Redis; `manage.py rqworker imports` works through it). The worker reads the PDF
page by page, recording how far it has got, which the progress page shows. A job that fails says why
and can be tried again; one that stalls (the worker stopped) is shown as failed after STALLED_AFTER.

States: queued -> running -> done (items to check) -> saved (the PDF itself is dropped), or failed.
"""

import logging
from datetime import timedelta

import django_rq
from django.db.models import F
from django.utils import timezone
from redis.exceptions import RedisError
from rq import Callback

from learning import importer
from learning.models import ImportJob

logger = logging.getLogger(__name__)

QUEUE = "imports"
MAX_ATTEMPTS = 3
STALLED_AFTER = timedelta(minutes=15)
KEPT_FOR = timedelta(days=14)

QUEUE_DOWN = (
    "The background worker could not be reached, so the PDF has not been read yet. Try again in a minute; "
    "if it keeps failing, tell your administrator that the import queue (Redis) is not running."
)
UNEXPECTED = (
    "An unexpected problem stopped the PDF being read. Try again; if it fails again, copy the text out of "
    "the PDF and paste it instead."
)
CRASHED = "The worker stopped before it had read the whole PDF ({reason}). Try again."
STALLED = "The worker stopped answering while reading the PDF. Try again."


def start(user, data: bytes, file_name: str, pages: int, options: dict) -> ImportJob:
    """Keep the uploaded PDF and the form's choices in a new job, and queue it."""
    job = ImportJob.objects.create(
        created_by=user, file_name=file_name[:255], source=data, pages_total=pages, options=options
    )
    enqueue(job)
    return job


def enqueue(job: ImportJob) -> None:
    """Queue the job for the worker (or fail it at once, saying why, when the queue is down)."""
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.QUEUED, attempts=F("attempts") + 1, error="", pages_done=0, updated_at=timezone.now()
    )
    try:
        django_rq.get_queue(QUEUE).enqueue(run, str(job.pk), on_failure=Callback(record_crash))
    except RedisError:
        logger.exception("Could not queue import job %s", job.pk)
        fail(job.pk, QUEUE_DOWN)


def retry(job: ImportJob) -> bool:
    """Queue a failed job again, at most MAX_ATTEMPTS times in all. False when it may not be."""
    if job.state != ImportJob.State.FAILED or job.attempts >= MAX_ATTEMPTS or not job.source:
        return False
    enqueue(job)
    return True


def may_retry(job: ImportJob) -> bool:
    return job.state == ImportJob.State.FAILED and job.attempts < MAX_ATTEMPTS and bool(job.source)


def run(job_id: str) -> None:
    """The worker's task: read the PDF into draft items, recording each page read. Runs once per queueing;
    a job already done or saved is left alone, so a task delivered twice changes nothing."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.state not in (ImportJob.State.QUEUED, ImportJob.State.RUNNING):
        return
    _update(job.pk, state=ImportJob.State.RUNNING)

    def progress(done, total):
        _update(job.pk, pages_done=done, pages_total=total)

    try:
        result = importer.parse_pdf(bytes(job.source), progress=progress)
    except importer.UnreadableFile as error:
        fail(job.pk, str(error))
        return
    except Exception:  # any other failure is shown on the job, with a way to try again
        logger.exception("Import job %s failed", job.pk)
        fail(job.pk, UNEXPECTED)
        return
    _update(job.pk, state=ImportJob.State.DONE, result=result_payload(result), finished_at=timezone.now())


def result_payload(result) -> dict:
    """What the preview needs of a ParseResult, as JSON: each item's kind, locator, heading, text and page."""
    return {
        "items": [[i.kind, i.locator, i.heading, i.text, getattr(i, "page", None)] for i in result.items],
        "warnings": list(result.warnings),
    }


def record_crash(rq_job, connection, exc_type, exc_value, traceback):
    """rq's failure callback: the task itself died (a timeout, a killed worker)."""
    job_id = rq_job.args[0] if rq_job.args else None
    if job_id:
        fail(job_id, CRASHED.format(reason=exc_type.__name__ if exc_type else "unknown"))


def fail(job_id, reason: str) -> None:
    _update(job_id, state=ImportJob.State.FAILED, error=reason, finished_at=timezone.now())


def mark_saved(job_id) -> None:
    """The items were saved: the job is finished, and the PDF it kept is no longer needed."""
    _update(job_id, state=ImportJob.State.SAVED, source=b"")


def check_stalled(job: ImportJob) -> ImportJob:
    """A job that has not moved for STALLED_AFTER is failed, so its page offers Try again."""
    if job.is_working and job.updated_at < timezone.now() - STALLED_AFTER:
        fail(job.pk, STALLED)
        job.refresh_from_db()
    return job


def purge_old(now=None) -> int:
    """Delete jobs (and the PDFs they keep) not touched for KEPT_FOR. Returns how many went."""
    cutoff = (now or timezone.now()) - KEPT_FOR
    deleted, _ = ImportJob.objects.filter(updated_at__lt=cutoff).delete()
    return deleted


def _update(job_id, **fields) -> None:
    ImportJob.objects.filter(pk=job_id).update(updated_at=timezone.now(), **fields)
