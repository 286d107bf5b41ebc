"""Automatic payments: what is set up, said in sentences; then the seven steps of
``hcpay.flows.autopay`` (walked by its controller, the screen's own: Step N of 7, frequency,
start date, the warnings at their step), or the controller's keys (pause, resume, turn off) as
choices of a menu, each asked before it is done."""

from __future__ import annotations

from hcpay.domain.i18n import _
from hcpay.flows.autopay_controller import AutopayController
from hcpay.plain.flow_runner import FlowRunner
from hcpay.plain.prompter import Cancel
from hcpay.plain.session import PlainSession


def run(session: PlainSession) -> None:
    p = session.p
    while True:
        runner = FlowRunner(session, AutopayController(session.client))
        runner.load()
        hints = runner.c.keys(None)
        options = [_("Change them") if hints else _("Set them up")]
        options += [hint.does[:1].upper() + hint.does[1:] for hint in hints]
        options.append(_("Back to the main menu"))
        try:
            choice = p.choose(_("Automatic payments. What would you like to do?"), options,
                              default=len(options) - 1)
            if choice == len(options) - 1:
                return
            if choice == 0:
                runner.run()
            else:
                runner.key(hints[choice - 1], 0)
        except Cancel:
            p.say(_("Nothing was changed."))
            return
