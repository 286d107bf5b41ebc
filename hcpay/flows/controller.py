"""A flow's behaviour with no face in it: the one place that knows what a wizard does.

A controller loads the facts its flow needs from the ``PortalClient``, checks each answer when it
is given (with those facts: an amount cap, a known-invalid number), says which step comes next
(skipping what does not apply), runs a step's action (a callable of the controller, never a name
looked up elsewhere) and turns a failure into a ``Failure``: back to step N, mark field F, say
this. Its state is a typed ``Draft``; what the member typed is only what the member typed.

The faces (the Textual wizard in ``screens/wizard.py``, the plain runner in
``hcpay/plain/flow_runner.py``) hold no rule of a flow: they ask ``offered`` what to put in a
field, ``answer`` what is wrong with what was typed, ``run`` to end a step, ``failure`` where
to go when it failed, and say the notes they are handed in their own words.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from hcpay.domain.i18n import N_, _
from hcpay.flows.model import Field, Flow, KeyHint, Step

if TYPE_CHECKING:
    from hcpay.api import PortalClient

NoteKind = Literal["info", "ok", "warn", "error"]
DONE = 0  # ``next_step`` answers it when the flow is over
Action = Callable[[], Awaitable[Any]]


@dataclass(frozen=True)
class Note:
    """Something to say, in words that fit every face (no key names, no symbols needed)."""

    text: str
    kind: NoteKind = "info"


@dataclass(frozen=True)
class Failure:
    """Where a failed step sends the member: back to ``step``, these fields marked, ``message``
    said. ``explain`` is the error when the face should describe it first in its own words
    (a connection lost, a timeout)."""

    step: int
    message: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)
    explain: BaseException | None = None
    leave: bool = False  # the flow cannot go on: the face closes it after saying ``message``


def fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass
class Draft:
    """What the member typed (field name -> text) and which values were refused (kept as
    fingerprints: a refused secret is never held twice, and never offered back)."""

    values: dict[str, str] = field(default_factory=dict)
    refused: dict[str, set[str]] = field(default_factory=dict)

    def refuse(self, name: str, value: str) -> None:
        if value.strip():
            self.refused.setdefault(name, set()).add(fingerprint(value))

    def was_refused(self, name: str, value: str) -> bool:
        return fingerprint(value) in self.refused.get(name, set())

    def forget(self, *names: str) -> None:
        for name in names:
            self.values[name] = ""


class Controller:
    """The base: a flow of fixed steps, each checked field by field. A flow's own controller
    overrides what it needs (``load``, ``flow``, ``applies``, ``action``, ``done``, ...)."""

    base: ClassVar[Flow]
    # What a face says while ``load`` reads the facts (a flow with no account says otherwise).
    loading: ClassVar[str] = N_("Reading your account")

    def __init__(self, client: PortalClient | None = None, draft: Draft | None = None) -> None:
        self._client = client
        self.draft = draft if draft is not None else Draft()
        self.loaded = False
        self.result: Any = None

    @property
    def client(self) -> PortalClient:
        """The portal (a face that opens its connection later hands it over before ``load``)."""
        if self._client is None:
            raise RuntimeError("the controller was given no portal client")
        return self._client

    @client.setter
    def client(self, client: PortalClient) -> None:
        self._client = client

    @property
    def values(self) -> dict[str, str]:
        return self.draft.values

    # -- the facts -----------------------------------------------------------------------------

    async def load(self) -> list[Note]:
        """Read what the flow needs from the portal; answers what to say before step 1."""
        self.loaded = True
        self.fill_defaults()
        return []

    def fill_defaults(self) -> None:
        for step in self.flow().steps:
            for spec in step.fields:
                if not self.values.get(spec.name) and not spec.is_secret:
                    self.values[spec.name] = spec.default

    # -- the steps -----------------------------------------------------------------------------

    def flow(self) -> Flow:
        """The flow as this member sees it now (a subclass fills in the member's figures)."""
        return self.base

    def step(self, number: int) -> Step:
        return self.flow().step(number)

    def heading(self, number: int) -> str:
        return self.flow().heading(number)

    def first_step(self) -> int:
        return 1

    def applies(self, number: int) -> bool:
        """False for a step that does not apply to what was chosen (it is skipped)."""
        return True

    def next_step(self, number: int) -> int:
        total = self.flow().total
        candidate = number + 1
        while candidate <= total and not self.applies(candidate):
            candidate += 1
        return candidate if candidate <= total else DONE

    def can_go_back(self, number: int) -> bool:
        return number > 1

    def previous_step(self, number: int) -> int | None:
        """The step "back" leads to, or None (then back leaves the flow)."""
        if not self.can_go_back(number):
            return None
        candidate = number - 1
        while candidate >= 1 and not self.applies(candidate):
            candidate -= 1
        return candidate if candidate >= 1 else None

    def help(self, number: int) -> str:
        """The step's help, with what the member chose so far in it (a review)."""
        return self.step(number).help

    def notes(self, number: int) -> list[Note]:
        """Warnings that belong to step ``number`` as it is filled in now."""
        return []

    # -- the answers ---------------------------------------------------------------------------

    def field(self, name: str) -> Field:
        flow = self.flow()
        number = flow.step_of_field(name)
        if number is None:
            raise KeyError(name)
        return flow.step(number).field(name)

    def shown(self, spec: Field) -> str:
        """What a field holds when its step is shown again: what was typed, or the default;
        never a value that was refused."""
        default = "" if spec.is_secret else spec.default
        value = self.values.get(spec.name, "") or default
        if not self.draft.was_refused(spec.name, value):
            return value
        return "" if self.draft.was_refused(spec.name, default) else default

    def asks(self, spec: Field) -> bool:
        """False for a field that does not apply to what was chosen (plain mode skips it)."""
        return True

    def offered(self, spec: Field) -> str:
        """What Enter alone takes, said aloud in plain mode: never a secret."""
        return "" if spec.is_secret else self.shown(spec)

    def check(self, name: str, value: str) -> str | None:
        """What is wrong with ``value`` for ``name`` (shape and facts), or None."""
        return self.field(name).problem(value, self.values)

    def answer(self, name: str, value: str) -> str | None:
        """Keep ``value`` for ``name``; answers what is wrong with it (it is then refused)."""
        self.values[name] = value
        problem = self.check(name, value)
        if problem is not None:
            self.draft.refuse(name, value)
        return problem

    def problems(self, number: int) -> dict[str, str]:
        """Every field of step ``number`` that needs fixing: field name -> message."""
        found: dict[str, str] = {}
        for spec in self.step(number).fields:
            message = self.check(spec.name, self.values.get(spec.name, ""))
            if message:
                found[spec.name] = message
        return found

    # -- ending a step -------------------------------------------------------------------------

    def action(self, number: int) -> Action | None:
        """The call that ends step ``number``, or None."""
        return None

    def busy(self, number: int) -> str:
        """What to say while the step's action runs."""
        return _("Working on it")

    def done(self, number: int, result: Any) -> list[Note]:
        """Step ``number`` ended (its action answered ``result``): what to say."""
        return []

    def failure(self, number: int, error: BaseException) -> Failure:
        """Where step ``number``'s failed action sends the member."""
        from hcpay.api import errors

        if isinstance(error, errors.PortalError) and error.errors:
            fields = self.error_fields(error)
            flow = self.flow()
            known = [s for s in map(flow.step_of_field, fields) if s is not None]
            if known:
                for name in fields:
                    self.draft.refuse(name, self.values.get(name, ""))
                return Failure(min(known), _("{detail} Fix what is marked.").format(
                    detail=error.detail), fields)
        if isinstance(error, errors.Conflict):
            name = "email" if "email" in error.detail.lower() else "username"
            target = self.flow().step_of_field(name)
            if target is not None:
                return Failure(target, error.detail, {name: error.detail})
            return Failure(number, error.detail)
        return Failure(number, "", explain=error)

    def error_fields(self, error: Any) -> dict[str, str]:
        """The portal's field errors as this flow's fields."""
        return dict(error.field_messages())

    # -- keys ----------------------------------------------------------------------------------

    def keys(self, number: int | None) -> tuple[KeyHint, ...]:
        """The keys offered at step ``number`` (None: the flow's own, at any step)."""
        return self.step(number).keys if number else ()

    async def command(self, name: str, answer: str = "") -> list[Note]:
        """Do what key ``name`` does (faces handle "inbox" themselves); ``answer``: what the
        key's ``asks`` field was given (checked already)."""
        raise KeyError(name)

    def finished_value(self) -> Any:
        """What the flow hands back to whoever opened it."""
        return self.result


def portal_today(summary: Any) -> Any:
    """The portal's date from a summary or config: ``today`` where the portal sends it, else the
    portal's own moment in the portal's own time zone (never this computer's clock or zone)."""
    from zoneinfo import ZoneInfo

    if summary.today is not None:
        return summary.today
    return summary.as_of.astimezone(ZoneInfo(summary.time_zone)).date()


def monthly_premium(invoices: Any) -> int:
    """The premium of the latest coverage month billed (all policies together)."""
    items = list(invoices)
    if not items:
        return 0
    latest = max(inv.coverage_month for inv in items)
    return sum(inv.premium_cents or inv.amount_cents for inv in items
               if inv.coverage_month == latest)
