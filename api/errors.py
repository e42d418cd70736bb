"""Every error the API answers is JSON: {"detail": ..., "status": ...}, plus what to fix."""

from django.http import JsonResponse
from rest_framework.exceptions import APIException, NotFound
from rest_framework.views import exception_handler


class InvalidParameter(APIException):
    """A query parameter's value is not one of its choices: 400, naming the parameter and the
    values it takes."""

    status_code = 400
    default_code = "invalid_parameter"

    def __init__(self, parameter, invalid, choices):
        self.parameter, self.invalid, self.choices = parameter, list(invalid), list(choices)
        shown = ", ".join(repr(value[:60]) for value in self.invalid[:5])
        super().__init__(f"Unknown value for the {parameter!r} parameter: {shown}.")


def json_exception_handler(exc, context):
    """DRF's handler, with every error given the same shape and a status."""
    response = exception_handler(exc, context)
    if response is None:
        return None  # a server error: Django's handler500 answers (and it is logged)
    data = response.data if isinstance(response.data, dict) else {"detail": response.data}
    if "detail" not in data:  # a validation error keyed by field
        data = {"detail": "Invalid request.", "errors": data}
    if isinstance(exc, InvalidParameter):
        data.update(parameter=exc.parameter, invalid=exc.invalid, choices=exc.choices)
    data["status"] = response.status_code
    response.data = data
    return response


def not_found(request, *args, **kwargs):
    """Any address under /api/v1/ that names no endpoint."""
    return JsonResponse({"detail": NotFound.default_detail, "status": 404}, status=404)
