"""Site-wide pages: home, about, accessibility statement and error pages."""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.views.generic import TemplateView

from core import versioning
from learning import counts, feeds
from reviews.models import Board


class HomeView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totals = counts.site_totals()
        vocabularies = counts.vocabulary_counts()
        context.update(
            item_count=totals["items"],
            publication_count=totals["publications"],
            review_count=totals["reviews"],
            themes=[theme for theme in vocabularies["theme"] if theme.item_count],
            age_groups=vocabularies["age_group"],
            audiences=[audience for audience in vocabularies["audience"] if audience.item_count],
            latest_publications=counts.latest_publications(),
            latest_learning=feeds.latest(),
        )
        return context


class AboutView(TemplateView):
    """What the site is, whom to contact (only what is true: the site's own address if
    SITE_CONTACT_EMAIL sets one, and the boards' contacts as their publications give them), and
    when the content last changed (the content version's date)."""

    template_name = "pages/about.html"

    def get_context_data(self, **kwargs):
        def board_contacts():
            boards = Board.objects.exclude(email="", contact="", website="").order_by("name")
            return [
                {"name": b.name, "url": b.get_absolute_url(), "website": b.website, "email": b.email}
                | {"contact": b.contact}
                for b in boards
            ]

        changed = versioning.last_changed()
        return {
            **super().get_context_data(**kwargs),
            "site_contact_email": settings.SITE_CONTACT_EMAIL,
            "board_contacts": versioning.cached("about:board-contacts", board_contacts),
            "last_updated": timezone.localtime(changed).date() if changed else None,
        }


class AccessibilityView(TemplateView):
    template_name = "pages/accessibility.html"


class PrivacyView(TemplateView):
    """Privacy and cookies: what the site stores and sets, and why (templates/pages/privacy.html)."""

    template_name = "pages/privacy.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            contact_email=settings.PRIVACY_CONTACT_EMAIL,
            confirm_days=settings.ALERTS_CONFIRM_DAYS,
            unsubscribed_days=settings.ALERTS_UNSUBSCRIBED_DAYS,
            session_hours=settings.SESSION_COOKIE_AGE // 3600,
            csrf_days=settings.CSRF_COOKIE_AGE // 86400,
            replica=bool(settings.DATABASE_ROUTERS),
            read_primary_seconds=settings.READ_PRIMARY_AFTER_WRITE_SECONDS,
            saved_pack_days=settings.SAVED_PACK_KEEP_DAYS,
        )
        return context


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)
