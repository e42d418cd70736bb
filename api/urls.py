"""/api/ (the docs page), /api/schema/ (OpenAPI), /api/v1/ (the JSON API) and the results' CSV."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from api import downloads, views
from api.errors import not_found

app_name = "api"

READ = {"get": "list"}
ONE = {"get": "retrieve"}


def endpoint(route, viewset, name, lookup=None):
    """The list at `route` and, with `lookup`, an entry at `route<lookup>/`."""
    patterns = [path(route, viewset.as_view(READ), name=f"{name}-list")]
    if lookup:
        patterns.append(path(f"{route}{lookup}/", viewset.as_view(ONE), name=f"{name}-detail"))
    return patterns


urlpatterns = [
    path("api/", views.DocsView.as_view(), name="docs"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    *endpoint("api/v1/items/", views.ItemViewSet, "item", "<slug:publication>/<slug:key>"),
    *endpoint("api/v1/themes/", views.ThemeViewSet, "theme", "<slug:slug>"),
    *endpoint("api/v1/age-groups/", views.AgeGroupViewSet, "agegroup", "<slug:slug>"),
    *endpoint("api/v1/audiences/", views.AudienceViewSet, "audience", "<slug:slug>"),
    *endpoint("api/v1/publications/", views.PublicationViewSet, "publication", "<slug:slug>"),
    *endpoint("api/v1/reviews/", views.ReviewViewSet, "review", "<slug:slug>"),
    *endpoint("api/v1/boards/", views.BoardViewSet, "board", "<slug:slug>"),
    *endpoint("api/v1/glossary/", views.GlossaryTermViewSet, "glossaryterm", "<str:term>"),
    re_path(r"^api/v1/", not_found, name="not-found"),
    path("learning/results.csv", downloads.results_csv, name="results_csv"),
]
