from django.contrib import admin
from django.urls import include, path

from reviews_site import views

admin.site.site_header = "Learning from case reviews: staff"
admin.site.site_title = "Learning from case reviews"
admin.site.index_title = "Manage the knowledge base"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("alerts/", include("alerts.urls")),
    path("", include("learning.urls")),
    path("", include("printing.urls")),
    path("", include("api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "reviews_site.views.bad_request"
handler404 = "reviews_site.views.page_not_found"
handler500 = "reviews_site.views.server_error"
