"""Retries with backoff for requests that are safe to repeat.

Safe means a GET, or a POST that carries an ``Idempotency-Key`` (the portal answers a repeated
key with the first answer, so a retry never charges twice). A retry happens on a connection
error or timeout, a 5xx, or a 429 whose ``Retry-After`` is short; everything else is answered at
once. The same request object, headers included, is sent every time, so the key never changes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3  # in all, the first one included
    backoff: float = 0.25  # seconds before the first retry; doubles each time, with jitter
    max_wait: float = 4.0
    max_retry_after: float = 5.0  # a 429 asking for a longer wait is answered, not retried

    @classmethod
    def never(cls) -> RetryPolicy:
        return cls(attempts=1)


class _TryAgain(Exception):
    def __init__(self, response: httpx.Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _wait(policy: RetryPolicy) -> Callable[[RetryCallState], float]:
    backoff = wait_exponential_jitter(
        multiplier=policy.backoff, max=policy.max_wait, jitter=policy.backoff
    )

    def wait(state: RetryCallState) -> float:
        if policy.backoff <= 0:
            return 0.0
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _TryAgain):
            asked = _retry_after(exc.response)
            if asked is not None:
                return min(asked, policy.max_retry_after)
        return float(backoff(state))

    return wait


async def send_with_retries(
    send: Callable[[], Awaitable[httpx.Response]], *, safe: bool, policy: RetryPolicy
) -> httpx.Response:
    """Call ``send`` until it gives an answer worth returning; raise its transport error last."""
    if not safe or policy.attempts <= 1:
        return await send()
    retrying = AsyncRetrying(
        stop=stop_after_attempt(policy.attempts),
        wait=_wait(policy),
        retry=retry_if_exception_type((_TryAgain, httpx.TransportError)),
        reraise=True,
    )
    try:
        async for attempt in retrying:
            with attempt:
                response = await send()
                if response.status_code in RETRYABLE_STATUS:
                    asked = _retry_after(response)
                    if response.status_code == 429 and (
                        asked is None or asked > policy.max_retry_after
                    ):
                        return response
                    await response.aread()
                    raise _TryAgain(response)
                return response
    except _TryAgain as last:
        return last.response
    raise AssertionError("unreachable: tenacity either returns or raises")
