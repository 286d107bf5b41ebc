"""The sandbox gateway: tokenizes cards and bank accounts and processes charges against them,
keeping its own ``gateway_`` tables in the portal's database.

It decides each outcome when it tokenizes (from the sandbox numbers of product-rules.md) and
keeps only what is safe to show: never a full card or account number, never a CVC.
Charging is idempotent through the unique ``idempotency_key`` column: the insert claims the key,
and a concurrent request with the same key fails on the constraint and returns the first
result, on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Protocol, cast

from sqlalchemy import CursorResult, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hcpay.domain.bank import check_bank_account
from hcpay.domain.cards import check_card, is_expired, normalise_year
from hcpay.domain.fields import FieldError
from hcpay.domain.i18n import _
from hcpay.gateway import outcomes
from hcpay.gateway.models import GatewayCharge, GatewayRefund, GatewayToken
from hcpay.gateway.processor import (
    ChargeRequest,
    ChargeResult,
    GatewayError,
    RefundResult,
    SettlementResult,
    TokenInfo,
    TokenKind,
)
from hcpay.gateway.storage import GatewayStore
from hcpay.sqltypes import table_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from fastapi import FastAPI

log = logging.getLogger("hcpay.gateway")

# Letters only (no l or o): a token never contains digits that could be mistaken for a number.
_ALPHABET = "abcdefghijkmnpqrstuvwxyz"
ONE_TIME_PREFIX = "tok_"
REUSABLE_PREFIX = "pmt_"
CHARGE_PREFIX = "ch_"
REFUND_PREFIX = "re_"
MAX_KEY_LENGTH = 255


_INSERT_CHARGE = insert(table_of(GatewayCharge))


def new_id(prefix: str, length: int = 24) -> str:
    """A random identifier such as ``tok_qmxv...`` (24 letters: about 110 bits)."""
    # One draw from the system's random source, written in base 24.
    number = secrets.randbelow(len(_ALPHABET) ** length)
    letters = []
    for _unused in range(length):
        number, digit = divmod(number, len(_ALPHABET))
        letters.append(_ALPHABET[digit])
    return prefix + "".join(letters)


class GatewayClock(Protocol):
    def now(self) -> datetime: ...

    def today(self) -> date: ...


class SystemClock:
    """Real UTC time, for a gateway used without the portal's clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return self.now().date()


class TokenizeError(GatewayError):
    """The card or account cannot be tokenized; ``errors`` say which field and what to do."""

    def __init__(self, kind: TokenKind, errors: list[FieldError]) -> None:
        what = _("card") if kind == "card" else _("bank account")
        super().__init__("validation_error", _("Please check the {what} details.").format(
            what=what))
        self.errors = errors


def _info(row: GatewayToken) -> TokenInfo:
    return TokenInfo(
        token=row.token,
        kind=cast(TokenKind, row.kind),
        brand=row.brand,
        last4=row.last4,
        exp_month=row.exp_month,
        exp_year=row.exp_year,
        account_type=row.account_type,
        holder_name=row.holder_name,
        reusable=row.reusable,
    )


def _result(row: GatewayCharge) -> ChargeResult:
    status = cast(Any, row.status)
    return ChargeResult(
        status=status,
        processor_ref=row.processor_ref,
        code=row.code,
        decline_code=row.decline_code,
        message=row.message,
    )


@dataclass(frozen=True)
class _Facts:
    """What a charge needs to know about a token, read outside the write transaction."""

    id: int
    kind: str
    reusable: bool
    outcome: str
    exp_month: int | None
    exp_year: int | None

    @classmethod
    def of(cls, row: GatewayToken) -> _Facts:
        return cls(row.id, row.kind, row.reusable, row.outcome, row.exp_month, row.exp_year)


class _FactsCache:
    """Token facts this process has seen (they never change, so any copy is current)."""

    def __init__(self, size: int = 10_000) -> None:
        self._items: OrderedDict[str, _Facts] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, token: str) -> _Facts | None:
        with self._lock:
            facts = self._items.get(token)
            if facts is not None:
                self._items.move_to_end(token)
            return facts

    def put(self, token: str, facts: _Facts) -> None:
        with self._lock:
            self._items[token] = facts
            self._items.move_to_end(token)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


class SandboxGateway:
    """``Processor`` for sandbox mode, plus the tokenizing that a real processor does on its own
    host (``tokenize_card``, ``tokenize_bank_account`` and the HTTP app of ``asgi_app``)."""

    def __init__(self, db: GatewayStore, *, clock: GatewayClock | None = None) -> None:
        self.db = db
        self.clock: GatewayClock = clock or SystemClock()
        self._facts = _FactsCache()

    def _now(self) -> datetime:
        # Whole seconds: nothing in a gateway row needs more.
        return self.clock.now().replace(microsecond=0)

    # -- tokenizing (the sandbox's POST /v1/tokens) ----------------------------------------

    def tokenize_card(
        self, number: str, exp_month: int, exp_year: int, cvc: str, name: str | None = None
    ) -> TokenInfo:
        checked = check_card(number, exp_month, exp_year, cvc, self.clock.today())
        if not checked.ok or checked.brand is None:
            raise TokenizeError("card", checked.errors)
        holder = " ".join(name.split()) if name else None
        row = GatewayToken(
            token=new_id(ONE_TIME_PREFIX),
            kind="card",
            brand=checked.brand,
            last4=checked.digits[-4:],
            exp_month=exp_month,
            exp_year=normalise_year(exp_year),
            holder_name=holder or None,
            outcome=outcomes.card_outcome(checked.digits),
            reusable=False,
            created_at=self._now(),
        )
        return self._store(row)

    def tokenize_bank_account(
        self, routing_number: str, account_number: str, account_type: str, holder_name: str
    ) -> TokenInfo:
        checked = check_bank_account(routing_number, account_number, account_type, holder_name)
        if not checked.ok:
            raise TokenizeError("bank_account", checked.errors)
        row = GatewayToken(
            token=new_id(ONE_TIME_PREFIX),
            kind="bank_account",
            last4=checked.account[-4:],
            account_type=checked.account_type,
            holder_name=checked.holder_name,
            outcome=outcomes.bank_outcome(checked.routing, checked.account),
            reusable=False,
            created_at=self._now(),
        )
        return self._store(row)

    def _store(self, row: GatewayToken) -> TokenInfo:
        with self.db.write() as session:
            session.add(row)
            session.flush()
            info = _info(row)
            facts = _Facts.of(row)
        self._facts.put(row.token, facts)
        return info

    def asgi_app(self, install_errors: Callable[[FastAPI], None]) -> FastAPI:
        """The HTTP face of the sandbox (``POST /v1/tokens``), mounted at ``/gateway``; the
        mounting app's ``install_errors`` gives both faces one error shape."""
        from hcpay.gateway.app import create_gateway_app

        return create_gateway_app(self, install_errors)

    # -- Processor ----------------------------------------------------------------------------

    def token_info(self, token: str) -> TokenInfo | None:
        with self.db.read() as session:
            row = self._token(session, token)
            return _info(row) if row else None

    def make_reusable(self, token: str) -> TokenInfo:
        with self.db.write() as session:
            row = self._token(session, token)
            if row is None:
                raise GatewayError("token_unknown", outcomes.TOKEN_UNKNOWN)
            if row.reusable:
                return _info(row)
            if not self._consume(session, row.id):
                raise GatewayError("token_used", outcomes.TOKEN_USED)
            saved = GatewayToken(
                token=new_id(REUSABLE_PREFIX),
                kind=row.kind,
                brand=row.brand,
                last4=row.last4,
                exp_month=row.exp_month,
                exp_year=row.exp_year,
                account_type=row.account_type,
                holder_name=row.holder_name,
                outcome=row.outcome,
                reusable=True,
                created_at=self._now(),
            )
            session.add(saved)
            session.flush()
            info = _info(saved)
            facts = _Facts.of(saved)
        self._facts.put(saved.token, facts)
        return info

    @staticmethod
    def _check_request(amount_cents: int, idempotency_key: str) -> None:
        if amount_cents <= 0:
            raise GatewayError("invalid_amount", _("The amount to charge must be above $0.00."))
        if not 1 <= len(idempotency_key) <= MAX_KEY_LENGTH:
            raise GatewayError(
                "invalid_idempotency_key", _("An idempotency key has 1 to 255 characters.")
            )

    def _facts_for(self, tokens: set[str]) -> dict[str, _Facts]:
        """Token facts, remembered or read (one query for all not yet remembered)."""
        found: dict[str, _Facts] = {}
        missing = []
        for token in tokens:
            facts = self._facts.get(token)
            if facts is None:
                missing.append(token)
            else:
                found[token] = facts
        if missing:
            with self.db.read() as session:
                for row in session.execute(
                    select(GatewayToken).where(GatewayToken.token.in_(missing))
                ).scalars():
                    found[row.token] = _Facts.of(row)
                    self._facts.put(row.token, found[row.token])
        return found

    def charge(self, token: str, amount_cents: int, *, idempotency_key: str) -> ChargeResult:
        self._check_request(amount_cents, idempotency_key)
        # What a token is never changes once issued (only whether a one-time token is used
        # up), so it is read (or remembered) before the write transaction, which then holds
        # just the insert that claims the key and, for a one-time token, the update that uses
        # it up.
        found = self._facts_for({token}).get(token)
        result = self._decide(found, new_id(CHARGE_PREFIX))
        try:
            with self.db.write() as session:
                # Claims the key: a concurrent insert of the same key waits here, then fails.
                session.connection().execute(
                    _INSERT_CHARGE, self._charge_row(idempotency_key, token, amount_cents, result)
                )
                if found and not found.reusable and not self._consume(session, found.id):
                    result = outcomes.failed(None, "token_used", outcomes.TOKEN_USED)
                    session.execute(
                        update(GatewayCharge)
                        .where(GatewayCharge.idempotency_key == idempotency_key)
                        .values(processor_ref=None, status=result.status, code=result.code,
                                decline_code=None, message=result.message)
                        .execution_options(synchronize_session=False)
                    )
        except IntegrityError:
            first = self._charge_by_key(idempotency_key)
            if first is None:
                raise
            return first
        return result

    def _charge_row(
        self, key: str, token: str, amount_cents: int, result: ChargeResult
    ) -> dict[str, Any]:
        return {
            "idempotency_key": key, "token": token, "amount_cents": amount_cents,
            "created_at": self._now(), "processor_ref": result.processor_ref,
            "status": result.status, "code": result.code, "decline_code": result.decline_code,
            "message": result.message, "settlement": None, "return_code": None,
            "settled_at": None,
        }

    def charge_many(
        self, requests: Sequence[ChargeRequest]
    ) -> list[ChargeResult | GatewayError]:
        """``BatchCharging``: the charges of saved (reusable) tokens claim their keys in one
        write transaction; a key charged before answers with its first result. One-time tokens
        (and the whole batch, if a concurrent request claims one of its keys first) go through
        ``charge`` one at a time."""
        answers: list[ChargeResult | GatewayError | None] = [None] * len(requests)
        facts = self._facts_for({request.token for request in requests})
        batch: list[int] = []
        for index, request in enumerate(requests):
            try:
                self._check_request(request.amount_cents, request.idempotency_key)
            except GatewayError as exc:
                answers[index] = exc
                continue
            found = facts.get(request.token)
            if found is not None and not found.reusable:
                answers[index] = self._charge_one(request)
            else:
                batch.append(index)
        if batch:
            try:
                self._charge_batch(requests, batch, facts, answers)
            except IntegrityError:
                for index in batch:
                    answers[index] = self._charge_one(requests[index])
        assert all(answer is not None for answer in answers)
        return cast(list[ChargeResult | GatewayError], answers)

    def _charge_one(self, request: ChargeRequest) -> ChargeResult | GatewayError:
        try:
            return self.charge(request.token, request.amount_cents,
                               idempotency_key=request.idempotency_key)
        except GatewayError as exc:
            return exc

    def _charge_batch(
        self, requests: Sequence[ChargeRequest], batch: list[int], facts: dict[str, _Facts],
        answers: list[ChargeResult | GatewayError | None],
    ) -> None:
        decided = {
            index: self._decide(facts.get(requests[index].token), new_id(CHARGE_PREFIX))
            for index in batch
        }
        table = table_of(GatewayCharge)
        with self.db.write() as session:
            keys = [requests[index].idempotency_key for index in batch]
            first: dict[str, ChargeResult] = {}
            for row in session.execute(
                select(table.c.idempotency_key, table.c.status, table.c.processor_ref,
                       table.c.code, table.c.decline_code, table.c.message)
                .where(table.c.idempotency_key.in_(keys))
            ):
                first[row.idempotency_key] = ChargeResult(
                    cast(Any, row.status), row.processor_ref, row.code, row.decline_code,
                    row.message)
            rows = []
            for index in batch:
                request = requests[index]
                if request.idempotency_key not in first:
                    first[request.idempotency_key] = decided[index]
                    rows.append(self._charge_row(request.idempotency_key, request.token,
                                                 request.amount_cents, decided[index]))
                answers[index] = first[request.idempotency_key]
            if rows:
                session.connection().execute(_INSERT_CHARGE, rows)

    def settle(self, processor_ref: str) -> SettlementResult:
        with self.db.write() as session:
            query = select(GatewayCharge).where(GatewayCharge.processor_ref == processor_ref)
            if not self.db.is_sqlite:
                query = query.with_for_update()
            row = session.execute(query).scalar_one_or_none()
            if row is None:
                raise GatewayError(
                    "charge_unknown", _("The gateway has no payment with this reference.")
                )
            if row.settlement is not None:
                return outcomes.settlement_result(row.return_code or outcomes.OK)
            if row.status == "failed":
                raise GatewayError(
                    "charge_failed", _("This payment failed, so there is nothing to settle.")
                )
            token = self._token(session, row.token)
            outcome = token.outcome if token and row.status == "processing" else outcomes.OK
            result = outcomes.settlement_result(outcome)
            row.settlement = result.status
            row.return_code = result.return_code
            row.settled_at = self._now()
            return result

    def refund(
        self, processor_ref: str, amount_cents: int, *, idempotency_key: str
    ) -> RefundResult:
        self._check_request(amount_cents, idempotency_key)
        first = self._refund_by_key(idempotency_key)
        if first is not None:
            return first
        try:
            with self.db.write() as session:
                query = select(GatewayCharge).where(GatewayCharge.processor_ref == processor_ref)
                if not self.db.is_sqlite:  # SQLite has one writer at a time already
                    query = query.with_for_update()
                charge = session.execute(query).scalar_one_or_none()
                if charge is None:
                    raise GatewayError(
                        "charge_unknown", _("The gateway has no payment with this reference.")
                    )
                settled = charge.status == "succeeded" or charge.settlement == "settled"
                if charge.status == "failed" or charge.settlement == "returned" or not settled:
                    raise GatewayError(
                        "not_refundable",
                        _("Only a payment that went through (and, from a bank, settled) can be "
                        "refunded."),
                    )
                before = session.execute(
                    select(func.coalesce(func.sum(GatewayRefund.amount_cents), 0))
                    .where(GatewayRefund.processor_ref == processor_ref)
                ).scalar_one()
                if int(before) + amount_cents > charge.amount_cents:
                    raise GatewayError(
                        "refund_too_high", _("That is more than is left of this payment to refund.")
                    )
                row = GatewayRefund(
                    idempotency_key=idempotency_key, refund_ref=new_id(REFUND_PREFIX),
                    processor_ref=processor_ref, amount_cents=amount_cents,
                    created_at=self._now(),
                )
                session.add(row)
                session.flush()
                return RefundResult(row.refund_ref, processor_ref, amount_cents,
                                    int(before) + amount_cents)
        except IntegrityError:  # the same key, at the same moment: answer as the first did
            again = self._refund_by_key(idempotency_key)
            if again is None:
                raise
            return again

    def _refund_by_key(self, key: str) -> RefundResult | None:
        with self.db.read() as session:
            row = session.execute(
                select(GatewayRefund).where(GatewayRefund.idempotency_key == key)
            ).scalar_one_or_none()
            if row is None:
                return None
            total = session.execute(
                select(func.coalesce(func.sum(GatewayRefund.amount_cents), 0))
                .where(GatewayRefund.processor_ref == row.processor_ref,
                       GatewayRefund.id <= row.id)
            ).scalar_one()
            return RefundResult(row.refund_ref, row.processor_ref, row.amount_cents, int(total))

    # -- inside a transaction -----------------------------------------------------------------

    @staticmethod
    def _token(session: Session, token: str) -> GatewayToken | None:
        return session.execute(
            select(GatewayToken).where(GatewayToken.token == token)
        ).scalar_one_or_none()

    def _consume(self, session: Session, token_id: int) -> bool:
        """Use up a one-time token; False when another request already did (the conditional
        update is what decides, so two racing charges cannot both use it)."""
        result = cast(
            CursorResult[Any],
            session.execute(
                update(GatewayToken)
                .where(GatewayToken.id == token_id, GatewayToken.consumed_at.is_(None))
                .values(consumed_at=self._now())
                .execution_options(synchronize_session=False)
            ),
        )
        return result.rowcount == 1

    def _decide(self, row: _Facts | None, ref: str) -> ChargeResult:
        if row is None:
            return outcomes.failed(None, "token_unknown", outcomes.TOKEN_UNKNOWN)
        if row.kind == "bank_account":
            return outcomes.bank_charge_result(ref)
        if (
            row.exp_month is not None
            and row.exp_year is not None
            and is_expired(row.exp_month, row.exp_year, self.clock.today())
        ):
            return outcomes.expired_result(ref)
        return outcomes.card_charge_result(row.outcome, ref)

    def _charge_by_key(self, key: str) -> ChargeResult | None:
        with self.db.read() as session:
            row = session.execute(
                select(GatewayCharge).where(GatewayCharge.idempotency_key == key)
            ).scalar_one_or_none()
            return _result(row) if row else None
