"""Modal questions and messages behind one small, replaceable service.

Widgets never call QMessageBox or QFileDialog directly: they ask the
application's ``DialogService``. Tests install a ``ScriptedDialogs`` that
answers from a script and records what was shown (Picard's user dialog
service).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget


class DialogService:
    """The real dialogs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def info(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent, title, text)

    def warning(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def error(self, title: str, text: str) -> None:
        QMessageBox.critical(self.parent, title, text)

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self.parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        )
        return answer == QMessageBox.StandardButton.Yes

    def choose(self, title: str, text: str, choices: list[tuple[str, str]]) -> str | None:
        """A problem with ways out: one button per ``(key, label)`` and Cancel; the key chosen."""
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, parent=self.parent)
        buttons = {
            box.addButton(label, QMessageBox.ButtonRole.AcceptRole): key for key, label in choices
        }
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return buttons.get(box.clickedButton())

    def open_file(self, title: str, filters: str, directory: str = "") -> str | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, title, directory, filters)
        return path or None

    def open_directory(self, title: str, directory: str = "") -> str | None:
        path = QFileDialog.getExistingDirectory(self.parent, title, directory)
        return path or None

    def save_file(self, title: str, filters: str, directory: str = "") -> str | None:
        path, _ = QFileDialog.getSaveFileName(self.parent, title, directory, filters)
        return path or None

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self.parent, title, label, text=text)
        return value if ok else None


@dataclass
class ScriptedDialogs(DialogService):
    """Answers from a queue and records every call; for tests and the screenshot mode."""

    answers: deque = field(default_factory=deque)
    shown: list[tuple[str, str, str]] = field(default_factory=list)
    parent: Any = None

    def _answer(self, kind: str, title: str, text: str, default: Any) -> Any:
        self.shown.append((kind, title, text))
        return self.answers.popleft() if self.answers else default

    def info(self, title: str, text: str) -> None:
        self._answer("info", title, text, None)

    def warning(self, title: str, text: str) -> None:
        self._answer("warning", title, text, None)

    def error(self, title: str, text: str) -> None:
        self._answer("error", title, text, None)

    def confirm(self, title: str, text: str) -> bool:
        return bool(self._answer("confirm", title, text, False))

    def choose(self, title: str, text: str, choices: list[tuple[str, str]]) -> str | None:
        answer = self._answer("choose", title, text, None)
        if answer is not None and answer not in {key for key, _ in choices}:
            raise ValueError(f"scripted answer {answer!r} is not one of the choices {choices}")
        return answer

    def open_file(self, title: str, filters: str, directory: str = "") -> str | None:
        return self._answer("open_file", title, filters, None)

    def open_directory(self, title: str, directory: str = "") -> str | None:
        return self._answer("open_directory", title, "", None)

    def save_file(self, title: str, filters: str, directory: str = "") -> str | None:
        return self._answer("save_file", title, filters, None)

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        return self._answer("ask_text", title, label, None)

    def kinds(self) -> list[str]:
        return [k for k, _, _ in self.shown]
