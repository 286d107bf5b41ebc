"""POST /me/payments, idempotent as the contract says.

The UNIQUE (member, key) idempotency row is inserted in the same transaction as the pending
payment, before the processor is called. A second request with the key either replays the
stored answer, gets 409 while the first is still running, or (after a crash: the lease ran
out) resumes the same payment, whose processor key makes the charge happen once.

Payments charged now by requests that arrive together share each step's write transaction
(``group_commit``): on SQLite one writer runs at a time, and a transaction's fixed cost is most
of a payment's. Each request still gets the answer it would have got alone."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from pydantic import BaseModel, Field
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hcpay.domain.i18n import _
from hcpay.domain.references import payment_reference
from hcpay.gateway.processor import (
    ChargeRequest,
    ChargeResult,
    GatewayError,
    Processor,
    charge_all,
)
from hcpay.portal.context import Portal
from hcpay.portal.models import (
    IdempotencyRecord,
    Invoice,
    Payment,
    PaymentMethod,
)
from hcpay.portal.models.base import table_of
from hcpay.portal.payments import bulk_outcomes, engine, together
from hcpay.portal.payments.engine import ProcessorUnavailable
from hcpay.portal.payments.views import payment_view
from hcpay.portal.problems import Problem, field_errors
from hcpay.portal.routes.fields import Cents, Day
from hcpay.portal.services import guest_access, signed_in

LEASE = timedelta(seconds=15)


class PaymentIn(BaseModel):
    amount_cents: Cents
    payment_method_id: str | None = Field(default=None, max_length=64)
    token: str | None = Field(default=None, max_length=128)
    scheduled_for: Day | None = None
    invoice_ids: list[str] | None = Field(default=None, max_length=50)
    # the member saw that a payment of this amount from this method went out in the last 24
    # hours, and pays again on purpose (portal-api.md v1.1, "possible_duplicate")
    allow_duplicate: bool = False


@dataclass(frozen=True)
class Answer:
    status_code: int
    body: dict[str, Any]


@dataclass(frozen=True)
class Method:
    kind: str
    brand: str | None
    last4: str
    token: str
    payment_method_id: str | None


def request_hash(body: PaymentIn) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def declined_body(payment: Payment) -> dict[str, Any]:
    code = payment.code or "processing_error"
    body: dict[str, Any] = {
        "type": f"https://hcpay.example/problems/{code}",
        "title": _("Payment declined"),
        "status": 402,
        # The processor's words say why and what to do; they are said once, not twice.
        "detail": (f"{payment.failure_message} Nothing was charged." if payment.failure_message
                   else _("The payment did not go through. Nothing was charged; try another "
                   "card or bank account.")),
        "code": code,
        "reference": payment.reference,
    }
    if payment.decline_code:
        body["decline_code"] = payment.decline_code
    return body


def answer_for(payment: Payment) -> Answer:
    if payment.status == "failed":
        return Answer(402, declined_body(payment))
    return Answer(201, payment_view(payment))


@dataclass(frozen=True)
class _Facts:
    """All a new payment needs to know before its write transaction, read in one."""

    record: IdempotencyRecord | None
    limit_cents: int  # the most a payment may be now (``together.limit_from``)
    open_named: frozenset[str]
    saved: _SavedMethod | None


def _facts_statement() -> Any:
    """One statement for all a new payment reads: whether the key was used, the amount limit's
    parts (balance, credit, premium, coverage) and the saved method."""
    idem = IdempotencyRecord
    m = table_of(PaymentMethod).c
    member: Any = bindparam("member_id")
    method: Any = bindparam("method_id")

    def method_column(column: Any) -> Any:
        return select(column).where(m.payment_method_id == method).scalar_subquery()

    return select(
        select(idem.id).where(idem.member_id == member, idem.key == bindparam("key"))
        .scalar_subquery().label("record_id"),
        *together.limit_columns(member),
        method_column(m.payment_method_id).label("method_id"),
        method_column(m.member_id).label("method_member"),
        method_column(m.deleted_at.is_not(None)).label("method_deleted"),
        method_column(m.kind).label("method_kind"),
        method_column(m.brand).label("method_brand"),
        method_column(m.last4).label("method_last4"),
        method_column(m.token).label("method_token"),
    )


_FACTS = _facts_statement()
_RECORD = select(IdempotencyRecord).where(IdempotencyRecord.id == bindparam("record_id"))
_NAMED_OPEN = select(Invoice.invoice_id).where(
    Invoice.member_id == bindparam("member_id"), Invoice.status == "open",
    Invoice.invoice_id.in_(bindparam("invoice_ids", expanding=True)),
)


def _read_facts(
    portal: Portal, session: Session, member_id: str, key: str, body: PaymentIn, today: date
) -> _Facts:
    row = session.connection().execute(_FACTS, {
        "member_id": member_id, "key": key, "method_id": body.payment_method_id or "",
    }).one()
    if row.record_id is not None:
        record = session.execute(_RECORD, {"record_id": row.record_id}).scalar_one()
        session.expunge(record)
        return _Facts(record, 0, frozenset(), None)
    named: frozenset[str] = frozenset()
    if body.invoice_ids:
        named = frozenset(session.connection().execute(_NAMED_OPEN, {
            "member_id": member_id, "invoice_ids": body.invoice_ids,
        }).scalars())
    saved = None
    if body.payment_method_id is not None and row.method_id is not None:
        saved = _SavedMethod(row.method_id, row.method_member, bool(row.method_deleted),
                             row.method_kind, row.method_brand, row.method_last4,
                             row.method_token)
    return _Facts(None, together.limit_from(portal, session, member_id, row, today), named,
                  saved)


@dataclass(frozen=True)
class _SavedMethod:
    payment_method_id: str
    member_id: str
    deleted: bool
    kind: str
    brand: str | None
    last4: str
    token: str


def _resolve_method(
    processor: Processor, member_id: str, body: PaymentIn, facts: _Facts, session: Session,
    *, guest: bool = False,
) -> Method:
    if (body.payment_method_id is None) == (body.token is None):
        raise field_errors(
            [("payment_method_id", _("Send either payment_method_id (a saved method) or token."))]
        )
    if body.payment_method_id is not None:
        saved = facts.saved
        if saved is None or saved.member_id != member_id or saved.deleted:
            raise field_errors(
                [("payment_method_id", _("That payment method is not on your account."))]
            )
        return Method(saved.kind, saved.brand, saved.last4, saved.token,
                      saved.payment_method_id)
    assert body.token is not None
    info = processor.token_info(body.token)
    if info is None:
        raise Problem(
            422, "token_unknown",
            _("That card or bank token is not known. Enter the card or account again."),
            errors=[{"field": "token", "message": _("Enter the card or account again.")}],
        )
    if info.reusable and guest:
        raise field_errors([("token", _("Enter a new card or bank account: a payment without "
                                        "signing in never uses a saved one."))])
    if info.reusable:
        saved_id = session.execute(
            select(PaymentMethod.payment_method_id).where(
                PaymentMethod.member_id == member_id, PaymentMethod.token == body.token,
                PaymentMethod.deleted_at.is_(None),
            )
        ).scalar_one_or_none()
        if saved_id is None:
            raise field_errors([("token", _("Use payment_method_id for a saved method."))])
    return Method(info.kind, info.brand, info.last4, body.token, None)


def _validate(portal: Portal, body: PaymentIn, facts: _Facts, today: date) -> None:
    errors: list[tuple[str, str]] = []
    if body.amount_cents <= 0:
        errors.append(("amount_cents", _("Enter an amount more than $0.00.")))
    if body.scheduled_for is not None:
        if body.scheduled_for < today:
            errors.append(("scheduled_for", _("Choose today or a later date.")))
        elif body.scheduled_for > today + timedelta(days=portal.settings.scheduled_max_days):
            errors.append(
                ("scheduled_for",
                 _("Choose a date within {scheduled_max_days} days.").format(
                     scheduled_max_days=portal.settings.scheduled_max_days))
            )
    too_high = body.amount_cents > 0 and facts.limit_cents < body.amount_cents
    if too_high:
        errors.append(together.too_high(facts.limit_cents))
    if body.invoice_ids and facts.open_named != set(body.invoice_ids):
        errors.append(("invoice_ids", _("Choose open bills on your account.")))
    if errors:
        raise _amount_too_high(errors) if too_high and len(errors) == 1 else field_errors(errors)


def _amount_too_high(errors: Sequence[tuple[str, str]]) -> Problem:
    problem = field_errors(errors)
    problem.code = "amount_too_high"
    return problem


def _stored(record: IdempotencyRecord) -> Answer:
    assert record.status_code is not None and record.response_body is not None
    return Answer(record.status_code, json.loads(record.response_body))


def _release_leases(portal: Portal, record_ids: Sequence[int | None]) -> None:
    """Nothing was charged (the processor could not be reached): a retry with the same key may
    resume the payment at once, not after the lease runs out."""
    with portal.db.write() as session:
        session.execute(
            update(IdempotencyRecord)
            .where(IdempotencyRecord.id.in_([i for i in record_ids if i is not None]),
                   IdempotencyRecord.status_code.is_(None))
            .values(locked_until=portal.clock.now())
        )


def _take_lease(portal: Portal, record_id: int) -> bool:
    now = portal.clock.now()
    with portal.db.write() as session:
        result = session.execute(
            update(IdempotencyRecord)
            .where(
                IdempotencyRecord.id == record_id, IdempotencyRecord.status_code.is_(None),
                IdempotencyRecord.locked_until < now,
            )
            .values(locked_until=now + LEASE)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


_KEEP_ANSWER = (
    update(table_of(IdempotencyRecord))
    .where(IdempotencyRecord.id == bindparam("b_id"), IdempotencyRecord.status_code.is_(None))
    .values(status_code=bindparam("b_status"), response_body=bindparam("b_body"))
)
_KEPT_ANSWER = select(IdempotencyRecord.status_code, IdempotencyRecord.response_body).where(
    IdempotencyRecord.id == bindparam("b_id")
)


def _store_answer(session: Session, record_id: int, answer: Answer) -> Answer:
    """Keep the answer on the idempotency row, unless a concurrent request kept one first
    (then that one is the answer, for both)."""
    conn = session.connection()
    kept = conn.execute(_KEEP_ANSWER, {"b_id": record_id, "b_status": answer.status_code,
                                       "b_body": json.dumps(answer.body)})
    if kept.rowcount:
        return answer
    first = conn.execute(_KEPT_ANSWER, {"b_id": record_id}).one()
    return Answer(first.status_code, json.loads(first.response_body))


def _store_answers(session: Session, answers: Sequence[tuple[int, Answer]]) -> list[Answer]:
    """``_store_answer`` for many (one statement, and a second only if a concurrent request
    kept an answer first for one of them)."""
    conn = session.connection()
    kept = conn.execute(_KEEP_ANSWER, [
        {"b_id": record_id, "b_status": answer.status_code, "b_body": json.dumps(answer.body)}
        for record_id, answer in answers
    ])
    if kept.rowcount == len(answers):
        return [answer for _unused, answer in answers]
    return [_store_answer(session, record_id, answer) for record_id, answer in answers]


def _apply(payment: Payment, recorded: bulk_outcomes.Recorded) -> None:
    payment.status = recorded.status
    payment.expected_settlement_date = recorded.expected_settlement_date
    payment.code, payment.decline_code = recorded.code, recorded.decline_code
    payment.failure_message = recorded.failure_message


def _record_and_answer(
    portal: Portal, payment: Payment, result: ChargeResult, record_id: int | None
) -> Answer:
    """Step 3: record the outcome (once) and the answer, in one write transaction."""
    now, today = portal.clock.now(), portal.clock.today()
    with portal.db.write() as session:
        recorded = bulk_outcomes.record_outcomes(
            session, [(payment.id, result)], portal.settings, now=now, today=today
        )[payment.id]
        _apply(payment, recorded)
        answer = answer_for(payment)
        return answer if record_id is None else _store_answer(session, record_id, answer)


def finish(
    portal: Portal, processor: Processor, payment_id: int, record_id: int | None
) -> Answer:
    """Steps 2 and 3 for a payment left pending (a retry after a crash or a timeout)."""
    with portal.db.read() as session:
        payment = session.get(Payment, payment_id)
        assert payment is not None
        session.expunge(payment)
    if payment.status == "pending":
        return _record_and_answer(portal, payment, engine.charge(processor, payment), record_id)
    answer = answer_for(payment)
    if record_id is None:
        return answer
    with portal.db.write() as session:
        return _store_answer(session, record_id, answer)


def _replay_or_resume(
    portal: Portal, processor: Processor, record: IdempotencyRecord, digest: str
) -> Answer:
    if record.request_hash != digest:
        raise Problem(
            422, "idempotency_key_reused",
            _("This Idempotency-Key was already used for a different payment. Use a new "
            "key for a new payment."),
        )
    if record.status_code is not None:
        return _stored(record)
    if record.payment_id is None or not _take_lease(portal, record.id):
        raise Problem(
            409, "idempotency_key_in_use",
            _("This payment is still being processed. Wait a moment and send the same "
            "request again to see how it ended."),
            headers={"Retry-After": "1"},
        )
    return finish(portal, processor, record.payment_id, record.id)


@dataclass(frozen=True)
class PaymentRequest:
    """One POST /me/payments (or, with ``guest``, one POST /guest/payments: the Authorization
    header carries a guest token): its Authorization header, Idempotency-Key and body, and the
    processor to charge."""

    authorization: str
    key: str
    body: PaymentIn
    processor: Processor
    guest: bool = False


async def create_payment(portal: Portal, request: PaymentRequest) -> Answer:
    """The payment's answer. The work is done in a worker thread, for this request and every
    other one made at the same moment together (``make_payments``): no thread of its own."""
    return cast(Answer, await portal.new_charges.submit(
        request, lambda batch: make_payments(portal, batch)
    ))


def make_payments(
    portal: Portal, requests: Sequence[PaymentRequest]
) -> list[Answer | Exception]:
    """Each request's answer, or the exception (a ``Problem``) it ends with. The reads of every
    request (sign-in, key, limits, method) share one read transaction; the new payments then
    share their three write transactions (``_charge_new``). A request whose key a concurrent
    request took first goes round again (with a fresh read), and answers as that one did."""
    out: list[Answer | Exception] = [_key_in_use() for _unused in requests]
    todo = list(range(len(requests)))
    for _unused in range(5):
        new: dict[int, _NewCharge] = {}
        with portal.db.read() as session:
            sign_ins = _read_sign_ins(session, [requests[index] for index in todo])
            for index in todo:
                try:
                    ready = _prepare(portal, session, requests[index], sign_ins)
                except Exception as exc:  # this request's own refusal, not the batch's
                    out[index] = exc
                    continue
                if isinstance(ready, Answer):
                    out[index] = ready
                else:
                    new[index] = ready
        if not new:
            break
        todo = []
        for index, charged in zip(new, _charge_new(portal, list(new.values())), strict=True):
            if charged is KEY_TAKEN:
                todo.append(index)
            else:
                out[index] = cast(Answer | Exception, charged)
        if not todo:
            break
    return out


def _key_in_use() -> Problem:
    return Problem(
        409, "idempotency_key_in_use",
        _("This payment is still being processed. Send the same request again in a moment."),
    )


def _read_sign_ins(session: Session, requests: Sequence[PaymentRequest]) -> dict[str, Any]:
    """The sign-in rows of every request's token, in one statement."""
    hashes = set()
    for request in requests:
        if request.guest:
            continue
        with suppress(Problem):  # no bearer token at all: _prepare says so
            hashes.add(signed_in.token_hash_of(request.authorization))
    return signed_in.read_many(session, hashes)


def _prepare(
    portal: Portal, session: Session, request: PaymentRequest, sign_ins: dict[str, Any]
) -> Answer | _NewCharge:
    """The answer when there is one already (a replay or a resumed payment), else the new
    payment to store (and charge now, unless it is scheduled)."""
    processor, key, body = request.processor, request.key, request.body
    member_id: str
    if request.guest:
        member_id = guest_access.guest_of(session, portal, request.authorization).member_id
    else:
        token_hash = signed_in.token_hash_of(request.authorization)
        member_id = signed_in.check(portal, sign_ins.get(token_hash)).member_id
    digest = request_hash(body)
    today, now = portal.clock.today(), portal.clock.now()
    facts = _read_facts(portal, session, member_id, key, body, today)
    if facts.record is not None:
        try:
            return _replay_or_resume(portal, processor, facts.record, digest)
        except ProcessorUnavailable:
            _release_leases(portal, [facts.record.id])
            raise
    _validate(portal, body, facts, today)
    method = _resolve_method(processor, member_id, body, facts, session, guest=request.guest)
    scheduled = body.scheduled_for is not None and body.scheduled_for > today
    payment = Payment(
        reference=payment_reference(), member_id=member_id,
        source="guest" if request.guest else "member",
        status="scheduled" if scheduled else "pending",
        amount_cents=body.amount_cents, payment_method_id=method.payment_method_id,
        token=method.token, method_kind=method.kind, method_brand=method.brand,
        method_last4=method.last4,
        invoice_ids=json.dumps(body.invoice_ids) if body.invoice_ids else None,
        created_at=now, scheduled_for=body.scheduled_for if scheduled else None,
        charge_started_at=None if scheduled else now,
    )
    record: dict[str, Any] = {
        "member_id": member_id, "key": key, "request_hash": digest, "created_at": now,
        "locked_until": now + LEASE, "status_code": None, "response_body": None,
    }
    if not scheduled:
        return _NewCharge(payment, record, processor, None, body.allow_duplicate)
    answer = answer_for(payment)  # nothing to wait for: kept with the key as it is stored
    record.update(status_code=answer.status_code, response_body=json.dumps(answer.body))
    return _NewCharge(payment, record, processor, answer, body.allow_duplicate)


@dataclass(frozen=True)
class _NewCharge:
    """A new payment (not yet stored) and its idempotency row."""

    payment: Payment
    record: dict[str, Any]
    processor: Processor
    scheduled: Answer | None  # a scheduled payment's answer: stored, not charged now
    allow_duplicate: bool


class _KeyTaken:
    """Step 1 found the payment's key (or reference) taken by a concurrent request."""


KEY_TAKEN = _KeyTaken()


def _check_together(
    portal: Portal, session: Session, batch: Sequence[_NewCharge]
) -> list[Problem | _KeyTaken | None]:
    """The cap and the duplicate guard for each new payment (``together``), with every
    payment of its member stored so far, in this batch before it, or by a batch that held the
    members' locks before this one (in this process or another): its refusal, KEY_TAKEN (a
    concurrent request with its key came first: it answers as that one does), or None."""
    members = [new.payment.member_id for new in batch]
    together.lock_members(session, members)
    today, now = portal.clock.today(), portal.clock.now()
    room = together.limits_now(portal, session, members, today)
    guarded = [new.payment.member_id for new in batch if not new.allow_duplicate]
    recent = together.recent_payments(session, guarded, now=now) if guarded else {}
    keys: set[tuple[str, str]] = set()
    out: list[Problem | _KeyTaken | None] = []
    for new in batch:
        payment = new.payment
        member_id, key = payment.member_id, new.record["key"]
        if (member_id, key) in keys:
            out.append(KEY_TAKEN)
            continue
        refusal: Problem | None = None
        earlier = None if new.allow_duplicate else next((
            e for e in recent.get(member_id, [])
            if e.same(payment.amount_cents, payment.method_kind, payment.method_brand,
                      payment.method_last4)), None)
        if earlier is not None:
            refusal = together.possible_duplicate(portal, earlier)
        elif payment.amount_cents > room.get(member_id, 0):
            refusal = _amount_too_high([together.too_high(room.get(member_id, 0))])
        if refusal is not None:
            out.append(KEY_TAKEN if _key_stored(session, member_id, key) else refusal)
            continue
        keys.add((member_id, key))
        room[member_id] = room.get(member_id, 0) - payment.amount_cents
        recent.setdefault(member_id, []).insert(0, together.Earlier(
            payment.amount_cents, payment.method_kind, payment.method_brand,
            payment.method_last4, payment.reference, payment.created_at))
        out.append(None)
    return out


def _key_stored(session: Session, member_id: str, key: str) -> bool:
    return session.execute(
        select(IdempotencyRecord.id).where(IdempotencyRecord.member_id == member_id,
                                           IdempotencyRecord.key == key)
    ).first() is not None


def _insert_checked(
    portal: Portal, session: Session, batch: Sequence[_NewCharge]
) -> list[int | Problem | None]:
    """Step 1 for the payments ``_check_together`` lets through; for the others, their
    refusal (or None: the key was taken)."""
    checked = _check_together(portal, session, batch)
    passed = [new for new, check in zip(batch, checked, strict=True) if check is None]
    ids = iter(_insert_all(session, passed) if passed else [])
    return [next(ids) if check is None else check if isinstance(check, Problem) else None
            for check in checked]


def _insert_all(session: Session, batch: Sequence[_NewCharge]) -> list[int]:
    """The payments, then their idempotency rows (two statements for the whole batch); the
    rows' ids, in the batch's order."""
    conn = session.connection()
    payment_ids = conn.execute(_INSERT_PAYMENTS, [
        {column.key: _column_value(new.payment, column) for column in _NEW_PAYMENT_COLUMNS}
        for new in batch
    ]).scalars().all()
    for new, payment_id in zip(batch, payment_ids, strict=True):
        new.payment.id = payment_id
    return list(conn.execute(_INSERT_RECORDS, [
        {**new.record, "payment_id": new.payment.id} for new in batch
    ]).scalars())


def _insert_new(portal: Portal, batch: Sequence[_NewCharge]) -> list[int | Problem | None]:
    """Step 1 for each payment: its idempotency row's id, its refusal (``_check_together``),
    or None where the key was taken. All in one write transaction; if one of them collides,
    each in its own."""
    try:
        with portal.db.write() as session:
            return _insert_checked(portal, session, batch)
    except IntegrityError:
        if len(batch) == 1:
            return [None]
    record_ids: list[int | Problem | None] = []
    for new in batch:
        try:
            with portal.db.write() as session:
                record_ids.extend(_insert_checked(portal, session, [new]))
        except IntegrityError:
            record_ids.append(None)
    return record_ids


def _charge_new(
    portal: Portal, batch: Sequence[_NewCharge]
) -> list[Answer | _KeyTaken | BaseException]:
    """Steps 1-3 for the new payments of requests that arrived together (scheduled ones: step 1
    only): one write transaction for all their step 1s, the processor's batch call, one write
    transaction for all their outcomes. Each payment's answer is what it would have been alone."""
    out: list[Answer | _KeyTaken | BaseException] = [KEY_TAKEN] * len(batch)
    stored = _insert_new(portal, batch)
    record_ids = [None if isinstance(s, Problem) else s for s in stored]
    results: dict[int, ChargeResult] = {}
    by_processor: dict[int, list[int]] = {}
    for index, record_id in enumerate(record_ids):
        scheduled = batch[index].scheduled
        refusal = stored[index]
        if isinstance(refusal, Problem):
            out[index] = refusal
        elif record_id is not None and scheduled is not None:
            out[index] = scheduled
        elif record_id is not None:
            by_processor.setdefault(id(batch[index].processor), []).append(index)
    for indexes in by_processor.values():
        answers = charge_all(batch[indexes[0]].processor, [
            ChargeRequest(batch[i].payment.token or "", batch[i].payment.amount_cents,
                          batch[i].payment.processor_key)
            for i in indexes
        ])
        for index, charged in zip(indexes, answers, strict=True):
            if isinstance(charged, GatewayError):
                if charged.code not in engine.FINAL_GATEWAY_CODES:
                    out[index] = ProcessorUnavailable(charged.code)
                    continue
                charged = ChargeResult("failed", None, charged.code, None, charged.message)
            results[index] = charged
    unavailable = [record_ids[i] for i, o in enumerate(out) if isinstance(o, ProcessorUnavailable)]
    if unavailable:
        _release_leases(portal, unavailable)
    if not results:
        return out
    now, today = portal.clock.now(), portal.clock.today()
    with portal.db.write() as session:
        recorded = bulk_outcomes.record_outcomes(
            session, [(batch[i].payment.id, result) for i, result in results.items()],
            portal.settings, now=now, today=today,
        )
        kept: list[tuple[int, Answer]] = []
        for index in results:
            payment = batch[index].payment
            _apply(payment, recorded[payment.id])
            record_id = record_ids[index]
            assert record_id is not None
            kept.append((record_id, answer_for(payment)))
        for index, answer in zip(results, _store_answers(session, kept), strict=True):
            out[index] = answer
    return out


_INSERT_PAYMENTS = insert(table_of(Payment)).returning(
    table_of(Payment).c.id, sort_by_parameter_order=True
)
_INSERT_RECORDS = insert(table_of(IdempotencyRecord)).returning(
    table_of(IdempotencyRecord).c.id, sort_by_parameter_order=True
)
# Every column but the id, from the table itself: a column added to Payment is inserted too.
_NEW_PAYMENT_COLUMNS = tuple(c for c in table_of(Payment).columns if not c.primary_key)


def _column_value(payment: Payment, column: Any) -> Any:
    """The payment's value for ``column``, or the column's own default where it has none."""
    value = getattr(payment, column.key)
    if value is None and column.default is not None and column.default.is_scalar:
        return column.default.arg
    return value
