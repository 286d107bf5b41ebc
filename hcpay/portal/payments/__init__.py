"""Payments: the charge engine, idempotency, scheduled payments, settlement, autopay, plans."""
