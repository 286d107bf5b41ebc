"""What the agent console says, as plain text (no Textual): a member's one-screen view, a payment
found by reference with the portal's sentence for the caller, and what a support code tells.

Status is said in words with a mark (✓ ✗ ⚠ …), never by colour alone; everything is masked as
the portal sends it (email masked, phone, SSN and methods by last 4)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape

from hcpay.facts import words
from hcpay.facts.labels import method_label
from hcpay.flows.catalog import flow_named
from screens import fmt

if TYPE_CHECKING:
    from hcpay.api.models import (
        AgentMemberHit,
        AgentMemberView,
        AgentPayment,
        AgentPaymentLookup,
        SupportCodeLookup,
    )

INVOICE_STATUS = {"open": "open", "paid": "✓ paid", "past_due": "⚠ past due", "void": "- void"}
MEMBER_STATUS = {"active": "active", "pending_verification": "⚠ not verified yet",
                 "closed": "✗ closed"}


def hit_line(hit: AgentMemberHit) -> str:
    phone = f", phone …{hit.phone_last4}" if hit.phone_last4 else ""
    status = MEMBER_STATUS.get(hit.status, hit.status)
    return f"{hit.member_id}  {escape(hit.name)}  {hit.email_masked}{phone} ({status})"


def _method(payment: AgentPayment) -> str:
    return method_label(payment.method)  # "Visa ending 4242", as the member sees it


def payment_line(payment: AgentPayment) -> str:
    status = fmt.PAYMENT_STATUS.get(payment.status, payment.status)
    when = payment.scheduled_for or payment.created_at.date()
    return (f"{payment.reference}  {fmt.day(when)}  {fmt.money(payment.amount_cents)}  "
            f"{_method(payment)}  {status}")


def attempt_lines(payment: AgentPayment) -> list[str]:
    lines = []
    for attempt in payment.attempts:
        code = f" ({attempt.code})" if attempt.code else ""
        mark = ("✓" if attempt.outcome in ("approved", "succeeded", "settled")
                else "✗" if attempt.outcome in ("failed", "declined", "returned") else "•")
        lines.append(f"    {mark} {attempt.kind}: {attempt.outcome}{code}, "
                     f"{attempt.created_at:%b %d %H:%M} UTC")
    return lines


def member_text(view: AgentMemberView) -> str:
    lines = [
        f"[b]{escape(view.name)}[/b]  {view.member_id}  member since {view.member_since}",
        f"Email {view.email_masked}   Phone …{view.phone_last4 or '—'}   "
        f"SSN …{view.ssn_last4 or '—'}",
        f"Account: {MEMBER_STATUS.get(view.status, view.status)}"
        f"{'   ⚠ locked after wrong passwords' if view.locked else ''}"
        f"   Two-step sign-in: {'✓ on' if view.two_step_enabled else 'off'}"
        f"{'   Subsidized' if view.subsidized else ''}",
        "",
        "[b]Balance and coverage[/b]",
    ]
    if not view.billing_available or view.balance_due_cents is None:
        lines.append("Billing figures are not available from this portal.")
    else:
        lines.append(
            f"Owes {fmt.money(view.balance_due_cents)}"
            f" (past due {fmt.money(view.past_due_cents or 0)},"
            f" credit {fmt.money(view.credit_cents or 0)})"
        )
    status = view.coverage_status or "unknown"
    lines.append("Coverage: " + fmt.COVERAGE_STATUS.get(status, status))
    if view.grace is not None:
        ends = f", ends {fmt.day(view.grace.ends_on)}" if view.grace.ends_on else ""
        lines.append(f"  grace month {view.grace.month} of {view.grace.of}{ends}")
    lines += ["", "[b]Payment methods[/b]"]
    if not view.payment_methods:
        lines.append("None saved.")
    for method in view.payment_methods:
        default = "  (default)" if method.is_default else ""
        lines.append(f"• {escape(method.label)}{default}")
    lines += ["", "[b]Automatic payments[/b]"]
    autopay = view.autopay
    if autopay is None:
        lines.append("Off.")
    elif not autopay.enabled and autopay.paused_until is not None:
        lines.append(f"‖ {words.paused_words(autopay.paused_until, words.long_day)}: nothing "
                     "is drawn before then.")
    elif not autopay.enabled:  # set up but drawing nothing: not the same as off
        lines.append("‖ Paused: nothing is drawn until the member resumes it.")
    else:
        amount = ("full balance" if autopay.amount.type == "full_balance"
                  else fmt.money(autopay.amount.amount_cents or 0))
        draw = f", next draw {fmt.day(autopay.next_draw_date)}" if autopay.next_draw_date else ""
        lines.append(f"✓ On: {amount}, {autopay.frequency}{draw}")
    lines += ["", "[b]Invoices[/b] (newest first)"]
    if not view.invoices:
        lines.append("None.")
    for invoice in view.invoices[:8]:
        status = INVOICE_STATUS.get(invoice.status, invoice.status)
        lines.append(
            f"{invoice.invoice_id}  {invoice.coverage_month} {invoice.policy}  "
            f"{fmt.money(invoice.amount_cents)}  due {fmt.day(invoice.due_date)}  {status}"
        )
    lines += ["", "[b]Payments[/b] (newest first, with each try at the processor)"]
    if not view.payments:
        lines.append("None.")
    for payment in view.payments[:10]:
        lines.append(payment_line(payment))
        lines += attempt_lines(payment)
    lines += money_action_lines(view)
    lines += ["", "[b]Notes[/b]"]
    if not view.notes:
        lines.append("No notes yet. Press n to add one.")
    for note in view.notes:
        lines.append(f"• {note.created_at:%b %d %H:%M} {escape(note.agent_name)}: "
                     f"{escape(note.text)}")
    return "\n".join(lines)


ACTION_STATUS = {"succeeded": "✓ done", "pending": "… on its way", "failed": "✗ refused"}
ACTION_KIND = {"refund": "refund", "credit": "credit", "fee_waiver": "fee waiver",
               "pay_link": "pay code"}


def money_action_lines(view: AgentMemberView) -> list[str]:
    lines = ["", "[b]Refunds and credits[/b] (newest first; f refunds, c credits, w waives)"]
    if not view.money_actions:
        lines.append("None.")
    for action in view.money_actions[:10]:
        of = f" of {action.payment_reference}" if action.payment_reference else ""
        lines.append(
            f"{action.reference}  {fmt.day(action.created_at)}  "
            f"{ACTION_KIND.get(action.kind, action.kind)}"
            f"{'' if action.kind == 'pay_link' else ' ' + fmt.money(action.amount_cents)}{of}  "
            f"{ACTION_STATUS.get(action.status, action.status)}: {escape(action.reason)}"
        )
    return lines


def payment_text(found: AgentPaymentLookup) -> str:
    payment = found.payment
    lines = [
        f"[b]Payment {payment.reference}[/b]",
        payment_line(payment),
        "",
        f"Tell the caller: {payment.explanation}",
    ]
    if payment.applied_to_invoices:
        lines.append("Applied to: " + ", ".join(payment.applied_to_invoices))
    if payment.attempts:
        lines.append("Tries at the processor:")
        lines += attempt_lines(payment)
    lines += ["", f"Member: {hit_line(found.member)}", "Enter on the member opens their account."]
    return "\n".join(lines)


def support_code_text(found: SupportCodeLookup) -> str:
    where = escape(found.screen)
    flow = flow_named(found.screen)
    if flow is not None:
        where = flow.title
        if found.step is not None and 1 <= found.step <= flow.total:
            where += f", {flow.heading(found.step)}"
    elif found.step is not None:
        where += f", step {found.step}"
    error = escape(found.last_error_code or "none")
    lines = [
        f"[b]Support code {found.code}[/b] (made {found.created_at:%H:%M} UTC, "
        f"works until {found.expires_at:%H:%M} UTC)",
        f"The member is on: {where}",
        f"Last error they saw: {error}",
    ]
    if flow is not None:
        lines.append("F2 shows the numbered steps of this flow as the member sees them.")
    lines += ["", f"Member: {hit_line(found.member)}", "Enter on the member opens their account."]
    return "\n".join(lines)
