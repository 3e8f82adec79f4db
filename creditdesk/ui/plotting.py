"""pyqtgraph set-up shared by the chart panels (imported only when such a panel is first shown)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont

from creditdesk.ui.theme import ChartPalette

pg.setConfigOptions(antialias=True, useOpenGL=False)


def style_plot(widget: pg.PlotWidget, palette: ChartPalette) -> None:
    """Theme colours, readable axis fonts and a light grid for one plot."""
    widget.setBackground(palette.background)
    plot = widget.getPlotItem()
    font = QFont(widget.font())
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.enableAutoSIPrefix(False)
        axis.setPen(pg.mkPen(palette.muted))
        axis.setTextPen(pg.mkPen(palette.foreground))
        axis.setTickFont(font)
        axis.label.setFont(font)
    plot.showGrid(x=True, y=True, alpha=0.15)
    legend = plot.legend
    if legend is not None:
        legend.setBrush(pg.mkBrush(palette.background + "D0"))
        legend.setPen(pg.mkPen(palette.grid))
        legend.setLabelTextColor(palette.foreground)


def axis_scale(spec) -> float:
    """Factor from stored to shown values on an axis (days -> years, ratio -> %), as format_value does."""
    if spec.display_scale:
        return float(spec.display_scale)
    if spec.unit == "ratio":
        return 100.0
    return 1.0


def axis_unit(spec, lang: str) -> str:
    if spec.unit == "ratio" and not spec.display_scale:
        return "%"
    return spec.display_unit(lang)


def robust_range(values, low: float = 1.0, high: float = 99.0) -> tuple[float, float] | None:
    """A view range that keeps the bulk of the points and leaves the far outliers out."""
    import numpy as np

    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if len(v) == 0:
        return None
    lo, hi = np.percentile(v, [low, high])
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    pad = (hi - lo) * 0.05
    return float(lo - pad), float(hi + pad)
