"""One way to run work off the main thread: plain functions, results on the main thread.

``TaskRunner.submit(fn, *args, key=...)`` runs ``fn(*args, progress=...)`` (or
``fn(*args)``) on the runner's own single worker thread and delivers its
result, error or progress back on the main thread through queued Qt signals.
A new task submitted under the same ``key`` cancels the previous one
("newest request wins"): a task not started yet is skipped; a running one is
told through its progress callback, which raises ``Cancelled``; either way
its result is dropped.

The application keeps two runners (see ``AppContext``): ``db`` serialises every
DuckDB read and every scoring call on one thread (the store connection is
used from that thread only), ``jobs`` runs long work (store builds, batch
scoring, exports, reports) on its own DuckDB cursor. (Orange's concurrent
helper, Anki's QueryOp and task manager.)
"""

from __future__ import annotations

import inspect
import itertools
import logging
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from creditdesk.errors import BundleError, Cancelled, CreditDeskError

log = logging.getLogger(__name__)

ProgressFn = Callable[[float, str], None]


class Task:
    """Handle of one submitted function: cancel it, ask whether it is still pending."""

    _ids = itertools.count(1)

    def __init__(
        self,
        fn: Callable,
        args: tuple,
        key: str | None,
        on_result: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        on_progress: Callable[[float, str], None] | None,
    ) -> None:
        self.id = next(self._ids)
        self.fn = fn
        self.args = args
        self.key = key
        self.on_result = on_result
        self.on_error = on_error
        self.on_progress = on_progress
        self.cancelled = False
        self.done = False
        self.future: Future | None = None
        self._last_progress = 0.0

    def cancel(self) -> None:
        """Ask the task to stop; its result, if any, is dropped."""
        self.cancelled = True
        if self.future is not None:
            self.future.cancel()

    def __repr__(self) -> str:
        name = getattr(self.fn, "__name__", "task")
        return f"<Task {self.id} {name} key={self.key} cancelled={self.cancelled} done={self.done}>"


def _accepts_progress(fn: Callable) -> bool:
    try:
        return "progress" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


class TaskRunner(QObject):
    """A single worker thread with main-thread delivery of results, errors and progress."""

    _result = Signal(object, object)
    _error = Signal(object, object)
    _progress = Signal(object, float, str)
    # emitted when no task is pending any more
    idle = Signal()
    # every error not handled by the task's own ``on_error``: a readable message
    failed = Signal(str)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._executor: ThreadPoolExecutor | None = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix=f"creditdesk-{name}"
        )
        self._pending: dict[int, Task] = {}
        self._by_key: dict[str, Task] = {}
        self._result.connect(self._deliver_result)
        self._error.connect(self._deliver_error)
        self._progress.connect(self._deliver_progress)

    # ------------------------------------------------------------------ API
    def submit(
        self,
        fn: Callable,
        *args: Any,
        key: str | None = None,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[float, str], None] | None = None,
    ) -> Task:
        """Run ``fn(*args)`` on the worker thread; see the module docstring."""
        if self._executor is None:
            raise RuntimeError(f"task runner {self.name} is shut down")
        task = Task(fn, args, key, on_result, on_error, on_progress)
        if key is not None:
            previous = self._by_key.get(key)
            if previous is not None:
                previous.cancel()
            self._by_key[key] = task
        self._pending[task.id] = task
        task.future = self._executor.submit(self._run, task)
        task.future.add_done_callback(lambda f, t=task: self._skipped(t, f))
        return task

    def _skipped(self, task: Task, future: Future) -> None:
        """A task cancelled before it started: finish it (called on the cancelling thread)."""
        if future.cancelled() and not task.done:
            self._error.emit(task, Cancelled("cancelled"))

    def cancel(self, key: str) -> None:
        task = self._by_key.get(key)
        if task is not None:
            task.cancel()

    def cancel_all(self) -> None:
        for task in list(self._pending.values()):
            task.cancel()

    @property
    def pending(self) -> int:
        return len(self._pending)

    def is_busy(self, key: str) -> bool:
        task = self._by_key.get(key)
        return task is not None and not task.done and not task.cancelled

    def shutdown(self, wait: bool = True, cancel: bool = True) -> None:
        """Cancel everything (unless ``cancel`` is False) and join the worker thread."""
        if self._executor is None:
            return
        if cancel:
            self.cancel_all()
        self._executor.shutdown(wait=wait, cancel_futures=cancel)
        self._executor = None
        self._pending.clear()
        self._by_key.clear()

    # ------------------------------------------------------------------ worker side
    def _run(self, task: Task) -> None:
        if task.cancelled:
            self._error.emit(task, Cancelled("cancelled"))
            return

        def progress(fraction: float, message: str = "") -> None:
            if task.cancelled:
                raise Cancelled("cancelled")
            now = time.monotonic()
            if task.on_progress is not None and (
                now - task._last_progress > 0.05 or fraction >= 1.0
            ):
                task._last_progress = now
                self._progress.emit(task, float(fraction), str(message))

        try:
            if _accepts_progress(task.fn):
                value = task.fn(*task.args, progress=progress)
            else:
                value = task.fn(*task.args)
        except BaseException as exc:  # delivered to the main thread, never lost
            if not isinstance(exc, CreditDeskError):
                exc.__creditdesk_trace__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._error.emit(task, exc)
            return
        self._result.emit(task, value)

    # ------------------------------------------------------------------ main side
    def _finish(self, task: Task) -> None:
        task.done = True
        self._pending.pop(task.id, None)
        if task.key is not None and self._by_key.get(task.key) is task:
            del self._by_key[task.key]
        if not self._pending:
            self.idle.emit()

    @Slot(object, object)
    def _deliver_result(self, task: Task, value: Any) -> None:
        if task.done:
            return
        self._finish(task)
        if task.cancelled or task.on_result is None:
            return
        task.on_result(value)

    @Slot(object, object)
    def _deliver_error(self, task: Task, exc: BaseException) -> None:
        if task.done:
            return
        self._finish(task)
        if task.cancelled or isinstance(exc, Cancelled):
            return
        if task.on_error is not None:
            task.on_error(exc)
            return
        self.failed.emit(describe_error(exc))

    @Slot(object, float, str)
    def _deliver_progress(self, task: Task, fraction: float, message: str) -> None:
        if not task.cancelled and not task.done and task.on_progress is not None:
            task.on_progress(fraction, message)


def error_title(exc: BaseException, default: str) -> str:
    """The title of the message box for ``exc``: a refused model says so, whatever was asked."""
    if isinstance(exc, BundleError):
        return QCoreApplication.translate("Errors", "The model cannot be used")
    return default


def describe_error(exc: BaseException) -> str:
    """A readable one-line message; unexpected errors are logged with their traceback."""
    if isinstance(exc, CreditDeskError):
        return str(exc)
    trace = getattr(exc, "__creditdesk_trace__", None) or "".join(traceback.format_exception(exc))
    where = ""
    try:
        from creditdesk.paths import user_data_dir

        path = user_data_dir() / "creditdesk.log"
        with path.open("a", encoding="utf-8") as fh:
            fh.write(trace)
        where = f" (details in {path})"
    except OSError:  # pragma: no cover - logging must never fail the caller
        log.exception("cannot write the log file")
    log.error("unexpected error in a worker: %s", trace)
    return f"{exc.__class__.__name__}: {exc}{where}"
