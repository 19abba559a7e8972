"""What every Operations backend call shares: one error type, one fan-out.

A backend that fails becomes a BackendError whose text is fit for the page
(never credentials). Calls to many servers run at once through `FanOut`:
sent when it is created, collected when asked, optionally cut off at one
overall deadline after which late workers are abandoned, not awaited.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

# Shared by every request of this process: its threads keep their keep-alive
# sessions (api/http.py); tasks never wait on other tasks, so a busy pool only queues.
_SHARED_POOL = ThreadPoolExecutor(max_workers=32, thread_name_prefix='gencloud-ops')


class BackendError(Exception):
    """A backend did not answer usefully; str() is safe to show to admins."""

    def __init__(self, reason: str, *, url: str = '') -> None:
        super().__init__(f'{url}: {reason}' if url else reason)
        self.reason = reason


@dataclass
class Failure:
    """Why one backend of a section gave nothing; `source` is set when others still did."""
    reason: str
    source: str = ''
    url: str = ''


@dataclass
class Outcome:
    """One fanned-out call: its value, or the exception it raised, or `finished` False
    when it was still running at the deadline."""
    value: Any = None
    error: BaseException | None = None
    finished: bool = True

    def get(self) -> Any:
        """The value; re-raises the call's exception."""
        if self.error is not None:
            raise self.error
        return self.value


class FanOut:
    """CALLS ({key: fn}) started at once; `outcomes()` collects them in CALLS' order.

    workers=None runs them on the process's shared pool (so the caller can
    send early and collect late); a number gives them a pool of their own with
    up to that many threads. DEADLINE (time.monotonic()) bounds the wait.
    """

    def __init__(self, calls: Mapping[Hashable, Callable[[], Any]], *,
                 workers: int | None = None, deadline: float | None = None) -> None:
        self._deadline = deadline
        self._own = (None if workers is None else
                     ThreadPoolExecutor(max_workers=max(1, min(workers, len(calls)))))
        pool = self._own or _SHARED_POOL
        self._futures = {key: pool.submit(fn) for key, fn in calls.items()}

    def outcomes(self) -> dict[Hashable, Outcome]:
        left = None if self._deadline is None else max(0.0, self._deadline - time.monotonic())
        wait(self._futures.values(), timeout=left)
        if self._own:
            self._own.shutdown(wait=False, cancel_futures=True)
        return {key: _outcome(future) for key, future in self._futures.items()}


def _outcome(future: Future) -> Outcome:
    if future.cancelled() or not future.done():
        return Outcome(finished=False)
    error = future.exception()
    return Outcome(error=error) if error is not None else Outcome(future.result())


def fan_out(calls: Mapping[Hashable, Callable[[], Any]], **options) -> dict[Hashable, Outcome]:
    """Run CALLS in parallel and collect them (FanOut's options)."""
    return FanOut(calls, **options).outcomes()

