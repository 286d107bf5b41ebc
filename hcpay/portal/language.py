"""Each request is answered in its ``Accept-Language`` (``en``, ``es``; English by default):
problem+json ``title``, ``detail`` and field ``message``s, receipts and documents asked for.
``code``s never change. The language is a context variable (hcpay.domain.i18n.using_language)
for the request alone, so the embedded portal never changes the client's language.

What the portal sends by itself (notices, reminders, receipts mailed after a payment) is in the
member's saved language instead (``PUT /me/preferences {"language": ...}``): compose it
inside ``speaking_to(session, member_id)``, or pass ``member_language`` to the function's
``language`` argument.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hcpay.domain.i18n import (
    DEFAULT,
    accept_language,
    current_language,
    normalise,
    using_language,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class Language:
    """Pure ASGI middleware: the request's language around everything that answers it, and
    ``Content-Language`` (with ``Vary: Accept-Language``) on the answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = ""
        for name, value in scope.get("headers", ()):
            if name == b"accept-language":
                header = value.decode("latin-1")
                break
        language = accept_language(header)

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                headers.append((b"content-language", language.encode()))
                headers.append((b"vary", b"Accept-Language"))
                message = {**message, "headers": headers}
            await send(message)

        with using_language(language):
            await self.app(scope, receive, send_with_language)


def member_language(session: Session, member_id: str, default: str = DEFAULT) -> str:
    """The language a member chose for what the portal sends by itself (notices, reminders,
    receipts and documents it writes): their saved language (``PUT /me/preferences
    {"language": ...}``, ``MemberPreference.language``), or ``default`` (English) when they
    never saved one.

    Everything the portal writes for a member is composed inside ``speaking_to`` (below):
    the jobs' notices and documents (``hcpay.portal.jobs.Jobs.run_until`` runs each job in
    English, the members' own words are each in theirs: billing/invoicing.py, coverage.py,
    billing/jobs.py reminders, payments/autopay.py, autopay_outcomes.py, plan_outcomes.py,
    documents/tax_forms.py) and the notices a request causes (payments/engine.py, an agent's
    refund, credit or pay link). A receipt or document sent by the portal passes it as
    ``receipt_text(..., language=)`` (the receipt route answers in the request's language, as
    asked)."""
    from hcpay.portal.models import MemberPreference

    row = session.get(MemberPreference, member_id)
    saved = normalise(row.language) if row is not None else None
    return saved or default


def saved_languages(session: Session, member_ids: Iterable[str]) -> dict[str, str]:
    """The saved language of each of ``member_ids`` that saved one, in one query (a batch of
    notices: compose each inside ``using_language(found.get(member_id) or current_language())``)."""
    from sqlalchemy import select

    from hcpay.portal.models import MemberPreference

    wanted = sorted(set(member_ids))
    if not wanted:
        return {}
    rows = session.execute(
        select(MemberPreference.member_id, MemberPreference.language)
        .where(MemberPreference.member_id.in_(wanted))
    ).all()
    return {member_id: code for member_id, language in rows
            if (code := normalise(language)) is not None}


@contextmanager
def speaking_to(session: Session, member_id: str) -> Iterator[str]:
    """Say everything inside in ``member_id``'s saved language; a member who never saved one
    is spoken to in the language of the moment (English in a job, the request's in a
    request), as before languages were saved."""
    with using_language(member_language(session, member_id, current_language())) as chosen:
        yield chosen
