"""Signing in, refreshing and signing out.

Signing in takes two short write transactions around the (slow) password check, which runs
outside any transaction: the first counts the attempt against the client address's rate limit
and sees whether the username is locked; the second records what happened. A right password
whose stored hash was made with older argon2 parameters is hashed again (also outside any
transaction) and the new hash is stored in the second transaction when the sign-in succeeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hcpay.domain.counting import counted
from hcpay.domain.i18n import _
from hcpay.portal.context import Portal
from hcpay.portal.models import Login, LoginAttempt, Member, Token, UnknownUserLock
from hcpay.portal.problems import Problem
from hcpay.portal.services import login_guard, passwords, two_step
from hcpay.portal.services.tokens import TokenPair, hash_token, issue_pair, login_ended_reason
from hcpay.portal.services.tokens import start_login as _start_login
from hcpay.portal.settings import PortalSettings


@dataclass(frozen=True)
class SignedIn:
    pair: TokenPair
    member_id: str
    first_name: str
    role: str


def _bad_credentials() -> Problem:
    return Problem(
        401, "invalid_credentials",
        _("The username or password is not right. Check both and try again (passwords are "
        "case-sensitive). After 5 wrong tries in a row, sign-in is paused for 15 minutes; "
        "if you forgot your password, reset it."),
        headers={"WWW-Authenticate": "Bearer"},
    )


def _locked(seconds: int) -> Problem:
    minutes = max(1, (seconds + 59) // 60)
    return Problem(
        423, "locked",
        _("Too many failed sign-ins in a row. Try again in {minutes}, or "
        "reset your password.").format(minutes=counted(minutes, 'minute')),
        headers={"Retry-After": str(seconds)},
    )


def _rate_limited(seconds: int) -> Problem:
    return Problem(
        429, "rate_limited",
        _("Too many sign-in attempts from this address. "
        "Wait {seconds} and try again.").format(seconds=counted(seconds, 'second')),
        headers={"Retry-After": str(seconds)},
    )


def _refuse_or_reserve(
    session: Session, target: login_guard.Lockable, name: str, client_address: str, *,
    now: datetime, settings: PortalSettings,
) -> tuple[Problem | None, int]:
    """With ``target``'s row locked: the refusal (locked, or as many attempts being checked
    as failures are left), or the id of the attempt reserved for this password check."""
    wait = login_guard.refusal_for(session, target, name, now=now, settings=settings)
    if wait is not None:
        login_guard.record_attempt(
            session, now=now, client_address=client_address, username=name, outcome="locked"
        )
        return _locked(wait), 0
    attempt = LoginAttempt(
        at=now, client_address=client_address[:64], username=name, outcome="started"
    )
    session.add(attempt)
    session.flush()
    return None, attempt.id


def _set_outcome(session: Session, attempt_id: int, outcome: str) -> None:
    session.execute(
        update(LoginAttempt).where(LoginAttempt.id == attempt_id).values(outcome=outcome)
    )


def sign_in(
    portal: Portal, *, username: str, password: str, otp: str | None, client_address: str
) -> SignedIn:
    settings = portal.settings
    name = username.strip().lower()[:64]
    now = portal.clock.now()
    refusal: Problem | None = None
    stored_hash: str | None = None
    member_id: str | None = None
    attempt_id = 0
    with portal.db.write() as session:
        rate = login_guard.check_rate(session, client_address, now=now, settings=settings)
        if not rate.allowed:
            login_guard.record_attempt(
                session, now=now, client_address=client_address, username=name,
                outcome="rate_limited",
            )
            refusal = _rate_limited(rate.retry_after)
        else:
            # The account's row locked (an unknown username's too), the attempt is reserved
            # before its password is hashed: however many arrive at once, in however many
            # processes, failures plus attempts being checked stay within the limit.
            member = session.execute(
                select(Member).where(Member.username == name).with_for_update()
            ).scalar_one_or_none()
            target: login_guard.Lockable = member or login_guard.unknown_user_lock(
                session, name, now=now
            )
            refusal, attempt_id = _refuse_or_reserve(
                session, target, name, client_address, now=now, settings=settings
            )
            if refusal is None and member is not None:
                stored_hash, member_id = member.password_hash, member.member_id
    if refusal is not None:
        raise refusal

    password_ok = passwords.verify_password(stored_hash, password, settings)
    # A right password under older argon2 parameters: hash it again now, outside any
    # transaction (hashing is slow), and store it below if the sign-in succeeds. Only a right
    # password costs this second hash, so wrong passwords and unknown users still cost one.
    upgraded_hash = (
        passwords.hash_password(password, settings)
        if password_ok and stored_hash is not None
        and passwords.needs_rehash(stored_hash, settings)
        else None
    )

    now = portal.clock.now()
    signed_in: SignedIn | None = None
    outcome = "failed"
    with portal.db.write() as session:
        member = (
            session.execute(
                select(Member).where(Member.member_id == member_id).with_for_update()
            ).scalar_one_or_none()
            if member_id is not None else None
        )
        if member is None or not password_ok:
            target = member or login_guard.unknown_user_lock(session, name, now=now)
            if isinstance(target, UnknownUserLock):
                target.updated_at = now
            seconds = login_guard.register_failure(target, now=now, settings=settings)
            outcome = "failed_locked" if seconds else "failed"
            refusal = _locked(seconds) if seconds else _bad_credentials()
        elif (seconds := login_guard.locked_for(member, now)) is not None:
            # Locked while this password was being checked: no success once locked.
            outcome = "locked"
            refusal = _locked(seconds)
        elif member.status != "active":
            outcome = "not_verified"
            refusal = Problem(
                403, "not_verified",
                _("This account is not verified yet. Enter the 6-digit code we emailed you, or "
                "ask for a new code."),
            )
        elif member.is_agent and not member.totp_enabled:
            outcome = "two_step_setup_required"
            refusal = Problem(
                403, "two_step_setup_required",
                _("Agent accounts must sign in with two steps, and this one has no authenticator "
                "set up. Ask an administrator to run `hcpay portal reset-agent-two-step`."),
            )
        elif member.totp_enabled and not (otp and otp.strip()):
            outcome = "otp_required"
            refusal = Problem(
                401, "otp_required",
                _("Enter the 6-digit code from your authenticator app (or a recovery code)."),
                headers={"WWW-Authenticate": "Bearer"},
            )
        elif member.totp_enabled and not two_step.check_second_factor(
            member, portal.box, otp or "", now=now
        ):
            seconds = login_guard.register_failure(member, now=now, settings=settings)
            outcome = "otp_invalid_locked" if seconds else "otp_invalid"
            refusal = _locked(seconds) if seconds else Problem(
                401, "otp_invalid",
                _("That code is not right or was already used. Enter the current 6-digit code "
                "from your authenticator app, or one of your recovery codes."),
                headers={"WWW-Authenticate": "Bearer"},
            )
        else:
            login_guard.register_success(member)
            # Unless the password changed meanwhile (a reset must win over the old password).
            if upgraded_hash is not None and member.password_hash == stored_hash:
                member.password_hash = upgraded_hash
                login_guard.log.info(
                    "password hash upgraded to the current argon2 parameters: member=%s",
                    member.member_id,
                )
            pair = _start_login(session, member, now=now, settings=settings)
            outcome = "success"
            signed_in = SignedIn(pair, member.member_id, member.first_name, member.role)
        _set_outcome(session, attempt_id, outcome)
    login_guard.log.info(
        "sign-in attempt: user=%s outcome=%s client=%s", name, outcome, client_address
    )
    if signed_in is None:
        assert refusal is not None
        raise refusal
    return signed_in


def _wrong_password() -> Problem:
    return Problem(
        403, "password_invalid",
        _("That password is not right. Enter the password you sign in with (it is "
        "case-sensitive); after 5 wrong tries in a row, sign-in is paused for 15 minutes."),
        errors=[{"field": "password", "message": _("Enter the password you sign in with.")}],
    )


def confirm_password(portal: Portal, member_id: str, password: str, *, client_address: str) -> None:
    """The signed-in member's password again, before a change to how they sign in: checked
    as a sign-in is (the attempt reserved before hashing, the lock checked again after), and a
    wrong one counts toward the same lock. A right one resets nothing: only a whole sign-in
    does, so that guessing the second step here stays counted."""
    settings = portal.settings
    now = portal.clock.now()
    refusal: Problem | None = None
    attempt_id = 0
    stored_hash = ""
    with portal.db.write() as session:
        member = locked_member(session, member_id)
        name = member.username
        refusal, attempt_id = _refuse_or_reserve(
            session, member, name, client_address, now=now, settings=settings
        )
        stored_hash = member.password_hash
    if refusal is not None:
        raise refusal
    password_ok = passwords.verify_password(stored_hash, password, settings)
    now = portal.clock.now()
    with portal.db.write() as session:
        member = locked_member(session, member_id)
        if not password_ok:
            seconds = login_guard.register_failure(member, now=now, settings=settings)
            outcome = "password_invalid_locked" if seconds else "password_invalid"
            refusal = _locked(seconds) if seconds else _wrong_password()
        elif (seconds := login_guard.locked_for(member, now)) is not None:
            outcome, refusal = "locked", _locked(seconds)
        else:
            outcome = "password_confirmed"
        _set_outcome(session, attempt_id, outcome)
    login_guard.log.info(
        "password check: user=%s outcome=%s client=%s", name, outcome, client_address
    )
    if refusal is not None:
        raise refusal


def second_step_failed(
    member: Member, *, now: datetime, settings: PortalSettings
) -> Problem | None:
    """A wrong code while changing two-step sign-in counts toward the sign-in lock: the
    lock's answer when this one locks the account, else None."""
    seconds = login_guard.register_failure(member, now=now, settings=settings)
    return _locked(seconds) if seconds else None


def locked_problem(member: Member, *, now: datetime) -> Problem | None:
    """423 when ``member`` is locked now (check with the row locked, before a code)."""
    seconds = login_guard.locked_for(member, now)
    return _locked(seconds) if seconds is not None else None


def locked_member(session: Session, member_id: str) -> Member:
    """The member's row, locked until the transaction ends (PostgreSQL; SQLite writers are
    serial already)."""
    return session.execute(
        select(Member).where(Member.member_id == member_id).with_for_update()
    ).scalar_one()


def _invalid_refresh() -> Problem:
    return Problem(
        401, "invalid_token", _("That refresh token is not valid. Please sign in again."),
        headers={"WWW-Authenticate": "Bearer"},
    )


def refresh(portal: Portal, refresh_token: str) -> SignedIn:
    """Rotate: the old refresh token stops working; replaying a used one ends the login."""
    settings = portal.settings
    now = portal.clock.now()
    result: SignedIn | None = None
    refusal: Problem | None = None
    with portal.db.write() as session:
        token = session.execute(
            select(Token).where(Token.token_hash == hash_token(refresh_token)).with_for_update()
        ).scalar_one_or_none()
        login = session.get(Login, token.login_id) if token is not None else None
        member = session.get(Member, login.member_id) if login is not None else None
        if token is None or token.kind != "refresh" or login is None or member is None:
            refusal = _invalid_refresh()
        elif token.used_at is not None:
            if login.ended_at is None:
                login.ended_at, login.ended_reason = now, "refresh_replayed"
            login_guard.log.warning(
                "refresh token replayed: login ended for member=%s", member.member_id
            )
            refusal = Problem(
                401, "session_revoked",
                _("This sign-in was ended because an old refresh token was used again. "
                "Please sign in again."),
                headers={"WWW-Authenticate": "Bearer"},
            )
        else:
            reason = login_ended_reason(login, member, now=now, settings=settings)
            if reason == "session_revoked":
                refusal = Problem(
                    401, reason, _("You were signed out. Please sign in again."),
                    headers={"WWW-Authenticate": "Bearer"},
                )
            elif reason is not None or token.expires_at <= now:
                refusal = Problem(
                    401, "session_expired",
                    _("Your session ended (after a period without activity, or 12 hours in all). "
                    "Please sign in again."),
                    headers={"WWW-Authenticate": "Bearer"},
                )
            else:
                token.used_at = now
                login.last_seen_at = now
                pair = issue_pair(session, login, member, now=now, settings=settings)
                result = SignedIn(pair, member.member_id, member.first_name, member.role)
    if result is None:
        assert refusal is not None
        raise refusal
    return result


def sign_out(portal: Portal, access_token: str) -> None:
    now = portal.clock.now()
    with portal.db.write() as session:
        token = session.get(Token, hash_token(access_token))
        login = session.get(Login, token.login_id) if token is not None else None
        if login is not None and login.ended_at is None:
            login.ended_at, login.ended_reason = now, "signed_out"


def end_every_login(session: Session, member_id: str, *, now: datetime, reason: str) -> None:
    session.execute(
        update(Login)
        .where(Login.member_id == member_id, Login.ended_at.is_(None))
        .values(ended_at=now, ended_reason=reason)
    )
