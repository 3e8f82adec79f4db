"""Comparison panel: the client against the portfolio (or a cohort of it).

A distribution of any model feature split by outcome (repaid / defaulted) or
by decision, with the client's value and percentile; a scatter of two
features (a reproducible sample, over a density layer when the cohort is
large); the most similar clients. The queries run on the db worker only
while the panel is visible; chart items are created once and updated with
``setData`` / ``setOpts``.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from creditdesk.core import portfolio
from creditdesk.reports.texts import number, percent
from creditdesk.ui.i18n import Retranslatable
from creditdesk.ui.labels import decision_text, field_label, outcome_series_text, outcome_text
from creditdesk.ui.plotting import axis_scale, axis_unit, robust_range, style_plot

SIMILAR_FEATURES = 8
SCATTER_POINTS = 4000
DENSITY_BINS = 80


def _levels(services):
    layout = services.layout
    return {
        name: portfolio.category_levels(services.con, layout, name) for name in layout.cohort_fields
    }


def _distribution(services, feature, cohort, categorical, value):
    return portfolio.feature_distribution(
        services.con,
        services.layout,
        feature,
        cohort=cohort,
        model_hash=services.model_hash if services.scored else None,
        categorical=categorical,
        client_value=value,
    )


def _percentile(services, feature, value, cohort):
    if value is None:
        return None
    return portfolio.percentile_of(services.con, services.layout, feature, value, cohort=cohort)


def _scatter(services, fx, fy, cohort):
    return portfolio.scatter_sample(
        services.con,
        services.layout,
        fx,
        fy,
        cohort=cohort,
        max_points=SCATTER_POINTS,
        density_bins=DENSITY_BINS,
    )


def _similar(services, client_id, features, cohort, values):
    return portfolio.similar_clients(
        services.con,
        services.layout,
        client_id,
        features,
        cohort=cohort,
        model_hash=services.model_hash if services.scored else None,
        values=values,
    )


# the distribution's y axis reaches this multiple of its highest bin (room for the legend)
LEGEND_HEADROOM = 1.5


class ComparisonPanel(Retranslatable, QWidget):
    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dirty = True
        self.levels: dict[str, list[str]] = {}
        self.distribution = None
        self.scatter = None
        self.percentile: float | None = None

        # controls
        self.feature = QComboBox()
        self.split = QComboBox()
        self.feature_y = QComboBox()
        for box in (self.feature, self.feature_y):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(18)
        self.feature_label, self.split_label, self.feature_y_label = QLabel(), QLabel(), QLabel()
        self.feature_label.setBuddy(self.feature)
        self.split_label.setBuddy(self.split)
        self.feature_y_label.setBuddy(self.feature_y)
        controls = QHBoxLayout()
        for label, box in (
            (self.feature_label, self.feature),
            (self.split_label, self.split),
            (self.feature_y_label, self.feature_y),
        ):
            controls.addWidget(label)
            controls.addWidget(box, 1)
        self.cohort_box = QGroupBox()
        self.cohort_form = QGridLayout(self.cohort_box)
        self.cohort_boxes: dict[str, QComboBox] = {}
        self.cohort_labels: dict[str, QLabel] = {}
        self.cohort_reset = QPushButton()
        self.cohort_reset.clicked.connect(self._reset_cohort)

        # charts
        self.dist_plot = pg.PlotWidget()
        self.dist_plot.setMenuEnabled(False)
        self.dist_plot.getPlotItem().setMouseEnabled(x=False, y=False)
        self.dist_legend = self.dist_plot.addLegend(offset=(-10, 10))
        self.series = {
            key: pg.PlotDataItem(stepMode="center", fillLevel=0)
            for key in ("repaid", "defaulted", "accept", "refuse")
        }
        for item in self.series.values():
            self.dist_plot.addItem(item)
        self.client_line = pg.InfiniteLine(angle=90, movable=False)
        self.dist_plot.addItem(self.client_line)
        self.percentile_label = QLabel()
        self.percentile_label.setObjectName("panelHeading")
        self.percentile_label.setWordWrap(True)

        self.scatter_plot = pg.PlotWidget()
        self.scatter_plot.setMenuEnabled(False)
        self.scatter_legend = self.scatter_plot.addLegend(offset=(-10, 10))
        self.density = pg.ImageItem()
        self.density.setZValue(-10)
        self.scatter_plot.addItem(self.density)
        self.points = {
            key: pg.ScatterPlotItem(size=5, pxMode=True)
            for key in ("repaid", "defaulted", "unknown")
        }
        for item in self.points.values():
            self.scatter_plot.addItem(item)
        self.client_point = pg.ScatterPlotItem(size=22, symbol="star", pxMode=True)
        self.client_point.setZValue(10)
        self.scatter_plot.addItem(self.client_point)
        self.scatter_note = QLabel()
        self.scatter_note.setObjectName("caption")

        self.similar_box = QGroupBox()
        self.similar = QTableWidget(0, 5)
        self.similar.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.similar.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.similar.verticalHeader().hide()
        self.similar.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.similar.cellActivated.connect(self._open_similar)
        self.similar.cellDoubleClicked.connect(self._open_similar)
        sim_layout = QVBoxLayout(self.similar_box)
        sim_layout.addWidget(self.similar)

        # layout
        dist_box = QWidget()
        d = QVBoxLayout(dist_box)
        d.setContentsMargins(0, 0, 0, 0)
        d.addWidget(self.percentile_label)
        d.addWidget(self.dist_plot, 1)
        scatter_box = QWidget()
        s = QVBoxLayout(scatter_box)
        s.setContentsMargins(0, 0, 0, 0)
        s.addWidget(self.scatter_note)
        s.addWidget(self.scatter_plot, 1)
        charts = QSplitter()
        charts.addWidget(dist_box)
        charts.addWidget(scatter_box)
        lower = QSplitter()
        lower.addWidget(self.similar_box)
        lower.addWidget(self.cohort_box)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        vertical = QSplitter(Qt.Orientation.Vertical)
        vertical.addWidget(charts)
        vertical.addWidget(lower)
        vertical.setStretchFactor(0, 3)
        vertical.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(vertical, 1)

        self.feature.currentIndexChanged.connect(lambda _i: self._query_distribution())
        self.split.currentIndexChanged.connect(lambda _i: self._draw_distribution())
        self.feature_y.currentIndexChanged.connect(lambda _i: self._query_scatter())
        ctx.servicesChanged.connect(self._services_changed)
        ctx.scoresChanged.connect(self._scores_changed)
        ctx.session.clientChanged.connect(lambda _v: self._client_changed())
        ctx.session.assessmentChanged.connect(lambda _s: self._client_moved())
        ctx.themeChanged.connect(lambda _t: self._restyle())
        self._services_changed(ctx.services)
        self.retranslate()

    # ------------------------------------------------------------------ visibility
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.dirty:
            self.refresh()

    def _active(self) -> bool:
        if not self.isVisible():
            self.dirty = True
            return False
        return self.ctx.services is not None

    def refresh(self) -> None:
        self.dirty = False
        self._query_distribution()
        self._query_scatter()
        self._query_similar()

    def _scores_changed(self) -> None:
        self.dirty = True
        if self.isVisible():
            self.refresh()

    # ------------------------------------------------------------------ setup
    def _services_changed(self, services) -> None:
        self.feature.blockSignals(True)
        self.feature_y.blockSignals(True)
        self.feature.clear()
        self.feature_y.clear()
        for name in list(self.cohort_boxes):
            self.cohort_boxes.pop(name).deleteLater()
            self.cohort_labels.pop(name).deleteLater()
        if services is not None:
            for name in self._features():
                self.feature.addItem(name, name)
                self.feature_y.addItem(name, name)
            self.feature.setCurrentIndex(0)
            self.feature_y.setCurrentIndex(min(1, self.feature_y.count() - 1))
            for row, name in enumerate(services.layout.cohort_fields):
                box = QComboBox()
                box.currentIndexChanged.connect(lambda _i: self._cohort_changed())
                label = QLabel()
                label.setBuddy(box)
                self.cohort_boxes[name] = box
                self.cohort_labels[name] = label
                self.cohort_form.addWidget(label, row, 0)
                self.cohort_form.addWidget(box, row, 1)
            self.cohort_form.addWidget(self.cohort_reset, len(services.layout.cohort_fields), 1)
            self.ctx.db.submit(
                _levels, services, key="compare-levels", on_result=self._levels_loaded
            )
        self.feature.blockSignals(False)
        self.feature_y.blockSignals(False)
        self._label_features()
        self.dirty = True
        if self.isVisible():
            self.refresh()

    def _features(self) -> list[str]:
        """Model features in the store, most important first."""
        services = self.ctx.services
        importance = services.bundle.global_importance
        names = [n for n in services.bundle.feature_names if n in services.layout.feature_columns]
        return sorted(names, key=lambda n: -importance.get(n, 0.0))

    def _levels_loaded(self, levels) -> None:
        self.levels = levels
        self._fill_cohort()

    def _fill_cohort(self) -> None:
        services = self.ctx.services
        if services is None:
            return
        lang = self.ctx.lang
        for name, box in self.cohort_boxes.items():
            label = field_label(services.dictionary, name, lang)
            self.cohort_labels[name].setText(label)
            chosen = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(self.tr("All"), None)
            spec = services.dictionary.get(name) if name != portfolio.AGE_BAND else None
            for level in self.levels.get(name, []):
                box.addItem(spec.category_label(level, lang) if spec else level, level)
            box.setCurrentIndex(max(box.findData(chosen), 0) if chosen is not None else 0)
            box.blockSignals(False)
            box.setAccessibleName(self.tr("Cohort: %1").replace("%1", label))

    def _label_features(self) -> None:
        services = self.ctx.services
        if services is None:
            return
        lang = self.ctx.lang
        for box in (self.feature, self.feature_y):
            for i in range(box.count()):
                box.setItemText(i, services.bundle.spec(box.itemData(i)).label(lang))

    def retranslate(self) -> None:
        self.feature_label.setText(self.tr("&Feature"))
        self.split_label.setText(self.tr("Split &by"))
        self.feature_y_label.setText(self.tr("&Scatter against"))
        index = max(self.split.currentIndex(), 0)
        self.split.blockSignals(True)
        self.split.clear()
        self.split.addItem(self.tr("Outcome (repaid / defaulted)"), "outcome")
        self.split.addItem(self.tr("Model decision"), "decision")
        self.split.setCurrentIndex(index)
        self.split.blockSignals(False)
        self.cohort_box.setTitle(self.tr("Cohort"))
        self.cohort_box.setToolTip(
            self.tr(
                "The distribution, the scatter and the similar clients follow "
                "the cohort chosen here."
            )
        )
        self.cohort_reset.setText(self.tr("Whole &portfolio"))
        self.similar_box.setTitle(
            self.tr("Similar clients (nearest on the most important features)")
        )
        self.similar.setHorizontalHeaderLabels(
            [
                self.tr("Client"),
                self.tr("Distance"),
                self.tr("PD"),
                self.tr("Decision"),
                self.tr("Outcome"),
            ]
        )
        self.similar.setAccessibleName(self.tr("Similar clients"))
        self.dist_plot.setAccessibleName(self.tr("Distribution of the feature in the portfolio"))
        self.scatter_plot.setAccessibleName(self.tr("Scatter of two features over the portfolio"))
        self._label_features()
        self._fill_cohort()
        self._restyle()

    def _restyle(self) -> None:
        p = self.ctx.palette
        style_plot(self.dist_plot, p)
        style_plot(self.scatter_plot, p)
        colours = {
            "repaid": p.repaid,
            "defaulted": p.defaulted,
            "unknown": p.other,
            "accept": p.accept,
            "refuse": p.refuse,
        }
        dashed = {"defaulted", "refuse"}
        for key, item in self.series.items():
            colour = QColor(colours[key])
            fill = QColor(colour)
            fill.setAlpha(70)
            brush = QBrush(
                fill, Qt.BrushStyle.BDiagPattern if key in dashed else Qt.BrushStyle.SolidPattern
            )
            pen = pg.mkPen(
                colour,
                width=2.5,
                style=Qt.PenStyle.DashLine if key in dashed else Qt.PenStyle.SolidLine,
            )
            item.setPen(pen)
            item.setBrush(brush)
        symbols = {"repaid": "o", "defaulted": "t", "unknown": "s"}
        for key, item in self.points.items():
            colour = QColor(colours[key])
            colour.setAlpha(150)
            item.setSymbol(symbols[key])
            item.setBrush(pg.mkBrush(colour))
            item.setPen(pg.mkPen(None))
        self.client_point.setBrush(pg.mkBrush(p.client))
        self.client_point.setPen(pg.mkPen(p.foreground, width=1.5))
        self.client_line.setPen(pg.mkPen(p.client, width=3, style=Qt.PenStyle.DashDotLine))
        lut = np.array(
            [QColor(p.background).getRgb()[:3]]
            + [
                np.array(QColor(p.background).getRgb()[:3]) * (1 - t)
                + np.array(QColor(p.lowers_risk).getRgb()[:3]) * t
                for t in np.linspace(0.15, 0.7, 255)
            ],
            dtype=np.ubyte,
        )
        self.density.setLookupTable(lut)
        self._draw_distribution()
        self._draw_scatter()

    # ------------------------------------------------------------------ inputs
    def cohort(self) -> portfolio.Cohort:
        return portfolio.Cohort.of(
            {name: box.currentData() for name, box in self.cohort_boxes.items()}
        )

    def _cohort_changed(self) -> None:
        if self._active():
            self.refresh()

    def _reset_cohort(self) -> None:
        for box in self.cohort_boxes.values():
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self._cohort_changed()

    def _client_value(self, feature: str) -> float | None:
        sim = self.ctx.session.current
        if sim is None or feature is None:
            return None
        a = sim.assessment
        try:
            value = float(a.values[list(a.feature_names).index(feature)])
        except ValueError:
            return None
        return None if math.isnan(value) else value

    def _display(self, feature: str, values):
        spec = self.ctx.services.bundle.spec(feature)
        return np.asarray(values, dtype=float) * axis_scale(spec)

    def _axis_label(self, feature: str) -> str:
        spec = self.ctx.services.bundle.spec(feature)
        unit = axis_unit(spec, self.ctx.lang)
        return f"{spec.label(self.ctx.lang)} ({unit})" if unit else spec.label(self.ctx.lang)

    # ------------------------------------------------------------------ distribution
    def _query_distribution(self) -> None:
        if not self._active():
            return
        feature = self.feature.currentData()
        if feature is None:
            return
        spec = self.ctx.services.bundle.spec(feature)
        self.ctx.db.submit(
            _distribution,
            self.ctx.services,
            feature,
            self.cohort(),
            spec.dtype == "category",
            self._client_value(feature),
            key="compare-dist",
            on_result=self._distribution_loaded,
        )

    def _distribution_loaded(self, dist) -> None:
        self.distribution = dist
        self.percentile = dist.client_percentile
        self._draw_distribution()
        if dist.client_value is None and self._client_value(dist.feature) is not None:
            self._client_moved()  # the client arrived after the query left: ask for its percentile

    def _draw_distribution(self) -> None:
        dist = self.distribution
        services = self.ctx.services
        if dist is None or services is None or dist.feature not in services.bundle.feature_names:
            for item in self.series.values():
                item.setData([], [])
            return
        split = self.split.currentData() or "outcome"
        groups = dist.by_outcome if split == "outcome" else dist.by_decision
        edges = self._display(dist.feature, dist.edges)
        if edges[0] > edges[-1]:
            edges = edges[::-1]
            groups = {k: v[::-1] for k, v in groups.items()}
        self.dist_legend.clear()
        highest = 0.0
        for key, item in self.series.items():
            counts = groups.get(key)
            if counts is None or counts.sum() == 0:
                item.setData([], [])
                item.setVisible(False)
                continue
            share = 100.0 * counts / counts.sum()
            highest = max(highest, float(share.max()))
            item.setData(edges, share)
            item.setVisible(True)
            self.dist_legend.addItem(
                item, f"{outcome_series_text(key)} (n = {number(counts.sum(), self.ctx.lang, 0)})"
            )
        plot = self.dist_plot.getPlotItem()
        if highest > 0:  # headroom above the highest bin: the legend sits there, not on the data
            plot.setYRange(0.0, highest * LEGEND_HEADROOM, padding=0.02)
        plot.setLabel("bottom", self._axis_label(dist.feature))
        plot.setLabel("left", self.tr("Share of the group (%)"))
        spec = services.bundle.spec(dist.feature)
        axis = plot.getAxis("bottom")
        if spec.dtype == "category" and spec.categories:
            centres = (dist.edges[:-1] + dist.edges[1:]) / 2
            axis.setTicks(
                [
                    [
                        (float(c), spec.category_label(spec.categories[int(c)], self.ctx.lang)[:14])
                        for c in centres
                        if 0 <= int(c) < len(spec.categories)
                    ]
                ]
            )
        else:
            axis.setTicks(None)
        self._draw_client_marker()

    def _draw_client_marker(self) -> None:
        dist = self.distribution
        if dist is None or self.ctx.services is None:
            return
        value = self._client_value(dist.feature)
        if value is None:
            self.client_line.hide()
            self.percentile_label.setText(
                self.tr("This client's value is missing for this feature.")
            )
            return
        self.client_line.show()
        self.client_line.setValue(float(self._display(dist.feature, [value])[0]))
        spec = self.ctx.services.bundle.spec(dist.feature)
        shown = spec.format_value(value, self.ctx.lang)
        if self.percentile is None:
            self.percentile_label.setText(self.tr("Client (dashed line): %1").replace("%1", shown))
        else:
            self.percentile_label.setText(
                self.tr(
                    "Client (dashed line): %1 — percentile %2 (share of the cohort at or below)"
                )
                .replace("%1", shown)
                .replace("%2", number(self.percentile, self.ctx.lang, 0))
            )

    # ------------------------------------------------------------------ scatter
    def _query_scatter(self) -> None:
        if not self._active():
            return
        fx, fy = self.feature.currentData(), self.feature_y.currentData()
        if fx is None or fy is None:
            return
        self.ctx.db.submit(
            _scatter,
            self.ctx.services,
            fx,
            fy,
            self.cohort(),
            key="compare-scatter",
            on_result=self._scatter_loaded,
        )

    def _scatter_loaded(self, scatter) -> None:
        self.scatter = scatter
        self._draw_scatter()

    def _draw_scatter(self) -> None:
        sc = self.scatter
        services = self.ctx.services
        if sc is None or services is None:
            return
        x = self._display(sc.x_feature, sc.x)
        y = self._display(sc.y_feature, sc.y)
        self.scatter_legend.clear()
        for key, code in (("repaid", 0), ("defaulted", 1), ("unknown", -1)):
            mask = sc.target == code
            self.points[key].setData(x[mask], y[mask])
            if mask.any():
                self.scatter_legend.addItem(self.points[key], outcome_series_text(key))
        if sc.density is not None:
            xe = self._display(sc.x_feature, sc.x_edges)
            ye = self._display(sc.y_feature, sc.y_edges)
            grid = np.log1p(sc.density)
            if xe[0] > xe[-1]:
                xe, grid = xe[::-1], grid[::-1, :]
            if ye[0] > ye[-1]:
                ye, grid = ye[::-1], grid[:, ::-1]
            self.density.setImage(grid, autoLevels=True)
            self.density.setRect(QRectF(xe[0], ye[0], xe[-1] - xe[0], ye[-1] - ye[0]))
            self.density.show()
        else:
            self.density.hide()
        plot = self.scatter_plot.getPlotItem()
        xr, yr = robust_range(x), robust_range(y)
        if xr is not None and yr is not None:
            plot.setRange(xRange=xr, yRange=yr, padding=0)
        plot.setLabel("bottom", self._axis_label(sc.x_feature))
        plot.setLabel("left", self._axis_label(sc.y_feature))
        lang = self.ctx.lang
        if sc.sampled:
            self.scatter_note.setText(
                self.tr(
                    "%1 of %2 clients shown (random sample) over the density of all "
                    "of them; the star is this client."
                )
                .replace("%1", number(len(sc.x), lang, 0))
                .replace("%2", number(sc.n, lang, 0))
            )
        else:
            self.scatter_note.setText(
                self.tr("%1 clients; the star is this client.").replace("%1", number(sc.n, lang, 0))
            )
        self._draw_client_point()

    def _draw_client_point(self) -> None:
        sc = self.scatter
        if sc is None:
            return
        vx, vy = self._client_value(sc.x_feature), self._client_value(sc.y_feature)
        if vx is None or vy is None:
            self.client_point.setData([], [])
            return
        self.client_point.setData(
            self._display(sc.x_feature, [vx]), self._display(sc.y_feature, [vy])
        )

    # ------------------------------------------------------------------ client
    def _client_changed(self) -> None:
        if self._active():
            self._query_similar()

    def _client_moved(self) -> None:
        """The assessment shown changed (what-if): move the client's markers only."""
        if not self.isVisible():
            self.dirty = True
            return
        self._draw_client_point()
        dist = self.distribution
        if dist is not None and self.ctx.services is not None:
            value = self._client_value(dist.feature)
            self._draw_client_marker()
            self.ctx.db.submit(
                _percentile,
                self.ctx.services,
                dist.feature,
                value,
                self.cohort(),
                key="compare-pct",
                on_result=self._percentile_loaded,
            )

    def _percentile_loaded(self, value) -> None:
        self.percentile = value
        self._draw_client_marker()

    # ------------------------------------------------------------------ similar clients
    def _query_similar(self) -> None:
        if not self._active() or self.ctx.session.client is None:
            return
        services = self.ctx.services
        features = self._features()[:SIMILAR_FEATURES]
        sim = self.ctx.session.current
        values = None
        if sim is not None and sim.simulated:
            values = {f: self._client_value(f) for f in features}
        self.ctx.db.submit(
            _similar,
            services,
            self.ctx.session.client.client_id,
            features,
            self.cohort(),
            values,
            key="compare-similar",
            on_result=self._similar_loaded,
        )

    def _similar_loaded(self, rows) -> None:
        lang = self.ctx.lang
        self.similar.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = [
                str(r.client_id),
                number(r.distance, lang, 2),
                "" if r.probability is None else percent(r.probability, lang),
                decision_text(r.decision) if r.decision else "",
                outcome_text(r.target),
            ]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j < 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.similar.setItem(i, j, item)

    def _open_similar(self, row: int, _column: int) -> None:
        item = self.similar.item(row, 0)
        if item is not None:
            self.ctx.session.show_client(int(item.text()))
