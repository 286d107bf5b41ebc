"""Group commit: requests that arrive together are done in one batch, each with its own answer."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence

import pytest

from hcpay.portal.group_commit import GroupCommit


class Recorder:
    """A batch function that remembers its batches; the first batch can be held until more
    requests have queued behind it."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.release = threading.Event()
        self.release.set()

    def process(self, items: Sequence[int]) -> list[int | BaseException]:
        self.release.wait(5)
        self.batches.append(list(items))
        return [ValueError(f"no {i}") if i < 0 else i * 10 for i in items]


async def test_a_lone_request_is_a_batch_of_one() -> None:
    group: GroupCommit[int, int] = GroupCommit()
    rec = Recorder()
    assert await group.submit(4, rec.process) == 40
    assert rec.batches == [[4]]


async def test_requests_arriving_while_a_batch_runs_share_the_next_one() -> None:
    group: GroupCommit[int, int] = GroupCommit()
    rec = Recorder()
    rec.release.clear()  # hold the first batch while the others arrive
    first = asyncio.create_task(group.submit(1, rec.process))
    await asyncio.sleep(0.05)
    rest = [asyncio.create_task(group.submit(i, rec.process)) for i in (2, 3, -4, 5)]
    await asyncio.sleep(0.05)
    rec.release.set()
    assert await first == 10
    results = await asyncio.gather(*rest, return_exceptions=True)
    assert results[:2] == [20, 30] and results[3] == 50
    assert isinstance(results[2], ValueError) and str(results[2]) == "no -4"
    assert rec.batches == [[1], [2, 3, -4, 5]]


async def test_a_batch_that_fails_as_a_whole_fails_each_request_and_the_next_runs() -> None:
    group: GroupCommit[int, int] = GroupCommit()

    def broken(items: Sequence[int]) -> list[int | BaseException]:
        raise RuntimeError("database went away")

    results = await asyncio.gather(group.submit(1, broken), group.submit(2, broken),
                                   return_exceptions=True)
    assert all(isinstance(r, RuntimeError) for r in results)
    rec = Recorder()
    assert await group.submit(3, rec.process) == 30


async def test_a_request_that_gives_up_leaves_its_batch_whole() -> None:
    group: GroupCommit[int, int] = GroupCommit()
    rec = Recorder()
    rec.release.clear()
    impatient = asyncio.create_task(group.submit(1, rec.process))
    patient = asyncio.create_task(group.submit(2, rec.process))
    await asyncio.sleep(0.05)
    impatient.cancel()
    rec.release.set()
    assert await patient == 20
    with pytest.raises(asyncio.CancelledError):
        await impatient
    assert any(1 in batch for batch in rec.batches)  # done anyway: a retry with its key finds it


async def test_batches_are_capped() -> None:
    group: GroupCommit[int, int] = GroupCommit(max_batch=3)
    rec = Recorder()
    rec.release.clear()
    tasks = [asyncio.create_task(group.submit(i, rec.process)) for i in range(8)]
    await asyncio.sleep(0.05)
    rec.release.set()
    assert await asyncio.gather(*tasks) == [i * 10 for i in range(8)]
    assert max(len(b) for b in rec.batches) == 3
    assert sorted(i for b in rec.batches for i in b) == list(range(8))


def test_each_event_loop_has_its_own_queue() -> None:
    """An app served from two loops at once (as tests do) keeps each loop's futures apart."""
    group: GroupCommit[int, int] = GroupCommit()
    rec = Recorder()
    answers: list[int] = []

    def run(n: int) -> None:
        async def many() -> list[int]:
            return list(await asyncio.gather(*(group.submit(n + i, rec.process)
                                               for i in range(5))))
        answers.extend(asyncio.run(many()))

    threads = [threading.Thread(target=run, args=(n,)) for n in (100, 200)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == sorted((n + i) * 10 for n in (100, 200) for i in range(5))
    assert not group._queues  # nothing left behind once each loop's work is done


async def test_with_two_workers_two_batches_run_at_once() -> None:
    """For PostgreSQL, where a batch mostly waits on the database: the second batch does not
    wait for the first (each of these two meets the other inside ``process``)."""
    group: GroupCommit[int, int] = GroupCommit(workers=2)
    both_inside = threading.Barrier(2, timeout=5)

    def meet(items: Sequence[int]) -> list[int | BaseException]:
        both_inside.wait()
        return [i * 10 for i in items]

    first = asyncio.create_task(group.submit(1, meet))
    await asyncio.sleep(0.05)  # the first batch is inside, waiting for a second
    assert await group.submit(2, meet) == 20
    assert await first == 10
    assert not group._queues


async def test_a_request_right_after_a_batch_ends_is_not_stranded() -> None:
    group: GroupCommit[int, int] = GroupCommit()
    rec = Recorder()
    for i in range(20):  # each one lands as the previous worker is finishing
        assert await group.submit(i, rec.process) == i * 10
    assert not group._queues
