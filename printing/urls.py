from django.urls import path

app_name = "printing"

urlpatterns: list = [
    # Themed summaries, 7-minute briefings and the training pack (see printing/views.py).
]
