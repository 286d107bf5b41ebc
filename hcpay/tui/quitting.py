"""Leaving hcpay: at once when nothing would be lost; with a question when a wizard holds what
the member typed, or when the key came from a list (a stray q while reading History)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, runtime_checkable

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, ListView, OptionList

from hcpay.domain.i18n import _


@runtime_checkable
class HoldsTypedData(Protocol):
    def typed_data(self) -> str | None:
        """What leaving now would lose, in words ("the payment you were making"), or None."""


def what_is_lost(screens: Iterable[Screen[Any]]) -> list[str]:
    return [lost for screen in screens
            if isinstance(screen, HoldsTypedData) and (lost := screen.typed_data())]


def in_a_list(focused: Widget | None) -> bool:
    return isinstance(focused, ListView | OptionList | DataTable)


def question(lost: list[str]) -> str:
    if lost:
        return _("What you typed in {lost} is not kept when hcpay ends.").format(
            lost=', '.join(lost))
    return _("Leave hcpay now?")
