"""Form 1095-A, Health Insurance Marketplace Statement: one a covered year, made on January 31
for the year before (the job runner), with Part III's twelve months: A the monthly enrollment
premium (what the plan costs: the member's premium plus the advance credit), B the
second-lowest-cost silver plan (SLCSP) premium, C the advance payment of the premium tax credit,
and the annual totals. Only health plans count (a dental plan is not on a 1095-A). The SSN is
shown by its last four digits only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hcpay.documents import Document, Table
from hcpay.domain.date_words import long_date
from hcpay.domain.document_words import tax_form_name, tax_form_title
from hcpay.domain.i18n import N_, _
from hcpay.domain.money import format_cents
from hcpay.portal.documents import store
from hcpay.portal.jobs import JobContext
from hcpay.portal.language import speaking_to
from hcpay.portal.models import Invoice, Member, Policy
from hcpay.portal.settings import PortalSettings

# Message ids, said with _() where a form is made (in the member's language)
COLUMNS = (
    N_("Month"),
    N_("A. Monthly enrollment premium"),
    N_("B. Monthly second lowest cost silver plan (SLCSP) premium"),
    N_("C. Monthly advance payment of premium tax credit"),
)
SHORT_COLUMNS = (N_("Month"), "A", "B", "C")
MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
          N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
          N_("December"))


@dataclass(frozen=True)
class TaxMonth:
    premium_cents: int = 0
    slcsp_cents: int = 0
    aptc_cents: int = 0


def _health_policies(session: Session, member_id: str) -> list[Policy]:
    return list(session.execute(
        select(Policy).where(Policy.member_id == member_id, Policy.kind == "health")
        .order_by(Policy.start_date)
    ).scalars())


def tax_months(
    session: Session, member_id: str, year: int, *, enrolled_all_year: bool = False
) -> list[TaxMonth]:
    """The twelve months of ``year``: each month with a health bill that was not voided is a
    covered month. ``enrolled_all_year`` (the demo's year before its history): months without
    a bill count at the plan's rates too."""
    policies = {p.policy_id: p for p in _health_policies(session, member_id)}
    months = [TaxMonth() for _ in range(12)]
    invoices = session.execute(
        select(Invoice).where(
            Invoice.member_id == member_id, Invoice.policy_kind == "health",
            Invoice.status != "void", Invoice.coverage_month.startswith(f"{year}-"),
        )
    ).scalars().all()
    for invoice in invoices:
        policy = policies.get(invoice.policy_id)
        if policy is None:
            continue
        i = int(invoice.coverage_month[5:7]) - 1
        old = months[i]
        months[i] = TaxMonth(old.premium_cents + invoice.amount_cents + policy.aptc_cents,
                             old.slcsp_cents + policy.slcsp_cents,
                             old.aptc_cents + policy.aptc_cents)
    if enrolled_all_year and policies:
        first = next(iter(policies.values()))
        at_rates = TaxMonth(first.premium_cents + first.aptc_cents, first.slcsp_cents,
                            first.aptc_cents)
        months = [m if m.premium_cents else at_rates for m in months]
    return months


def tax_form_document(
    member: Member, year: int, months: list[TaxMonth], plan: Policy | None,
    settings: PortalSettings, *, issued: date,
) -> Document:
    issuer, contact = store.letterhead(settings)
    covered = [_(MONTHS[i]) for i, m in enumerate(months) if m.premium_cents]
    rows = [
        (_("Tax year"), str(year)),
        (_("Recipient"), f"{member.first_name} {member.last_name}"),
        (_("Member ID"), member.member_id),
        (_("Recipient's SSN"),
         f"XXX-XX-{member.ssn_last4}" if member.ssn_last4 else _("Not on file")),
        (_("Marketplace"), "Massachusetts Health Connector (MA)"),
        (_("Policy"), f"{plan.plan_name} ({plan.policy_id})" if plan else _("No health plan")),
        (_("Months covered"), _("{first} to {last} {year}").format(
            first=covered[0], last=covered[-1], year=year) if covered else _("None")),
        (_("Issued on"), long_date(issued)),
    ]
    total = TaxMonth(sum(m.premium_cents for m in months), sum(m.slcsp_cents for m in months),
                     sum(m.aptc_cents for m in months))
    table_rows = [
        (_(name), format_cents(m.premium_cents), format_cents(m.slcsp_cents),
         format_cents(m.aptc_cents))
        for name, m in zip(MONTHS, months, strict=True)
    ]
    table_rows.append((_("Annual totals"), format_cents(total.premium_cents),
                       format_cents(total.slcsp_cents), format_cents(total.aptc_cents)))
    return Document(
        issuer=issuer, contact=contact, title=tax_form_title(year), rows=tuple(rows),
        note=_("{form}. Keep it with your tax records: you need it to file your {year} federal "
               "tax return (Form 8962, Premium Tax Credit).").format(form=tax_form_name(),
                                                                     year=year),
        tables=(Table(_("Part III. Coverage household"), tuple(_(c) for c in COLUMNS),
                      tuple(table_rows), short_columns=tuple(_(c) for c in SHORT_COLUMNS)),),
        closing=(_("Figures are in US dollars. If something on this form is wrong, call Member "
                   "Services before you file."),),
    )


def make_tax_form(
    session: Session, settings: PortalSettings, member: Member, year: int, *, issued: date,
    now: datetime, enrolled_all_year: bool = False,
) -> str | None:
    """The member's Form 1095-A for ``year``, made once; None when it exists or the member had
    no covered month that year."""
    months = tax_months(session, member.member_id, year, enrolled_all_year=enrolled_all_year)
    if not any(m.premium_cents for m in months):
        return None
    policies = _health_policies(session, member.member_id)
    with speaking_to(session, member.member_id):
        document = tax_form_document(member, year, months, policies[0] if policies else None,
                                     settings, issued=issued)
        return store.make(session, member, kind="tax_form", subject=str(year), period=str(year),
                          document=document, now=now)


def run_tax_forms(settings: PortalSettings, ctx: JobContext) -> int:
    """On January 31: every member with a covered month in the year before gets the form."""
    if (ctx.day.month, ctx.day.day) != (1, 31):
        return 0
    year = ctx.day.year - 1
    with ctx.db.read() as session:
        member_ids = sorted(set(session.execute(
            select(Invoice.member_id).where(
                Invoice.policy_kind == "health", Invoice.status != "void",
                Invoice.coverage_month.startswith(f"{year}-"),
            )
        ).scalars()))
    made = 0
    for start in range(0, len(member_ids), 100):
        with ctx.db.write() as session:
            for member_id in member_ids[start:start + 100]:
                member = session.get(Member, member_id)
                if member is not None and make_tax_form(
                    session, settings, member, year, issued=ctx.day, now=ctx.now
                ):
                    made += 1
    return made
