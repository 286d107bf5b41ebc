"""Charging payments from jobs: claim pending work, charge outside any transaction, record
the outcomes in batches. A payment left ``pending`` by a crash is resumed with the same
processor key, so it is charged once."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import select, update

from hcpay.gateway.processor import ChargeResult, GatewayError, Processor
from hcpay.portal.context import Portal
from hcpay.portal.jobs import JobContext
from hcpay.portal.models import Payment
from hcpay.portal.payments import engine

log = logging.getLogger("hcpay.portal.payments")

BATCH = 200
STALE_AFTER = timedelta(minutes=2)


def charge_and_record(portal: Portal, payment_ids: Sequence[int], ctx: JobContext) -> int:
    """Charge each pending payment, then record all outcomes in one write transaction."""
    if not payment_ids:
        return 0
    with ctx.db.read() as session:
        payments = list(
            session.execute(select(Payment).where(Payment.id.in_(payment_ids))).scalars()
        )
        for payment in payments:
            session.expunge(payment)
    processor: Processor = portal.gateway
    results: list[tuple[int, ChargeResult]] = []
    for payment in payments:
        if payment.status != "pending":
            continue
        try:
            results.append((payment.id, engine.charge(processor, payment)))
        except engine.ProcessorUnavailable:
            log.warning("processor unavailable for payment %s; will retry", payment.reference)
    with ctx.db.write() as session:
        for payment_id, result in results:
            engine.record_outcome(
                session, payment_id, result, portal.settings, now=ctx.now, today=ctx.day
            )
    return len(results)


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
    return done + resume_stale(portal, ctx)


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
