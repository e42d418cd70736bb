"""The Atom feed of the page being shown: {% results_feed_url as feed_url %}."""

from django import template
from django.http import QueryDict

from learning import feeds

register = template.Library()


@register.simple_tag(takes_context=True)
def results_feed_url(context):
    """The feed of the results page's search and filters (page and sort left out)."""
    request = context.get("request")
    return feeds.results_feed_url(request.GET if request is not None else QueryDict())
