"""Every flow there is, found by name: the ones in ``FLOWS`` and any other module-level ``Flow``
in ``hcpay.flows`` (the payment and troubleshooting guides), so the agent's guide pane and
``hcpay guide`` list each wizard a member can meet without a list kept by hand."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import hcpay.flows
from hcpay.flows import FLOWS, Flow


@cache
def all_flows() -> tuple[Flow, ...]:
    found: dict[str, Flow] = dict(FLOWS)
    for info in pkgutil.iter_modules(hcpay.flows.__path__):
        module = importlib.import_module(f"hcpay.flows.{info.name}")
        for value in vars(module).values():
            if isinstance(value, Flow):
                found.setdefault(value.name, value)
    return tuple(sorted(found.values(), key=lambda flow: flow.title.lower()))


def flow_named(name: str) -> Flow | None:
    """The flow a screen or support code names (``make_payment``, ``troubleshoot_support``)."""
    wanted = name.strip().lower().replace("-", "_").replace(" ", "_")
    for flow in all_flows():
        if flow.name == wanted or flow.name.removeprefix("troubleshoot_") == wanted:
            return flow
    return None
