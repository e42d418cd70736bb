"""Handouts (HTML for print, PDF, Word) and the training pack."""

from django.urls import path

from printing.formats import FORMATS
from printing.views import handouts, pack

app_name = "printing"

# (route, view, name): each handout is served in every format of printing/formats.py, at
# "route/" (named `name`), "route.pdf" (`name_pdf`) and "route.docx" (`name_docx`).
HANDOUTS = [
    ("themes/<slug:slug>/handout", handouts.ThemeHandout, "theme_handout"),
    ("themes/<slug:slug>/briefing", handouts.ThemeBriefing, "briefing"),
    ("handout", handouts.SelectionHandout, "selection_handout"),
    ("pack/handout", pack.PackHandout, "pack_handout"),
    ("pack/share/<str:token>", pack.SharedPack, "shared_pack"),
    ("pack/saved/<str:token>", pack.SavedPackHandout, "saved_pack"),
]

# (route, view, name): the training pack's own page and the forms that change it.
PAGES = [
    ("pack/", pack.pack_page, "pack"),
    ("pack/add/", pack.pack_add, "pack_add"),
    ("pack/remove/", pack.pack_remove, "pack_remove"),
    ("pack/move/", pack.pack_move, "pack_move"),
    ("pack/reorder/", pack.pack_reorder, "pack_reorder"),
    ("pack/clear/", pack.pack_clear, "pack_clear"),
    ("pack/undo/", pack.pack_undo, "pack_undo"),
    ("pack/state/", pack.pack_state, "pack_state"),
    ("pack/restore/", pack.pack_restore, "pack_restore"),
    ("pack/saved/<str:token>/use/", pack.use_saved_pack, "use_saved_pack"),
    ("pack/share/<str:token>/use/", pack.use_shared_pack, "use_shared_pack"),
]

urlpatterns = [
    *(
        path(fmt.route(route), view.as_view(fmt=fmt), name=fmt.url_name(name))
        for route, view, name in HANDOUTS
        for fmt in FORMATS.values()
    ),
    *(path(route, view, name=name) for route, view, name in PAGES),
]
