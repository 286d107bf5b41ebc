"""Wizards as data: a flow is an ordered list of steps, a step a list of fields.

A flow does no I/O of its own. The Textual wizard in ``screens/``, the line-by-line prompts in
``hcpay/plain`` and ``hcpay guide`` all read the same definitions, so the step numbers a member
sees and the ones an agent reads out always match.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from hcpay.domain.i18n import N_, _, gettext

FieldKind = Literal[
    "text", "secret", "date", "money", "choice", "ssn", "email", "phone", "code", "username",
    "new_password", "confirm_password", "checkbox", "card_number", "expiry", "cvc", "digits",
]

# A check reads one value (and every value typed so far in the flow) and answers a message
# that says what to fix, or None when the value is fine.
Check = Callable[[str, Mapping[str, str]], "str | None"]
# Words shown under a field while it is typed (a card's brand, when a date falls), or "".
Live = Callable[[str, Mapping[str, str]], str]



class _Said:
    """Text attributes are message ids (marked ``N_()`` where a flow is written) and read back
    in the current language, so every face says a flow in the member's language without a
    rule of its own (``dataclasses.replace`` copies what it reads: a copy made for a member
    keeps the language it was made in)."""

    _said: frozenset[str] = frozenset()

    def __getattribute__(self, name: str) -> Any:
        value = object.__getattribute__(self, name)
        if name in type(self)._said and value:
            if name == "choices":
                return tuple((v, gettext(words)) for v, words in value)
            return gettext(value)
        return value


# Kinds whose value is never offered back as a default, said or shown again.
SECRET_KINDS = frozenset({"secret", "new_password", "confirm_password", "ssn", "cvc",
                          "card_number"})


@dataclass(frozen=True)
class KeyHint(_Said):
    """A key a step offers, as data: each face says it its own way (the screen binds ``key``
    and shows ``does``; plain mode takes the command word ``word``; the guide prints both)."""

    name: str  # what the face does: "inbox" (the sandbox inbox), or a controller command
    key: str  # the screen's key, as Textual names it: "f4"
    word: str  # plain mode's command word: "inbox"
    does: str  # what it does, as the end of a sentence: "hear the sandbox inbox"
    confirm: str = ""  # a question each face asks before doing it (its own way), or ""
    # A value the key asks for with its question (a resume date), handed to the command
    asks: Field | None = None

    _said = frozenset({"does", "confirm"})


@dataclass(frozen=True)
class Field(_Said):
    name: str
    label: str
    kind: FieldKind = "text"
    default: str = ""
    required: bool = True
    placeholder: str = ""
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) for kind "choice"
    check: Check | None = None
    live: Live | None = None
    # Tidy what is typed as it is typed (group a card number 4-4-4-4), or None.
    reformat: Callable[[str], str] | None = None
    # A secret of another kind (a bank account number): never offered back as a default.
    secret: bool = False
    # A checkbox the member must meet on the way (Save this card): going on from the field
    # before it comes to it rather than past it. Other checkboxes are skipped by Enter.
    on_the_way: bool = False

    _said = frozenset({"label", "placeholder", "help", "choices"})

    @property
    def is_secret(self) -> bool:
        return self.secret or self.kind in SECRET_KINDS

    def problem(self, value: str, values: Mapping[str, str]) -> str | None:
        """What is wrong with ``value`` in words a member understands, or None."""
        if self.kind == "checkbox":
            return None
        if not value.strip():
            return (_("Enter your {field}.").format(field=self.label.lower())
                    if self.required else None)
        if self.kind == "choice" and value not in {v for v, _words in self.choices}:
            return _("Choose one of: {choices}.").format(
                choices=", ".join(words for _value, words in self.choices))
        return self.check(value, values) if self.check else None


@dataclass(frozen=True)
class Step(_Said):
    number: int
    title: str
    fields: tuple[Field, ...] = ()
    help: str = ""
    # Words for the button or key that ends the step.
    submit_label: str = N_("Continue")
    # Keys the step offers besides Enter and going back (see KeyHint).
    keys: tuple[KeyHint, ...] = ()

    _said = frozenset({"title", "help", "submit_label"})

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def problems(self, values: Mapping[str, str]) -> dict[str, str]:
        """Every field of this step that needs fixing: field name -> message."""
        found: dict[str, str] = {}
        for f in self.fields:
            message = f.problem(values.get(f.name, f.default), values)
            if message:
                found[f.name] = message
        return found


@dataclass(frozen=True)
class Flow(_Said):
    name: str
    title: str
    steps: tuple[Step, ...]
    help: str = ""
    field_index: dict[str, int] = field(init=False, repr=False, compare=False)

    _said = frozenset({"title", "help"})

    def __post_init__(self) -> None:
        for index, step in enumerate(self.steps, start=1):
            if step.number != index:
                raise ValueError(f"{self.name}: step {step.title!r} is numbered {step.number}")
        index_map = {f.name: s.number for s in self.steps for f in s.fields}
        object.__setattr__(self, "field_index", index_map)

    @property
    def total(self) -> int:
        return len(self.steps)

    def step(self, number: int) -> Step:
        return self.steps[number - 1]

    def heading(self, number: int) -> str:
        """The words an agent reads out: "Step 2 of 5: Contact details"."""
        return _("Step {number} of {total}: {title}").format(
            number=number, total=self.total, title=self.step(number).title)

    def step_of_field(self, name: str) -> int | None:
        """The step that asks for ``name`` (to go back to it when the portal rejects it)."""
        return self.field_index.get(name)

    def defaults(self) -> dict[str, str]:
        return {f.name: f.default for s in self.steps for f in s.fields}
