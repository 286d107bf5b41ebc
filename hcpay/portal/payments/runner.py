"""Charging payments from jobs: claim pending work, charge outside any transaction, record
the outcomes in batches. A payment left ``pending`` by a crash is resumed with the same
processor key, so it is charged once."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update

from hcpay.gateway.processor import ChargeRequest, ChargeResult, GatewayError, charge_all
from hcpay.portal.context import Portal
from hcpay.portal.jobs import JobContext
from hcpay.portal.models import Payment
from hcpay.portal.payments import bulk_outcomes, engine
from hcpay.portal.services import audit

log = logging.getLogger("hcpay.portal.payments")

BATCH = 200
CHUNK = 2_000  # payments a statement (IN lists, executemany) and a write transaction


@dataclass(frozen=True)
class PendingCharge:
    id: int
    reference: str
    token: str
    amount_cents: int
STALE_AFTER = timedelta(minutes=2)


def charge_all_pending(
    portal: Portal, payments: Sequence[PendingCharge], ctx: JobContext
) -> list[tuple[int, ChargeResult]]:
    """Step 2 for many payments (through the processor's batch call when it has one); a
    payment the processor could not be reached for stays pending and is resumed later."""
    answers = charge_all(portal.gateway, [
        ChargeRequest(p.token, p.amount_cents, f"hcpay-{p.reference}") for p in payments
    ])
    results: list[tuple[int, ChargeResult]] = []
    for payment, answer in zip(payments, answers, strict=True):
        if isinstance(answer, GatewayError):
            if answer.code not in engine.FINAL_GATEWAY_CODES:
                log.warning("processor unavailable for payment %s; will retry",
                            payment.reference)
                continue
            answer = ChargeResult("failed", None, answer.code, None, answer.message)
        results.append((payment.id, answer))
    return results


def charge_and_record(
    portal: Portal, payment_ids: Sequence[int], ctx: JobContext, *, source: str = "scheduled"
) -> int:
    """Charge each pending payment, then record all outcomes in one write transaction."""
    if not payment_ids:
        return 0
    payments: list[PendingCharge] = []
    with ctx.db.read() as session:
        for start in range(0, len(payment_ids), CHUNK):
            payments.extend(
                PendingCharge(row.id, row.reference, row.token, row.amount_cents)
                for row in session.execute(
                    select(Payment.id, Payment.reference, Payment.token, Payment.amount_cents)
                    .where(Payment.id.in_(payment_ids[start : start + CHUNK]),
                           Payment.status == "pending", Payment.token.is_not(None))
                    .order_by(Payment.id)
                )
            )
    results = charge_all_pending(portal, payments, ctx)
    record_and_audit(portal, payments, results, ctx, source=source)
    return len(results)


def record_and_audit(
    portal: Portal, payments: Sequence[PendingCharge], results: Sequence[tuple[int, ChargeResult]],
    ctx: JobContext, *, source: str,
) -> None:
    """``record_all``, then an audit line for each charge: no request carries the job
    runner's charges, so nothing else audits them (the reference names the member)."""
    recorded = record_all(portal, results, ctx)
    for payment in payments:
        if (outcome := recorded.get(payment.id)) is not None:
            audit.event(
                "payment_declined" if outcome.status == "failed" else "payment_made", None,
                source=source, reference=payment.reference, status=outcome.status,
                amount_cents=payment.amount_cents, code=outcome.decline_code or outcome.code,
            )


def record_all(
    portal: Portal, results: Sequence[tuple[int, ChargeResult]], ctx: JobContext
) -> dict[int, bulk_outcomes.Recorded]:
    """Step 3 for many payments, a chunk a write transaction (short enough that requests
    waiting to write on SQLite are not held up for long)."""
    recorded: dict[int, bulk_outcomes.Recorded] = {}
    for start in range(0, len(results), CHUNK):
        with ctx.db.write() as session:
            recorded.update(bulk_outcomes.record_outcomes(
                session, results[start : start + CHUNK], portal.settings, now=ctx.now,
                today=ctx.day,
            ))
    return recorded


def run_scheduled(portal: Portal, ctx: JobContext) -> int:
    """Scheduled payments (and plan installments) that fall due today start processing."""
    done = 0
    while True:
        with ctx.db.write() as session:
            ids = list(
                session.execute(
                    select(Payment.id)
                    .where(Payment.status == "scheduled", Payment.scheduled_for <= ctx.day)
                    .order_by(Payment.id)
                    .limit(BATCH)
                    .with_for_update(skip_locked=True)
                ).scalars()
            )
            if ids:
                session.execute(
                    update(Payment)
                    .where(Payment.id.in_(ids), Payment.status == "scheduled")
                    .values(status="pending", charge_started_at=ctx.now)
                )
        done += charge_and_record(portal, ids, ctx)
        if len(ids) < BATCH:
            break
    return done + resume_stale(portal, ctx) + resume_refunds(portal, ctx)


def resume_stale(portal: Portal, ctx: JobContext) -> int:
    """Payments left pending (a crash between charge and record) are finished here."""
    threshold = portal.clock.now() - STALE_AFTER
    with ctx.db.write() as session:
        ids = list(
            session.execute(
                select(Payment.id)
                .where(Payment.status == "pending", Payment.charge_started_at < threshold)
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            ).scalars()
        )
        if ids:
            session.execute(
                update(Payment).where(Payment.id.in_(ids)).values(
                    charge_started_at=portal.clock.now()
                )
            )
    return charge_and_record(portal, ids, ctx)


def resume_refunds(portal: Portal, ctx: JobContext) -> int:
    """Agents' refunds left held by a crash are finished (refunded once: same processor key)."""
    from hcpay.portal.services import money_actions

    with ctx.db.read() as session:
        held = money_actions.unfinished_refunds(session, portal.clock.now() - STALE_AFTER)
    return sum(
        money_actions.finish_refund(ctx.db, portal.gateway, reserved, now=ctx.now)
        for reserved in held
    )


def run_settlements(portal: Portal, ctx: JobContext) -> int:
    """Bank payments whose settlement day has come: settled, or returned (reopens bills)."""
    with ctx.db.read() as session:
        rows = session.execute(
            select(Payment.id, Payment.processor_ref)
            .where(
                Payment.status == "processing", Payment.expected_settlement_date <= ctx.day
            )
            .order_by(Payment.id)
        ).all()
    outcomes = []
    for payment_id, processor_ref in rows:
        if processor_ref is None:
            continue
        try:
            outcomes.append((payment_id, portal.gateway.settle(processor_ref)))
        except GatewayError as exc:  # tried again at the next run
            log.warning("settlement of payment %d failed: %s", payment_id, exc.code)
    done = 0
    for start in range(0, len(outcomes), BATCH):
        with ctx.db.write() as session:
            for payment_id, result in outcomes[start : start + BATCH]:
                if result.status == "settled":
                    done += engine.record_settled(session, payment_id, now=ctx.now, today=ctx.day)
                else:
                    done += engine.record_return(
                        session, payment_id, result.return_code or "R00", result.message,
                        portal.settings, now=ctx.now, today=ctx.day,
                    )
    return done
