from django import forms

from alerts.models import Frequency
from alerts.searches import InvalidSearch, clean_search
from learning.options import filter_options


class SubscribeForm(forms.Form):
    """Rendered by hand in templates/alerts/subscribe.html (GOV.UK inputs, checkboxes, radios)."""

    email = forms.EmailField(
        max_length=254,
        label="Email address",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    themes = forms.MultipleChoiceField(required=False, error_messages={"invalid_choice": "Choose themes from the list"})
    use_search = forms.BooleanField(required=False)
    search = forms.CharField(required=False, max_length=2000)
    frequency = forms.ChoiceField(
        choices=Frequency.choices,
        error_messages={
            "required": "Choose how often to get emails",
            "invalid_choice": "Choose how often to get emails",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = filter_options()["theme"]  # cached: no query

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_search(self):
        try:
            return clean_search(self.cleaned_data.get("search", ""))
        except InvalidSearch as error:
            raise forms.ValidationError(f"{error} Go back to the search page and try again.") from error

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("use_search"):
            cleaned["search"] = ""
        if "themes" in cleaned and "search" in cleaned and not cleaned["themes"] and not cleaned["search"]:
            self.add_error(
                "themes", "Choose at least one theme" + (" or this search" if self.data.get("search") else "")
            )
        return cleaned

    def error_list(self):
        """[(field id, message)] for the GOV.UK error summary, in the order of the page."""
        anchors = {"email": "email", "themes": "themes", "search": "themes", "frequency": "frequency"}
        return [
            (anchors.get(name, "email"), message)
            for name in ("email", "themes", "search", "frequency", "__all__")
            for message in self.errors.get(name, [])
        ]
