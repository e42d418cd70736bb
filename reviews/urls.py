from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("publications/", views.PublicationListView.as_view(), name="publication_list"),
    path("publications/<slug:slug>/", views.PublicationDetailView.as_view(), name="publication"),
    path("boards/<slug:slug>/", views.BoardDetailView.as_view(), name="board"),
    path("reviews/<slug:slug>/", views.ReviewDetailView.as_view(), name="review"),
]
