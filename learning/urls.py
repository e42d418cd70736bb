from django.urls import path

from learning import feeds
from learning.views import items, new, patterns, sources

app_name = "learning"

urlpatterns = [
    path("themes/", items.ThemeListView.as_view(), name="theme_list"),
    path("themes/<slug:slug>/", items.ThemeDetailView.as_view(), name="theme"),
    path("learning/", items.ItemListView.as_view(), name="item_list"),
    path("learning/<slug:publication>/<slug:key>/", items.ItemDetailView.as_view(), name="item"),
    path("glossary/", items.GlossaryView.as_view(), name="glossary"),
    path("recurring-themes/", patterns.RecurringThemesView.as_view(), name="recurring_themes"),
    path("recurring-themes/<slug:slug>/", patterns.ThemeReviewsView.as_view(), name="theme_reviews"),
    path("publications/", sources.PublicationListView.as_view(), name="publication_list"),
    path("publications/<slug:slug>/", sources.PublicationDetailView.as_view(), name="publication"),
    path("boards/<slug:slug>/", sources.BoardDetailView.as_view(), name="board"),
    path("reviews/", sources.ReviewListView.as_view(), name="review_list"),
    path("reviews/<slug:slug>/", sources.ReviewDetailView.as_view(), name="review"),
    path("new/", new.WhatsNewView.as_view(), name="whats_new"),
    path("feeds/new/", feeds.NewLearningFeed.view(), name="feed_new"),
    path("feeds/learning/", feeds.SearchFeed.view(), name="feed_search"),
    path("feeds/themes/<slug:slug>/", feeds.ThemeFeed.view(), name="feed_theme"),
    path("feeds/age-groups/<slug:slug>/", feeds.AgeGroupFeed.view(), name="feed_age_group"),
    path("feeds/agencies/<slug:slug>/", feeds.AudienceFeed.view(), name="feed_audience"),
]
