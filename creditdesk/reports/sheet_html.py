"""The explanation sheet as one self-contained HTML file.

No script, no link, no web font, no external image: the charts are PNG data
URIs drawn by the same painters as the screen and the PDF, the styles are
inline. The file opens the same on a machine with no network.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QFont, QImage

from creditdesk.reports.painters import paint_contributions, paint_gauge, render_to_image
from creditdesk.reports.sheet_content import SheetContent
from creditdesk.reports.texts import percent

FONT_STACK = '"Helvetica Neue", Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif'
_FONT_FAMILIES = ["Helvetica Neue", "Helvetica", "Arial", "Liberation Sans", "DejaVu Sans"]

_CSS = """
@page { size: A4; margin: 16mm 18mm; }
* { box-sizing: border-box; }
body { margin: 0; background: #E9ECF0; color: #1F2328; font-family: $FONT;
       font-size: 10.5pt; line-height: 1.45; }
.page { width: 210mm; min-height: 297mm; margin: 12mm auto; padding: 16mm 19mm 14mm;
        background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.18); display: flex; flex-direction: column; }
.page > main { flex: 1; }
.brand { display: flex; justify-content: space-between; font-size: 8pt; color: #5A6069; }
.brand b { color: #0072B2; letter-spacing: .08em; }
h1 { font-size: 19pt; margin: 6pt 0 2pt; }
.client { font-size: 12pt; color: #5A6069; margin: 0 0 10pt; padding-bottom: 8pt;
          border-bottom: 1.6pt solid #0072B2; }
h2 { font-size: 12.5pt; color: #00557F; margin: 14pt 0 8pt; padding-bottom: 3pt;
     border-bottom: .7pt solid #C9CED6; }
.decision { display: flex; gap: 18pt; align-items: flex-start; }
.decision img { width: 334px; height: auto; flex: none; }
.panel { flex: 1; }
.badge { padding: 5pt 10pt 7pt 14pt; border-left: 4pt solid var(--c); background: var(--t); margin: 6pt 0 12pt; }
.badge small { display: block; font-size: 8pt; color: #5A6069; letter-spacing: .05em; }
.badge strong { font-size: 19pt; color: var(--d); }
dl.facts { margin: 0; }
dl.facts dt { font-size: 8.5pt; color: #5A6069; }
dl.facts dd { margin: 0 0 7pt; font-weight: bold; }
table { border-collapse: collapse; width: 100%; }
table.fields td { padding: 3pt 6pt; font-size: 9.5pt; white-space: nowrap; }
table.fields td.l { color: #5A6069; font-size: 8.5pt; }
table.fields td.v { font-weight: bold; text-align: right; }
table.fields td.gap { width: 16pt; padding: 0; }
table.fields tr:nth-child(odd) td:not(.gap) { background: #F3F5F8; }
ol.reasons { list-style: none; padding: 0; margin: 0; counter-reset: r; }
ol.reasons li { counter-increment: r; position: relative; padding-left: 26pt; margin-bottom: 7pt; }
ol.reasons li::before { content: counter(r); position: absolute; left: 0; top: 1pt; width: 16pt; height: 16pt;
    border-radius: 50%; background: var(--c); color: #fff; font-weight: bold; font-size: 9pt;
    text-align: center; line-height: 16pt; }
ol.reasons .tag { display: block; font-size: 8pt; font-weight: bold; color: var(--d); }
figure { margin: 0; }
figure img { width: 100%; height: auto; }
figcaption, .about { font-size: 8.5pt; color: #5A6069; margin-top: 6pt; }
table.path th { background: #D9ECF7; text-align: right; padding: 3pt 6pt; font-size: 9pt; }
table.path td { padding: 3pt 6pt; text-align: right; font-size: 9pt; }
table.path th:first-child, table.path td:first-child { text-align: left; }
table.path td:last-child { font-weight: bold; }
table.path tr:nth-child(odd) td { background: #F3F5F8; }
footer { margin-top: 14pt; padding-top: 5pt; border-top: .7pt solid #C9CED6; font-size: 7pt; color: #5A6069;
         display: flex; justify-content: space-between; gap: 12pt; }
footer p { margin: 0 0 2pt; }
footer code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 7pt; }
footer .n { font-weight: bold; white-space: nowrap; }
@media print { body { background: #fff; } .page { margin: 0; box-shadow: none; width: auto;
               min-height: auto; padding: 0; page-break-after: always; } }
""".replace("$FONT", FONT_STACK)

_ACCEPT = {"--c": "#009E73", "--t": "rgba(0,158,115,.11)", "--d": "#00694C"}
_REFUSE = {"--c": "#D55E00", "--t": "rgba(213,94,0,.11)", "--d": "#B94F00"}


def _vars(refuse: bool) -> str:
    return "; ".join(f"{k}: {v}" for k, v in (_REFUSE if refuse else _ACCEPT).items())


def png_data_uri(image: QImage) -> str:
    """A QImage as a ``data:image/png;base64,...`` URI."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return "data:image/png;base64," + base64.b64encode(bytes(data)).decode("ascii")


def _chart_font() -> QFont:
    f = QFont()
    f.setFamilies(_FONT_FAMILIES)
    f.setPixelSize(12)
    return f


def _footer(c: SheetContent, page: int, pages: int) -> str:
    lines = c.footer_lines()
    hash_line = escape(lines[1]).replace(
        escape(c.model_hash), f"<code>{escape(c.model_hash)}</code>"
    )
    return (
        f"<footer><div><p>{escape(lines[0])}</p><p>{hash_line}</p><p>{escape(lines[2])}</p></div>"
        f'<div class="n">{escape(c.t("sheet.page", page=page, pages=pages))}</div></footer>'
    )


def render_html(c: SheetContent) -> str:
    """The sheet as an HTML string (two A4-sized pages on screen, page breaks in print)."""
    e = escape
    gauge = render_to_image(
        lambda p, r: paint_gauge(p, r, c.probability, c.threshold, lang=c.lang),
        (334, 282),
        3.0,
        font=_chart_font(),
    )
    rows = len(c.contributions)
    chart = render_to_image(
        lambda p, r: paint_contributions(p, r, c.contributions, lang=c.lang),
        (640, 30 + 40 * rows),
        2.5,
        font=_chart_font(),  # logical size = displayed size: 12 px text
    )
    refused = c.final_decision == "refuse"
    facts = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in c.decision_rows())
    half = (len(c.fields) + 1) // 2
    left, right = c.fields[:half], c.fields[half:]
    field_rows = []
    for i, (label, value) in enumerate(left):
        other = right[i] if i < len(right) else ("", "")
        field_rows.append(
            f'<tr><td class="l">{e(label)}</td><td class="v">{e(value)}</td><td class="gap"></td>'
            f'<td class="l">{e(other[0])}</td><td class="v">{e(other[1])}</td></tr>'
        )
    if c.reasons:
        items = "".join(
            f'<li style="{_vars(r.raises_risk)}">{e(r.text)}<span class="tag">'
            f"{'▲' if r.raises_risk else '▼'} {e(c.t('reason.raises' if r.raises_risk else 'reason.lowers'))}"
            "</span></li>"
            for r in c.reasons
        )
        reasons = f'<ol class="reasons">{items}</ol>'
    else:
        reasons = f"<p>{e(c.t('reasons.none'))}</p>"
    alt_gauge = (
        f"{c.t('decision.pd')} {percent(c.probability, c.lang)}, {c.t('decision.threshold')} "
        f"{percent(c.threshold, c.lang)}: {c.decision_word(c.model_decision)}"
    )
    alt_chart = "; ".join(
        f"{i.label} ({i.value_text}) {i.contribution:+.2f}" for i in c.contributions
    )

    page1 = f"""
<section class="page"><main>
<div class="brand"><b>CREDITDESK</b><span>{e(c.issued)}</span></div>
<h1>{e(c.title)}</h1>
<p class="client">{e(c.t("sheet.client", client=c.client_id))}</p>
<h2>{e(c.t("section.decision"))}</h2>
<div class="decision">
<img src="{png_data_uri(gauge)}" alt="{e(alt_gauge)}">
<div class="panel"><div class="badge" style="{_vars(refused)}"><small>{e(c.t("decision.label").upper())}</small>
<strong>{e(c.decision_word())}</strong></div><dl class="facts">{facts}</dl></div>
</div>
<h2>{e(c.t("section.application"))}</h2>
<table class="fields">{"".join(field_rows)}</table>
<h2>{e(c.t("section.reasons"))}</h2>
{reasons}
</main>{_footer(c, 1, 2)}</section>"""

    parts = [
        f"<h2>{e(c.t('section.contributions'))}</h2>",
        f'<figure><img src="{png_data_uri(chart)}" alt="{e(alt_chart)}">'
        f"<figcaption>{e(c.t('contrib.caption'))}</figcaption></figure>",
    ]
    if c.model_decision == "refuse":
        parts.append(f"<h2>{e(c.t('section.path'))}</h2>")
        message = c.path_message or c.t("path.feasible" if c.path_feasible else "path.none")
        parts.append(f"<p>{e(message)}</p>")
        if c.path_changes:
            head = "".join(
                f"<th>{e(c.t(k))}</th>"
                for k in ("path.table.field", "path.table.current", "path.table.needed")
            )
            body = "".join(
                f"<tr><td>{e(a)}</td><td>{e(b)}</td><td>{e(d)}</td></tr>"
                for a, b, d in c.path_changes
            )
            parts.append(f'<table class="path"><tr>{head}</tr>{body}</table>')
        if c.path_probability is not None:
            parts.append(f"<p>{e(c.t('path.result', pd=percent(c.path_probability, c.lang)))}</p>")
    if c.override is not None:
        sep = " : " if c.lang == "fr" else ": "
        parts.append(f"<h2>{e(c.t('section.override'))}</h2>")
        parts.append(f"<p>{e(c.override_sentence)}</p>")
        parts.append(
            f"<p><b>{e(c.t('override.justification'))}</b>{sep}{e(c.override.justification)}</p>"
        )
    parts.append(f'<h2>{e(c.t("section.about"))}</h2><p class="about">{e(c.about)}</p>')
    page2 = f'<section class="page"><main>{"".join(parts)}</main>{_footer(c, 2, 2)}</section>'

    title = f"{c.title} — {c.t('sheet.client', client=c.client_id)}"
    return (
        f'<!DOCTYPE html>\n<html lang="{c.lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="CreditDesk"><meta name="model-hash" content="{e(c.model_hash)}">'
        f"<title>{e(title)}</title><style>{_CSS}</style></head>"
        f"<body>{page1}{page2}</body></html>\n"
    )


def write_html(c: SheetContent, path: Path) -> None:
    Path(path).write_text(render_html(c), encoding="utf-8")
