"""Troubleshooting: the guides of ``hcpay.flows.troubleshoot_guides``, each looking at the
member's own account first ("What we see"), then its numbered steps, the same numbers a support
agent reads, with the step that fits named. A guide's one action (send a reset code, request a
payment plan, get a support code) is a choice in the guide's menu; a payment plan's terms are
said before the member is asked to agree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hcpay.domain.i18n import _
from hcpay.flows.guide_controller import GuideController
from hcpay.flows.troubleshoot_guides import GUIDES
from hcpay.plain import problems
from hcpay.plain.flow_runner import FlowRunner, plain_help
from hcpay.plain.prompter import Cancel
from hcpay.plain.session import PlainSession

if TYPE_CHECKING:
    from hcpay.flows.troubleshoot import Finding, Guide

def steps(guide: Guide, fits: int | None) -> list[str]:
    flow = guide.flow
    lines = []
    for step in flow.steps:
        mark = _(" This is the step that fits what we see.") if step.number == fits else ""
        lines.append(_("{number}. {help}{mark}").format(
            number=flow.heading(step.number), help=plain_help(step.help), mark=mark))
    return lines


def look(session: PlainSession, guide: Guide, values: dict[str, str]) -> Finding | None:
    try:
        found = session.call(lambda: guide.look(session.client, values),
                             working=_("Looking at your account. Working..."))
    except Exception as error:
        if problems.is_session_over(error):
            raise
        session.p.error(problems.describe(error))
        return None
    session.p.say(_("What we see:"))
    session.p.lines([line for line in found.lines])
    if found.error_code:
        session.last_error_code = found.error_code
    return found


def act(session: PlainSession, guide: Guide, values: dict[str, str], index: int) -> None:
    assert guide.act is not None
    p = session.p
    for field in guide.inputs:
        if guide.key != "not_showing":  # inputs that go with the action
            values[field.name] = p.ask(field.label, default=values.get(field.name, "")
                                       or field.default, help_text=field.help)
    if guide.terms is not None:  # consent comes after the terms, never before
        terms_fn = guide.terms
        try:
            terms = session.call(lambda: terms_fn(session.client, values), working="")
        except Exception as error:
            if problems.is_session_over(error):
                raise
            p.error(problems.describe(error))
            return
        p.lines(list(terms.lines))
        if not terms.ok:
            return
        if not p.confirm(guide.consent, default=False):
            p.say(_("Nothing was done."))
            return
    values.update({"_screen": "troubleshooting", "_step": str(index + 1),
                   "_last_error_code": session.last_error_code or ""})
    act_fn = guide.act
    try:
        found = session.call(lambda: act_fn(session.client, values))
    except Exception as error:
        if problems.is_session_over(error):
            raise
        p.error(problems.describe(error))
        return
    p.lines([line for line in found.lines])


def one_guide(session: PlainSession, guide: Guide, index: int) -> None:
    p = session.p
    values: dict[str, str] = {}
    p.say("")
    p.say(_("Guide {index}: {guide}. {help}").format(
        index=index + 1, guide=guide.title, help=plain_help(guide.flow.help)))
    found = look(session, guide, values)
    if found is not None:
        p.lines(steps(guide, found.step))
    if guide.key == "not_showing" and found is not None and len(found.lines) > 1:
        # the latest payments were listed: ask which one at once
        for field in guide.inputs:
            values[field.name] = p.ask(
                field.label + " (or a number from the list), or press Enter to skip",
                help_text=field.help)
        if any(values.values()):
            found = look(session, guide, values) or found
    while True:
        options = [_("Hear the steps again"), _("Look at my account again"),
                   _("Go through the steps one at a time")]
        if guide.key == "not_showing":
            options[1] = "Look up a payment reference"
        if guide.act is not None:
            options.append(guide.act_label)
        options.append(_("Back to the guides"))
        choice = options[p.choose(_("{guide}. What next?").format(guide=guide.title), options,
                                  default=len(options) - 1)]
        if choice == "Hear the steps again":
            p.lines(steps(guide, found.step if found else None))
        elif choice == "Go through the steps one at a time":
            FlowRunner(session, GuideController(session.client, guide)).run()
        elif choice.startswith("Look"):
            for field in guide.inputs if guide.key == "not_showing" else ():
                values[field.name] = p.ask(field.label + " (or a number from the list)",
                                           help_text=field.help)
            found = look(session, guide, values) or found
        elif guide.act is not None and choice == guide.act_label:
            act(session, guide, values, index)
        else:
            return


def run(session: PlainSession) -> None:
    p = session.p
    while True:
        options = [guide.title for guide in GUIDES] + [_("Back to the main menu")]
        try:
            index = p.choose(_("Troubleshooting. Which guide?"), options, default=len(GUIDES))
            if index == len(GUIDES):
                return
            one_guide(session, GUIDES[index], index)
        except Cancel:
            return
