"""Model card, About and the short guide: read-only dialogs of text."""

from __future__ import annotations

import html
import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from creditdesk import __version__
from creditdesk.reports.texts import number, percent


class TextDialog(QDialog):
    def __init__(self, title: str, body_html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setHtml(body_html)
        self.browser.setAccessibleName(title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(720, 620)


def _rows(pairs) -> str:
    return "".join(
        f"<tr><th align='left'>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
        for k, v in pairs
    )


def model_card_html(bundle, lang: str) -> str:
    """The bundle's card in words: what it is, how good, which threshold and why."""
    m = bundle.metrics or {}
    test = m.get("test") or {}
    valid = m.get("valid") or {}
    ident = [
        (QCoreApplication.translate("Info", "Name"), bundle.name),
        (QCoreApplication.translate("Info", "Version"), bundle.version),
        (QCoreApplication.translate("Info", "Created"), bundle.created_at),
        (QCoreApplication.translate("Info", "Model hash (SHA-256)"), bundle.model_hash),
        (QCoreApplication.translate("Info", "Pipeline"), bundle.pipeline),
        (QCoreApplication.translate("Info", "Features"), len(bundle.feature_names)),
    ]
    decision = [
        (QCoreApplication.translate("Info", "Decision threshold"), percent(bundle.threshold, lang)),
        (
            QCoreApplication.translate("Info", "Cost of a missed default"),
            number(bundle.cost_fn, lang, 1),
        ),
        (
            QCoreApplication.translate("Info", "Cost of a refused good client"),
            number(bundle.cost_fp, lang, 1),
        ),
    ]
    quality = []
    for label, source in (
        (QCoreApplication.translate("Info", "test set"), test),
        (QCoreApplication.translate("Info", "validation set"), valid),
    ):
        if "auc" in source:
            quality.append(
                (
                    QCoreApplication.translate("Info", "AUC on the %1").replace("%1", label),
                    number(source["auc"], lang, 3),
                )
            )
        if "cost_per_client" in source:
            quality.append(
                (
                    QCoreApplication.translate("Info", "Cost per client on the %1").replace(
                        "%1", label
                    ),
                    number(source["cost_per_client"], lang, 3),
                )
            )
    importance = sorted(bundle.global_importance.items(), key=lambda kv: -kv[1])[:10]
    top = [(bundle.spec(name).label(lang), number(value, lang, 3)) for name, value in importance]
    versions = sorted((bundle.library_versions or {}).items())
    heads = {
        "card": QCoreApplication.translate("Info", "Model card"),
        "intro": QCoreApplication.translate(
            "Info",
            "The model estimates a calibrated probability of default (PD). A client is refused when "
            "the PD reaches the threshold, chosen on the validation set to minimise the business cost.",
        ),
        "identity": QCoreApplication.translate("Info", "Identity"),
        "rule": QCoreApplication.translate("Info", "Decision rule"),
        "quality": QCoreApplication.translate("Info", "Quality"),
        "top": QCoreApplication.translate("Info", "Most important features (mean |SHAP|)"),
        "versions": QCoreApplication.translate("Info", "Library versions"),
    }
    h = {k: html.escape(v) for k, v in heads.items()}
    parts = [
        f"<h2>{h['card']}</h2><p>{h['intro']}</p>",
        f"<h3>{h['identity']}</h3><table cellpadding='3'>{_rows(ident)}</table>",
        f"<h3>{h['rule']}</h3><table cellpadding='3'>{_rows(decision)}</table>",
    ]
    if quality:
        parts.append(f"<h3>{h['quality']}</h3><table cellpadding='3'>{_rows(quality)}</table>")
    parts.append(f"<h3>{h['top']}</h3><table cellpadding='3'>{_rows(top)}</table>")
    if versions:
        parts.append(f"<h3>{h['versions']}</h3><table cellpadding='3'>{_rows(versions)}</table>")
    return "".join(parts)


def about_html(bundle) -> str:
    model = (
        f"{bundle.name} {bundle.version}"
        if bundle is not None
        else QCoreApplication.translate("Info", "no model loaded")
    )
    intro = QCoreApplication.translate(
        "Info",
        "Offline credit-decision tool for loan officers: a calibrated probability of default, its "
        "explanation, comparisons with the portfolio and what-if simulations. It never uses the network.",
    )
    model_word = QCoreApplication.translate("Info", "Model")
    return (
        f"<h2>CreditDesk {html.escape(__version__)}</h2><p>{html.escape(intro)}</p>"
        f"<p>{html.escape(model_word)}: {html.escape(model)}<br>"
        f"Python {html.escape(platform.python_version())} · Qt/PySide6 {html.escape(pyside_version)}</p>"
    )


def guide_html() -> str:
    items = [
        QCoreApplication.translate(
            "Info",
            "Pick a client in the list on the left (search by id, filter by decision or by a field; click the PD header to sort by score).",
        ),
        QCoreApplication.translate(
            "Info",
            "Score: the gauge shows the probability of default, the threshold and the decision. Record your decision below; if it differs from the model's, write a justification.",
        ),
        QCoreApplication.translate(
            "Info",
            "Explanation: the bars show which features raised or lowered this client's risk, beside each feature's global importance. A refused client gets its main reasons in words.",
        ),
        QCoreApplication.translate(
            "Info",
            "Comparison: see where the client stands in the portfolio or in a cohort, and which clients are most similar.",
        ),
        QCoreApplication.translate(
            "Info",
            "What-if: move the sliders to see the score follow; the store is never changed. 'Apply path to approval' moves them to the smallest changes that would lead to acceptance.",
        ),
        QCoreApplication.translate(
            "Info",
            "Portfolio: the scores of all clients, the approval rate, the expected cost, and the cost at each threshold.",
        ),
        QCoreApplication.translate(
            "Info",
            "File ▸ Export explanation sheet writes a PDF and HTML sheet for the client; Monitoring ▸ Generate drift report compares the store with the model's training data.",
        ),
    ]
    keys = [
        ("Ctrl+F", QCoreApplication.translate("Info", "search a client")),
        ("Ctrl+1 … Ctrl+5", QCoreApplication.translate("Info", "switch panel")),
        ("Ctrl+E", QCoreApplication.translate("Info", "export the explanation sheet")),
        ("Ctrl+O", QCoreApplication.translate("Info", "open a store")),
        ("F1", QCoreApplication.translate("Info", "this guide")),
    ]
    title = html.escape(QCoreApplication.translate("Info", "Short guide"))
    keyboard = html.escape(QCoreApplication.translate("Info", "Keyboard"))
    return (
        f"<h2>{title}</h2><ol>"
        + "".join(f"<li>{html.escape(i)}</li>" for i in items)
        + f"</ol><h3>{keyboard}</h3><table cellpadding='3'>{_rows(keys)}</table>"
    )
