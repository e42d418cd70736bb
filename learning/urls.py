from django.urls import path

from learning.views import items, sources

app_name = "learning"

urlpatterns = [
    path("themes/", items.ThemeListView.as_view(), name="theme_list"),
    path("themes/<slug:slug>/", items.ThemeDetailView.as_view(), name="theme"),
    path("learning/", items.ItemListView.as_view(), name="item_list"),
    path("learning/<slug:publication>/<slug:key>/", items.ItemDetailView.as_view(), name="item"),
    path("glossary/", items.GlossaryView.as_view(), name="glossary"),
    path("publications/", sources.PublicationListView.as_view(), name="publication_list"),
    path("publications/<slug:slug>/", sources.PublicationDetailView.as_view(), name="publication"),
    path("boards/<slug:slug>/", sources.BoardDetailView.as_view(), name="board"),
    path("reviews/<slug:slug>/", sources.ReviewDetailView.as_view(), name="review"),
]
