"""The sheet's words (both languages complete) and the shared painters."""

from __future__ import annotations

import re
import string

import pytest
from PySide6.QtGui import QColor, QPainter

from creditdesk.reports import texts
from creditdesk.reports.painters import (
    GREEN,
    VERMILLION,
    ContributionItem,
    gauge_position,
    paint_contributions,
    paint_gauge,
    render_to_image,
)


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_every_sentence_with_the_same_placeholders():
    keys = texts.keys()
    assert keys["en"] == keys["fr"]
    for key in keys["en"]:
        en, fr = texts.text(key, "en"), texts.text(key, "fr")
        assert _placeholders(en) == _placeholders(fr), key
        assert fr.strip(), key


def test_numbers_follow_each_language():
    assert texts.percent(0.1234, "en") == "12.3%"
    assert texts.percent(0.1234, "fr") == "12,3\u202f%"
    assert texts.number(1234567.5, "fr", 1) == "1\u202f234\u202f567,5"
    assert texts.margin_sentence(0.05, 0.09, "en") == "4.0 points below the threshold"
    assert texts.margin_sentence(0.20, 0.09, "fr") == "11,0 points au-dessus du seuil"
    with pytest.raises(ValueError):
        texts.text("sheet.title", "de")


def test_gauge_puts_the_threshold_at_the_top_and_is_monotonic():
    t = 0.091
    assert gauge_position(t, t) == pytest.approx(0.5)
    assert gauge_position(0.0, t) == 0.0 and gauge_position(1.0, t) == pytest.approx(1.0)
    grid = [i / 200 for i in range(201)]
    positions = [gauge_position(p, t) for p in grid]
    assert positions == sorted(positions)


def _count(image, colour: QColor, tolerance: int = 12) -> int:
    """Pixels close to ``colour`` on a coarse grid."""
    hits = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            c = image.pixelColor(x, y)
            if (
                abs(c.red() - colour.red()) < tolerance
                and abs(c.green() - colour.green()) < tolerance
                and abs(c.blue() - colour.blue()) < tolerance
            ):
                hits += 1
    return hits


@pytest.mark.parametrize("probability", [0.03, 0.4])
def test_gauge_draws_both_zones_and_its_words(probability):
    image = render_to_image(
        lambda p, r: paint_gauge(p, r, probability, 0.1, lang="fr"), (300, 250), 1.0
    )
    assert _count(image, GREEN) > 200  # accept zone
    assert _count(image, VERMILLION) > 100  # refuse zone (hatched, so fewer pure pixels)
    dark = _count(image, QColor("#1F2328"), 40)
    assert dark > 50  # needle, probability text


def test_contributions_bars_point_the_right_way():
    items = [ContributionItem("Raises", "1", 0.8, 0.3), ContributionItem("Lowers", "2", -0.8, 0.1)]
    image = render_to_image(
        lambda p, r: paint_contributions(p, r, items, lang="en"), (600, 160), 1.0
    )
    w = image.width()
    # the bar column spans 42%..80% of the width, its zero axis in the middle (61%)
    left = image.copy(int(0.43 * w), 0, int(0.16 * w), image.height())
    right = image.copy(int(0.63 * w), 0, int(0.16 * w), image.height())
    assert _count(right, VERMILLION) > 50 and _count(right, GREEN) == 0
    assert _count(left, GREEN) > 50 and _count(left, VERMILLION) == 0
    # an empty list draws a message instead of failing
    render_to_image(lambda p, r: paint_contributions(p, r, [], lang="en"), (300, 100), 1.0)


def _header_hues(image, height: int) -> tuple[list[int], list[int]]:
    """x of the greenish and of the reddish pixels in the top ``height`` rows."""
    greens, reds = [], []
    for y in range(height):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if c.green() > c.red() + 30 and c.green() > c.blue():
                greens.append(x)
            elif c.red() > c.green() + 60 and c.red() > c.blue() + 60:
                reds.append(x)
    return greens, reds


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("width", [300, 380, 450, 640])
def test_contribution_column_heads_never_overlap(lang, width):
    """ "◀ lowers the risk" (green) ends left of "raises the risk ▶" (vermillion) at any width."""
    items = [ContributionItem("Income", "1", 0.5, 0.3), ContributionItem("Age", "2", -0.4, 0.2)]
    height = 300
    header = int(min(max(height * 0.07, 12.0), 28.0))
    image = render_to_image(
        lambda p, r: paint_contributions(p, r, items, lang=lang), (width, height), 1.0
    )
    greens, reds = _header_hues(image, header)
    assert greens and reds, "both column heads are drawn"
    assert max(greens) < min(reds), (max(greens), min(reds))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_column_heads_fit_their_half_and_stay_readable(lang):
    """Both directions share one size; each line fits its half of the bars, in two lines
    rather than below a readable size."""
    from PySide6.QtGui import QFontMetricsF

    from creditdesk.reports.painters import READABLE_HEAD_PX, _column_heads

    labels = (texts.text("contrib.lowers", lang), texts.text("contrib.raises", lang))
    image = render_to_image(lambda p, r: None, (10, 10), 1.0)
    painter = QPainter(image)
    try:
        for width in range(50, 260, 10):
            px, shown = _column_heads(painter, labels, width, 14.0)
            font = painter.font()
            font.setPixelSize(px)
            font.setBold(True)
            metrics = QFontMetricsF(font)
            for label in shown:
                assert all(
                    metrics.horizontalAdvance(line) <= width for line in label.split("\n")
                ), (
                    width,
                    px,
                    label,
                )
            if width >= 60:
                assert px >= READABLE_HEAD_PX, (width, px, shown)
    finally:
        painter.end()


def test_painters_restore_the_painters_state():
    image = render_to_image(lambda p, r: None, (10, 10), 1.0)
    painter = QPainter(image)
    before = (painter.font().toString(), painter.pen().color().name(), painter.transform())
    paint_gauge(painter, image.rect().toRectF(), 0.2, 0.1)
    after = (painter.font().toString(), painter.pen().color().name(), painter.transform())
    painter.end()
    assert before == after


def test_no_painter_string_is_hard_coded_english():
    """Every word a painter prints comes from texts.py (the French sheet must be fully French)."""
    from pathlib import Path

    source = Path(__import__("creditdesk.reports.painters", fromlist=["x"]).__file__).read_text()
    drawn = re.findall(r'drawText\([^)]*?,\s*"([A-Za-z][^"]*)"\)', source)
    assert drawn == []
