"""Site-wide pages: home, about, accessibility statement and error pages."""

from django.shortcuts import render
from django.views.generic import TemplateView

from learning import counts


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
