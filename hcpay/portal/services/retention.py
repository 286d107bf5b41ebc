"""What the portal keeps, and for how long (issue 11, item 14): a daily job, run with the others
(every minute under `hcpay serve`), removes what no longer serves anyone.

- Secrets in the outbox: blanked once they expire (``outbox.blank_expired_secrets``).
- Access and refresh tokens, verification codes and reset codes, guest tokens and agents' pay
  codes (their ADJ- action stays): a day after they expire.
- Logins: once their tokens are gone and their 12 hours are long over.
- Idempotency keys: after ``idempotency_key_hours`` (72), when no request holds them.
- Attempt counters (wrong codes, lookups): once their window is over (the longest is a day).
- Delivered messages: ``delivered_message_days`` after delivery; an undelivered one is kept (the
  sandbox's outbox is its members' inbox, and a real sender still owes it).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, exists, select

from hcpay.portal.jobs import JobContext
from hcpay.portal.models import (
    AttemptCounter,
    GuestToken,
    IdempotencyRecord,
    Login,
    OutboxMessage,
    PasswordReset,
    PayLink,
    Token,
    VerificationCode,
)
from hcpay.portal.services import attempt_limits, outbox
from hcpay.portal.settings import PortalSettings

GRACE = timedelta(days=1)


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def prune(context: JobContext, settings: PortalSettings) -> int:
    now = context.now
    login_over = now - timedelta(hours=settings.absolute_timeout_hours) - GRACE
    keys_kept = timedelta(hours=settings.idempotency_key_hours)
    messages_kept = timedelta(days=settings.delivered_message_days)
    statements = [
        delete(Token).where(Token.expires_at < now - GRACE),
        delete(VerificationCode).where(VerificationCode.expires_at < now - GRACE),
        delete(PasswordReset).where(PasswordReset.expires_at < now - GRACE),
        delete(GuestToken).where(GuestToken.expires_at < now - GRACE),
        delete(PayLink).where(PayLink.expires_at < now - GRACE),
        delete(Login).where(
            Login.created_at < login_over,
            ~exists(select(Token.token_hash).where(Token.login_id == Login.login_id)),
        ),
        delete(IdempotencyRecord).where(
            IdempotencyRecord.created_at < now - keys_kept, IdempotencyRecord.locked_until < now
        ),
        delete(AttemptCounter).where(
            AttemptCounter.window_start < now - attempt_limits.LONGEST_WINDOW - GRACE
        ),
        delete(OutboxMessage).where(
            OutboxMessage.delivered_at.is_not(None),
            OutboxMessage.delivered_at < now - messages_kept,
        ),
    ]
    with context.db.write() as session:
        done = outbox.blank_expired_secrets(session, now=now)
        for statement in statements:
            done += _count(session.execute(statement))
    return done
