from django.urls import path

from learning import views

app_name = "learning"

urlpatterns = [
    path("themes/", views.ThemeListView.as_view(), name="theme_list"),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme"),
    path("learning/", views.ItemListView.as_view(), name="item_list"),
    path("learning/<slug:publication>/<slug:key>/", views.ItemDetailView.as_view(), name="item"),
    path("glossary/", views.GlossaryView.as_view(), name="glossary"),
]
