"""Garbage-collector pauses kept off the officer's screen: one policy for the desktop and the reports.

CPython's full collection walks every tracked object while holding the GIL.
With Qt, LightGBM, pandas and Evidently loaded that is several hundred
thousand objects, and the event loop froze 0.6–1 s whenever one ran, even
when the allocations that triggered it came from a worker thread.

- :func:`freeze_long_lived` moves every object alive now to the permanent
  generation (``gc.freeze()``): full passes then walk only what was made
  since. The desktop calls it once the first client is shown (Qt, the model
  and the store's modules are loaded by then).
- :func:`postponed_full_collections` wraps heavy work run off the main thread
  (the drift report): young passes still run, full passes wait for the end.
  In a process that froze its start-up objects (the desktop), the end of the
  last such work collects once and freezes again, so what the work imported
  (pandas, Evidently, plotly) leaves the collector's walk too: one short
  pause when the result arrives rather than recurring ones later. A process
  that never froze (the command line) only gets the postponement.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_users = 0
_saved_threshold = gc.get_threshold()
#: the oldest generation's threshold while full passes are postponed
POSTPONED_THRESHOLD = 1_000_000


def freeze_long_lived() -> int:
    """Exclude every object alive now from later collections; returns how many are frozen."""
    gc.freeze()
    return gc.get_freeze_count()


@contextmanager
def postponed_full_collections() -> Iterator[None]:
    """Postpone full collections while the body runs (thread-safe, nests across threads)."""
    global _users, _saved_threshold
    with _lock:
        if _users == 0:
            _saved_threshold = gc.get_threshold()
            first, second, third = _saved_threshold
            gc.set_threshold(first, second, max(third, POSTPONED_THRESHOLD))
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                gc.set_threshold(*_saved_threshold)
                if gc.get_freeze_count():  # the process keeps its long-lived objects frozen
                    gc.collect()
                    gc.freeze()
