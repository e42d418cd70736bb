"""Signing up for email alerts (double opt-in), confirming, unsubscribing and deleting.

Links in emails carry a signed token (alerts/tokens.py). A link opened with GET only shows a
page with a button: link scanners and previews that fetch it change nothing. The unsubscribe
link also takes the POST a mail program sends for one-click unsubscribe (RFC 8058), which
carries no CSRF token: the signed token in the address is what authorises it."""

import logging

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from alerts import services, tokens
from alerts.forms import SubscribeForm
from alerts.searches import InvalidSearch, clean_search, describe
from alerts.throttle import signup_throttled
from learning.options import filter_options

logger = logging.getLogger(__name__)


def _private(response):
    """Pages reached by a personal link: never cached anywhere, never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def _message(request, title, paragraphs, status=200, **extra):
    return render(request, "alerts/message.html", {"title": title, "paragraphs": paragraphs, **extra}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            return _signed_up(request, form.cleaned_data)
    else:
        form = SubscribeForm(initial=_initial(request))
    search = form.data.get("search", "") if form.is_bound else form.initial.get("search", "")
    try:
        search = clean_search(search)
    except InvalidSearch:
        search = ""
    themes = filter_options()["theme"]
    chosen = set(form.data.getlist("themes")) if form.is_bound else set(form.initial.get("themes", []))
    return render(
        request,
        "alerts/subscribe.html",
        {
            "form": form,
            "errors": form.error_list() if form.is_bound else [],
            "themes": [{"slug": slug, "name": name, "checked": slug in chosen} for slug, name in themes],
            "search": search,
            "search_description": describe(search) if search else [],
            "use_search": (form.data.get("use_search") == "on") if form.is_bound else bool(search),
            "frequency": (form.data.get("frequency") if form.is_bound else form.initial.get("frequency")) or "",
            "email": form.data.get("email", "") if form.is_bound else "",
            "notices": []
            if form.is_bound or search or not request.GET.get("search")
            else ["We could not use that search, so it is not offered here. Choose themes instead."],
        },
        status=200 if not form.is_bound else 400,
    )


def _initial(request):
    known = {slug for slug, _ in filter_options()["theme"]}
    themes = [slug for slug in request.GET.getlist("theme") if slug in known]
    return {"themes": themes, "search": request.GET.get("search", "")[:2000], "frequency": "weekly"}


def _signed_up(request, data):
    if signup_throttled(request, data["email"]):
        return _message(
            request,
            "Too many sign-ups",
            [
                "There have been too many requests to sign up from here, or for this email address, in a short time.",
                "Wait an hour and try again. If you already asked, check your email for the link we sent.",
            ],
            status=429,
        )
    message = services.subscribe(data["email"], data["themes"], data["search"], data["frequency"])
    try:
        message.send()
    except Exception:
        logger.exception("Could not send an alerts email")
        return _message(
            request,
            "Sorry, we could not send the email",
            ["Something went wrong sending the email. Try again later."],
            status=503,
        )
    return redirect("alerts:check_email")


def check_email(request):
    return render(request, "alerts/check_email.html", {"days": settings.ALERTS_CONFIRM_DAYS})


def _unknown_link(request):
    return _private(
        _message(
            request,
            "This link is not recognised",
            [
                "The link may be incomplete (check you copied all of it), or the details it was for have been deleted.",
            ],
            status=404,
            subscribe_again=True,
        )
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    subscriber, expired = tokens.read(token, tokens.CONFIRM)
    if subscriber is None:
        return _unknown_link(request)
    if subscriber.confirmed_at is not None:
        return _private(
            _message(
                request,
                "This link has already been used",
                ["Your email alerts are already confirmed. You do not need to do anything else."],
                manage_token=tokens.make(subscriber, tokens.MANAGE) if subscriber.is_active else None,
            )
        )
    if expired:
        return _private(
            _message(
                request,
                "This link has expired",
                [
                    f"Links to confirm email alerts work for {settings.ALERTS_CONFIRM_DAYS} days. "
                    "Sign up again to get a new link.",
                ],
                status=410,
                subscribe_again=True,
            )
        )
    if request.method == "POST":
        services.confirm(subscriber)
        return _private(render(request, "alerts/confirmed.html", {"subscriber": subscriber, **_choices(subscriber)}))
    return _private(render(request, "alerts/confirm.html", {"token": token, **_choices(subscriber)}))


def _choices(subscriber):
    return {
        "subscriber": subscriber,
        "theme_names": [theme.name for theme in subscriber.themes.all()],
        "search_description": describe(subscriber.search) if subscriber.search else [],
        "manage_token": tokens.make(subscriber, tokens.MANAGE),
    }


def manage(request, token):
    subscriber, _ = tokens.read(token, tokens.MANAGE)
    if subscriber is None:
        return _unknown_link(request)
    return _private(render(request, "alerts/manage.html", {"token": token, **_choices(subscriber)}))


@csrf_exempt  # RFC 8058: the mail program's POST has no CSRF token; the signed token authorises it
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    subscriber, _ = tokens.read(token, tokens.MANAGE)
    if subscriber is None:
        return _unknown_link(request)
    if request.method == "POST":
        services.unsubscribe(subscriber)
        return _private(
            render(
                request,
                "alerts/unsubscribed.html",
                {"token": token, "days": settings.ALERTS_UNSUBSCRIBED_DAYS, "subscriber": subscriber},
            )
        )
    return _private(render(request, "alerts/unsubscribe.html", {"token": token, "subscriber": subscriber}))


@require_http_methods(["GET", "HEAD", "POST"])
def delete(request, token):
    subscriber, _ = tokens.read(token, tokens.MANAGE)
    if subscriber is None:
        return _unknown_link(request)
    if request.method == "POST":
        services.delete(subscriber)
        return _private(
            _message(
                request,
                "Your details have been deleted",
                [
                    "We have deleted your email address, what you subscribed to and the record of emails we sent you.",
                    "You will not get any more email alerts.",
                ],
            )
        )
    return _private(render(request, "alerts/delete.html", {"token": token, "subscriber": subscriber}))
