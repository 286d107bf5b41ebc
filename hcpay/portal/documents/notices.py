"""Coverage notices, made when coverage changes: past-due warning, termination warning,
termination, reinstatement. The same words the member's notification says, on a page they can
keep, with the coverage state and the date."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from hcpay.documents import Document
from hcpay.domain.date_words import long_date
from hcpay.domain.document_words import NOTICE_TITLES
from hcpay.domain.i18n import _
from hcpay.portal.billing.notify import notify
from hcpay.portal.documents import store
from hcpay.portal.documents.preferences import delivery_for
from hcpay.portal.language import speaking_to
from hcpay.portal.models import Member
from hcpay.portal.settings import PortalSettings


def notice_document(
    member: Member, event: str, body: str, *, day: date, settings: PortalSettings
) -> Document:
    issuer, contact = store.letterhead(settings)
    rows = (
        (_("Member"), f"{member.first_name} {member.last_name}"),
        (_("Member ID"), member.member_id),
        (_("Notice date"), long_date(day)),
    )
    return Document(
        issuer=issuer, contact=contact, title=NOTICE_TITLES.get(event, _("Coverage notice")),
        rows=rows, note=body,
        closing=(_("Questions about your coverage? Call Member Services and quote your member "
                   "ID."),),
    )


def make_notice(
    session: Session, settings: PortalSettings, member: Member, *, event: str, key: str,
    body: str, day: date, now: datetime, ready_email: bool = True,
) -> str | None:
    """The notice for this coverage ``event``; ``key`` names the change (one notice each)."""
    return store.make(
        session, member, kind="notice", subject=f"{event}:{key}", period=f"{day:%Y-%m}",
        document=notice_document(member, event, body, day=day, settings=settings), now=now,
        ready_email=ready_email,
    )


def tell(
    session: Session, settings: PortalSettings, member: Member, *, event: str, key: str,
    subject: str, body: str, day: date, now: datetime,
) -> None:
    """A coverage change, told once: the notice document, and the notification in the app
    that says it; that notification is also the email saying the notice is ready when the
    member chose paperless notices, and there is no email at all when they chose mail."""
    with speaking_to(session, member.member_id):
        made = make_notice(session, settings, member, event=event, key=key, body=body, day=day,
                           now=now, ready_email=False)
        if made is None:
            return  # told already (another runner, or the same change seen again)
        paperless = delivery_for(session, member.member_id, "notice") == "email"
        where = " " + (_("Open Documents in the app to read or save this notice.") if paperless
                       else _("A paper copy of this notice is in the mail."))
        notify(session, member.member_id, category="billing", code=event, subject=subject,
               body=body + where, now=now, email=paperless)
