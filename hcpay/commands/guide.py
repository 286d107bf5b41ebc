"""``hcpay guide [TOPIC]``: the numbered steps of a task, printed from the same flow
definitions (hcpay.flows) the screens show, so "Step 3 of 5" here is step 3 of 5 there too.
An agent on the phone and a member at the terminal read the same words."""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hcpay.commands import render
from hcpay.domain.i18n import N_, _

if TYPE_CHECKING:
    from hcpay.flows import Field, Flow, Step

# A topic word -> which registered flows it covers (a flow named exactly after the topic, with
# dashes for underscores, is always found too).
TOPICS: dict[str, Callable[[str], bool]] = {
    "account": lambda name: name in {"create_account", "sign_in", "forgot_password"},
    "sign-in": lambda name: name == "sign_in",
    "login": lambda name: name == "sign_in",
    "password": lambda name: name == "forgot_password",
    "guest": lambda name: name == "guest_payment",
    "pay": lambda name: ("pay" in name and "autopay" not in name) or name.startswith("payment"),
    "autopay": lambda name: "autopay" in name or "automatic" in name,
    "troubleshoot": lambda name: name.startswith(("troubleshoot", "faq", "help_")),
}

KIND_HINTS = {
    "secret": N_("hidden as you type, Ctrl+T shows it"),
    "new_password": N_("hidden as you type, Ctrl+T shows it; the rules met are ticked as you type"),
    "confirm_password": N_("hidden as you type, Ctrl+T shows it"),
    "ssn": N_("hidden as you type; digits only, dashes are added"),
    "date": N_("YYYY-MM-DD or MM/DD/YYYY"),
    "money": N_("dollars and cents, like 123.45"),
    "checkbox": N_("Space ticks or clears it"),
}

WIDTH = 79

JSON_SHAPE = """\
--json prints {"version": 1, "guides": [{"kind": "wizard"|"troubleshooting", "name", "topic",
  "title", "help", "steps": [
  {"number", "of", "heading", "title", "help", "press" (null in a troubleshooting guide),
   "fields": [{"name", "label", "kind", "required", "help",
               "choices": [{"value", "label"}]}]}]}]}
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        _("topics: account, sign-in, password, pay, guest, autopay, troubleshoot, or a guide's "
        "own name (`hcpay guide` lists them).\n") + JSON_SHAPE
    )
    parser.add_argument("topic", nargs="?", help=_("what you want to do (leave out to list)"))
    parser.add_argument("--json", action="store_true", help=_("print the steps as JSON"))


@dataclass(frozen=True)
class Extra:
    """What a troubleshooting guide adds to its flow: it is read, not filled in step by step,
    and may offer one action the app does for the member."""

    act_label: str = ""
    act_key: str = ""


def registered() -> dict[str, Flow]:
    """The wizards (hcpay.flows.FLOWS), then the troubleshooting guides, in their order."""
    from hcpay.flows import FLOWS

    flows = dict(FLOWS)
    flows.update({f.name: f for f in troubleshooting()})
    return flows


def troubleshooting() -> list[Flow]:
    try:
        from hcpay.flows.troubleshoot_guides import GUIDES
    except ImportError:  # a build without the troubleshooting guides
        return []
    return [guide.flow for guide in GUIDES]


def extras() -> dict[str, Extra]:
    try:
        from hcpay.flows.troubleshoot_guides import GUIDES
    except ImportError:
        return {}
    return {g.flow.name: Extra(g.act_label, g.act_key) for g in GUIDES}


def topic_of(flow: Flow) -> str:
    return flow.name.replace("_", "-")


def find(topic: str, flows: dict[str, Flow]) -> list[Flow]:
    word = topic.strip().lower().replace("_", "-").replace(" ", "-")
    exact = [f for f in flows.values() if topic_of(f) == word]
    if exact:
        return exact
    matcher = TOPICS.get(word) or TOPICS.get(word.rstrip("s"))
    if matcher is not None:
        return [f for f in flows.values() if matcher(f.name)]
    ending = [f for f in flows.values() if topic_of(f).endswith("-" + word)]  # "declined"
    return ending or [f for f in flows.values() if topic_of(f).startswith(word)]


def press(flow: Flow, step: Step) -> str:
    """What the member presses to finish the step, as the wizard screen binds it."""
    if not step.fields:
        end = _("Press Enter: {submit_label}.").format(submit_label=step.submit_label)
    elif len(step.fields) == 1 and step.fields[0].kind == "choice":
        end = _("Up and Down choose, then press Enter: {submit_label}.").format(
            submit_label=step.submit_label)
    elif len(step.fields) == 1 and step.fields[0].kind == "checkbox":
        end = _("Space ticks it, then press Enter: {submit_label}.").format(
            submit_label=step.submit_label)
    elif len(step.fields) == 1:
        end = _("Type it, then press Enter: {submit_label}.").format(submit_label=step.submit_label)
    else:
        end = _("Enter moves to the next field; Enter on the last one: {submit_label}.").format(
            submit_label=step.submit_label)
    last_without_fields = step.number == flow.total and not step.fields
    back = (
        _(" Esc goes back a step (nothing typed is lost).")
        if step.number > 1 and not last_without_fields else ""
    )
    return end + back


def key_lines(step: Step) -> list[str]:
    """The step's keys (data in hcpay.flows), said for both faces an agent may meet."""
    return [wrap(f"{hint.key.upper()} on screen, or type {hint.word} in plain mode: "
                 f"{hint.does}.", "  > ", "    ") for hint in step.keys]


def wrap(text: str, indent: str, more: str | None = None) -> str:
    return textwrap.fill(
        text, WIDTH, initial_indent=indent, subsequent_indent=more or indent,
        break_long_words=False, break_on_hyphens=False,
    )


def placeholder_note(spec: Field) -> str | None:
    text = spec.placeholder.strip()
    if not text or spec.kind in KIND_HINTS or text.lower().startswith("your "):
        return None
    looks_like_example = ("@" in text or any(c.isdigit() for c in text)) and "digit" not in text
    return _("like {text}").format(text=text) if looks_like_example else text


def field_line(spec: Field) -> str:
    label = spec.label
    notes = []
    if not spec.required and "optional" not in label.lower() and spec.kind != "checkbox":
        notes.append("optional")
    if spec.kind in KIND_HINTS:
        notes.append(_(KIND_HINTS[spec.kind]))
    note = placeholder_note(spec)
    if note:
        notes.append(note)
    # a hint the label already gives ("Pay on (YYYY-MM-DD)") is not said twice
    notes = [n for n in notes if n.split(" or ")[0].removeprefix("like ") not in label]
    line = label + (f" ({'; '.join(notes)})" if notes else "")
    if spec.choices:
        line += ": " + ", ".join(choice_label for _unused, choice_label in spec.choices)
    text = wrap(line, "  - ", "    ")
    if spec.help:
        text += "\n" + wrap(spec.help, "      ")
    return text


def flow_words(flow: Flow, extra: Extra | None = None) -> str:
    """A wizard: each step, its fields and what to press. A troubleshooting guide (``extra``):
    each step to read, and the one thing the app can do for the member."""
    lines = [flow.title, "=" * len(flow.title)]
    if flow.help:
        lines.append(wrap(flow.help, ""))
    for step in flow.steps:
        lines.append("")
        lines.append(flow.heading(step.number))
        if step.help:
            lines.append(wrap(step.help, "  "))
        lines.extend(field_line(spec) for spec in step.fields)
        lines.extend(key_lines(step))
        if extra is None:
            lines.append(wrap(press(flow, step), "  > ", "    "))
    if extra is not None:
        lines.append("")
        lines.append(wrap(
            "In the app, Troubleshooting opens this guide on your own account: it shows what "
            "it finds and which step fits."
            + (f" Press {extra.act_key} there to {extra.act_label.lower()}."
               if extra.act_label and extra.act_key else ""), ""))
    return "\n".join(lines)


def flow_json(flow: Flow, extra: Extra | None = None) -> dict[str, Any]:
    return {
        "kind": "troubleshooting" if extra is not None else "wizard",
        "name": flow.name,
        "topic": topic_of(flow),
        "title": flow.title,
        "help": flow.help,
        "steps": [
            {
                "number": step.number,
                "of": flow.total,
                "heading": flow.heading(step.number),
                "title": step.title,
                "help": step.help,
                "press": press(flow, step) if extra is None else None,
                "keys": [{"key": h.key, "word": h.word, "does": h.does} for h in step.keys],
                "fields": [
                    {
                        "name": f.name, "label": f.label, "kind": f.kind,
                        "required": f.required, "help": f.help,
                        "choices": [{"value": v, "label": lbl} for v, lbl in f.choices],
                    }
                    for f in step.fields
                ],
            }
            for step in flow.steps
        ],
    }


def listing(flows: dict[str, Flow]) -> str:
    width = max((len(topic_of(f)) for f in flows.values()), default=0)
    lines = [_("Guides (hcpay guide TOPIC prints the steps, numbered as the screens number them):")]
    for flow in flows.values():
        lines.append(_("  {width}  {flow} ({total} steps)").format(
            width=topic_of(flow).ljust(width), flow=flow.title, total=flow.total))
    lines.append(_("Topics that cover several: account, pay, autopay, troubleshoot. The last word "
                 "of a name is enough (`hcpay guide declined`)."))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    flows = registered()
    extra = extras()
    chosen = list(flows.values()) if args.topic is None else find(args.topic, flows)
    if args.topic is not None and not chosen:
        print(
            _("hcpay guide: no guide about {topic!r} in this version of hcpay.\n").format(
                topic=args.topic)
            + listing(flows), file=sys.stderr,
        )
        return 1
    if args.json:
        render.write_json(
            sys.stdout, {"guides": [flow_json(f, extra.get(f.name)) for f in chosen]}
        )
    elif args.topic is None:
        print(listing(flows))
    else:
        print("\n\n".join(flow_words(f, extra.get(f.name)) for f in chosen))
    return 0
