"""Billing and coverage: invoices, balance, allocation, credits, grace periods, jobs."""
