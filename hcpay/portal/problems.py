"""Errors as application/problem+json (RFC 9457), everywhere, with a stable ``code``.

No problem ever carries a stack trace, a card number, a CVC, an SSN or a password: validation
errors name the field and say what to do, and never echo the value that was sent.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from hcpay.domain.i18n import N_, _

log = logging.getLogger("hcpay.portal")

PROBLEM_JSON = "application/problem+json"

_TITLES = {
    400: N_("Bad request"),
    401: N_("Not signed in"),
    402: N_("Payment declined"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    409: N_("Conflict"),
    413: N_("Request too large"),
    415: N_("Unsupported media type"),
    422: N_("Please check what you entered"),
    423: N_("Account locked"),
    429: N_("Too many attempts"),
    500: N_("Something went wrong on our side"),
    503: N_("Service unavailable"),
}

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


class Problem(Exception):
    """Raise anywhere in the portal to answer with a problem+json body."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        title: str | None = None,
        errors: Sequence[Mapping[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.title = title or _TITLES.get(status, N_("Error"))
        self.errors = list(errors) if errors else None
        self.headers = dict(headers) if headers else None
        self.extra = dict(extra) if extra else {}


def field_errors(errors: Sequence[tuple[str, str]]) -> Problem:
    """A 422 naming each field that failed and what to do about it."""
    items = [{"field": f, "message": m} for f, m in errors]
    detail = " ".join(m for _unused, m in errors) if errors else _("Please check what you entered.")
    return Problem(422, "validation_error", detail, errors=items)


def problem_response(
    status: int,
    code: str,
    detail: str,
    *,
    title: str | None = None,
    errors: Sequence[Mapping[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> JSONResponse:
    # said in the request's language (Accept-Language): a message raised in English is
    # translated here, one already said in the language (formatted at the raise) stays as is;
    # the code never changes
    body: dict[str, Any] = {
        "type": f"https://hcpay.example/problems/{code}",
        "title": _(title or _TITLES.get(status, N_("Error"))),
        "status": status,
        "detail": _(detail),
        "code": code,
    }
    if errors is not None:
        body["errors"] = [
            {**item, "message": _(str(item["message"]))} if "message" in item else dict(item)
            for item in errors
        ]
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def _location(loc: Sequence[Any]) -> str:
    parts = [
        str(p) for p in loc
        if p not in ("body", "query", "path", "header")
        # pydantic names the member of a union that failed ("constrained-int",
        # "literal['due_date']"): the field is what a client needs
        and (isinstance(p, int) or str(p).isidentifier())
    ]
    return ".".join(parts) or "body"


def _message(err: Mapping[str, Any]) -> str:
    kind = str(err.get("type", ""))
    if kind == "missing":
        return _("This field is required.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    if kind == "int_type":
        return _("Enter a whole number (such as 2500), not text, true/false or a fraction.")
    msg = str(err.get("msg", _("This value is not valid.")))
    # pydantic prefixes custom ValueErrors; what follows is already a sentence for people.
    msg = msg.removeprefix("Value error, ")
    return msg if msg.endswith(".") else msg + "."


def _out_of_range() -> JSONResponse:
    return problem_response(
        422,
        "invalid_value",
        _("One of the values sent cannot be stored: it has a control character or is out of "
        "range. Check what you entered and try again."),
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(_request: Request, exc: Problem) -> JSONResponse:
        return problem_response(
            exc.status, exc.code, exc.detail, title=exc.title, errors=exc.errors,
            headers=exc.headers, extra=exc.extra,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": _location(e.get("loc", ())), "message": _message(e)} for e in exc.errors()
        ]
        if any(e.get("type") == "json_invalid" for e in exc.errors()):
            return problem_response(
                400, "malformed_json", _("The request body is not valid JSON."), errors=errors
            )
        detail = " ".join(f"{e['field']}: {e['message']}" for e in errors)
        return problem_response(422, "validation_error", detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        status = exc.status_code
        detail = exc.detail if isinstance(exc.detail, str) else _TITLES.get(status, _("Error"))
        if status == 404 and detail == "Not Found":
            detail = _("There is nothing at this address.")
        if status == 405:
            detail = _("This address does not accept that method.")
        return problem_response(
            status, _CODES.get(status, "error"), detail, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(DataError)
    async def _data(request: Request, _exc: DataError) -> JSONResponse:
        # A value the database refuses (a NUL character, a number out of range): the sender's
        # input, not our failure. Nothing was written: the transaction rolled back.
        log.warning("database refused a value on %s %s", request.method, request.url.path)
        return _out_of_range()

    @app.exception_handler(OverflowError)
    async def _overflow(request: Request, _exc: OverflowError) -> JSONResponse:
        # A number or date too large for the database or for date arithmetic: the field types
        # (routes/fields.py) bound what they know; this answers for anything they missed.
        log.warning("a value out of range on %s %s", request.method, request.url.path)
        return _out_of_range()

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error(
            "unhandled error on %s %s: %s", request.method, request.url.path, type(exc).__name__
        )
        return problem_response(
            500,
            "internal_error",
            _("Something went wrong on our side. Nothing was charged; please try again in a "
            "minute, and call support if it keeps happening."),
        )
