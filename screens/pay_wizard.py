"""What the two money wizards (Make a Payment, Automatic Payments) share on top of the generic
wizard: every step is filled in with a default, so Enter accepts it at once."""

from __future__ import annotations

from typing import ClassVar

from textual.widgets import Button

from screens.flow_form import FlowForm
from screens.wizard import WizardScreen


class PayWizardScreen(WizardScreen):
    # The worker that reads the member's figures and builds the first step again with them.
    LOAD_WORKER: ClassVar[str] = ""

    def takes_keys(self) -> bool:
        # Keys typed before the figures come would go into a form about to be replaced (and
        # a field focused then selects what it holds): they wait until the step is rebuilt.
        return not any(
            worker.node is self and worker.name == self.LOAD_WORKER and not worker.is_finished
            for worker in self.app.workers
        )

    def rebuild(self) -> None:
        """Recompute the flow from what the member has chosen so far (subclasses)."""

    def _focus_first(self) -> None:
        # The first field, filled in or not: Enter accepts what is there.
        if self.step.fields:
            self.query_one(FlowForm).focus_field(self.step.fields[0].name)
        else:
            self.query_one("#continue", Button).focus()

    async def show_step(self, number: int, found: dict[str, str] | None = None) -> None:
        self.rebuild()
        await super().show_step(number, found)
        # A new step's button takes the next Enter at once (the press effect of the step
        # before would swallow an Enter typed within 0.2 s).
        self.query_one("#continue", Button).remove_class("-active")
        self.refresh_bindings()
