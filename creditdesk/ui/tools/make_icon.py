"""Draw the application icon with QPainter: ``python -m creditdesk.ui.tools.make_icon``.

Writes ``resources/icons/creditdesk.svg`` (hand-written vector, same design)
and ``creditdesk-<size>.png`` for 16…512 px: a gauge (accept zone green,
refuse zone vermillion, Okabe–Ito) with its needle on a dark rounded tile.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ROOT = Path(__file__).resolve().parents[3]
OUT = ROOT / "resources" / "icons"
TILE = "#1F2937"
GREEN = "#009E73"
VERMILLION = "#D55E00"
WHITE = "#FFFFFF"


def paint(painter, size: int) -> None:
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

    s = float(size)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(TILE))
    painter.drawRoundedRect(QRectF(0.02 * s, 0.02 * s, 0.96 * s, 0.96 * s), 0.2 * s, 0.2 * s)
    cx, cy, r = 0.5 * s, 0.64 * s, 0.36 * s
    width = 0.13 * s
    arc = QRectF(cx - r, cy - r, 2 * r, 2 * r)
    for start, span, colour in ((180, -110, GREEN), (70, -70, VERMILLION)):
        pen = QPen(QColor(colour), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        path = QPainterPath()
        path.arcMoveTo(arc, start)
        path.arcTo(arc, start, span)
        painter.drawPath(path)
    angle = math.radians(130)
    tip = QPointF(cx + 0.34 * s * math.cos(angle), cy - 0.34 * s * math.sin(angle))
    painter.setPen(
        QPen(QColor(WHITE), max(1.0, 0.06 * s), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    )
    painter.drawLine(QPointF(cx, cy), tip)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(WHITE))
    painter.drawEllipse(QPointF(cx, cy), 0.07 * s, 0.07 * s)


SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
  <title>CreditDesk</title>
  <rect x="10" y="10" width="492" height="492" rx="102" fill="{TILE}"/>
  <path d="M 71.7 327.7 A 184.3 184.3 0 0 1 319.0 154.5" fill="none" stroke="{GREEN}" stroke-width="66.6"/>
  <path d="M 319.0 154.5 A 184.3 184.3 0 0 1 440.3 327.7" fill="none" stroke="{VERMILLION}" stroke-width="66.6"/>
  <line x1="256" y1="327.7" x2="144.1" y2="194.3" stroke="{WHITE}" stroke-width="30.7" stroke-linecap="round"/>
  <circle cx="256" cy="327.7" r="35.8" fill="{WHITE}"/>
</svg>
"""


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "creditdesk.svg").write_text(SVG, encoding="utf-8")
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(0, 0, 0, 0))
        painter = QPainter(image)
        paint(painter, size)
        painter.end()
        image.save(str(OUT / f"creditdesk-{size}.png"))
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
