"""The review queue: an Editor sends a draft for review; a Publisher publishes it (through the
model's own publishing service, so every rule of "ready to publish" still holds) or sends it
back with a comment the Editor sees.

The rule of who may do what is here and nowhere else (`may_send_for_review`, `may_decide`):
whoever may change a draft may send it; only whoever may publish that kind decides; nothing
live is touched by any step but a Publisher's publishing. Every step is saved on the object, so
it is in the object's history, with a reason that names who did what.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from core import history
from core.models import ReviewRequest, ReviewState, Status

logger = logging.getLogger(__name__)


class ReviewError(Exception):
    """A step was refused; nothing was saved. The message is for the person who tried it."""


# The rule ------------------------------------------------------------------------------------


def permission(obj_or_model, action):
    opts = obj_or_model._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def may_send_for_review(user, obj):
    """Whoever may change a draft may send it for review (an Editor's drafts, a Publisher's)."""
    return _is_staff(user) and obj.status == Status.DRAFT and user.has_perm(permission(obj, "change"))


def may_decide(user, obj_or_model):
    """Only whoever may publish that kind of content publishes it or sends it back."""
    return _is_staff(user) and user.has_perm(permission(obj_or_model, "publish"))


def why_not_sent(user, obj):
    """Why `user` may not send `obj` for review now, in a few words (None when they may)."""
    if obj.status != Status.DRAFT:
        return "only drafts go for review, and it is not a draft"
    if not may_send_for_review(user, obj):
        return "you do not have permission to change it"
    if ReviewRequest.objects.of(obj).waiting().exists():
        return "it is already waiting for review"
    return None


def _is_staff(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def who(user):
    return (user.get_full_name() or user.get_username()) if user else "someone"


# The steps -----------------------------------------------------------------------------------


@transaction.atomic
def send_for_review(obj, user):
    """Put a draft in the queue; any earlier "sent back" of it is answered by this."""
    problem = why_not_sent(user, obj)
    if problem:
        raise ReviewError(f"“{obj}” was not sent for review: {problem}.")
    ReviewRequest.objects.of(obj).sent_back().update(state=ReviewState.RESENT)
    request = ReviewRequest.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        label=str(obj)[:300],
        requested_by=user,
    )
    record_step(obj, f"Sent for review by {who(user)}")
    return request


@transaction.atomic
def send_back(review_request, user, comment):
    """Return a draft to its Editor with what needs to change."""
    obj = _decidable(review_request, user)
    comment = (comment or "").strip()
    if not comment:
        raise ReviewError("Say what needs to change before it can be published, then send it back.")
    _decide(review_request, user, ReviewState.SENT_BACK, comment)
    record_step(obj, f"Sent back by {who(user)}: {comment}")
    return review_request


@transaction.atomic
def publish_reviewed(review_request, user, publish):
    """Publish what waits with `publish(obj)` (the model's own service, returning an Outcome),
    all or nothing: when the service skips it, nothing is saved and the reasons are given."""
    obj = _decidable(review_request, user)
    with history.reason(f"Published from the review queue by {who(user)}"):
        outcome = publish(obj)
    if outcome.skipped:
        reasons = " ".join(reason for _obj, reason in outcome.skipped)
        raise ReviewError(f"“{obj}” was not published: {reasons}")
    _decide(review_request, user, ReviewState.PUBLISHED)
    return outcome


def settle(obj):
    """Once a draft is published or withdrawn by any route, it no longer waits for review."""
    if obj.status != Status.DRAFT:
        state = ReviewState.PUBLISHED if obj.status == Status.PUBLISHED else ReviewState.WITHDRAWN
        ReviewRequest.objects.of(obj).waiting().update(state=state, decided_at=timezone.now())


def _decidable(review_request, user):
    """The object a decision is about, once it is clear the decision may be taken."""
    obj = review_request.target
    if obj is None:
        raise ReviewError(f"“{review_request.label}” has been deleted since it was sent for review.")
    if not may_decide(user, obj):
        raise PermissionDenied
    if review_request.state != ReviewState.WAITING:
        raise ReviewError(f"“{obj}” is no longer waiting for review ({review_request.get_state_display().lower()}).")
    if obj.status != Status.DRAFT:
        raise ReviewError(f"“{obj}” is no longer a draft: someone has published or withdrawn it since.")
    return obj


def _decide(review_request, user, state, comment=""):
    review_request.state = state
    review_request.decided_by = user
    review_request.decided_at = timezone.now()
    review_request.comment = comment
    review_request.save(update_fields=["state", "decided_by", "decided_at", "comment"])


def record_step(obj, text):
    """Save the object so the step is one entry in its history, with `text` as its reason."""
    with history.reason(text):
        obj.save()


# Telling Publishers --------------------------------------------------------------------------


def publishers_of(obj_or_model):
    """Active users with an email address who may decide on this kind of content."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    return [user for user in users.order_by("pk") if may_decide(user, obj_or_model)]


def notify_publishers(requests, queue_url):
    """After the requests are committed: one email to each Publisher of those kinds, saying
    what waits, with a link to the queue. A mail server that fails is logged, not shown as an
    error: the requests are in the queue either way."""
    requests = list(requests)
    if requests:
        transaction.on_commit(lambda: _send_notices(requests, queue_url))


def _send_notices(requests, queue_url):
    by_user = {}
    for request in requests:
        model = request.content_type.model_class()
        for user in publishers_of(model):
            by_user.setdefault(user, []).append(request)
    messages = [_notice(user, waiting, queue_url) for user, waiting in by_user.items()]
    try:
        get_connection().send_messages(messages)
    except OSError:  # smtplib's errors are OSErrors
        logger.exception("Could not email Publishers about %d review requests", len(requests))


def _notice(user, waiting, queue_url):
    first = waiting[0]
    subject = f"Waiting for review: {first.label}" if len(waiting) == 1 else f"{len(waiting)} drafts waiting for review"
    lines = [f"Hello {who(user)},", "", f"{who(first.requested_by)} has sent for review:", ""]
    lines += [f"- {request.label} ({request.content_type.name})" for request in waiting]
    total = ReviewRequest.objects.waiting().count()
    lines += [
        "",
        f"In all, {total} {'draft is' if total == 1 else 'drafts are'} waiting for review.",
        "Open the review queue to publish each one or send it back with a comment:",
        queue_url,
    ]
    return EmailMessage(subject[:200], "\n".join(lines), to=[user.email])
