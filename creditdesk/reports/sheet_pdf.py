"""The explanation sheet as an A4 PDF, drawn by Qt (QPdfWriter + QPainter), vector throughout.

Layout is done in points (1/72 in). Blocks are measured first and placed on
pages by a small flow (a block that does not fit starts a new page), then
drawn, so the footer can say "page 1 of 2". The gauge and the contribution
bars are drawn by the same painters as the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from creditdesk.reports.painters import (
    GREEN,
    INK,
    MUTED,
    VERMILLION,
    paint_contributions,
    paint_gauge,
)
from creditdesk.reports.sheet_content import SheetContent
from creditdesk.reports.texts import percent

PAGE_W, PAGE_H = 595.28, 841.89  # A4 in points
MARGIN_X, MARGIN_TOP, FOOTER_H = 54.0, 50.0, 70.0
CONTENT_W = PAGE_W - 2 * MARGIN_X
BODY_BOTTOM = PAGE_H - FOOTER_H
ACCENT = QColor("#0072B2")
RULE = QColor("#C9CED6")
ZEBRA = QColor("#F3F5F8")
HEAD_FILL = QColor("#D9ECF7")
FONT_FAMILIES = ["Helvetica Neue", "Helvetica", "Arial", "Liberation Sans", "DejaVu Sans"]
WRAP = (
    int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignTop)
)

Draw = Callable[[QPainter], None]


def font(size: float, *, bold: bool = False, mono: bool = False) -> QFont:
    """A document font of ``size`` points (pixel size in the page's point units)."""
    f = QFont()
    f.setFamilies(
        ["DejaVu Sans Mono", "Menlo", "Consolas", "Courier New"] if mono else FONT_FAMILIES
    )
    f.setPixelSize(max(1, round(size)))
    f.setBold(bold)
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return f


def text_height(text: str, f: QFont, width: float) -> float:
    return QFontMetricsF(f).boundingRect(QRectF(0, 0, width, 10_000), WRAP, text).height()


class Flow:
    """Places measured blocks down the page; starts a new page when one does not fit."""

    def __init__(self) -> None:
        self.pages: list[list[Draw]] = [[]]
        self.y = MARGIN_TOP

    def need(self, height: float) -> None:
        if self.y + height > BODY_BOTTOM and self.y > MARGIN_TOP + 1:
            self.new_page()

    def new_page(self) -> None:
        self.pages.append([])
        self.y = MARGIN_TOP

    def add(
        self, height: float, draw: Callable[[QPainter, float], None], *, gap: float = 0.0
    ) -> None:
        """Reserve ``height`` points (on a new page if needed) and queue ``draw(painter, top)``."""
        self.need(height)
        top = self.y
        self.pages[-1].append(lambda p, top=top: draw(p, top))
        self.y += height + gap


# ------------------------------------------------------------------ blocks


def _header(flow: Flow, c: SheetContent) -> None:
    def draw(p: QPainter, top: float) -> None:
        p.setFont(font(8, bold=True))
        p.setPen(ACCENT)
        p.drawText(QRectF(MARGIN_X, top, CONTENT_W, 12), Qt.AlignmentFlag.AlignLeft, "CREDITDESK")
        p.setPen(MUTED)
        p.setFont(font(8))
        p.drawText(QRectF(MARGIN_X, top, CONTENT_W, 12), Qt.AlignmentFlag.AlignRight, c.issued)
        p.setPen(INK)
        p.setFont(font(19, bold=True))
        p.drawText(QRectF(MARGIN_X, top + 16, CONTENT_W, 26), Qt.AlignmentFlag.AlignLeft, c.title)
        p.setFont(font(12))
        p.setPen(MUTED)
        p.drawText(
            QRectF(MARGIN_X, top + 44, CONTENT_W, 18),
            Qt.AlignmentFlag.AlignLeft,
            c.t("sheet.client", client=c.client_id),
        )
        p.setPen(QPen(ACCENT, 1.6))
        p.drawLine(QPointF(MARGIN_X, top + 68), QPointF(MARGIN_X + CONTENT_W, top + 68))

    flow.add(72, draw, gap=10)


def _section(flow: Flow, title: str, follow: float) -> None:
    """A section heading, kept on the same page as the first ``follow`` points of its body."""
    flow.need(24 + follow)

    def draw(p: QPainter, top: float) -> None:
        p.setFont(font(12.5, bold=True))
        p.setPen(ACCENT.darker(130))
        p.drawText(
            QRectF(MARGIN_X, top, CONTENT_W, 18),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            title,
        )
        p.setPen(QPen(RULE, 0.7))
        p.drawLine(QPointF(MARGIN_X, top + 19.5), QPointF(MARGIN_X + CONTENT_W, top + 19.5))

    flow.add(20, draw, gap=8)


def _paragraph(
    flow: Flow,
    body: str,
    *,
    size: float = 9.5,
    colour: QColor = INK,
    gap: float = 8,
    indent: float = 0.0,
) -> None:
    f = font(size)
    width = CONTENT_W - indent
    height = text_height(body, f, width) + 2

    def draw(p: QPainter, top: float) -> None:
        p.setFont(f)
        p.setPen(colour)
        p.drawText(QRectF(MARGIN_X + indent, top, width, height), WRAP, body)

    flow.add(height, draw, gap=gap)


def _decision(flow: Flow, c: SheetContent) -> None:
    gauge_w, height = 250.0, 205.0
    panel_x = MARGIN_X + gauge_w + 18
    panel_w = CONTENT_W - gauge_w - 18
    refused = c.final_decision == "refuse"
    colour = VERMILLION if refused else GREEN

    def draw(p: QPainter, top: float) -> None:
        p.setFont(font(10))
        paint_gauge(
            p, QRectF(MARGIN_X, top, gauge_w, height), c.probability, c.threshold, lang=c.lang
        )
        # decision badge: tinted box, coloured rule, decision in words
        badge = QRectF(panel_x, top + 8, panel_w, 46)
        tint = QColor(colour)
        tint.setAlpha(28)
        p.fillRect(badge, tint)
        p.fillRect(QRectF(badge.left(), badge.top(), 4, badge.height()), colour)
        p.setPen(MUTED)
        p.setFont(font(8))
        p.drawText(
            badge.adjusted(14, 5, -6, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            c.t("decision.label").upper(),
        )
        p.setPen(colour.darker(135) if not refused else colour.darker(115))
        p.setFont(font(19, bold=True))
        p.drawText(
            badge.adjusted(14, 14, -6, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            c.decision_word(),
        )
        y = badge.bottom() + 12
        for label, value in c.decision_rows():
            p.setPen(MUTED)
            p.setFont(font(8.5))
            p.drawText(QRectF(panel_x, y, panel_w, 12), Qt.AlignmentFlag.AlignLeft, label)
            p.setPen(INK)
            p.setFont(font(10.5, bold=True))
            h = text_height(value, font(10.5, bold=True), panel_w)
            p.drawText(QRectF(panel_x, y + 12, panel_w, h), WRAP, value)
            y += 14 + h + 6

    flow.add(height, draw, gap=10)


def _fields(flow: Flow, c: SheetContent) -> None:
    pairs = c.fields
    col_w = (CONTENT_W - 16) / 2
    row_h = 19.0
    rows = (len(pairs) + 1) // 2

    def draw(p: QPainter, top: float) -> None:
        for i, (label, value) in enumerate(pairs):
            col, row = (0, i) if i < rows else (1, i - rows)
            x = MARGIN_X + col * (col_w + 16)
            y = top + row * row_h
            if row % 2 == 0:
                p.fillRect(QRectF(x, y, col_w, row_h), ZEBRA)
            # the label takes what it needs (at most 60%), the value the rest
            label_f, value_f = font(8.5), font(9.5, bold=True)
            inner = col_w - 12
            label_w = min(QFontMetricsF(label_f).horizontalAdvance(label) + 10, inner * 0.6)
            p.setPen(MUTED)
            p.setFont(label_f)
            p.drawText(
                QRectF(x + 6, y, label_w, row_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                p.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, int(label_w)),
            )
            p.setPen(INK)
            for size in (9, 8, 7):  # a long value (education level) shrinks before it is elided
                if QFontMetricsF(value_f).horizontalAdvance(value) <= inner - label_w:
                    break
                value_f = font(size, bold=True)
            p.setFont(value_f)
            p.drawText(
                QRectF(x + 6 + label_w, y, inner - label_w, row_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                p.fontMetrics().elidedText(
                    value, Qt.TextElideMode.ElideRight, int(inner - label_w)
                ),
            )

    flow.add(rows * row_h, draw, gap=12)


def _reasons(flow: Flow, c: SheetContent) -> None:
    if not c.reasons:
        _paragraph(flow, c.t("reasons.none"), colour=MUTED)
        return
    f = font(10)
    tag_f = font(8, bold=True)
    for n, reason in enumerate(c.reasons, start=1):
        tag = c.t("reason.raises" if reason.raises_risk else "reason.lowers")
        height = text_height(reason.text, f, CONTENT_W - 26) + 14

        def draw(p: QPainter, top: float, n=n, reason=reason, tag=tag, height=height) -> None:
            colour = VERMILLION if reason.raises_risk else GREEN
            p.setBrush(colour)
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(QRectF(MARGIN_X, top, 16, 16))
            p.setPen(QColor("white"))
            p.setFont(font(9, bold=True))
            p.drawText(QRectF(MARGIN_X, top, 16, 16), Qt.AlignmentFlag.AlignCenter, str(n))
            p.setPen(INK)
            p.setFont(f)
            p.drawText(QRectF(MARGIN_X + 26, top + 1, CONTENT_W - 26, height), WRAP, reason.text)
            p.setPen(colour.darker(125))
            p.setFont(tag_f)
            p.drawText(
                QRectF(MARGIN_X + 26, top + height - 12, CONTENT_W - 26, 11),
                Qt.AlignmentFlag.AlignLeft,
                ("▲ " if reason.raises_risk else "▼ ") + tag,
            )

        flow.add(height, draw, gap=7)


def _chart(flow: Flow, c: SheetContent) -> None:
    height = 26.0 + 30.0 * len(c.contributions)

    def draw(p: QPainter, top: float) -> None:
        p.setFont(font(10))
        paint_contributions(
            p, QRectF(MARGIN_X, top, CONTENT_W, height), c.contributions, lang=c.lang
        )

    flow.add(height, draw, gap=8)


def _path(flow: Flow, c: SheetContent) -> None:
    _paragraph(flow, c.path_message or c.t("path.feasible" if c.path_feasible else "path.none"))
    if not c.path_changes:
        return
    widths = (CONTENT_W * 0.46, CONTENT_W * 0.27, CONTENT_W * 0.27)
    heads = (c.t("path.table.field"), c.t("path.table.current"), c.t("path.table.needed"))
    row_h = 18.0
    rows = [heads, *c.path_changes]

    def draw(p: QPainter, top: float) -> None:
        for r, cells in enumerate(rows):
            y = top + r * row_h
            if r == 0:
                p.fillRect(QRectF(MARGIN_X, y, CONTENT_W, row_h), HEAD_FILL)
            elif r % 2 == 0:
                p.fillRect(QRectF(MARGIN_X, y, CONTENT_W, row_h), ZEBRA)
            x = MARGIN_X
            for i, cell in enumerate(cells):
                p.setFont(font(9, bold=(r == 0 or i == 2)))
                p.setPen(INK)
                align = Qt.AlignmentFlag.AlignVCenter | (
                    Qt.AlignmentFlag.AlignLeft if i == 0 else Qt.AlignmentFlag.AlignRight
                )
                p.drawText(
                    QRectF(x + 6, y, widths[i] - 12, row_h),
                    align,
                    p.fontMetrics().elidedText(
                        cell, Qt.TextElideMode.ElideRight, int(widths[i] - 12)
                    ),
                )
                x += widths[i]

    flow.add(row_h * len(rows), draw, gap=6)
    if c.path_probability is not None:
        _paragraph(flow, c.t("path.result", pd=percent(c.path_probability, c.lang)), size=9.5)


def _override(flow: Flow, c: SheetContent) -> None:
    assert c.override is not None
    _paragraph(flow, c.override_sentence, size=10, gap=4)
    body = (
        f"{c.t('override.justification')} : "
        if c.lang == "fr"
        else f"{c.t('override.justification')}: "
    )
    _paragraph(flow, body + c.override.justification, size=10, indent=10)


def _footer(p: QPainter, c: SheetContent, page: int, pages: int) -> None:
    top = PAGE_H - FOOTER_H + 14
    p.setPen(QPen(RULE, 0.7))
    p.drawLine(QPointF(MARGIN_X, top), QPointF(MARGIN_X + CONTENT_W, top))
    lines = c.footer_lines()
    p.setPen(MUTED)
    y = top + 6
    for i, line in enumerate(lines):
        x = MARGIN_X
        if i == 1:  # the full hash in a fixed-width font after its label
            label = line[: len(line) - len(c.model_hash)]
            p.setFont(font(7))
            p.drawText(QRectF(x, y, CONTENT_W, 10), Qt.AlignmentFlag.AlignLeft, label)
            x += QFontMetricsF(font(7)).horizontalAdvance(label)
            line = c.model_hash
        p.setFont(font(7, mono=(i == 1)))
        p.drawText(QRectF(x, y, CONTENT_W, 10), Qt.AlignmentFlag.AlignLeft, line)
        y += 11
    p.setFont(font(7.5, bold=True))
    p.drawText(
        QRectF(MARGIN_X, top + 6, CONTENT_W, 10),
        Qt.AlignmentFlag.AlignRight,
        c.t("sheet.page", page=page, pages=pages),
    )


# ------------------------------------------------------------------ document


def layout(c: SheetContent) -> Flow:
    """Place the sheet's blocks on pages: decision first, explanation on the next page."""
    flow = Flow()
    _header(flow, c)
    _section(flow, c.t("section.decision"), 205)
    _decision(flow, c)
    _section(flow, c.t("section.application"), 60)
    _fields(flow, c)
    _section(flow, c.t("section.reasons"), 40)
    _reasons(flow, c)
    flow.new_page()  # the explanation starts its own page: page 1 stands alone as the decision
    _section(flow, c.t("section.contributions"), 26.0 + 30.0 * len(c.contributions))
    _chart(flow, c)
    _paragraph(flow, c.t("contrib.caption"), size=8.5, colour=MUTED, gap=14)
    if c.model_decision == "refuse":
        _section(flow, c.t("section.path"), 40)
        _path(flow, c)
    if c.override is not None:
        _section(flow, c.t("section.override"), 40)
        _override(flow, c)
    _section(flow, c.t("section.about"), 40)
    _paragraph(flow, c.about, size=8.5, colour=MUTED)
    return flow


def write_pdf(c: SheetContent, path: Path) -> int:
    """Write the sheet to ``path``; return the number of pages."""
    flow = layout(c)
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    writer.setResolution(1200)
    writer.setTitle(f"{c.title} — {c.t('sheet.client', client=c.client_id)}")
    writer.setCreator("CreditDesk")
    writer.setAuthor(c.officer)
    painter = QPainter()
    if not painter.begin(writer):
        from creditdesk.errors import InputError

        raise InputError(f"cannot write the PDF file {path}")
    try:
        scale = writer.resolution() / 72.0
        pages = len(flow.pages)
        for number, draws in enumerate(flow.pages, start=1):
            if number > 1:
                writer.newPage()
            painter.resetTransform()
            painter.scale(scale, scale)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            for draw in draws:
                draw(painter)
            _footer(painter, c, number, pages)
    finally:
        painter.end()
    return len(flow.pages)
