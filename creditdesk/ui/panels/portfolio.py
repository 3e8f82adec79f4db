"""Portfolio panel: score distribution with the threshold, approval rate, expected cost,
and the cost-versus-threshold curve from the bundle's validation figures."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from creditdesk.core import portfolio
from creditdesk.reports.texts import number, percent
from creditdesk.ui.i18n import Retranslatable
from creditdesk.ui.labels import decision_text
from creditdesk.ui.plotting import style_plot


def _stats(services):
    b = services.bundle
    return portfolio.portfolio_stats(
        services.con,
        services.layout,
        b.model_hash if services.scored else None,
        b.threshold,
        b.cost_fn,
        b.cost_fp,
    )


def _curve(bundle):
    curve = portfolio.cost_curve_from_metrics(bundle.metrics)
    if curve is not None:
        return curve
    # an older bundle without the recorded curve: recompute it on the reference sample
    from creditdesk.training.evaluation import cost_curve

    ref = bundle.reference_sample()
    if "TARGET" not in ref or "score" not in ref:
        return None
    known = ref["TARGET"].notna()
    y = ref.loc[known, "TARGET"].to_numpy(dtype=float)
    p = ref.loc[known, "score"].to_numpy(dtype=float)
    grid = np.linspace(0.0, 1.0, 101)
    cost = cost_curve(y, p, grid, bundle.cost_fn, bundle.cost_fp) / max(len(y), 1)
    return portfolio.CostCurve(grid, cost, "reference")


class PortfolioPanel(Retranslatable, QWidget):
    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dirty = True
        self.stats = None
        self.curve = None

        self.stats_box = QGroupBox()
        self.form = QFormLayout(self.stats_box)
        self.values: dict[str, tuple[QLabel, QLabel]] = {}
        for key in (
            "clients",
            "scored",
            "approval",
            "cost",
            "pd_accepted",
            "observed",
            "threshold",
        ):
            label, value = QLabel(), QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.values[key] = (label, value)
            self.form.addRow(label, value)
        self.score_button = QPushButton()
        self.score_button.clicked.connect(self._score_portfolio)
        self.form.addRow(self.score_button)

        self.hist = pg.PlotWidget()
        self.hist.setMenuEnabled(False)
        self.hist.getPlotItem().setMouseEnabled(x=False, y=False)
        self.hist_legend = self.hist.addLegend(offset=(-10, 10))
        self.bars = {key: pg.BarGraphItem(x0=[], x1=[], height=[]) for key in ("accept", "refuse")}
        for item in self.bars.values():
            self.hist.addItem(item)
        self.threshold_line = pg.InfiniteLine(angle=90, movable=False)
        self.client_line = pg.InfiniteLine(angle=90, movable=False)
        self.hist.addItem(self.threshold_line)
        self.hist.addItem(self.client_line)

        self.cost_plot = pg.PlotWidget()
        self.cost_plot.setMenuEnabled(False)
        self.cost_plot.getPlotItem().setMouseEnabled(x=False, y=False)
        self.cost_line = pg.PlotDataItem()
        self.cost_point = pg.ScatterPlotItem(size=14, symbol="d")
        self.cost_threshold = pg.InfiniteLine(angle=90, movable=False)
        for item in (self.cost_line, self.cost_threshold, self.cost_point):
            self.cost_plot.addItem(item)
        self.cost_note = QLabel()
        self.cost_note.setObjectName("caption")
        self.cost_note.setWordWrap(True)

        cost_box = QWidget()
        c = QVBoxLayout(cost_box)
        c.setContentsMargins(0, 0, 0, 0)
        c.addWidget(self.cost_plot, 1)
        c.addWidget(self.cost_note)
        charts = QSplitter(Qt.Orientation.Vertical)
        charts.addWidget(self.hist)
        charts.addWidget(cost_box)
        self.hist_note = QLabel()
        self.hist_note.setObjectName("caption")
        self.hist_note.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(self.stats_box)
        left.addWidget(self.hist_note)
        left.addStretch(1)
        self.stats_box.setMaximumWidth(560)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addWidget(charts, 1)

        ctx.servicesChanged.connect(lambda _s: self._invalidate())
        ctx.scoresChanged.connect(self._invalidate)
        ctx.session.assessmentChanged.connect(lambda _s: self._draw_client())
        ctx.themeChanged.connect(lambda _t: self._restyle())
        self.retranslate()

    # ------------------------------------------------------------------ visibility
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.dirty:
            self.refresh()

    def _invalidate(self) -> None:
        self.dirty = True
        self.stats = None
        self.curve = None
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        services = self.ctx.services
        if services is None:
            return
        self.dirty = False
        self.ctx.db.submit(_stats, services, key="portfolio-stats", on_result=self._stats_loaded)
        self.ctx.db.submit(
            _curve, services.bundle, key="portfolio-curve", on_result=self._curve_loaded
        )

    # ------------------------------------------------------------------ labels
    def retranslate(self) -> None:
        self.stats_box.setTitle(self.tr("Portfolio at the model's threshold"))
        names = {
            "clients": self.tr("Clients"),
            "scored": self.tr("Scored with this model"),
            "approval": self.tr("Approval rate"),
            "cost": self.tr("Expected cost per client"),
            "pd_accepted": self.tr("Mean PD of accepted clients"),
            "observed": self.tr("Observed default rate (known outcomes)"),
            "threshold": self.tr("Decision threshold"),
        }
        for key, (label, _value) in self.values.items():
            label.setText(names[key])
        self.score_button.setText(self.tr("Score the &portfolio again"))
        self.hist.setAccessibleName(
            self.tr("Distribution of the probability of default over the portfolio")
        )
        self.cost_plot.setAccessibleName(self.tr("Expected cost per client against the threshold"))
        self._restyle()

    def _restyle(self) -> None:
        p = self.ctx.palette
        style_plot(self.hist, p)
        style_plot(self.cost_plot, p)
        for key, item in self.bars.items():
            colour = QColor(p.accept if key == "accept" else p.refuse)
            brush = (
                QBrush(colour) if key == "accept" else QBrush(colour, Qt.BrushStyle.Dense3Pattern)
            )
            item.setOpts(brush=brush, pen=pg.mkPen(colour.darker(130), width=1))
        self.threshold_line.setPen(pg.mkPen(p.threshold, width=2))
        self.client_line.setPen(pg.mkPen(p.client, width=3, style=Qt.PenStyle.DashDotLine))
        self.cost_line.setPen(pg.mkPen(p.lowers_risk, width=2.5))
        self.cost_threshold.setPen(pg.mkPen(p.threshold, width=2))
        self.cost_point.setBrush(pg.mkBrush(p.client))
        self.cost_point.setPen(pg.mkPen(p.foreground))
        self._draw_stats()
        self._draw_curve()

    # ------------------------------------------------------------------ drawing
    def _stats_loaded(self, stats) -> None:
        self.stats = stats
        self._draw_stats()

    def _curve_loaded(self, curve) -> None:
        self.curve = curve
        self._draw_curve()

    def _draw_stats(self) -> None:
        s, services = self.stats, self.ctx.services
        lang = self.ctx.lang
        if s is None or services is None:
            for _label, value in self.values.values():
                value.setText("…")
            return
        na = self.tr("n/a")

        def pct(v):
            return na if v is None else percent(v, lang)

        self.values["clients"][1].setText(number(s.n_clients, lang, 0))
        self.values["scored"][1].setText(number(s.n_scored, lang, 0))
        self.values["approval"][1].setText(pct(s.approval_rate))
        self.values["cost"][1].setText(
            na if s.expected_cost is None else number(s.expected_cost, lang, 3)
        )
        self.values["pd_accepted"][1].setText(pct(s.expected_default_rate_accepted))
        self.values["observed"][1].setText(pct(s.observed_default_rate))
        b = services.bundle
        self.values["threshold"][1].setText(
            self.tr("%1 (a missed default costs %2 × a refused good client)")
            .replace("%1", percent(b.threshold, lang))
            .replace("%2", number(b.cost_fn / b.cost_fp, lang, 0))
        )
        self.values["cost"][0].setToolTip(
            self.tr(
                "Accepted client: cost of a default × PD; refused client: cost of a lost good client × (1 − PD)."
            )
        )
        edges = s.score_edges * 100
        self.hist_legend.clear()
        for key, item in self.bars.items():
            counts = s.score_counts[key]
            item.setOpts(x0=edges[:-1], x1=edges[1:], height=counts)
            self.hist_legend.addItem(
                item, f"{decision_text(key)} (n = {number(counts.sum(), lang, 0)})"
            )
        self.threshold_line.setValue(b.threshold * 100)
        self.threshold_line.label = None
        plot = self.hist.getPlotItem()
        plot.setLabel("bottom", self.tr("Probability of default (%)"))
        plot.setLabel("left", self.tr("Clients"))
        plot.setTitle(self.tr("Scores of the portfolio"), color=self.ctx.palette.foreground)
        self.hist_note.setText(
            self.tr(
                "Score chart: the solid vertical line is the threshold, the dashed one "
                "this client; refused clients are drawn hatched."
            )
        )
        self._draw_client()

    def _draw_client(self) -> None:
        sim = self.ctx.session.current
        if sim is None:
            self.client_line.hide()
            return
        self.client_line.show()
        self.client_line.setValue(sim.assessment.probability * 100)

    def _draw_curve(self) -> None:
        curve, services = self.curve, self.ctx.services
        if curve is None or services is None:
            self.cost_line.setData([], [])
            self.cost_point.setData([], [])
            self.cost_note.setText("")
            return
        t = services.bundle.threshold
        x = curve.thresholds * 100
        self.cost_line.setData(x, curve.cost)
        at = float(np.interp(t, curve.thresholds, curve.cost))
        self.cost_point.setData([t * 100], [at])
        self.cost_threshold.setValue(t * 100)
        plot = self.cost_plot.getPlotItem()
        plot.setLabel("bottom", self.tr("Threshold (%)"))
        plot.setLabel("left", self.tr("Cost per client"))
        plot.setTitle(
            self.tr("Business cost against the threshold"), color=self.ctx.palette.foreground
        )
        source = (
            self.tr("validation set of the model")
            if curve.source == "validation"
            else self.tr("reference sample of the model")
        )
        self.cost_note.setText(
            self.tr("Mean cost per client on the %1; the diamond marks the model's threshold (%2).")
            .replace("%1", source)
            .replace("%2", percent(t, self.ctx.lang))
        )

    # ------------------------------------------------------------------ actions
    def _score_portfolio(self) -> None:
        window = self.window()
        if hasattr(window, "score_portfolio"):
            window.score_portfolio()
