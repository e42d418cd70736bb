"""What's new: learning newest first by the date it was added to this site, a page at a time,
optionally narrowed by theme, age group and agency as the results page narrows (its filters)."""

import hashlib

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.views.generic import TemplateView

from core.versioning import recent
from learning import counts
from learning.feeds import new_learning, results_feed_url
from learning.selectors import KnownCountPaginator, with_card_details

NARROWING = ("theme", "age_group", "audience")


class WhatsNewView(TemplateView):
    template_name = "learning/whats_new.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = QueryDict(mutable=True)
        for name in NARROWING:  # one of each, as the page's form sends them
            if value := self.request.GET.get(name, "").strip():
                params[name] = value
        chosen = new_learning(params)
        selected = {name: value for name, value, _label in chosen.active}
        paginator = KnownCountPaginator(
            with_card_details(chosen.items), settings.PAGE_SIZE, count=self.count(chosen, selected)
        )
        page = paginator.get_page(self.request.GET.get("page"))  # past the end: the last page
        vocabularies = counts.vocabulary_counts()
        context.update(
            page_obj=page,
            items=page.object_list,
            days=by_day(page.object_list),
            notices=chosen.notices,
            narrowed=chosen.active,
            selected=selected,
            choices={
                name: [entry for entry in vocabularies[name] if entry.item_count or entry.slug == selected.get(name)]
                for name in NARROWING
            },
            feed_url=results_feed_url(_as_query(selected)),
            feed_title=feed_title(chosen),
        )
        return context

    def count(self, chosen, selected):
        """How many items the selection holds: a count over the corpus, so kept for the content
        version and recounted in the background after a change (core.versioning.recent)."""
        key = hashlib.sha256(repr(sorted(selected.items())).encode()).hexdigest()
        return recent(f"whats-new:count:{key}", chosen.items.count)


def feed_title(chosen):
    labels = [label for _name, _value, label in chosen.active]
    return f"New learning: {', '.join(labels)}" if labels else "New learning"


def _as_query(values):
    query = QueryDict(mutable=True)
    query.update(values)
    return query


def by_day(items):
    """[(date, [items])]: the page's items under the day (here) each was added."""
    days = []
    for item in items:
        day = timezone.localdate(item.published_at)
        if not days or days[-1][0] != day:
            days.append((day, []))
        days[-1][1].append(item)
    return days
