"""The published OpenAPI schema says every status a route can answer, each with its
application/problem+json body, and the headers a route requires (issue 11, item 17).

One table here rather than ``responses=`` on every route decorator: the statuses that follow
from how the portal works (a body can be too large or not JSON, a bearer can be missing, a path
can name nothing) are added by rule, and each route's own answers (402 declined, 409 conflicts,
423 locked ...) are listed in ``ROUTE_STATUSES``. A route that gains a status adds it here.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from hcpay.domain.i18n import _
from hcpay.portal.problems import PROBLEM_JSON

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details, with a stable machine `code`.",
    "type": "object",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object", "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"},
                               "rule": {"type": "string"}},
            },
        },
    },
    "additionalProperties": True,
}

DESCRIPTIONS = {
    400: "Bad request: not JSON, a header missing or malformed, or a cursor that is not one",
    401: "Not signed in, or the session ended",
    402: "Payment declined",
    403: "Not allowed for this account",
    404: "Nothing at this address for this account",
    409: "Conflicts with the account's state",
    413: "Request body above 64 KiB",
    422: "A field is not valid (see errors)",
    423: "Locked after too many wrong attempts (see Retry-After)",
    429: "Too many attempts from this address (see Retry-After)",
    503: "A service the portal needs did not answer; try again (see Retry-After)",
}

# Each route's own answers, beyond the rules in ``_statuses``
ROUTE_STATUSES: dict[tuple[str, str], set[int]] = {
    ("POST", "/api/v1/accounts"): {409},
    ("POST", "/api/v1/accounts/verify"): {409, 423, 429},
    ("POST", "/api/v1/accounts/verify/resend"): {429},
    ("POST", "/api/v1/sessions"): {401, 403, 423, 429},
    ("POST", "/api/v1/sessions/refresh"): {401},
    ("POST", "/api/v1/me/two-step"): {403, 409, 423},
    ("POST", "/api/v1/me/two-step/confirm"): {403, 409, 423},
    ("DELETE", "/api/v1/me/two-step"): {403, 409, 423},
    ("POST", "/api/v1/password-resets"): {429},
    ("POST", "/api/v1/me/support-codes"): {429},
    ("POST", "/api/v1/me/payment-methods"): {402, 409, 503},
    ("DELETE", "/api/v1/me/payment-methods/{method_id}"): {409},
    ("POST", "/api/v1/me/payments"): {402, 409, 503},
    ("DELETE", "/api/v1/me/payments/{reference}"): {409},
    ("GET", "/api/v1/me/autopay"): {404},
    ("PUT", "/api/v1/me/autopay"): {404, 409},
    ("DELETE", "/api/v1/me/autopay"): {404},
    ("POST", "/api/v1/me/payment-plans"): {404, 409, 503},
    ("POST", "/api/v1/agent/members/{member_id}/password-reset"): {409},
    ("POST", "/api/v1/guest/lookup"): {404, 423, 429},
    ("POST", "/api/v1/guest/payments"): {401, 402, 409, 503},
    ("GET", "/api/v1/guest/balance"): {401},
}

# Routes whose success is not JSON: the media types they answer with
SUCCESS_MEDIA: dict[tuple[str, str], tuple[str, ...]] = {
    ("GET", "/api/v1/me/calendar.ics"): ("text/calendar",),
    ("GET", "/api/v1/me/payments/{reference}/receipt"): ("text/plain", "application/pdf"),
}

# Headers a route requires although its signature takes them as optional (to answer their
# absence with its own problem rather than a generic one)
REQUIRED_HEADERS: dict[tuple[str, str], set[str]] = {
    ("POST", "/api/v1/me/payments"): {"idempotency-key"},
    ("POST", "/api/v1/guest/payments"): {"idempotency-key"},
}


def _parameters(operation: dict[str, Any]) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = operation.get("parameters", [])
    return params


def _statuses(method: str, path: str, operation: dict[str, Any]) -> set[int]:
    names = {p["name"].lower() for p in _parameters(operation)}
    statuses = {413, 422}  # any request may carry a body too large; any field may be wrong
    if "requestBody" in operation or "cursor" in names or names & {"x-access-reason",
                                                                   "idempotency-key"}:
        statuses.add(400)
    if "authorization" in names:
        statuses.add(401)
    if path.startswith("/api/v1/agent/"):
        statuses.update({400, 403})
    if "{" in path:
        statuses.add(404)
    return statuses | ROUTE_STATUSES.get((method, path), set())


def _problem_response(status: int) -> dict[str, Any]:
    return {
        "description": DESCRIPTIONS.get(status, _("Error")),
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def describe(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the problem responses and required headers to a schema FastAPI made."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components[_("Problem")] = PROBLEM_SCHEMA
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    for path, operations in schema.get("paths", {}).items():
        for method_lower, operation in operations.items():
            method = method_lower.upper()
            responses = operation.setdefault("responses", {})
            for status in sorted(_statuses(method, path, operation)):
                responses[str(status)] = _problem_response(status)
            media = SUCCESS_MEDIA.get((method, path))
            if media and "200" in responses:
                responses["200"]["content"] = {m: {"schema": {"type": "string"}} for m in media}
            required = REQUIRED_HEADERS.get((method, path), set())
            for param in _parameters(operation):
                if param.get("in") == "header" and param["name"].lower() in required:
                    param["required"] = True
    return schema


def install(app: FastAPI) -> None:
    """Serve the described schema at /openapi.json (made once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = describe(get_openapi(
                title=app.title, version=app.version, description=app.description,
                routes=app.routes,
            ))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
