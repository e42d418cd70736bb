"""Site-wide pages: home, about, accessibility statement and error pages."""

from django.shortcuts import render
from django.views.generic import TemplateView

from learning.models import AgeGroup, Audience, LearningItem, Theme
from reviews.models import Publication, Review


class HomeView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = LearningItem.objects.published()
        context.update(
            item_count=items.count(),
            publication_count=Publication.objects.published().count(),
            review_count=Review.objects.published().count(),
            themes=Theme.objects.with_item_counts().filter(item_count__gt=0),
            age_groups=AgeGroup.objects.with_item_counts(),
            audiences=Audience.objects.with_item_counts().filter(item_count__gt=0),
            latest_publications=Publication.objects.published().select_related("board").latest_first()[:5],
        )
        return context


class AboutView(TemplateView):
    template_name = "pages/about.html"


class AccessibilityView(TemplateView):
    template_name = "pages/accessibility.html"


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)
