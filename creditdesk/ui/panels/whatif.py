"""What-if panel: one slider and spin box per editable field; the score follows every step.

Sliders write to the session (``set_edit``) and listen to it (``editsChanged``);
they never read the gauge or the bars, which listen to the session too. The
store is never written: every simulation is scored on a copy of the application.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import QPainter, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QSplitter,
    QStyle,
    QStyleOptionSlider,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from creditdesk.reports.sheet_content import contribution_items
from creditdesk.reports.texts import percent
from creditdesk.ui.charts import ContributionsWidget, GaugeWidget
from creditdesk.ui.i18n import Retranslatable
from creditdesk.ui.labels import decision_text

SLIDER_STEPS_MAX = 2000


class MarkedSlider(QSlider):
    """A horizontal slider with a small triangle at the original value."""

    def __init__(self, parent=None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.mark: int | None = None
        self.setTracking(True)

    def set_mark(self, position: int | None) -> None:
        self.mark = position
        self.update()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.mark is None:
            return
        opt = QStyleOptionSlider()
        self.initStyleOption(opt)
        groove = self.style().subControlRect(
            QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderGroove, self
        )
        handle = self.style().subControlRect(
            QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderHandle, self
        )
        span = groove.width() - handle.width()
        x = (
            groove.left()
            + handle.width() / 2
            + QStyle.sliderPositionFromValue(self.minimum(), self.maximum(), self.mark, span)
        )
        size = max(4.0, self.height() / 5)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().windowText())
        bottom = float(self.height() - 1)
        painter.drawPolygon(
            QPolygonF(
                [QPointF(x, bottom - size), QPointF(x - size, bottom), QPointF(x + size, bottom)]
            )
        )
        painter.end()


class FieldEditor:
    """The controls of one editable field: numeric (slider + spin box) or categorical (combo)."""

    def __init__(self, panel: WhatIfPanel, spec) -> None:
        self.panel = panel
        self.spec = spec
        self.name = spec.name
        self.label = QLabel()
        self.original_label = QLabel()
        self.original_label.setObjectName("caption")
        self.categorical = spec.dtype in ("category", "bool")
        if self.categorical:
            self.combo = QComboBox()
            self.combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            self.combo.setMinimumContentsLength(10)
            self.combo.currentIndexChanged.connect(self._combo_changed)
            self.slider = self.spin = None
            self.label.setBuddy(self.combo)
        else:
            self.combo = None
            self.slider = MarkedSlider()
            self.slider.setMinimumWidth(110)
            self.spin = QDoubleSpinBox()
            self.spin.setKeyboardTracking(False)
            self.spin.setGroupSeparatorShown(True)
            self.label.setBuddy(self.slider)
            self._setup_range()
            self.slider.valueChanged.connect(self._slider_changed)
            self.spin.valueChanged.connect(self._spin_changed)

    # ------------------------------------------------------------------ numeric range
    def _setup_range(self) -> None:
        spec = self.spec
        lo = spec.to_display(spec.min if spec.min is not None else 0.0)
        hi = spec.to_display(spec.max if spec.max is not None else 1.0)
        self.lo, self.hi = min(lo, hi), max(lo, hi)
        step = (
            spec.step
            if spec.step
            else (spec.max - spec.min) / 200
            if spec.max is not None and spec.min is not None
            else 1.0
        )
        dstep = abs(step * spec.display_scale) if spec.display_scale else abs(step)
        if (self.hi - self.lo) / dstep > SLIDER_STEPS_MAX:
            dstep = (self.hi - self.lo) / SLIDER_STEPS_MAX
        self.dstep = dstep or 1.0
        self.steps = max(1, round((self.hi - self.lo) / self.dstep))
        self.slider.setRange(0, self.steps)
        self.slider.setPageStep(max(1, self.steps // 20))
        decimals = 0 if self.dstep >= 1 else min(4, math.ceil(-math.log10(self.dstep)))
        self.spin.setDecimals(decimals)
        self.spin.setRange(self.lo, self.hi)
        self.spin.setSingleStep(self.dstep)
        self.spin.setMinimumWidth(96)
        self.spin.setMaximumWidth(130)

    def _position(self, display: float) -> int:
        return max(0, min(self.steps, round((display - self.lo) / self.dstep)))

    def _stored(self, display: float):
        value = self.spec.from_display(display)
        if self.spec.dtype == "int":
            value = round(value)
        return value

    def _display(self, stored) -> float | None:
        if stored is None or (isinstance(stored, float) and math.isnan(stored)):
            return None
        return self.spec.to_display(float(stored))

    # ------------------------------------------------------------------ events
    def _slider_changed(self, position: int) -> None:
        display = self.lo + position * self.dstep
        self.spin.blockSignals(True)
        self.spin.setValue(display)
        self.spin.blockSignals(False)
        self.panel.ctx.session.set_edit(self.name, self._stored(display))

    def _spin_changed(self, display: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(self._position(display))
        self.slider.blockSignals(False)
        self.panel.ctx.session.set_edit(self.name, self._stored(display))

    def _combo_changed(self, _index: int) -> None:
        value = self.combo.currentData()
        self.panel.ctx.session.set_edit(self.name, value)

    # ------------------------------------------------------------------ from the session
    def show_value(self, value, original, refill: bool = False) -> None:
        lang = self.panel.ctx.lang
        if refill:
            shown = self.spec.format_value(original, lang)
            self.original_label.setText(shown)
            self.original_label.setToolTip(
                QCoreApplication.translate("WhatIfPanel", "original: %1").replace("%1", shown)
            )
        if self.categorical:
            self.combo.blockSignals(True)
            if refill or self.combo.count() == 0:
                self._fill_combo(original)
            index = self.combo.findData(value)
            self.combo.setCurrentIndex(index if index >= 0 else 0)
            self.combo.blockSignals(False)
            return
        display = self._display(value)
        original_display = self._display(original)
        self.slider.blockSignals(True)
        self.spin.blockSignals(True)
        if display is not None:
            self.slider.setValue(self._position(display))
            self.spin.setValue(min(max(display, self.lo), self.hi))
        self.slider.set_mark(None if original_display is None else self._position(original_display))
        self.slider.blockSignals(False)
        self.spin.blockSignals(False)

    def _fill_combo(self, original) -> None:
        lang = self.panel.ctx.lang
        self.combo.clear()
        levels = [0, 1] if self.spec.dtype == "bool" else list(self.spec.categories or ())
        if original is None:
            self.combo.addItem(self.spec.format_value(None, lang), None)
        for level in levels:
            text = self.spec.format_value(level, lang)
            if level == original:
                text += " ◆"  # the original level
            self.combo.addItem(text, level)

    def retranslate(self) -> None:
        lang = self.panel.ctx.lang
        unit = self.spec.display_unit(lang)
        label = self.spec.label(lang)
        self.label.setText(f"{label} ({unit})" if unit else label)
        widget = self.combo if self.categorical else self.slider
        widget.setAccessibleName(label)
        if self.spin is not None:
            self.spin.setAccessibleName(
                QCoreApplication.translate("WhatIfPanel", "%1, exact value").replace("%1", label)
            )

    def widgets(self) -> list[QWidget]:
        if self.categorical:
            return [self.label, self.combo, self.original_label]
        return [self.label, self.slider, self.spin, self.original_label]


class WhatIfPanel(Retranslatable, QWidget):
    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editors: dict[str, FieldEditor] = {}
        self.gauge = GaugeWidget()
        self.gauge.setMinimumSize(240, 190)
        self.bars = ContributionsWidget(show_importance=False)
        self.bars.setMinimumSize(300, 240)
        self.reset_button = QPushButton()
        self.path_button = QPushButton()
        self.path_note = QLabel()
        self.path_note.setWordWrap(True)
        self.summary = QTableWidget(0, 3)
        self.summary.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary.verticalHeader().hide()
        self.summary.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.summary.setMinimumHeight(120)
        self.fields_box = QGroupBox()
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self.original_head = QLabel()
        self.original_head.setObjectName("panelHeading")
        self.grid.addWidget(self.original_head, 0, 3)
        inner = QWidget()
        inner.setLayout(self.grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setMinimumWidth(440)
        fields_layout = QVBoxLayout(self.fields_box)
        fields_layout.addWidget(scroll)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.path_button)
        buttons.addStretch(1)
        fields_layout.addLayout(buttons)
        fields_layout.addWidget(self.path_note)

        right = QWidget()
        r = QVBoxLayout(right)
        r.setContentsMargins(0, 0, 0, 0)
        r.addWidget(self.gauge, 2)
        r.addWidget(self.bars, 3)
        r.addWidget(self.summary, 1)
        splitter = QSplitter()
        splitter.addWidget(self.fields_box)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 500])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.reset_button.clicked.connect(ctx.session.reset_edits)
        self.path_button.clicked.connect(self._path)
        ctx.servicesChanged.connect(self._build)
        ctx.session.clientChanged.connect(lambda _v: self._client_changed())
        ctx.session.editsChanged.connect(lambda _e: self._sync())
        ctx.session.assessmentChanged.connect(self._show)
        ctx.session.pathFound.connect(self._path_found)
        ctx.themeChanged.connect(lambda _t: self._style())
        self.retranslate()

    # ------------------------------------------------------------------ building
    def _build(self, services) -> None:
        for editor in self.editors.values():
            for w in editor.widgets():
                w.deleteLater()
        self.editors.clear()
        if services is None:
            return
        for row, spec in enumerate(services.editable, start=1):
            editor = FieldEditor(self, spec)
            self.editors[spec.name] = editor
            if editor.categorical:
                self.grid.addWidget(editor.label, row, 0)
                self.grid.addWidget(editor.combo, row, 1, 1, 2)
                self.grid.addWidget(editor.original_label, row, 3)
            else:
                self.grid.addWidget(editor.label, row, 0)
                self.grid.addWidget(editor.slider, row, 1)
                self.grid.addWidget(editor.spin, row, 2)
                self.grid.addWidget(editor.original_label, row, 3)
            editor.retranslate()
        self.grid.setRowStretch(len(services.editable) + 1, 1)
        self._sync(refill=True)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.ctx.session.warm_up()

    def retranslate(self) -> None:
        self.fields_box.setTitle(self.tr("Application fields (the store is never changed)"))
        self.original_head.setText(self.tr("Original ▲"))
        self.original_head.setToolTip(
            self.tr("The application's own value; ▲ under a slider and ◆ in a list mark it too.")
        )
        self.reset_button.setText(self.tr("&Reset to the original"))
        self.path_button.setText(self.tr("Apply &path to approval"))
        self.path_button.setAccessibleDescription(
            self.tr(
                "Moves the sliders to the smallest changes that would turn the decision to accept"
            )
        )
        self.summary.setHorizontalHeaderLabels(["", self.tr("Original"), self.tr("Simulated")])
        self.summary.setAccessibleName(self.tr("Original versus simulated"))
        self.gauge.setAccessibleName(self.tr("Simulated probability of default gauge"))
        self.bars.setAccessibleName(self.tr("Contributions to the simulated score"))
        for editor in self.editors.values():
            editor.retranslate()
        self._style()
        self._sync(refill=True)
        if self.ctx.session.current is not None:
            self._show(self.ctx.session.current)

    def _style(self) -> None:
        self.gauge.set_style(self.ctx.lang, self.ctx.dark)
        self.bars.set_style(self.ctx.lang, self.ctx.dark)

    def _client_changed(self) -> None:
        self._sync(refill=True)
        if self.isVisible():
            self.ctx.session.warm_up()

    # ------------------------------------------------------------------ session -> widgets
    def _sync(self, refill: bool = False) -> None:
        session = self.ctx.session
        has_client = session.client is not None
        for editor in self.editors.values():
            for w in editor.widgets():
                w.setEnabled(has_client)
            if has_client:
                editor.show_value(session.value(editor.name), session.original(editor.name), refill)
        self.reset_button.setEnabled(bool(session.edits))
        self.path_button.setEnabled(has_client)

    def _show(self, sim) -> None:
        services = self.ctx.services
        if services is None:
            return
        a = sim.assessment
        self.gauge.set_value(a.probability, a.threshold)
        self.bars.set_items(contribution_items(a, services.bundle, self.ctx.lang, rows=7))
        self._fill_summary(sim)

    def _fill_summary(self, sim) -> None:
        view = self.ctx.session.client
        if view is None:
            self.summary.setRowCount(0)
            return
        lang = self.ctx.lang
        original, simulated = view.assessment, sim.assessment
        rows = [
            (
                self.tr("Probability of default"),
                percent(original.probability, lang),
                percent(simulated.probability, lang),
            ),
            (
                self.tr("Decision"),
                decision_text(original.decision),
                decision_text(simulated.decision),
            ),
        ]
        dictionary = self.ctx.services.dictionary
        for name, value in sim.edits.items():
            spec = dictionary.get(name)
            rows.append(
                (
                    spec.label(lang),
                    spec.format_value(view.application.get(name), lang),
                    spec.format_value(value, lang),
                )
            )
        self.summary.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                item = QTableWidgetItem(text)
                if j == 0:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.summary.setItem(i, j, item)

    # ------------------------------------------------------------------ path to approval
    def _path(self) -> None:
        self.path_note.setText(self.tr("Searching for the smallest changes…"))
        self.ctx.session.apply_path_to_approval()

    def _path_found(self, path) -> None:
        try:
            message = path.message(self.ctx.lang)
        except Exception:  # an older PathToApproval without messages
            message = ""
        if getattr(path, "feasible", False):
            self.path_note.setText(message or self.tr("Path to approval applied to the sliders."))
        else:
            self.path_note.setText(
                message
                or self.tr(
                    "No realistic change of the editable fields turns this decision to accept."
                )
            )
