"""``PortalClient``: every call the apps make to the portal, over one ``httpx.AsyncClient``.

- Answers are parsed into the models of ``hcpay.api.models``; problem+json answers are raised as
  the typed errors of ``hcpay.api.errors`` (``PortalUnreachable`` when nothing answers).
- GETs, and POSTs that carry an ``Idempotency-Key``, are retried with backoff (``retry.py``).
- Tokens live in memory only. A 401 ``token_expired`` refreshes the access token once and sends
  the request again; every change of tokens is reported to ``on_tokens_changed`` (the app saves
  the refresh token with ``hcpay.credentials``).
- A remembered login is shared by every hcpay process on the computer (the app, each scripted
  command), and the portal ends a login when a used refresh token comes back. With
  ``shared_refresh`` set, a refresh holds the shared lock, starts from the token stored there now
  (another process may have moved it on) and stores the new one before letting go.
- Card and bank numbers go to the gateway named by the portal's config, never to the portal, and
  never with the member's bearer token.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager
from datetime import date
from types import TracebackType
from typing import Any, Literal, Protocol, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel

from hcpay import __version__
from hcpay.api.document_models import DocumentItem, DocumentPreferences
from hcpay.api.errors import (
    NotFound,
    NotSignedIn,
    PortalError,
    PortalUnreachable,
    RefreshBusy,
    ServerError,
    SessionExpired,
    SessionRevoked,
    UnexpectedAnswer,
    error_from_response,
)
from hcpay.api.models import (
    AccessLogEntry,
    AccountCreated,
    AccountStatus,
    AgentAdjustment,
    AgentMemberHit,
    AgentMemberView,
    AgentNote,
    AgentPaymentLookup,
    AgentSearch,
    Autopay,
    AutopaySettings,
    GatewayToken,
    GuestBalance,
    GuestPass,
    Health,
    Invoice,
    Me,
    Notification,
    NotificationPreferences,
    OutboxMessage,
    Page,
    PasswordResetSent,
    PayLink,
    Payment,
    PaymentMethod,
    PaymentPlan,
    PortalConfig,
    RecoveryCodes,
    SandboxClock,
    SessionMember,
    Summary,
    SupportCode,
    SupportCodeLookup,
    TokenPair,
    TwoStepSetup,
)
from hcpay.api.retry import RetryPolicy, send_with_retries
from hcpay.api.transport_check import checked_gateway, portal_refusal
from hcpay.api.unix_socket import UnixSocketTransport
from hcpay.domain import i18n
from hcpay.domain.document_words import DocumentKind

M = TypeVar("M", bound=BaseModel)
TokensChanged = Callable[[TokenPair | None], None]

API = "/api/v1"
# Moving the sandbox clock runs every job that falls due; give it longer than a normal call.
CLOCK_TIMEOUT = 120.0


class SharedRefreshToken(Protocol):
    """A refresh token other processes refresh too: the remembered login, which the app and
    every scripted command sign in from (``hcpay.credentials.SharedLogin``)."""

    def exclusive(self) -> AbstractAsyncContextManager[object]:
        """Held around load, ``POST /sessions/refresh`` and save: one process at a time.
        Raises ``TimeoutError`` when another holds it for too long."""
        ...

    async def load(self) -> str | None:
        """The refresh token stored now; None when there is none or it cannot be read."""
        ...

    async def save(self, refresh_token: str) -> None:
        """Store the new refresh token (never raises: a store that fails is said elsewhere)."""
        ...

    async def forget(self, refresh_token: str) -> None:
        """The portal refused ``refresh_token``: drop it, if it is still the one stored."""
        ...


def new_idempotency_key() -> str:
    """A fresh key for one payment attempt: keep it while retrying that same attempt."""
    return str(uuid.uuid4())


def _items(body: Any) -> list[Any]:
    if isinstance(body, dict):
        items = body.get("items", [])
        return list(items) if isinstance(items, list) else []
    return list(body) if isinstance(body, list) else []


class PortalClient:
    """One portal, one member's session. Use ``async with`` or call ``aclose()``."""

    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 10.0,
        on_tokens_changed: TokensChanged | None = None,
        retry: RetryPolicy | None = None,
        shared_refresh: SharedRefreshToken | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.on_tokens_changed = on_tokens_changed
        # The remembered login these tokens belong to, when other processes use it too. A
        # password sign-in and signing out let go of it (``login``, ``use_tokens(None)``).
        self.shared_refresh = shared_refresh
        # over a network, only https (or http on this computer): see transport_check
        over_network = transport is None or (
            isinstance(transport, httpx.AsyncHTTPTransport)
            and not isinstance(transport, UnixSocketTransport))
        self._refusal = portal_refusal(self.base_url) if over_network else None
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            transport=transport,
            timeout=httpx.Timeout(timeout),
            headers={
                "User-Agent": f"hcpay/{__version__}",
                "Accept": "application/json, application/problem+json",
            },
        )
        self._tokens: TokenPair | None = None
        self._refresh_lock = asyncio.Lock()
        self._spent: set[str] = set()  # refresh tokens this client has sent: never again
        self._config: PortalConfig | None = None
        self.last_activity: float | None = None  # time.monotonic() of the last signed-in answer

    # -- lifecycle ---------------------------------------------------------------------------

    async def __aenter__(self) -> PortalClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- tokens ------------------------------------------------------------------------------

    @property
    def tokens(self) -> TokenPair | None:
        return self._tokens

    @property
    def signed_in(self) -> bool:
        return self._tokens is not None

    @property
    def member(self) -> SessionMember | None:
        return self._tokens.member if self._tokens else None

    def use_tokens(self, tokens: TokenPair | None) -> None:
        """Adopt (or forget, with None) a token pair, and tell ``on_tokens_changed``."""
        if tokens is not None and tokens.member is None and self._tokens is not None:
            tokens = tokens.model_copy(update={"member": self._tokens.member})
        self._tokens = tokens
        if tokens is not None:
            self.last_activity = time.monotonic()
        else:
            self.shared_refresh = None  # signed out: no login left to share
        if self.on_tokens_changed is not None:
            self.on_tokens_changed(tokens)

    # -- the one place requests are sent ---------------------------------------------------

    def _unreachable(self, exc: httpx.TransportError, timeout: float) -> PortalUnreachable:
        if isinstance(exc, httpx.TimeoutException):
            return PortalUnreachable(
                f"The portal at {self.base_url} did not answer within {timeout:g} seconds. "
                "Check your internet connection and try again in a minute; if it keeps "
                "happening, call support.",
                url=self.base_url,
                timed_out=True,
            )
        return PortalUnreachable(
            f"The portal at {self.base_url} cannot be reached. Check your internet connection "
            "and try again; if you run the portal yourself, start it with `hcpay serve`.",
            url=self.base_url,
        )

    @staticmethod
    def _error(response: httpx.Response) -> PortalError:
        body: Any = None
        try:
            body = response.json()
        except ValueError:
            body = None
        if body is None and response.status_code >= 500:
            return ServerError(status=response.status_code, code="server_error")
        return error_from_response(
            response.status_code, body, retry_after_header=response.headers.get("Retry-After")
        )

    async def _request(
        self,
        method: str,
        url: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str | bytes] | None = None,
        auth: bool = True,
        idempotency_key: str | None = None,
        time_limit: float | None = None,
    ) -> httpx.Response:
        if self._refusal is not None:
            raise self._refusal
        if auth and self._tokens is None:
            raise NotSignedIn("Please sign in first.", code="not_signed_in", status=401)
        safe = method in ("GET", "HEAD") or idempotency_key is not None
        clean_params = {k: v for k, v in (params or {}).items() if v is not None}
        for attempt in (1, 2):
            access = self._tokens.access_token if auth and self._tokens else None
            request = self._http.build_request(
                method,
                url,
                json=json,
                params=clean_params or None,
                headers=self._headers(headers, access, idempotency_key),
                timeout=time_limit if time_limit is not None else httpx.USE_CLIENT_DEFAULT,
            )

            async def send(request: httpx.Request = request) -> httpx.Response:
                return await self._http.send(request)

            try:
                response = await send_with_retries(send, safe=safe, policy=self.retry)
            except httpx.TransportError as exc:
                raise self._unreachable(exc, time_limit or self.timeout) from exc
            if response.is_success:
                if access is not None:
                    self.last_activity = time.monotonic()
                return response
            error = self._error(response)
            if auth and error.code == "token_expired" and attempt == 1 and access is not None:
                await self._refresh_after_expiry(access)
                continue
            if auth and isinstance(error, (SessionExpired, SessionRevoked)):
                self.use_tokens(None)
            raise error
        raise AssertionError("unreachable: the second attempt returns or raises")

    @staticmethod
    def _headers(
        extra: Mapping[str, str | bytes] | None, access: str | None, idempotency_key: str | None
    ) -> list[tuple[bytes, bytes]]:
        headers: dict[str, str | bytes] = dict(extra or {})
        # the language the portal answers in (titles, details, field messages), asked on every
        # request: the member may change it in Settings while signed in
        headers.setdefault("Accept-Language", i18n.current_language())
        if access is not None:
            headers["Authorization"] = f"Bearer {access}"
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        # bytes as given (an access reason is UTF-8), text as ASCII
        return [
            (name.encode("ascii"), value if isinstance(value, bytes) else value.encode("ascii"))
            for name, value in headers.items()
        ]

    async def _refresh_after_expiry(self, stale_access: str) -> None:
        """Refresh once for everyone who saw the same expired access token."""
        async with self._refresh_lock:
            if self._tokens is not None and self._tokens.access_token != stale_access:
                return  # another request refreshed while this one waited
            await self._refresh(None)

    @staticmethod
    def _parse(model: type[M], response: httpx.Response) -> M:
        try:
            return model.model_validate(response.json())
        except ValueError as exc:  # not JSON, or pydantic's ValidationError
            raise UnexpectedAnswer(
                status=response.status_code, code="unexpected_answer"
            ) from exc

    async def _get(self, model: type[M], url: str, **kwargs: Any) -> M:
        return self._parse(model, await self._request("GET", url, **kwargs))

    async def _send(self, model: type[M], method: str, url: str, **kwargs: Any) -> M:
        return self._parse(model, await self._request(method, url, **kwargs))

    async def _list(self, model: type[M], url: str, **kwargs: Any) -> list[M]:
        response = await self._request("GET", url, **kwargs)
        try:
            return [model.model_validate(i) for i in _items(response.json())]
        except ValueError as exc:
            raise UnexpectedAnswer(
                status=response.status_code, code="unexpected_answer"
            ) from exc

    # -- health and configuration ------------------------------------------------------------

    async def health(self) -> Health:
        return await self._get(Health, "/health", auth=False)

    async def config(self) -> PortalConfig:
        self._config = await self._get(PortalConfig, f"{API}/config", auth=False)
        return self._config

    # -- accounts and identity ---------------------------------------------------------------

    async def create_account(
        self,
        *,
        first_name: str,
        last_name: str,
        date_of_birth: date | str,
        ssn: str,
        email: str,
        username: str,
        password: str,
        phone: str | None = None,
    ) -> AccountCreated:
        body: dict[str, Any] = {
            "first_name": first_name,
            "last_name": last_name,
            "date_of_birth": str(date_of_birth),
            "ssn": ssn,
            "email": email,
            "username": username,
            "password": password,
        }
        if phone:
            body["phone"] = phone
        return await self._send(AccountCreated, "POST", f"{API}/accounts", json=body, auth=False)

    async def verify_account(self, username: str, code: str) -> AccountStatus:
        return await self._send(
            AccountStatus, "POST", f"{API}/accounts/verify",
            json={"username": username, "code": code}, auth=False,
        )

    async def resend_verification(self, username: str) -> None:
        await self._request(
            "POST", f"{API}/accounts/verify/resend", json={"username": username}, auth=False
        )

    # -- sessions ----------------------------------------------------------------------------

    async def login(self, username: str, password: str, otp: str | None = None) -> TokenPair:
        body: dict[str, Any] = {"username": username, "password": password}
        if otp:
            body["otp"] = otp
        pair = await self._send(TokenPair, "POST", f"{API}/sessions", json=body, auth=False)
        self.shared_refresh = None  # a new login: not the remembered one (until it is kept)
        self.use_tokens(pair)
        return pair

    async def refresh(self, refresh_token: str | None = None) -> TokenPair:
        """A new token pair from ``refresh_token`` (default: the one held). Never retried: a
        refresh token works once, and replaying a used one ends the whole login. With
        ``shared_refresh``, the token stored there now is used if it is newer than this one."""
        async with self._refresh_lock:
            return await self._refresh(refresh_token)

    async def _refresh(self, refresh_token: str | None) -> TokenPair:
        """``refresh``, with ``_refresh_lock`` held: one refresh at a time in this client."""
        held = refresh_token or (self._tokens.refresh_token if self._tokens else None)
        shared = self.shared_refresh
        try:
            if shared is None:
                pair = await self._rotate(held)
            else:
                pair = await self._rotate_shared(shared, held)
        except NotSignedIn:
            if self._tokens is not None:
                self.use_tokens(None)
            raise
        self.use_tokens(pair)
        return pair

    async def _rotate_shared(self, shared: SharedRefreshToken, held: str | None) -> TokenPair:
        """Rotate the shared login's token: under its lock, from the token stored now, unless
        that is one this client has sent already (its own save failed), and store the new
        one before another process may look."""
        async with contextlib.AsyncExitStack() as stack:
            try:
                await stack.enter_async_context(shared.exclusive())
            except TimeoutError as exc:
                raise RefreshBusy() from exc
            stored = await shared.load()
            token = stored if stored is not None and stored not in self._spent else held
            try:
                pair = await self._rotate(token)
            except NotSignedIn:
                if token is not None:
                    await shared.forget(token)
                raise
            await shared.save(pair.refresh_token)
            return pair

    async def _rotate(self, token: str | None) -> TokenPair:
        """``POST /sessions/refresh`` with ``token``."""
        if token is None:
            raise NotSignedIn("Please sign in first.", code="not_signed_in", status=401)
        self._spent.add(token)
        return await self._send(
            TokenPair, "POST", f"{API}/sessions/refresh",
            json={"refresh_token": token}, auth=False,
        )

    async def logout(self) -> None:
        """End the login on the portal and forget the tokens here, also when the portal cannot
        be reached (the refresh token then dies by itself within 30 idle minutes)."""
        if self._tokens is None:
            return
        try:
            await self._request("DELETE", f"{API}/sessions/current")
        except NotSignedIn:
            pass  # already over on the portal
        finally:
            if self._tokens is not None:
                self.use_tokens(None)

    async def request_password_reset(self, username_or_email: str) -> None:
        await self._request(
            "POST", f"{API}/password-resets",
            json={"username_or_email": username_or_email}, auth=False,
        )

    async def check_password_reset(self, username_or_email: str, code: str) -> None:
        """422 ``invalid_code`` unless ``code`` is the account's live reset code (a wrong one
        counts a try; the code is not used up)."""
        await self._request(
            "POST", f"{API}/password-resets/check",
            json={"username_or_email": username_or_email, "code": code}, auth=False,
        )

    async def confirm_password_reset(
        self, username_or_email: str, code: str, new_password: str
    ) -> None:
        await self._request(
            "POST", f"{API}/password-resets/confirm",
            json={"username_or_email": username_or_email, "code": code,
                  "new_password": new_password}, auth=False,
        )

    # -- paying without signing in ---------------------------------------------------------

    async def guest_lookup(
        self, *, member_id: str = "", date_of_birth: date | None = None, pay_code: str = ""
    ) -> GuestPass:
        """A guest token for one member's balance: by member id and date of birth, or by an
        agent's pay code (used up by this call). 404 ``no_match`` when nothing matches."""
        body: dict[str, Any] = (
            {"pay_code": pay_code} if pay_code else
            {"member_id": member_id,
             "date_of_birth": date_of_birth.isoformat() if date_of_birth else None})
        return await self._send(GuestPass, "POST", f"{API}/guest/lookup", json=body, auth=False)

    async def guest_balance(self, guest_token: str) -> GuestBalance:
        return await self._get(GuestBalance, f"{API}/guest/balance", auth=False,
                               headers={"Authorization": f"Bearer {guest_token}"})

    async def guest_pay(
        self, guest_token: str, amount_cents: int, token: str, *, idempotency_key: str,
        allow_duplicate: bool = False,
    ) -> Payment:
        """Pay a guest token's balance with a new card's or account's one-time token (never
        saved); once per ``idempotency_key``, as ``pay``."""
        body: dict[str, Any] = {"amount_cents": amount_cents, "token": token}
        if allow_duplicate:
            body["allow_duplicate"] = True
        return await self._send(
            Payment, "POST", f"{API}/guest/payments", json=body, auth=False,
            headers={"Authorization": f"Bearer {guest_token}"}, idempotency_key=idempotency_key,
        )

    async def start_two_step(self, password: str) -> TwoStepSetup:
        """Changing how the member signs in needs the password again (portal-api.md v1.1)."""
        return await self._send(
            TwoStepSetup, "POST", f"{API}/me/two-step", json={"password": password}
        )

    async def confirm_two_step(self, otp: str, password: str) -> RecoveryCodes:
        return await self._send(
            RecoveryCodes, "POST", f"{API}/me/two-step/confirm",
            json={"otp": otp, "password": password},
        )

    async def disable_two_step(self, otp: str, password: str) -> None:
        await self._request(
            "DELETE", f"{API}/me/two-step", json={"otp": otp, "password": password}
        )

    # -- the member's account ----------------------------------------------------------------

    async def me(self) -> Me:
        return await self._get(Me, f"{API}/me")

    async def summary(self) -> Summary:
        return await self._get(Summary, f"{API}/me/summary")

    async def invoices(
        self,
        status: Literal["open", "paid", "all"] = "open",
        *,
        cursor: str | None = None,
        limit: int = 50,
    ) -> Page[Invoice]:
        return await self._get(
            Page[Invoice], f"{API}/me/invoices",
            params={"status": status, "cursor": cursor, "limit": limit},
        )

    async def invoice(self, invoice_id: str) -> Invoice:
        return await self._get(Invoice, f"{API}/me/invoices/{invoice_id}")

    async def payment_methods(self) -> list[PaymentMethod]:
        return await self._list(PaymentMethod, f"{API}/me/payment-methods")

    async def add_payment_method(self, token: str, make_default: bool = False) -> PaymentMethod:
        return await self._send(
            PaymentMethod, "POST", f"{API}/me/payment-methods",
            json={"token": token, "make_default": make_default},
        )

    async def set_default_payment_method(self, payment_method_id: str) -> PaymentMethod:
        return await self._send(
            PaymentMethod, "POST", f"{API}/me/payment-methods/{payment_method_id}/default"
        )

    async def delete_payment_method(self, payment_method_id: str) -> None:
        await self._request("DELETE", f"{API}/me/payment-methods/{payment_method_id}")

    # -- gateway -----------------------------------------------------------------------------

    async def gateway_url(self) -> str:
        """Where card and bank numbers go: the config's ``gateway_url``, a relative one
        ("/gateway") meaning this portal's own address."""
        config = self._config or await self.config()
        url = config.gateway_url.rstrip("/")
        if url.startswith("/"):
            return self.base_url + url
        return checked_gateway(url, self.base_url)

    async def _tokenize(self, body: dict[str, Any]) -> GatewayToken:
        url = await self.gateway_url() + "/v1/tokens"
        # auth=False: the member's bearer token never goes to the gateway (another host in
        # production). Not retried: a token request carries no idempotency key.
        return await self._send(GatewayToken, "POST", url, json=body, auth=False)

    async def tokenize_card(
        self, number: str, exp_month: int, exp_year: int, cvc: str, name: str | None = None
    ) -> GatewayToken:
        card: dict[str, Any] = {
            "number": number, "exp_month": exp_month, "exp_year": exp_year, "cvc": cvc,
        }
        if name:
            card["name"] = name
        return await self._tokenize({"card": card})

    async def tokenize_bank_account(
        self,
        routing_number: str,
        account_number: str,
        account_type: Literal["checking", "savings"],
        holder_name: str,
    ) -> GatewayToken:
        return await self._tokenize(
            {
                "bank_account": {
                    "routing_number": routing_number,
                    "account_number": account_number,
                    "account_type": account_type,
                    "holder_name": holder_name,
                }
            }
        )

    # -- payments ----------------------------------------------------------------------------

    async def pay(
        self,
        amount_cents: int,
        *,
        payment_method_id: str | None = None,
        token: str | None = None,
        scheduled_for: date | None = None,
        invoice_ids: list[str] | None = None,
        idempotency_key: str,
        allow_duplicate: bool = False,
    ) -> Payment:
        """Pay (or schedule) ``amount_cents``. Keep ``idempotency_key`` for this one attempt:
        sending it again (after a timeout, say) returns the first answer, never a 2nd charge.
        The same amount from the same method within 24 hours raises PossibleDuplicate unless
        ``allow_duplicate`` (the member said "pay again")."""
        if (payment_method_id is None) == (token is None):
            raise ValueError("pay() needs exactly one of payment_method_id or token")
        body: dict[str, Any] = {"amount_cents": amount_cents}
        if payment_method_id is not None:
            body["payment_method_id"] = payment_method_id
        if token is not None:
            body["token"] = token
        if scheduled_for is not None:
            body["scheduled_for"] = scheduled_for.isoformat()
        if invoice_ids:
            body["invoice_ids"] = list(invoice_ids)
        if allow_duplicate:
            body["allow_duplicate"] = True
        return await self._send(
            Payment, "POST", f"{API}/me/payments", json=body, idempotency_key=idempotency_key
        )

    async def payments(
        self, status: str | None = None, cursor: str | None = None, limit: int = 50
    ) -> Page[Payment]:
        return await self._get(
            Page[Payment], f"{API}/me/payments",
            params={"status": status, "cursor": cursor, "limit": limit},
        )

    async def payment(self, reference: str) -> Payment:
        return await self._get(Payment, f"{API}/me/payments/{reference}")

    async def cancel_payment(self, reference: str) -> None:
        await self._request("DELETE", f"{API}/me/payments/{reference}")

    async def receipt(self, reference: str, format: Literal["txt", "pdf"] = "txt") -> bytes:
        response = await self._request(
            "GET", f"{API}/me/payments/{reference}/receipt", params={"format": format}
        )
        return response.content

    # -- documents (bills, coverage notices, tax forms, receipts) ------------------------------

    async def documents(
        self, kind: DocumentKind | None = None, *, cursor: str | None = None, limit: int = 50,
    ) -> Page[DocumentItem]:
        return await self._get(
            Page[DocumentItem], f"{API}/me/documents",
            params={"kind": kind, "cursor": cursor, "limit": limit},
        )

    async def all_documents(self, kind: DocumentKind | None = None) -> list[DocumentItem]:
        """Every page of the list, newest first."""
        items: list[DocumentItem] = []
        cursor: str | None = None
        while True:
            page = await self.documents(kind, cursor=cursor, limit=200)
            items += page.items
            cursor = page.next_cursor
            if not cursor:
                return items

    async def document(self, document_id: str, format: Literal["txt", "pdf"] = "txt") -> bytes:
        response = await self._request(
            "GET", f"{API}/me/documents/{quote(document_id, safe='')}",
            params={"format": format},
        )
        return response.content

    async def document_preferences(self) -> DocumentPreferences:
        return await self._get(DocumentPreferences, f"{API}/me/preferences")

    async def set_document_preferences(
        self, *, paperless: Mapping[str, str] | None = None, language: str | None = None,
    ) -> DocumentPreferences:
        body: dict[str, Any] = {}
        if paperless:
            body["paperless"] = dict(paperless)
        if language:
            body["language"] = language
        return await self._send(DocumentPreferences, "PUT", f"{API}/me/preferences", json=body)

    # -- automatic payments ------------------------------------------------------------------

    async def autopay(self) -> Autopay | None:
        """The member's automatic payments, or None when there are none."""
        try:
            return await self._get(Autopay, f"{API}/me/autopay")
        except NotFound:
            return None

    async def set_autopay(self, settings: AutopaySettings) -> Autopay:
        return await self._send(
            Autopay, "PUT", f"{API}/me/autopay",
            json=settings.model_dump(mode="json", exclude_none=True),
        )

    async def delete_autopay(self) -> None:
        await self._request("DELETE", f"{API}/me/autopay")

    # -- notifications, plans, support -------------------------------------------------------

    async def notifications(self) -> list[Notification]:
        return await self._list(Notification, f"{API}/me/notifications")

    async def notification_preferences(self) -> NotificationPreferences:
        return await self._get(NotificationPreferences, f"{API}/me/notification-preferences")

    async def set_notification_preferences(
        self, preferences: NotificationPreferences
    ) -> NotificationPreferences:
        response = await self._request(
            "PUT", f"{API}/me/notification-preferences", json=preferences.model_dump(mode="json")
        )
        if response.content and "categories" in (body := response.json()):
            return NotificationPreferences.model_validate(body)
        return preferences

    async def set_language(self, language: str) -> bool:
        """Keep the member's language in the portal, for what it sends (notices, reminders,
        documents): ``PUT /me/preferences {"language": ...}``. False when this portal has no
        such route (404): the choice is then kept on this computer only."""
        try:
            await self._request("PUT", f"{API}/me/preferences", json={"language": language})
        except PortalError as exc:
            if isinstance(exc, NotFound) or exc.status == 405:
                return False
            raise
        return True

    async def calendar_ics(self) -> str:
        response = await self._request("GET", f"{API}/me/calendar.ics")
        return response.text

    async def create_payment_plan(self, installments: int, payment_method_id: str) -> PaymentPlan:
        return await self._send(
            PaymentPlan, "POST", f"{API}/me/payment-plans",
            json={"installments": installments, "payment_method_id": payment_method_id},
        )

    async def payment_plans(self) -> list[PaymentPlan]:
        return await self._list(PaymentPlan, f"{API}/me/payment-plans")

    async def create_support_code(
        self, screen: str, step: str | int | None = None, last_error_code: str | None = None
    ) -> SupportCode:
        body: dict[str, Any] = {"screen": screen}
        if step is not None:
            body["step"] = step
        if last_error_code is not None:
            body["last_error_code"] = last_error_code
        return await self._send(SupportCode, "POST", f"{API}/me/support-codes", json=body)

    async def access_log(self) -> list[AccessLogEntry]:
        return await self._list(AccessLogEntry, f"{API}/me/access-log")

    # -- sandbox -----------------------------------------------------------------------------

    async def sandbox_outbox(self, to: str | None = None, after_id: int = 0) -> list[OutboxMessage]:
        return await self._list(
            OutboxMessage, "/sandbox/outbox",
            params={"to": to, "after_id": after_id or None}, auth=False,
        )

    async def sandbox_clock(self) -> SandboxClock:
        return await self._get(SandboxClock, "/sandbox/clock", auth=False)

    async def advance_sandbox_clock(
        self, days: int = 0, *, to: date | None = None
    ) -> SandboxClock:
        """Move the sandbox clock ``days`` forward (or to the date ``to``) and run what falls
        due on the way; answers when those jobs have finished."""
        body: dict[str, Any] = {"set": to.isoformat()} if to is not None else {"advance_days": days}
        return await self._send(
            SandboxClock, "POST", "/sandbox/clock", json=body, auth=False, time_limit=CLOCK_TIMEOUT
        )

    # -- agent tools (every call states why: X-Access-Reason, audited) ------------------------

    @staticmethod
    def _reason(reason: str) -> dict[str, str | bytes]:
        # UTF-8 on the wire (httpx would refuse a non-ASCII str); the portal reads it back so.
        return {"X-Access-Reason": reason.strip().encode("utf-8")}

    async def agent_search(
        self, q: str, reason: str, *, limit: int | None = None, cursor: str | None = None
    ) -> AgentSearch:
        """Members by member id, name, email or payment reference (and how ``q`` was read)."""
        return await self._get(
            AgentSearch, f"{API}/agent/members", params={"q": q, "limit": limit, "cursor": cursor},
            headers=self._reason(reason),
        )

    async def agent_search_members(self, q: str, reason: str) -> list[AgentMemberHit]:
        return (await self.agent_search(q, reason)).items

    async def agent_member(self, member_id: str, reason: str) -> AgentMemberView:
        return await self._get(
            AgentMemberView, f"{API}/agent/members/{_segment(member_id)}",
            headers=self._reason(reason),
        )

    async def agent_payment(self, reference: str, reason: str) -> AgentPaymentLookup:
        return await self._get(
            AgentPaymentLookup, f"{API}/agent/payments/{_segment(reference)}",
            headers=self._reason(reason),
        )

    async def agent_support_code(self, code: str, reason: str) -> SupportCodeLookup:
        return await self._get(
            SupportCodeLookup, f"{API}/agent/support-codes/{_segment(code)}",
            headers=self._reason(reason),
        )

    async def agent_add_note(self, member_id: str, text: str, reason: str) -> AgentNote:
        return await self._send(
            AgentNote, "POST", f"{API}/agent/members/{_segment(member_id)}/notes",
            json={"text": text}, headers=self._reason(reason),
        )

    async def agent_send_password_reset(self, member_id: str, reason: str) -> PasswordResetSent:
        return await self._send(
            PasswordResetSent, "POST", f"{API}/agent/members/{_segment(member_id)}/password-reset",
            headers=self._reason(reason),
        )


    # -- agent money actions (the action's own reason is also the call's access reason) -------

    async def agent_refund(
        self, member_id: str, payment_reference: str, amount_cents: int, reason: str
    ) -> AgentAdjustment:
        """Refund part or all of a succeeded payment to the method it came from."""
        return await self._send(
            AgentAdjustment, "POST", f"{API}/agent/members/{_segment(member_id)}/refunds",
            json={"amount_cents": amount_cents, "payment_reference": payment_reference.strip(),
                  "reason": reason.strip()},
            headers=self._reason(reason),
        )

    async def agent_adjust(
        self, member_id: str, amount_cents: int, kind: str, reason: str
    ) -> AgentAdjustment:
        """A credit (``kind="credit"``) or fee waiver (``"fee_waiver"``) on the account."""
        return await self._send(
            AgentAdjustment, "POST", f"{API}/agent/members/{_segment(member_id)}/adjustments",
            json={"amount_cents": amount_cents, "kind": kind, "reason": reason.strip()},
            headers=self._reason(reason),
        )

    async def agent_pay_link(self, member_id: str, reason: str) -> PayLink:
        """A one-use pay code (24 hours) to read to the caller for a guest payment."""
        return await self._send(
            PayLink, "POST", f"{API}/agent/members/{_segment(member_id)}/pay-links",
            json={"reason": reason.strip()}, headers=self._reason(reason),
        )


def _segment(text: str) -> str:
    """One path segment, whatever the agent typed (a slash or ? cannot reach another route)."""
    return quote(text.strip(), safe="")
