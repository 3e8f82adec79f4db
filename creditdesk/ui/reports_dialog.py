"""Monitoring ▸ Reports: the drift reports written so far, newest first; open one in the browser."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from creditdesk.reports.texts import number, percent


def _list_reports():
    from creditdesk.reports.drift import list_reports

    return list_reports()


class ReportsDialog(QDialog):
    """A table of earlier drift reports; Enter or a double click opens the selected one."""

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entries = []
        self.setWindowTitle(self.tr("Drift reports"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Written"),
                self.tr("Model"),
                self.tr("Drifted features"),
                self.tr("Score PSI"),
                self.tr("Data compared"),
            ]
        )
        self.table.setAccessibleName(self.tr("Drift reports"))
        self.table.cellActivated.connect(lambda row, _c: self.open_row(row))
        self.table.cellDoubleClicked.connect(lambda row, _c: self.open_row(row))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Close
        )
        buttons.button(QDialogButtonBox.StandardButton.Open).clicked.connect(
            lambda: self.open_row(self.table.currentRow())
        )
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(860, 420)
        self.note.setText(self.tr("Reading the reports folder…"))
        ctx.jobs.submit(
            _list_reports, on_result=self._show, on_error=lambda e: self.note.setText(str(e))
        )

    def _show(self, entries) -> None:
        self.entries = list(entries)
        lang = self.ctx.lang
        self.table.setRowCount(len(self.entries))
        for i, e in enumerate(self.entries):
            drifted = (
                self.tr("%1 (%2 of the features)")
                .replace("%1", str(e.n_drifted))
                .replace("%2", percent(e.drift_share, lang, 0))
            )
            cells = [
                e.created_at.strftime("%Y-%m-%d %H:%M"),
                e.model_version,
                drifted,
                number(e.score_psi, lang, 3),
                e.source,
            ]
            for j, text in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(text))
        if self.entries:
            self.table.selectRow(0)
            self.note.setText(
                self.tr("Double-click a report to open it in the browser (it works offline).")
            )
        else:
            self.note.setText(
                self.tr("No drift report yet: use Monitoring ▸ Generate drift report.")
            )

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.entries[row].path)))
