"""Light and dark themes: a Qt palette, a style sheet and the chart colours.

Chart colours come from the Okabe–Ito palette (safe for the common forms of
colour blindness); every chart also separates its series by marker, pattern
or position, never by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

# Okabe & Ito (2008), "Color Universal Design"
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}


@dataclass(frozen=True)
class ChartPalette:
    """Colours every chart and the gauge draw with (hex strings)."""

    name: str
    background: str
    foreground: str
    muted: str
    grid: str
    accept: str  # model decision "accept" / low-risk zone
    refuse: str  # model decision "refuse" / high-risk zone
    raises_risk: str  # SHAP contribution pushing the PD up
    lowers_risk: str  # SHAP contribution pushing the PD down
    repaid: str  # outcome TARGET 0
    defaulted: str  # outcome TARGET 1
    client: str  # the client's own marker
    threshold: str
    other: str  # the "other features" bar, global importance

    def qcolor(self, name: str, alpha: int | None = None) -> QColor:
        color = QColor(getattr(self, name))
        if alpha is not None:
            color.setAlpha(alpha)
        return color


LIGHT = ChartPalette(
    name="light",
    background="#FFFFFF",
    foreground="#1A1A1A",
    muted="#5C5C5C",
    grid="#D9D9D9",
    accept=OKABE_ITO["bluish_green"],
    refuse=OKABE_ITO["vermillion"],
    raises_risk=OKABE_ITO["vermillion"],
    lowers_risk=OKABE_ITO["blue"],
    repaid=OKABE_ITO["blue"],
    defaulted=OKABE_ITO["orange"],
    client=OKABE_ITO["reddish_purple"],
    threshold="#000000",
    other="#8C8C8C",
)

DARK = ChartPalette(
    name="dark",
    background="#1E1F22",
    foreground="#EDEDED",
    muted="#B4B4B4",
    grid="#3C3F44",
    accept=OKABE_ITO["bluish_green"],
    refuse=OKABE_ITO["vermillion"],
    raises_risk=OKABE_ITO["vermillion"],
    lowers_risk=OKABE_ITO["sky_blue"],
    repaid=OKABE_ITO["sky_blue"],
    defaulted=OKABE_ITO["orange"],
    client=OKABE_ITO["reddish_purple"],
    threshold="#FFFFFF",
    other="#9A9A9A",
)

PALETTES = {"light": LIGHT, "dark": DARK}


def chart_palette(theme: str) -> ChartPalette:
    return PALETTES.get(theme, LIGHT)


def _qt_palette(p: ChartPalette) -> QPalette:
    pal = QPalette()
    dark = p.name == "dark"
    window = QColor("#2B2D30" if dark else "#F3F3F3")
    base = QColor(p.background)
    text = QColor(p.foreground)
    pal.setColor(QPalette.ColorRole.Window, window)
    pal.setColor(QPalette.ColorRole.WindowText, text)
    pal.setColor(QPalette.ColorRole.Base, base)
    pal.setColor(QPalette.ColorRole.AlternateBase, QColor("#26282B" if dark else "#F7F7F7"))
    pal.setColor(QPalette.ColorRole.Text, text)
    pal.setColor(QPalette.ColorRole.Button, QColor("#3A3D41" if dark else "#E8E8E8"))
    pal.setColor(QPalette.ColorRole.ButtonText, text)
    pal.setColor(QPalette.ColorRole.ToolTipBase, base)
    pal.setColor(QPalette.ColorRole.ToolTipText, text)
    pal.setColor(QPalette.ColorRole.PlaceholderText, QColor(p.muted))
    pal.setColor(QPalette.ColorRole.Highlight, QColor(OKABE_ITO["blue"]))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor("#FFFFFF"))
    pal.setColor(
        QPalette.ColorRole.Link, QColor(OKABE_ITO["sky_blue"] if dark else OKABE_ITO["blue"])
    )
    disabled = QColor("#7A7A7A" if dark else "#9A9A9A")
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        pal.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return pal


def apply_theme(app: QApplication, theme: str) -> ChartPalette:
    """Style the whole application; returns the chart palette to draw with."""
    from creditdesk.paths import resources_dir

    palette = chart_palette(theme)
    app.setStyle("Fusion")
    app.setPalette(_qt_palette(palette))
    qss = resources_dir() / "styles" / f"{palette.name}.qss"
    try:
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    except OSError:
        app.setStyleSheet("")
    return palette
