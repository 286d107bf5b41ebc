"""Demo data (product-rules.md): seeded on an empty sandbox database by `hcpay demo` and
`hcpay serve --demo`. Each part of the portal adds its share of the demo here."""

from __future__ import annotations

from hcpay.portal.context import Portal


def seed_demo(portal: Portal) -> bool:
    """Seed the demo accounts unless the database already has members; True if it seeded."""
    if not portal.settings.sandbox:
        raise RuntimeError("demo data exists only in sandbox mode")
    return False
