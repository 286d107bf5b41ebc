"""The SQLite write lock: one writer at a time, re-entrant, and handed on in arrival order."""

from __future__ import annotations

import threading
import time

from hcpay.portal.db import FairLock


def test_one_holder_at_a_time_and_reentrant() -> None:
    lock = FairLock()
    inside = 0
    most = 0
    guard = threading.Lock()

    def work() -> None:
        nonlocal inside, most
        for _ in range(50):
            with lock, lock:  # re-entrant: the same thread may take it again
                with guard:
                    inside += 1
                    most = max(most, inside)
                time.sleep(0.0001)
                with guard:
                    inside -= 1

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads)
    assert most == 1


def _take_and_note(lock: FairLock, order: list[int], n: int) -> None:
    with lock:
        order.append(n)


def test_waiters_get_the_lock_in_arrival_order() -> None:
    lock = FairLock()
    order: list[int] = []
    lock.__enter__()
    threads = []
    for n in range(5):
        t = threading.Thread(target=_take_and_note, args=(lock, order, n))
        t.start()
        threads.append(t)
        # wait until this thread is queued before starting the next one
        deadline = time.monotonic() + 5
        while len(lock._waiters) < n + 1 and time.monotonic() < deadline:
            time.sleep(0.001)
    lock.__exit__()
    for t in threads:
        t.join(timeout=10)
    assert order == [0, 1, 2, 3, 4]
