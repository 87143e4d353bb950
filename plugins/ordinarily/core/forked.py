"""Work split over forked processes: what they need reaches them by inheritance, not pickling.

The build is CPU-bound Python on two-core machines; a fork shares the loaded model and the
theme's templates with the workers for free. Where fork is unavailable, callers run serially.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
from collections.abc import Callable, Sequence
from typing import Any

_state: Any = None  # set only while workers are being forked


def available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def inherited() -> Any:
    """In a worker: the state its parent gave to `Forked`."""
    return _state


def _release_free_memory() -> None:
    """Hand the memory the parent has freed back to the system before it forks (glibc's
    malloc_trim; elsewhere nothing), so the workers do not start with it: the build's memory
    is counted over every process."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def halves(items: Sequence) -> list[list]:
    return [list(items[i::2]) for i in range(2)]


class Forked:
    """Start `fn` on each part in its own forked process now; `get()` waits for the results."""

    def __init__(self, fn: Callable[[Any], Any], parts: list, state: Any) -> None:
        global _state
        _state = state
        # Frozen, the objects the workers inherit are never visited by their garbage
        # collector: less work, and their memory pages stay shared with the parent's.
        _release_free_memory()
        gc.freeze()
        try:
            self._pool = multiprocessing.get_context("fork").Pool(len(parts))
        finally:
            _state = None
            gc.unfreeze()
        self._pending = self._pool.map_async(fn, parts)

    def get(self) -> list:
        try:
            return self._pending.get()
        finally:
            self._pool.close()
            self._pool.join()
