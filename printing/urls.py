"""Handouts (HTML for print, PDF, Word) and the training pack."""

from django.urls import path

from printing import views

app_name = "printing"


def formats(route, view, name, **kwargs):
    """The same handout as a page (route/), a PDF (route.pdf) and a Word document (route.docx)."""
    return [
        path(f"{route}/", view, {"fmt": "html", **kwargs}, name=name),
        path(f"{route}.pdf", view, {"fmt": "pdf", **kwargs}, name=f"{name}_pdf"),
        path(f"{route}.docx", view, {"fmt": "docx", **kwargs}, name=f"{name}_docx"),
    ]


urlpatterns = [
    *formats("themes/<slug:slug>/handout", views.theme_handout, "theme_handout"),
    *formats("themes/<slug:slug>/briefing", views.briefing, "briefing"),
    *formats("handout", views.selection_handout, "selection_handout"),
    path("pack/", views.pack_page, name="pack"),
    path("pack/add/", views.pack_add, name="pack_add"),
    path("pack/remove/", views.pack_remove, name="pack_remove"),
    path("pack/move/", views.pack_move, name="pack_move"),
    path("pack/clear/", views.pack_clear, name="pack_clear"),
    *formats("pack/handout", views.pack_handout, "pack_handout"),
    *formats("pack/share/<str:token>", views.shared_pack, "shared_pack"),
    path("pack/share/<str:token>/use/", views.use_shared_pack, name="use_shared_pack"),
]
