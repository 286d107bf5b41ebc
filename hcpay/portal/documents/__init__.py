"""Documents the portal sends a member (bills, coverage notices, Form 1095-A): made once, kept
as written, rendered through ``hcpay.documents`` like receipts (product-rules.md, Documents and
tax forms)."""
