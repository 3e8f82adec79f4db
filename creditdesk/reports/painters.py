"""QPainter drawings shared by the screen and the explanation sheet.

The same functions draw the probability gauge and the contribution bars on a
widget, on the PDF page (vector) and into the PNG images of the HTML sheet,
so what the officer sees is what the client receives. QtGui only: no widget.

Sizes are in the painter's logical units (pixels on screen, points on the
PDF page). Fonts keep the painter's family and get a pixel size derived from
the rectangle, so a drawing scales with the space it is given.

Colours are Okabe–Ito (distinguishable with the common colour-vision
deficiencies) and never carry meaning alone: the refusal side is hatched,
zones and bars carry words, and every number is printed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
)

from creditdesk.reports.texts import margin_sentence, percent, text

#: Okabe–Ito palette
GREEN = QColor("#009E73")  # bluish green: accept, lowers the risk
VERMILLION = QColor("#D55E00")  # refuse, raises the risk
BLUE = QColor("#0072B2")
GREY = QColor("#8C8C8C")
INK = QColor("#1F2328")
INK_DARK_MODE = QColor("#E6E6E6")
MUTED = QColor("#5A6069")
MUTED_DARK_MODE = QColor("#A8ADB4")


@dataclass(frozen=True)
class ContributionItem:
    """One bar of the contributions chart."""

    label: str  # what the item is, in the sheet's language
    value_text: str  # the client's value, formatted
    contribution: float  # signed SHAP contribution (log-odds); > 0 raises the risk
    importance: float | None = None  # global mean |SHAP| of the same feature
    is_other: bool = False  # the summed "other items" bar


def gauge_position(probability: float, threshold: float) -> float:
    """Where ``probability`` sits on the gauge, 0 (left end) .. 1 (right end).

    The threshold is always at the top (0.5): the left half is linear from 0
    to the threshold, the right half follows a square-root scale from the
    threshold to 1 so that the usual 10–40 % range stays readable. Tick
    labels carry the true values.
    """
    p = min(max(float(probability), 0.0), 1.0)
    t = min(max(float(threshold), 1e-6), 1 - 1e-6)
    if p <= t:
        return 0.5 * p / t
    return 0.5 + 0.5 * math.sqrt((p - t) / (1.0 - t))


def _angle(position: float) -> float:
    """Qt angle in degrees (0 = 3 o'clock, counter-clockwise) for a gauge position."""
    return 180.0 - 180.0 * position


def _polar(cx: float, cy: float, radius: float, degrees: float) -> QPointF:
    rad = math.radians(degrees)
    return QPointF(cx + radius * math.cos(rad), cy - radius * math.sin(rad))


def _band(cx: float, cy: float, r_out: float, r_in: float, a0: float, a1: float) -> QPainterPath:
    """Annular sector from angle ``a0`` to ``a1`` (degrees, a0 > a1 goes clockwise)."""
    path = QPainterPath()
    outer = QRectF(cx - r_out, cy - r_out, 2 * r_out, 2 * r_out)
    inner = QRectF(cx - r_in, cy - r_in, 2 * r_in, 2 * r_in)
    path.arcMoveTo(outer, a0)
    path.arcTo(outer, a0, a1 - a0)
    path.arcTo(inner, a1, a0 - a1)
    path.closeSubpath()
    return path


def _font(painter: QPainter, size: float, *, bold: bool = False) -> QFont:
    font = QFont(painter.font())
    font.setPixelSize(max(1, round(size)))
    font.setBold(bold)
    return font


def _fit(painter: QPainter, label: str, width: float, size: float, *, bold: bool = False) -> QFont:
    """The painter's font at ``size`` px, shrunk until ``label`` fits in ``width``."""
    font = _font(painter, size, bold=bold)
    while font.pixelSize() > 6 and QFontMetricsF(font).horizontalAdvance(label) > width:
        font.setPixelSize(font.pixelSize() - 1)
    return font


#: the gauge's captions are not drawn smaller than this (pixels) while their line has the room
GAUGE_MIN_TEXT_PX = 10.0
#: below this size a column head takes two lines rather than shrinking further
READABLE_HEAD_PX = 8


def _in_two_lines(label: str) -> str:
    """``label`` broken at the space nearest its middle (unchanged when it has no space)."""
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    if not spaces:
        return label
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return label[:cut] + "\n" + label[cut + 1 :]


def _column_heads(
    painter: QPainter, labels: Sequence[str], width: float, size: float
) -> tuple[int, list[str]]:
    """One pixel size for ``labels`` so each fits ``width``: one line while that stays readable,
    else two lines (at the larger of the two sizes)."""

    def size_for(lines: Sequence[str]) -> int:
        return min(_fit(painter, line, width, size, bold=True).pixelSize() for line in lines)

    one = size_for(labels)
    if one >= READABLE_HEAD_PX:
        return one, list(labels)
    wrapped = [_in_two_lines(label) for label in labels]
    two = size_for([line for label in wrapped for line in label.split("\n")])
    return (two, wrapped) if two > one else (one, list(labels))


def _gauge_ticks(threshold: float) -> list[float]:
    ticks = [0.0, 1.0]
    for value in (0.2, 0.3, 0.5):
        if value - threshold > 0.06:
            ticks.append(value)
    if threshold > 0.12:
        ticks.append(round(threshold / 2, 2))
    return sorted(ticks)


def paint_gauge(
    painter: QPainter,
    rect: QRectF,
    probability: float,
    threshold: float,
    *,
    lang: str = "en",
    dark: bool = False,
    show_text: bool = True,
) -> None:
    """Semicircle gauge: accept and refuse zones, threshold mark at the top, needle,
    the probability in large type, the decision in words and the margin to the threshold."""
    ink = INK_DARK_MODE if dark else INK
    muted = MUTED_DARK_MODE if dark else MUTED
    text_block = (
        0.78 if show_text else 0.12
    )  # below the hub: probability, caption, decision, margin
    radius = min(rect.width() / 2.36, rect.height() / (1.22 + text_block))
    if radius <= 4:
        return
    cx = rect.center().x()
    cy = rect.top() + 0.22 * radius + radius
    r_in = 0.70 * radius
    pos_t = 0.5
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)

    # zones: accept (left of the threshold), refuse (right, hatched)
    accept = _band(cx, cy, radius, r_in, 180.0, _angle(pos_t))
    refuse = _band(cx, cy, radius, r_in, _angle(pos_t), 0.0)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.fillPath(accept, GREEN)
    painter.fillPath(refuse, VERMILLION)
    hatch = QBrush(QColor(255, 255, 255, 120), Qt.BrushStyle.BDiagPattern)
    hatch.setTransform(hatch.transform().scale(max(radius / 60.0, 0.5), max(radius / 60.0, 0.5)))
    painter.fillPath(refuse, hatch)

    # zone names inside the band, near each end
    zone_font = _font(painter, 0.085 * radius, bold=True)
    painter.setFont(zone_font)
    painter.setPen(QColor("white"))
    needle_pos = gauge_position(probability, threshold)
    for key, pos, alternative in (("zone.accept", 0.14, 0.36), ("zone.refuse", 0.86, 0.64)):
        if abs(needle_pos - pos) < 0.09:  # keep the word clear of the needle
            pos = alternative
        centre = _polar(cx, cy, (radius + r_in) / 2, _angle(pos))
        painter.save()
        painter.translate(centre)
        painter.rotate(90.0 - _angle(pos))
        label = text(key, lang).upper()
        box = QRectF(-radius, -0.08 * radius, 2 * radius, 0.16 * radius)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        painter.restore()

    # ticks with their true values
    tick_font = _font(painter, 0.075 * radius)
    painter.setFont(tick_font)
    for value in _gauge_ticks(threshold):
        a = _angle(gauge_position(value, threshold))
        painter.setPen(QPen(muted, max(radius / 120.0, 0.6)))
        if value not in (0.0, 1.0):
            painter.drawLine(_polar(cx, cy, radius * 1.01, a), _polar(cx, cy, radius * 1.06, a))
        if value in (0.0, 1.0):  # the ends: label under the band, clear of the page edge
            x = cx + (-1 if value == 0.0 else 1) * (radius + r_in) / 2
            box = QRectF(x - 0.3 * radius, cy + 0.01 * radius, 0.6 * radius, 0.1 * radius)
            align = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
        else:
            anchor = _polar(cx, cy, radius * 1.14, a)
            box = QRectF(
                anchor.x() - 0.3 * radius, anchor.y() - 0.05 * radius, 0.6 * radius, 0.1 * radius
            )
            if a > 100:
                box.moveRight(anchor.x() + 0.06 * radius)
                align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            else:
                box.moveLeft(anchor.x() - 0.06 * radius)
                align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(box, align, percent(value, lang, 0))

    # threshold mark and its label at the top
    a_t = _angle(pos_t)
    painter.setPen(
        QPen(ink, max(radius / 40.0, 1.2), Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
    )
    painter.drawLine(_polar(cx, cy, r_in * 0.94, a_t), _polar(cx, cy, radius * 1.07, a_t))
    painter.setFont(_font(painter, 0.08 * radius, bold=True))
    top = _polar(cx, cy, radius * 1.09, a_t)
    painter.drawText(
        QRectF(top.x() - radius, top.y() - 0.13 * radius, 2 * radius, 0.12 * radius),
        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
        f"{text('threshold', lang)} {percent(threshold, lang)}",
    )

    # needle
    a_p = _angle(gauge_position(probability, threshold))
    tip = _polar(cx, cy, radius * 0.97, a_p)
    base_l = _polar(cx, cy, 0.045 * radius, a_p + 90)
    base_r = _polar(cx, cy, 0.045 * radius, a_p - 90)
    needle = QPainterPath()
    needle.moveTo(base_l)
    needle.lineTo(tip)
    needle.lineTo(base_r)
    needle.closeSubpath()
    painter.setPen(QPen(QColor("white") if not dark else QColor("#202020"), max(radius / 150, 0.5)))
    painter.setBrush(ink)
    painter.drawPath(needle)
    painter.drawEllipse(QPointF(cx, cy), 0.07 * radius, 0.07 * radius)

    if show_text:
        accepted = probability < threshold
        decision_colour = GREEN.darker(135) if accepted else VERMILLION.darker(115)
        if dark:
            decision_colour = GREEN.lighter(130) if accepted else VERMILLION.lighter(130)
        w = 2.3 * radius
        y = cy + 0.1 * radius
        decision = text("decision.accept" if accepted else "decision.refuse", lang)
        lines = (  # text, font size and line height (x radius), bold, colour
            (percent(probability, lang), 0.26, 0.3, True, ink),
            (text("probability_of_default", lang), 0.075, 0.1, False, muted),
            (decision, 0.12, 0.16, True, decision_colour),
            (margin_sentence(probability, threshold, lang), 0.075, 0.1, False, muted),
        )
        for line, size, height, bold, colour in lines:
            px = max(size * radius, min(GAUGE_MIN_TEXT_PX, height * radius))  # readable when small
            painter.setFont(_fit(painter, line, w, px, bold=bold))
            painter.setPen(colour)
            painter.drawText(
                QRectF(cx - w / 2, y, w, height * radius), Qt.AlignmentFlag.AlignCenter, line
            )
            y += height * radius
    painter.restore()


def paint_contributions(
    painter: QPainter,
    rect: QRectF,
    items: Sequence[ContributionItem],
    *,
    lang: str = "en",
    dark: bool = False,
    show_importance: bool = True,
) -> None:
    """Signed horizontal bars of local contributions, with each feature's global importance beside.

    Bars to the right (vermillion) raise the risk, bars to the left (green)
    lower it; the summed "other items" bar is hatched. Each row names the
    item and the client's value and prints the signed contribution.
    """
    ink = INK_DARK_MODE if dark else INK
    muted = MUTED_DARK_MODE if dark else MUTED
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    if not items:
        painter.setPen(muted)
        painter.setFont(_font(painter, min(14.0, rect.height() / 4)))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text("contrib.empty", lang))
        painter.restore()
        return

    rows = len(items)
    label_w = rect.width() * (0.40 if show_importance else 0.46)
    imp_w = rect.width() * 0.18 if show_importance else 0.0
    gap = rect.width() * 0.02
    bars_w = rect.width() - label_w - imp_w - 2 * gap
    header = min(max(rect.height() * 0.07, 12.0), 28.0)
    head_size = min(max((rect.height() - header) / rows * 0.30, 7.0), 15.0) * 0.92

    # column heads: the two directions share one size and each fits its half of the bars
    # (French "augmente le risque ▶" is the longer); on a narrow chart they take two lines
    lowers, raises = text("contrib.lowers", lang), text("contrib.raises", lang)
    feature, importance = text("contrib.feature", lang), text("contrib.importance", lang)
    dir_px, (lowers, raises) = _column_heads(painter, (lowers, raises), bars_w / 2 - 4, head_size)
    feat_px, (feature,) = _column_heads(painter, (feature,), label_w - 4, head_size)
    imp_px, (importance,) = _column_heads(painter, (importance,), imp_w - 2, head_size)
    shown_heads = [(dir_px, lowers), (dir_px, raises), (feat_px, feature)]
    if show_importance:
        shown_heads.append((imp_px, importance))
    header = max(header, max((h.count("\n") + 1) * px * 1.25 + 2 for px, h in shown_heads))

    row_h = (rect.height() - header) / rows
    bars = QRectF(rect.left() + label_w + gap, rect.top() + header, bars_w, rect.height() - header)
    zero = bars.center().x()
    text_px = min(max((rect.height() - header) / rows * 0.30, 7.0), 15.0)

    largest = max(abs(i.contribution) for i in items) or 1.0
    importances = [i.importance for i in items if i.importance is not None]
    top_importance = max(importances) if importances else 0.0

    # one label size for every row: as large as the rows allow, smaller (down to 3/4) so the
    # longest label fits its column, elided beyond that
    bold = QFontMetricsF(_font(painter, text_px, bold=True))
    widest = max(items, key=lambda i: bold.horizontalAdvance(i.label))
    label_px = max(
        _fit(painter, widest.label, label_w - 4, text_px, bold=True).pixelSize(), 0.75 * text_px
    )
    value_px = min(text_px * 0.9, label_px)

    painter.setFont(_font(painter, value_px))
    room = painter.fontMetrics().horizontalAdvance("+0.00") + 6  # for the printed values
    half = max(bars.width() / 2 - room, bars.width() * 0.2)
    # the heads are never larger than the labels under them
    dir_px, feat_px, imp_px = (min(px, label_px) for px in (dir_px, feat_px, imp_px))

    left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    heads = [
        (feature, feat_px, muted, QRectF(rect.left(), rect.top(), label_w, header), left),
        (
            lowers,
            dir_px,
            GREEN.darker(140) if not dark else GREEN.lighter(130),
            QRectF(bars.left(), rect.top(), bars.width() / 2, header),
            left,
        ),
        (
            raises,
            dir_px,
            VERMILLION.darker(120) if not dark else VERMILLION.lighter(130),
            QRectF(zero, rect.top(), bars.width() / 2, header),
            right,
        ),
    ]
    if show_importance:
        heads.append(
            (
                importance,
                imp_px,
                muted,
                QRectF(rect.right() - imp_w, rect.top(), imp_w, header),
                left,
            )
        )
    for label, px, colour, box, align in heads:
        painter.setFont(_font(painter, px, bold=True))
        painter.setPen(colour)
        painter.drawText(box, align, label)

    for n, item in enumerate(items):
        top = rect.top() + header + n * row_h
        if n % 2 == 0:  # zebra rows help the eye along a wide chart
            painter.fillRect(
                QRectF(rect.left(), top, rect.width(), row_h),
                QColor(255, 255, 255, 14) if dark else QColor(0, 0, 0, 10),
            )
        # label and client value, two lines
        painter.setPen(ink)
        painter.setFont(_font(painter, label_px, bold=not item.is_other))
        if item.value_text:
            label_box = QRectF(rect.left() + 2, top + row_h * 0.06, label_w - 4, row_h * 0.5)
            label_align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom
        else:
            label_box = QRectF(rect.left() + 2, top, label_w - 4, row_h)
            label_align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(
            label_box,
            label_align,
            painter.fontMetrics().elidedText(
                item.label, Qt.TextElideMode.ElideRight, int(label_box.width())
            ),
        )
        if item.value_text:
            painter.setPen(muted)
            painter.setFont(_font(painter, value_px))
            value_box = QRectF(rect.left() + 2, top + row_h * 0.52, label_w - 4, row_h * 0.44)
            painter.drawText(
                value_box,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                painter.fontMetrics().elidedText(
                    item.value_text, Qt.TextElideMode.ElideRight, int(value_box.width())
                ),
            )
        # the signed bar
        length = half * abs(item.contribution) / largest
        colour = VERMILLION if item.contribution > 0 else GREEN
        bar_h = row_h * 0.56
        x0 = zero if item.contribution > 0 else zero - length
        bar = QRectF(x0, top + (row_h - bar_h) / 2, max(length, 0.5), bar_h)
        painter.fillRect(bar, colour)
        if item.is_other:
            hatch = QBrush(QColor(255, 255, 255, 150), Qt.BrushStyle.FDiagPattern)
            painter.fillRect(bar, hatch)
        painter.setPen(ink)
        painter.setFont(_font(painter, value_px))
        sign = "+" if item.contribution > 0 else "−"
        number = f"{sign}{abs(item.contribution):.2f}".replace(".", "," if lang == "fr" else ".")
        if item.contribution > 0:
            box = QRectF(bar.right() + 3, top, bars.right() - bar.right(), row_h)
            painter.drawText(
                box,
                Qt.AlignmentFlag.AlignLeft
                | Qt.AlignmentFlag.AlignVCenter
                | Qt.TextFlag.TextDontClip,
                number,
            )
        else:
            box = QRectF(bars.left(), top, bar.left() - bars.left() - 3, row_h)
            painter.drawText(
                box,
                Qt.AlignmentFlag.AlignRight
                | Qt.AlignmentFlag.AlignVCenter
                | Qt.TextFlag.TextDontClip,
                number,
            )
        # global importance of the same feature
        if show_importance and item.importance is not None and top_importance > 0:
            width = (imp_w - 4) * item.importance / top_importance
            imp = QRectF(rect.right() - imp_w, top + row_h * 0.32, max(width, 0.5), row_h * 0.36)
            painter.fillRect(imp, GREY)

    # zero axis and the separation of the importance column
    painter.setPen(QPen(ink, 1.0))
    painter.drawLine(QPointF(zero, bars.top()), QPointF(zero, bars.bottom()))
    if show_importance:
        painter.setPen(QPen(muted, 0.5, Qt.PenStyle.DotLine))
        x = rect.right() - imp_w - gap / 2
        painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
    painter.restore()


def render_to_image(
    paint: Callable[[QPainter, QRectF], None],
    size: QSize | tuple[int, int],
    dpr: float = 2.0,
    *,
    background: QColor | None = None,
    font: QFont | None = None,
) -> QImage:
    """Run ``paint(painter, rect)`` on a fresh image of ``size`` logical pixels at ``dpr``.

    Used to embed the same drawings in the HTML sheet (as PNG data URIs).
    """
    width, height = (size.width(), size.height()) if isinstance(size, QSize) else size
    image = QImage(
        round(width * dpr), round(height * dpr), QImage.Format.Format_ARGB32_Premultiplied
    )
    image.setDevicePixelRatio(dpr)
    image.fill(background if background is not None else QColor("white"))
    painter = QPainter(image)
    try:
        if font is not None:
            painter.setFont(font)
        paint(painter, QRectF(0, 0, width, height))
    finally:
        painter.end()
    return image
