"""Explanation panel: the client's top SHAP contributions beside global importance, and reason codes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from creditdesk.reports.sheet_content import contribution_items
from creditdesk.ui.charts import ContributionsWidget
from creditdesk.ui.i18n import Retranslatable

DEFAULT_TOP = 10


class ExplanationPanel(Retranslatable, QWidget):
    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = QLabel()
        self.title.setObjectName("panelHeading")
        self.title.setWordWrap(True)
        self.top_label = QLabel()
        self.top = QSpinBox()
        self.top.setRange(3, 25)
        self.top.setValue(DEFAULT_TOP)
        self.top_label.setBuddy(self.top)
        self.chart = ContributionsWidget()
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setObjectName("caption")
        self.reasons_box = QGroupBox()
        self.reasons = QListWidget()
        self.reasons.setWordWrap(True)
        # four reason codes and a little room: the chart keeps the rest of the height
        self.reasons.setMaximumHeight(self.reasons.fontMetrics().lineSpacing() * 5 + 12)
        box = QVBoxLayout(self.reasons_box)
        box.addWidget(self.reasons)

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.top_label)
        head.addWidget(self.top)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.caption)
        layout.addWidget(self.reasons_box)

        self.top.valueChanged.connect(lambda _v: self._redraw())
        ctx.session.assessmentChanged.connect(lambda _s: self._redraw())
        ctx.session.reasonsChanged.connect(lambda _s: self._show_reasons())
        ctx.themeChanged.connect(lambda _t: self._redraw())
        self.retranslate()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.ctx.session.want_reasons()

    def retranslate(self) -> None:
        self.top_label.setText(self.tr("&Features shown"))
        self.top.setAccessibleName(self.tr("Number of features shown"))
        self.chart.setAccessibleName(self.tr("Contributions to this client's score"))
        self.caption.setText(
            self.tr(
                "Each bar shows how much one feature moved this client's score away from the portfolio "
                "average (SHAP contribution, log-odds): to the right it raises the estimated risk, to the "
                "left it lowers it. Grey bars: the same feature's importance across all clients "
                "(mean |SHAP|)."
            )
        )
        self._redraw()

    def _redraw(self) -> None:
        sim = self.ctx.session.current
        services = self.ctx.services
        self.chart.set_style(self.ctx.lang, self.ctx.dark)
        if sim is None or services is None:
            self.chart.set_items(())
            self.title.setText("")
            self._show_reasons()
            return
        self.chart.set_items(
            contribution_items(
                sim.assessment, services.bundle, self.ctx.lang, rows=self.top.value() + 1
            )
        )
        if sim.simulated:
            self.title.setText(
                self.tr("Client %1 — simulated application").replace("%1", str(sim.client_id))
            )
        else:
            self.title.setText(self.tr("Client %1").replace("%1", str(sim.client_id)))
        self._show_reasons()

    def _show_reasons(self) -> None:
        sim = self.ctx.session.current
        self.reasons.clear()
        if sim is None:
            self.reasons_box.setTitle(self.tr("Reason codes"))
            return
        refused = sim.assessment.decision == "refuse"
        self.reasons_box.setTitle(
            self.tr("Main reasons for the refusal")
            if refused
            else self.tr("Main factors raising the risk")
        )
        codes = sim.reasons.get(self.ctx.lang) if sim.reasons else None
        if codes is None:
            self.reasons.addItem(self.tr("Computing…"))
            return
        for n, code in enumerate(codes, start=1):
            self.reasons.addItem(f"{n}. {code.text}")
        if not codes:
            self.reasons.addItem(self.tr("No feature raises this client's risk above the average."))
        self.reasons.setAccessibleName(self.reasons_box.title())
