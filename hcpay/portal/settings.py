"""Portal settings: defaults from product-rules.md, overridable with HCPAY_PORTAL_* variables."""

from __future__ import annotations

from datetime import date

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from hcpay import paths


def default_database_url() -> str:
    return f"sqlite:///{paths.data_dir() / 'portal.db'}"


class PortalSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HCPAY_PORTAL_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    sandbox: bool = True
    # Fernet key (urlsafe base64, 32 bytes) for SSNs at rest. In sandbox mode a key is made and
    # kept beside the database (mode 0600) when none is given; live mode must be given one.
    ssn_key: str | None = None
    public_url: str = "http://127.0.0.1:8000"
    gateway_url: str | None = None  # None: the portal's own sandbox gateway at /gateway
    timezone: str = "America/New_York"
    # Sandbox only: the day the demo data (`hcpay demo`, `hcpay serve --demo`) is made for; the
    # sandbox clock is moved forward to it first (a day already past changes nothing). None:
    # today. The demo follows the billing rules on any day; this shows a given one.
    demo_date: date | None = None

    # Sessions (HIPAA automatic logoff, NIST AAL2)
    access_token_minutes: int = 15
    idle_timeout_minutes: int = 30
    agent_idle_timeout_minutes: int = 15
    absolute_timeout_hours: int = 12
    lockout_failures: int = 5
    lockout_minutes: int = 15
    agent_lockout_minutes: int = 30  # PCI DSS 8.3.4: at least 30 minutes
    login_rate_per_minute: int = 20
    verification_code_minutes: int = 15
    verification_max_attempts: int = 5
    password_reset_minutes: int = 15
    support_code_minutes: int = 15
    # argon2id parameters (RFC 9106 second recommended option, memory reduced for a 2-core host)
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 1

    # Billing (product-rules.md)
    due_day: int = 23
    grace_months_subsidized: int = 3
    past_due_days_unsubsidized: int = 30
    reinstatement_days: int = 35
    late_fee_cents: int = 0
    bank_settlement_business_days: int = 3
    scheduled_max_days: int = 60
    autopay_notice_days: int = 3
    autopay_retry_days: int = 3
    # The most one agent credit or fee waiver may be without a supervisor (product-rules.md).
    agent_adjustment_limit_cents: int = 10_000
    # Paying without signing in (portal-api.md v1.1): a guest token's life, wrong lookups for
    # one member id before guest lookup locks for it, and lookups per client address, each in
    # a window of guest_lookup_window_minutes; an agent's pay link lives this many hours.
    guest_token_minutes: int = 15
    guest_lookup_failures: int = 5
    guest_lookups_per_address: int = 30
    guest_lookup_window_minutes: int = 15
    pay_link_hours: int = 24

    portal_name: str = "Health Connector premium payments"  # on receipts and documents
    support_phone: str = "1-877-623-6765"
    support_hours: str = "Monday to Friday, 8 a.m. to 6 p.m. Eastern"

    # Retention: idempotency keys are kept this long (as Stripe does), delivered messages this
    # many days; expired tokens, codes and logins a day after they expire.
    idempotency_key_hours: int = 72
    delivered_message_days: int = 90

    # Jobs: `hcpay serve` runs them every this many seconds (0 turns the timer off).
    jobs_interval_seconds: int = 60

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
