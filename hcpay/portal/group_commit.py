"""Group commit: requests that arrive together share their write transactions.

A payment needs three short write transactions (see ``payments.engine``). On SQLite only one
writer runs at a time, so under load each request would wait for every other request's three
transactions in turn, and each transaction costs the same fixed overhead however little it
writes. Here requests hand their work to a queue on the event loop; one worker thread at a time
takes everything queued so far and does it for all of them at once (``process``: one
transaction per step for the whole batch). Requests that arrive meanwhile wait for the next
batch. Nobody waits on a timer: a lone request is a batch of one.

Each request gets its own answer (or its own exception) back, as if it had run alone. Waiting
on the event loop (not in a thread each) also spares every request a thread hand-over, which on
a busy machine costs more than the work."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from starlette.concurrency import run_in_threadpool

T = TypeVar("T")
R = TypeVar("R")

# Results a batch's ``process`` gives back, one per item: the answer, or the exception to raise.
Process = Callable[[Sequence[T]], Sequence["R | BaseException"]]


class _Queue(Generic[T, R]):
    """The work waiting on one event loop (an app may be served from more than one loop, as
    tests do; futures belong to their loop)."""

    def __init__(self) -> None:
        self.items: list[tuple[T, asyncio.Future[R]]] = []
        self.workers: set[asyncio.Task[None]] = set()


class GroupCommit(Generic[T, R]):
    """Run ``process`` over the items of requests that arrive together (see the module)."""

    def __init__(self, max_batch: int = 64, workers: int = 1) -> None:
        """``workers``: batches that may run at once (1 where writers take turns anyway, as on
        SQLite; more where the database runs writers side by side and a batch spends most of
        its time waiting for it, as on PostgreSQL)."""
        self.max_batch = max_batch
        self.workers = workers
        self._queues: dict[asyncio.AbstractEventLoop, _Queue[T, R]] = {}

    async def submit(self, item: T, process: Process[T, R]) -> R:
        """``item``'s own result from ``process`` (every caller passes the same function)."""
        loop = asyncio.get_running_loop()
        queue = self._queues.get(loop)
        if queue is None:
            queue = self._queues[loop] = _Queue()
        done: asyncio.Future[R] = loop.create_future()
        queue.items.append((item, done))
        if len(queue.workers) < self.workers:
            queue.workers.add(loop.create_task(self._drain(loop, queue, process)))
        return await asyncio.shield(done)  # a cancelled request leaves its batch whole

    async def _drain(
        self, loop: asyncio.AbstractEventLoop, queue: _Queue[T, R], process: Process[T, R]
    ) -> None:
        batch: list[tuple[T, asyncio.Future[R]]] = []
        try:
            while queue.items:
                batch = queue.items[: self.max_batch]
                del queue.items[: self.max_batch]
                try:
                    results = await run_in_threadpool(process, [item for item, _ in batch])
                except Exception as exc:  # the whole batch failed: each request hears why
                    results = [exc] * len(batch)
                for (_, done), result in zip(batch, results, strict=True):
                    if done.done():
                        continue
                    if isinstance(result, BaseException):
                        done.set_exception(result)
                    else:
                        done.set_result(result)
        finally:
            for _, done in batch:  # the loop is closing: nobody is left waiting for ever
                if not done.done():
                    done.cancel()
            # Out of the set before anything else can run, so a request that comes next starts
            # a worker of its own rather than waiting for this one.
            queue.workers.discard(asyncio.current_task())
            if not queue.workers:  # the last one out
                for _, done in queue.items:
                    if not done.done():
                        done.cancel()
                self._queues.pop(loop, None)
