"""Page-number pagination for every list: ``?page=2&page_size=20`` (at most 100).

A ``page`` or ``page_size`` that is not a whole number in range is a 400 saying so
(DRF would silently fall back to the default size); a page past the last is a 404.
"""

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination


def _positive_int(query_params, name: str, maximum: int | None = None) -> int | None:
    raw = query_params.get(name)
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise ValidationError({name: ["Must be a whole number, 1 or more."]})
    value = int(raw)
    if maximum is not None and value > maximum:
        raise ValidationError({name: [f"Must be {maximum} or less."]})
    return value


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    page_size_query_description = "How many results per page: 1 to 100 (default 50)."
    page_query_description = "Which page of results, from 1."
    query_parameters = frozenset({"page", "page_size"})

    def get_page_size(self, request):
        size = _positive_int(request.query_params, self.page_size_query_param, self.max_page_size)
        return size or self.page_size

    def paginate_queryset(self, queryset, request, view=None):
        _positive_int(request.query_params, self.page_query_param)
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as exc:
            raise NotFound("There is no page with that number: ask for a lower one.") from exc

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters
