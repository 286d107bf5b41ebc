"""The base screen: the app's services, and the one failure handler every screen shares."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from hcpay.domain.i18n import _
from screens.services import AppServices, services


class BaseScreen(Screen[Any]):
    # Shown by F1 above the list of keys: what this screen is for.
    HELP: ClassVar[str] = ""
    # Calls made here need a signed-in member (their success keeps the session alive).
    SIGNED_IN: ClassVar[bool] = False

    @property
    def hc(self) -> AppServices:
        return services(self)

    def takes_keys(self) -> bool:
        """False while the screen is still putting itself together (reading what it shows):
        keys typed meanwhile wait in the app until it is ready (hcpay.tui.key_queue)."""
        return True

    def lets_through(self, key: str) -> bool:
        """A key answered at once even while keys wait (hcpay.tui.key_queue)."""
        return False

    def key_wait_seconds(self) -> float | None:
        """How long keys may wait for this screen now, if longer than the queue's bound."""
        return None

    def typed_data(self) -> str | None:
        """What quitting now would lose, in words (the screen's title), or None: a form
        part-way through, with something typed or past its first step."""
        from screens.flow_form import FlowForm

        for form in self.query(FlowForm):
            values = form.values
            past_first = values.get("_step", "1") not in ("", "1")
            typed = any(values.get(f.name, f.default) not in ("", f.default)
                        for f in form.step.fields if f.kind != "checkbox")
            if past_first or typed:
                return self.title or _("this screen")
        return None

    def say(self, text: str, *, kind: str = "info") -> None:
        """Put a line in this screen's status area (``#status``), marked by words, not colour."""
        prefix = {"error": _("Problem: "), "ok": _("Done: "), "warn": _("Note: "), "busy": "",
                  "info": ""}
        try:
            status = self.query_one("#status", Static)
        except Exception:
            self.notify(text, severity="error" if kind == "error" else "information")
            return
        status.update(prefix.get(kind, "") + text)
        status.set_classes(f"status -{kind}")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state == WorkerState.SUCCESS and self.SIGNED_IN:
            self.hc.touch()
        if event.state != WorkerState.ERROR or worker.error is None:
            return
        error = worker.error
        if self.failed(worker.name, error):
            return
        from screens import problems  # only when something failed: not before the first frame

        if problems.is_session_over(error):
            self.hc.end_session(problems.describe(error))
            return
        self.say(problems.describe(error), kind="error")
        self.notify(problems.describe(error), title=_("That did not work"), severity="error")

    def failed(self, action: str, error: BaseException) -> bool:
        """A screen's own handling of a failed call; True when it has told the member."""
        return False
