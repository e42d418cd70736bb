"""The emails alerts send: each in plain text with an HTML alternative, each with a link to
unsubscribe in its body and in the List-Unsubscribe and List-Unsubscribe-Post headers (RFC 8058:
a mail program may unsubscribe in one click by POSTing to that link)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from alerts import tokens


def site_url():
    """The site's address for links in emails (SITE_URL), without a trailing slash."""
    url = (settings.SITE_URL or "").rstrip("/")
    if not url:
        raise ImproperlyConfigured("Set SITE_URL (e.g. https://learning.example.org) so emails can link to the site.")
    return url


def absolute(path):
    return site_url() + path


def links_for(pk, key):
    """The subscriber's own links: manage (unsubscribe, delete) and unsubscribe."""
    token = tokens.make_for(pk, key, tokens.MANAGE)
    manage, unsubscribe = _link_patterns()
    return {"manage": manage.replace(PLACEHOLDER, token), "unsubscribe": unsubscribe.replace(PLACEHOLDER, token)}


PLACEHOLDER = "TOKEN-PLACEHOLDER"


def _link_patterns():
    """The two links with a placeholder for the token: reversed once, not once per email."""
    key = (settings.SITE_URL, settings.ROOT_URLCONF)
    if _patterns.get("key") != key:
        _patterns.update(
            key=key,
            links=tuple(
                absolute(reverse(name, args=[PLACEHOLDER])) for name in ("alerts:manage", "alerts:unsubscribe")
            ),
        )
    return _patterns["links"]


_patterns = {}


def build(to, subject, template, context, links):
    """An email to `to` from templates/alerts/email/<template>.txt and .html."""
    context = {
        **context,
        "links": links,
        "SITE_NAME": settings.SITE_NAME,
        "SITE_ORGANISATION": settings.SITE_ORGANISATION,
        "site_url": site_url(),
        "privacy_url": absolute(reverse("privacy")),
    }
    text = render_to_string(f"alerts/email/{template}.txt", context)
    html = render_to_string(f"alerts/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={
            "List-Unsubscribe": f"<{links['unsubscribe']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def confirmation(subscriber):
    """The double opt-in email: a link to confirm, valid for ALERTS_CONFIRM_DAYS."""
    confirm_url = absolute(reverse("alerts:confirm", args=[tokens.make(subscriber, tokens.CONFIRM)]))
    return build(
        subscriber.email,
        f"Confirm your email alerts from {settings.SITE_NAME}",
        "confirm",
        {"confirm_url": confirm_url, "days": settings.ALERTS_CONFIRM_DAYS},
        links_for(subscriber.pk, subscriber.key),
    )


def already_subscribed(subscriber):
    """Sent instead of a confirmation to an address already confirmed: the web page says the
    same either way, so nobody learns from the form whether an address is subscribed."""
    return build(
        subscriber.email,
        f"You already get email alerts from {settings.SITE_NAME}",
        "already",
        {},
        links_for(subscriber.pk, subscriber.key),
    )
