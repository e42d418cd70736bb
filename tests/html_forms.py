"""Read a form out of a served page and submit it as a browser would.

Tests that post hand-made data can post what no browser sends (the revert test once posted
the current version, which the served form never held, so a broken revert passed). These
helpers take the fields, their values and the submit button from the HTML itself.
"""

from html.parser import HTMLParser

from django.test import Client


class _FormParser(HTMLParser):
    """Collects the controls of every <form> on a page: (name, value) pairs a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # [{"attrs": {...}, "fields": [(name, value)], "buttons": [(name, value)]}]
        self._form = None
        self._select = None  # (name, multiple, [selected values], first value)
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: (value if value is not None else "") for key, value in attrs}
        if tag == "form":
            self._form = {"attrs": attrs, "fields": [], "buttons": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._input(attrs)
        elif tag == "button" and attrs.get("name"):
            self._form["buttons"].append((attrs["name"], attrs.get("value", "")))
        elif tag == "select" and "disabled" not in attrs:
            self._select = {
                "name": attrs.get("name", ""),
                "selected": [],
                "first": None,
                "multiple": "multiple" in attrs,
            }
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "text": "", "selected": "selected" in attrs}
        elif tag == "textarea" and "disabled" not in attrs:
            self._textarea = {"name": attrs.get("name", ""), "text": ""}

    def _input(self, attrs):
        kind, name = attrs.get("type", "text").lower(), attrs.get("name")
        if not name or "disabled" in attrs:
            return
        if kind in {"submit", "image"}:
            self._form["buttons"].append((name, attrs.get("value", "")))
        elif kind in {"checkbox", "radio"}:
            if "checked" in attrs:
                self._form["fields"].append((name, attrs.get("value", "on")))
        elif kind not in {"file", "button", "reset"}:
            self._form["fields"].append((name, attrs.get("value", "")))

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        elif self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            option, self._option = self._option, None
            value = option["value"] if option["value"] is not None else option["text"].strip()
            if self._select["first"] is None:
                self._select["first"] = value
            if option["selected"]:
                self._select["selected"].append(value)
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            values = select["selected"] or ([] if select["multiple"] or select["first"] is None else [select["first"]])
            self._form["fields"].extend((select["name"], value) for value in values if select["name"])
        elif tag == "textarea" and self._textarea is not None:
            textarea, self._textarea = self._textarea, None
            # A browser drops one newline straight after <textarea>.
            self._form["fields"].append((textarea["name"], textarea["text"].removeprefix("\n")))
        elif tag == "form":
            self._form = None


def forms_of(html):
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def served_form(html, form_id=None, index=None):
    """The form with id `form_id` (or the `index`-th form that posts, or the only one that
    posts besides the admin's sign-out button)."""
    forms = forms_of(html)
    if form_id is not None:
        matches = [form for form in forms if form["attrs"].get("id") == form_id]
    else:
        matches = [
            form
            for form in forms
            if form["attrs"].get("method", "get").lower() == "post" and form["attrs"].get("id") != "logout-form"
        ]
        matches = matches[index : index + 1] if index is not None else matches
    assert len(matches) == 1, f"expected one form, found {[form['attrs'] for form in forms]}"
    return matches[0]


def form_data(form, button=None, **changes):
    """The form's data as a browser sends it, pressing `button` (a name), with some fields changed.

    A changed value replaces every value of that field (a list for a multiple select)."""
    data = {}
    for name, value in form["fields"]:
        data.setdefault(name, []).append(value)
    if button is not None:
        pressed = [pair for pair in form["buttons"] if pair[0] == button]
        assert pressed, f"no button {button!r} in {form['buttons']}"
        data[button] = [pressed[0][1]]
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    return data


def submit(client: Client, url, form_id=None, button=None, follow=False, **changes):
    """GET `url`, then POST its form back to where it posts, as a browser would."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    form = served_form(page.content.decode(), form_id=form_id)
    action = form["attrs"].get("action") or url
    return client.post(action, form_data(form, button=button, **changes), follow=follow)
