"""Page-number pagination for every list: {"count", "next", "previous", "results"}."""

from django.conf import settings
from rest_framework import pagination
from rest_framework.exceptions import NotFound

from core.ids import parse_id

MAX_PAGE_SIZE = 100


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N` (from 1) and `?page_size=N` (1 to 100, default PAGE_SIZE, as the site's pages).
    A page that is not a whole number from 1, or is past the last page, is a 404."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    invalid_page_message = "There is no such page: pages are numbered from 1 to {last}."

    def get_page_size(self, request):
        asked = request.query_params.get(self.page_size_query_param)
        if asked is None:
            return settings.PAGE_SIZE
        size = parse_id(asked, maximum=10**6)
        return min(size, self.max_page_size) if size else settings.PAGE_SIZE

    def page_number(self, request):
        """The page asked for: 1 if none; NotFound if it cannot be a page."""
        asked = request.query_params.get(self.page_query_param)
        if asked is None:
            return 1
        number = parse_id(asked)
        if number is None:
            raise NotFound("There is no such page: pages are numbered from 1.")
        return number

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        number = self.page_number(request)
        paginator = self.django_paginator_class(queryset, page_size)
        if number > paginator.num_pages:
            raise NotFound(self.invalid_page_message.format(last=paginator.num_pages))
        self.page = paginator.page(number)
        return list(self.page)

    def use_page(self, request, page):
        """Paginate with a page made elsewhere (the item list's, by learning.selectors)."""
        self.request, self.page = request, page

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["required"] = ["count", "next", "previous", "results"]
        return described


class ItemPagination(PageNumberPagination):
    """The item list's pages also say whether a search found more than it lists."""

    def get_paginated_response(self, data, count_capped=False):
        response = super().get_paginated_response(data)
        response.data["count_capped"] = count_capped
        return response

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["properties"]["count_capped"] = {
            "type": "boolean",
            "description": "A search found more than SEARCH_RESULT_LIMIT matches: `count` is that limit, and only "
            "that many are listed. Narrow the search to see the rest.",
        }
        described["required"].append("count_capped")
        return described
