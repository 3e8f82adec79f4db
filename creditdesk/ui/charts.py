"""The gauge and the contribution bars as widgets.

Both paint with the same functions as the explanation sheet
(``creditdesk.reports.painters``), so the screen and the PDF show the same
drawing. They hold only what they draw; ``set_...`` stores it and schedules
a repaint. ``painted`` fires after each paint (used by the what-if benchmark
and by tests that wait for the screen to follow).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from creditdesk.reports.painters import ContributionItem, paint_contributions, paint_gauge
from creditdesk.reports.texts import margin_sentence, percent
from creditdesk.reports.texts import text as sheet_text


class _PaintedWidget(QWidget):
    painted = Signal(object)  # what was drawn (probability, or the item tuple)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = "en"
        self.dark = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_style(self, lang: str, dark: bool) -> None:
        if (lang, dark) != (self.lang, self.dark):
            self.lang, self.dark = lang, dark
            self._describe()
            self.update()

    def _describe(self) -> None:  # accessible description of what is drawn
        pass


class GaugeWidget(_PaintedWidget):
    """Calibrated probability of default on a semicircle, threshold at the top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.probability: float | None = None
        self.threshold = 0.5
        self.setMinimumSize(260, 200)

    def sizeHint(self) -> QSize:
        return QSize(420, 330)

    def hasHeightForWidth(self) -> bool:
        return False

    def set_value(self, probability: float | None, threshold: float) -> None:
        self.probability = probability
        self.threshold = float(threshold)
        self._describe()
        self.update()

    def _describe(self) -> None:
        if self.probability is None:
            self.setAccessibleDescription("")
            return
        p, t, lang = self.probability, self.threshold, self.lang
        decision = sheet_text("decision.refuse" if p >= t else "decision.accept", lang)
        self.setAccessibleDescription(
            f"{sheet_text('probability_of_default', lang)} {percent(p, lang)}; {decision}; "
            f"{sheet_text('threshold', lang)} {percent(t, lang)}; {margin_sentence(p, t, lang)}"
        )

    def paintEvent(self, event) -> None:
        if self.probability is None or not math.isfinite(self.probability):
            return
        painter = QPainter(self)
        try:
            rect = QRectF(self.rect()).adjusted(6, 6, -6, -6)
            paint_gauge(
                painter, rect, self.probability, self.threshold, lang=self.lang, dark=self.dark
            )
        finally:
            painter.end()
        self.painted.emit(self.probability)


class ContributionsWidget(_PaintedWidget):
    """Top contributions (signed bars) with each feature's global importance beside."""

    def __init__(self, parent: QWidget | None = None, *, show_importance: bool = True) -> None:
        super().__init__(parent)
        self.items: tuple[ContributionItem, ...] = ()
        self.show_importance = show_importance
        self.setMinimumSize(360, 260)

    def sizeHint(self) -> QSize:
        return QSize(640, 420)

    def set_items(self, items: Sequence[ContributionItem]) -> None:
        self.items = tuple(items)
        self._describe()
        self.update()

    def _describe(self) -> None:
        parts = []
        for item in self.items:
            sign = "+" if item.contribution > 0 else "−"
            value = f" ({item.value_text})" if item.value_text else ""
            parts.append(f"{item.label}{value}: {sign}{abs(item.contribution):.2f}")
        self.setAccessibleDescription("; ".join(parts))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        try:
            rect = QRectF(self.rect()).adjusted(8, 4, -8, -4)
            paint_contributions(
                painter,
                rect,
                self.items,
                lang=self.lang,
                dark=self.dark,
                show_importance=self.show_importance,
            )
        finally:
            painter.end()
        self.painted.emit(self.items)
