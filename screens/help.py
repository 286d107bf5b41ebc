"""F1 / ?: what this screen is for, what the focused field wants, and every key that works."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static

from hcpay.domain.i18n import N_, _

# Textual's own keys, said once in plain words at the end of the list.
_SAID_BELOW = {"app.focus_next", "app.focus_previous", "screen.copy_text", "copy_text",
               "reveal"}


def _key_name(key: str) -> str:
    names = {"question_mark": "?", "escape": "Esc", "enter": "Enter", "ctrl+q": "Ctrl+Q",
             "ctrl+c": "Ctrl+C", "tab": "Tab", "shift+tab": "Shift+Tab"}
    return ", ".join(names.get(k, k.upper() if k.startswith("f") and k[1:].isdigit() else k)
                     for k in key.split(","))


def _ours(node: object, binding: Binding) -> bool:
    """A key hcpay itself gives (a screen's, or one of its widgets'), not one a Textual widget
    brings along: a field of ours (a subclass of Textual's Input) counted its cursor keys as
    the screen's own, and they came first."""
    for cls in type(node).__mro__:
        declared = cls.__dict__.get("BINDINGS", ())
        for item in declared:
            key, action = ((item.key, item.action) if isinstance(item, Binding)
                           else (item[0], item[1]) if isinstance(item, tuple) else ("", ""))
            if action == binding.action and binding.key in key.split(","):
                return cls.__module__.startswith(("screens.", "hcpay."))
    return False


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #help-box { width: 76; max-width: 100%; max-height: 22; border: round $accent; padding: 0 1;
                background: $panel; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark,q", "close", N_("Close help"), id="close_help"),
    ]

    def __init__(self, screen: Screen[Any], focused: Widget | None) -> None:
        super().__init__()
        self.about = screen
        self.focused_widget = focused

    def compose(self) -> ComposeResult:
        lines: list[str] = [_("[b]Help: {app}[/b]").format(
            app=self.about.title or self.app.title), ""]
        about = _(getattr(self.about, "HELP", "") or getattr(self.about, "help_text", ""))
        if about:
            lines += [about, ""]
        focused = self.focused_widget
        spec = getattr(focused, "spec", None)
        if spec is not None:
            lines += [_("[b]This field: {label}[/b]").format(label=spec.label), spec.help or "", ""]
        own, everywhere, moving = self._keys()
        lines += [_("[b]Keys of this screen[/b]"), *own, "", _("[b]Keys that work everywhere[/b]"),
                  *everywhere,
                  _("  Tab, Shift+Tab: move between fields and buttons"),
                  _("  Ctrl+T in a hidden field: show or hide what you typed")]
        if moving:
            lines += ["", _("[b]Moving in a list or a long text[/b]"), *moving]
        lines += ["", _("Esc closes this help.")]
        with VerticalScroll(id="help-box"):
            yield Static("\n".join(lines), markup=True)

    def _keys(self) -> tuple[list[str], list[str], list[str]]:
        """The screen's own keys, then the app's, then the scrolling keys of Textual's
        widgets (the list or text that has the focus), each key said once."""
        own: list[str] = []
        everywhere: list[str] = []
        moving: list[str] = []
        seen: set[str] = set()
        for _key, active in self.about.active_bindings.items():
            binding = active.binding
            if binding.action in seen or not binding.description or binding.system:
                continue
            if binding.action in _SAID_BELOW:
                continue
            seen.add(binding.action)
            note = f" - {binding.tooltip}" if binding.tooltip else ""
            line = _("  {key}: {description}{note}").format(
                key=_key_name(binding.key), description=binding.description, note=note)
            if active.node is self.app:
                everywhere.append(line)
            elif _ours(active.node, binding):
                own.append(line)
            else:
                moving.append(line)
        return own, everywhere, moving

    def action_close(self) -> None:
        self.dismiss(None)
