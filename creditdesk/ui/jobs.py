"""Long work with a progress dialog and a cancel button, run on the jobs worker.

``run_job`` shows a non-blocking progress dialog, runs ``fn(*args, progress=...)``
off the main thread and calls ``on_result`` on the main thread. Cancel asks the
function to stop through its progress callback (it raises ``Cancelled``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from creditdesk.ui.workers import describe_error, error_title


def run_job(
    ctx,
    parent: QWidget | None,
    title: str,
    fn: Callable,
    *args: Any,
    on_result: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    key: str | None = None,
):
    """Run ``fn`` on the jobs worker with a cancellable progress dialog; returns the task."""
    dialog = QProgressDialog(title, QCoreApplication.translate("Jobs", "Cancel"), 0, 1000, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(420)
    dialog.setAccessibleName(title)
    dialog.setValue(0)

    def progress(fraction: float, message: str) -> None:
        dialog.setValue(int(1000 * max(0.0, min(1.0, fraction))))
        if message:
            dialog.setLabelText(f"{title}\n{message}")

    def dismiss() -> None:
        # QProgressDialog emits canceled() when it is closed: disconnect first
        dialog.canceled.disconnect(cancel)
        dialog.hide()
        dialog.deleteLater()

    def done(value: Any) -> None:
        dismiss()
        if on_result is not None:
            on_result(value)

    def failed(exc: BaseException) -> None:
        dismiss()
        if on_error is not None:
            on_error(exc)
        else:
            ctx.dialogs.error(error_title(exc, title), describe_error(exc))

    task = ctx.jobs.submit(
        fn, *args, key=key or title, on_result=done, on_error=failed, on_progress=progress
    )

    def cancel() -> None:
        task.cancel()
        dialog.close()
        dialog.deleteLater()
        ctx.status.emit(QCoreApplication.translate("Jobs", "Cancelled: %1").replace("%1", title))

    dialog.canceled.connect(cancel)
    return task
