"""The sandbox inbox read out: in sandbox mode the portal sends no real email or text, so the
messages it "sent" (a verification code, a reset code) are said here, with the code in them."""

from __future__ import annotations

import re

from hcpay.domain.i18n import _, ngettext
from hcpay.facts.words import spelled_out
from hcpay.plain.session import PlainSession

_TOKEN = re.compile(r"(?:token|code)\b[^:\n]{0,20}:\s*([A-Za-z0-9_-]{6,})", re.IGNORECASE)
_DIGITS = re.compile(r"\b(\d{6})\b")


def find_code(body: str) -> str | None:
    """The verification code or reset code in a message, as the member would type it."""
    match = _TOKEN.search(body) or _DIGITS.search(body)
    return match.group(1) if match else None


def mark_read(session: PlainSession) -> None:
    """Remember the newest message now, so that only later ones are read out."""
    if not session.sandbox:
        return
    messages = session.call(lambda: session.client.sandbox_outbox(), working="")
    session.outbox_seen = max((m.id for m in messages), default=0)


def read_new(session: PlainSession, *, again: bool = False) -> str | None:
    """Say the messages that arrived since the last reading (with ``again``, the newest one
    even when it was read before); answers the code in the newest, if any."""
    p = session.p
    if not session.sandbox:
        p.say(_("This portal is live: the message went to your real email or phone."))
        return None
    after = 0 if again else session.outbox_seen
    messages = session.call(lambda: session.client.sandbox_outbox(after_id=after), working="")
    messages = [m for m in messages if again or m.id > session.outbox_seen]
    if again:
        messages = messages[-1:]
    if not messages:
        p.say(_("The sandbox inbox has no new message yet."))
        return None
    count = len(messages)
    if again:
        p.say(_("The newest message in the sandbox inbox (no real email is sent here)."))
    else:
        p.say(ngettext("The sandbox inbox (no real email is sent here) has {count} new message.",
                       "The sandbox inbox (no real email is sent here) has {count} new messages.",
                       count).format(count=count))
    code = None
    for message in messages:
        p.say(_("Message to {to}, subject: {subject}.").format(
            to=message.to, subject=message.subject or 'none'))
        p.say(_("It says:"))
        p.lines([line for line in message.body.splitlines() if line.strip()])
        code = find_code(message.body) or code
    session.outbox_seen = max(session.outbox_seen, *(m.id for m in messages))
    if code:
        p.say(_("The code in it is {code}.").format(code=spelled_out(code)))
    return code
