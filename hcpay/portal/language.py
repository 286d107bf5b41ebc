"""Each request is answered in its ``Accept-Language`` (``en``, ``es``; English by default):
problem+json ``title``, ``detail`` and field ``message``s, receipts and documents asked for.
``code``s never change. The language is a context variable (hcpay.domain.i18n.using_language)
for the request alone, so the embedded portal never changes the client's language.

What the portal sends by itself (notices, reminders, receipts mailed after a payment) is in the
member's saved language instead (``PUT /me/preferences {"language": ...}``): pass it to
``using_language`` or to the function's ``language`` argument.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hcpay.domain.i18n import accept_language, using_language


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


def member_language(session: object, member_id: str) -> str:
    """The language a member chose for what the portal sends by itself (notices, reminders,
    receipts and documents it mails): ``en`` until the member's saved language is stored.

    WIRE AT MERGE: the /me/preferences route (routes/preferences.py, built by another session)
    saves ``language`` on the member; read it here (``session.get(Member, member_id)``). Then:
    - ``hcpay.portal.jobs.Jobs.run_until`` runs each job under ``using_language(DEFAULT)``:
      compose each member's notice (billing/invoicing.py, billing/coverage.py,
      billing/jobs.py reminders, payments/autopay.py, autopay_outcomes.py, plan_outcomes.py)
      inside ``using_language(member_language(session, member_id))`` instead;
    - notices composed during a request (payments/engine.py, payments/rules.py
      ``received_notice``) follow the request's Accept-Language today: wrap them the same way;
    - a receipt or document sent by the portal passes it as ``receipt_text(..., language=)``
      (the receipt route answers in the request's language, as asked)."""
    return "en"
