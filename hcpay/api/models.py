"""Pydantic models of every answer in the portal API contract (portal-api.md).

Unknown fields are ignored, so a newer portal does not break an older client; the few shapes the
contract leaves open (agent views, notifications, access log) keep their extra fields in
``model_extra``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class OpenModel(BaseModel):
    """A shape the contract leaves partly open: extra fields are kept in ``model_extra``."""

    model_config = ConfigDict(extra="allow")


class Page(Model, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


# -- health and configuration ------------------------------------------------------------------


class Health(Model):
    status: str
    version: str
    sandbox: bool


class SupportInfo(Model):
    phone: str
    hours: str


class BillingInfo(Model):
    due_day: int
    grace_months_subsidized: int


class PortalConfig(Model):
    gateway_url: str
    support: SupportInfo
    billing: BillingInfo
    sandbox: bool = False
    today: date | None = None  # the portal's date: the one "today" every face uses
    time_zone: str = "America/New_York"


# -- accounts, identity, sessions --------------------------------------------------------------


class Verification(Model):
    channel: str
    sent_to: str


class AccountCreated(Model):
    member_id: str
    username: str
    status: str
    verification: Verification


class AccountStatus(Model):
    status: str


Role = Literal["member", "agent"]


class SessionMember(Model):
    member_id: str
    first_name: str
    role: Role = "member"


class TokenPair(Model):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int
    member: SessionMember | None = None

    def __repr__(self) -> str:  # never print a token
        return f"TokenPair(expires_in={self.expires_in}, member={self.member!r})"

    __str__ = __repr__


class TwoStepSetup(Model):
    secret: str
    otpauth_uri: str


class RecoveryCodes(Model):
    recovery_codes: list[str]


# -- the member's account ----------------------------------------------------------------------


class Me(Model):
    member_id: str
    first_name: str
    last_name: str
    email: str
    phone: str | None = None
    date_of_birth: date
    ssn_last4: str
    subsidized: bool
    two_step_enabled: bool = False


CoverageStatus = Literal["active", "grace", "termination_pending", "terminated"]
InvoiceStatus = Literal["open", "paid", "past_due", "void"]
PaymentStatus = Literal["scheduled", "processing", "succeeded", "failed", "returned", "canceled"]


class NextDue(Model):
    invoice_id: str
    due_date: date
    amount_cents: int


class GuestDue(Model):
    due_date: date
    amount_cents: int


class GuestBalance(Model):
    """All a guest token may read: the first initial, what is due and when, and the most one
    payment may be now."""

    first_name_initial: str
    balance_due_cents: int
    next_due: GuestDue | None = None
    max_payment_cents: int | None = None
    today: date | None = None


class GuestPass(GuestBalance):
    """``POST /guest/lookup``: a 15-minute guest token and the balance it may pay."""

    guest_token: str
    expires_in: int

    def __repr__(self) -> str:  # never print a token
        return f"GuestPass(first_name_initial={self.first_name_initial!r})"

    __str__ = __repr__


class PayLink(Model):
    """An agent's pay link: the code the caller types into guest payment."""

    url_code: str
    expires_at: datetime
    reference: str | None = None


class Grace(Model):
    month: int
    of: int
    ends_on: date | None = None
    first_unpaid_month: str | None = None


class Reinstatement(Model):
    amount_cents: int
    deadline: date


class Alert(Model):
    code: str
    message: str


class AutopayAmount(Model):
    type: Literal["full_balance", "fixed"]
    amount_cents: int | None = None


class AutopaySummary(OpenModel):
    """The summary's autopay part: at least whether it is on and when it next draws."""

    enabled: bool = False
    next_draw_date: date | None = None
    payment_method_id: str | None = None
    amount: AutopayAmount | None = None
    paused_until: date | None = None  # paused, and on again by itself that day


class MethodBrief(Model):
    kind: Literal["card", "bank_account"]
    brand: str | None = None
    last4: str


class Payment(Model):
    reference: str
    status: PaymentStatus
    amount_cents: int
    method: MethodBrief | None = None
    created_at: datetime
    scheduled_for: date | None = None
    expected_settlement_date: date | None = None
    settled_on: date | None = None
    code: str | None = None
    decline_code: str | None = None
    failure_message: str | None = None
    return_code: str | None = None
    invoice_ids: list[str] = Field(default_factory=list)
    payment_method_id: str | None = None
    source: str | None = None  # "member", "autopay", "plan", ...


class Summary(Model):
    member_id: str | None = None  # on every bill and receipt; pays without signing in
    balance_due_cents: int
    credit_cents: int = 0
    past_due_cents: int = 0
    next_due: NextDue | None = None
    coverage_status: CoverageStatus
    coverage_starts_on_payment: bool = False  # a new member's first bill not paid yet
    terminated_on: date | None = None
    grace: Grace | None = None
    reinstatement: Reinstatement | None = None
    autopay: AutopaySummary | None = None
    recent_payments: list[Payment] = Field(default_factory=list)
    alerts: list[Alert] = Field(default_factory=list)
    as_of: datetime
    today: date | None = None  # the portal's date: the one "today" every face uses
    time_zone: str = "America/New_York"


class Invoice(Model):
    invoice_id: str
    policy: Literal["health", "dental"]
    coverage_month: str
    amount_cents: int
    paid_cents: int
    due_date: date
    status: InvoiceStatus
    premium_cents: int | None = None
    late_fee_cents: int = 0
    issued_on: date | None = None
    binder: bool = False  # a new member's first bill: coverage starts when it is paid

    @property
    def remaining_cents(self) -> int:
        return max(0, self.amount_cents - self.paid_cents)


class PaymentMethod(Model):
    payment_method_id: str
    kind: Literal["card", "bank_account"]
    brand: str | None = None
    last4: str
    exp_month: int | None = None
    exp_year: int | None = None
    account_type: str | None = None
    label: str
    is_default: bool = False


# -- gateway -----------------------------------------------------------------------------------


class GatewayToken(Model):
    token: str
    kind: Literal["card", "bank_account"]
    brand: str | None = None
    last4: str
    exp_month: int | None = None
    exp_year: int | None = None


# -- automatic payments ------------------------------------------------------------------------


class AutopaySettings(Model):
    """What the member sends with ``PUT /me/autopay`` (``next_draw_date`` is computed)."""

    enabled: bool = True
    payment_method_id: str
    amount: AutopayAmount
    frequency: Literal["monthly", "quarterly"] = "monthly"
    draw_day: int | Literal["due_date"] = "due_date"
    start_date: date | None = None
    end_date: date | None = None
    paused_until: date | None = None  # with enabled false: on again by itself that day


class Autopay(Model):
    enabled: bool
    payment_method_id: str
    amount: AutopayAmount
    frequency: Literal["monthly", "quarterly"]
    draw_day: int | Literal["due_date"]
    start_date: date
    end_date: date | None = None
    next_draw_date: date | None = None
    paused_until: date | None = None


# -- notifications, plans, support -------------------------------------------------------------


class Notification(OpenModel):
    id: int | str | None = None
    category: str | None = None
    code: str | None = None
    channel: str | None = None
    subject: str | None = None
    body: str | None = None
    created_at: datetime | None = None


class ChannelChoice(Model):
    email: bool = True
    sms: bool = False


class NotificationPreferences(Model):
    categories: dict[str, ChannelChoice]
    remind_days_before_due: int


class Installment(Model):
    due_date: date
    amount_cents: int
    number: int | None = None
    payment_reference: str | None = None
    status: str | None = None


class PaymentPlan(Model):
    plan_id: str
    installments: list[Installment]
    status: str | None = None
    total_cents: int | None = None
    payment_method_id: str | None = None


class SupportCode(Model):
    code: str
    expires_at: datetime


class AccessLogEntry(OpenModel):
    """One line of "who opened my account": when, which agent, what they did and why."""

    accessed_at: datetime
    agent_name: str
    action: str
    description: str
    reason: str


# -- sandbox -----------------------------------------------------------------------------------


class OutboxMessage(Model):
    id: int
    channel: str
    to: str
    subject: str | None = None
    body: str
    category: str | None = None
    created_at: datetime


class SandboxClock(Model):
    now: datetime
    today: date
    jobs_run: int | None = None


# -- agent tools (hcpay/portal/routes/agent.py) -----------------------------------------------


class AgentMemberHit(Model):
    """One search hit, enough to tell callers with the same name apart (masked)."""

    member_id: str
    name: str
    email_masked: str
    phone_last4: str | None = None
    status: str


class AgentSearch(Model):
    items: list[AgentMemberHit]
    matched_by: Literal["payment_reference", "member_id", "email", "name"]
    next_cursor: str | None = None


class PaymentAttempt(Model):
    kind: str
    outcome: str
    code: str | None = None
    processor_ref: str | None = None
    created_at: datetime


class AgentPayment(Payment):
    """A payment as an agent sees it: the member's view plus every attempt at the processor."""

    attempts: list[PaymentAttempt] = Field(default_factory=list)


class FoundPayment(AgentPayment):
    """A payment looked up by reference: which bills it paid and what to tell the caller."""

    applied_to_invoices: list[str] = Field(default_factory=list)
    invoice_ids_named: list[str] = Field(default_factory=list)
    explanation: str


class AgentPaymentLookup(Model):
    payment: FoundPayment
    member: AgentMemberHit


class AgentNote(Model):
    note_id: int
    text: str
    agent_name: str
    created_at: datetime
    member_id: str | None = None  # in the answer to adding one


class AgentMemberView(AgentMemberHit):
    """The one-screen member view (masked: email, phone and SSN by last 4, methods by last 4)."""

    first_name: str
    last_name: str
    ssn_last4: str | None = None
    subsidized: bool = False
    two_step_enabled: bool = False
    locked: bool = False
    member_since: date
    billing_available: bool = True
    coverage_status: str | None = None
    grace: Grace | None = None
    balance_due_cents: int | None = None
    past_due_cents: int | None = None
    credit_cents: int | None = None
    invoices: list[Invoice] = Field(default_factory=list)
    payments: list[AgentPayment] = Field(default_factory=list)
    autopay: Autopay | None = None
    payment_methods: list[PaymentMethod] = Field(default_factory=list)
    notes: list[AgentNote] = Field(default_factory=list)
    money_actions: list[AgentMoneyAction] = Field(default_factory=list)


class SupportCodeLookup(Model):
    """What the member was looking at when they made the support code."""

    code: str
    screen: str
    step: int | None = None
    last_error_code: str | None = None
    created_at: datetime
    expires_at: datetime
    member: AgentMemberHit


class PasswordResetSent(Model):
    sent_to: str
    channel: str


# -- agent money actions (portal-api.md v1.1) --------------------------------------------------


class AgentMoneyAction(Model):
    """A refund, credit, fee waiver or pay link an agent made, with its own reference
    (ADJ-XXXX-XXXX); a pay link moves no money (amount 0)."""

    reference: str
    kind: Literal["refund", "credit", "fee_waiver", "pay_link"]
    status: str  # pending | succeeded | failed
    amount_cents: int
    reason: str
    created_at: datetime
    payment_reference: str | None = None  # a refund's payment


class AgentAdjustment(AgentMoneyAction):
    """The answer to making one: the member's credit after it, what is left of a refund's
    payment."""

    credit_cents: int
    refunded_cents: int | None = None
    unrefunded_cents: int | None = None
