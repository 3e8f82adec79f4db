"""Every word the sheet and the report charts print, in English and French.

A sheet's language is chosen per export (an English-speaking officer may hand
a French sheet to a client), independently of the interface language that
Qt's installed translator follows. So the sheet does not go through
``QCoreApplication.translate``: its strings live here, both languages
complete, checked by the tests (same keys, same placeholders). Qt Linguist
context for the on-screen interface stays with the UI's ``.ts`` files.
"""

from __future__ import annotations

import math
from datetime import datetime

LANGS = ("en", "fr")

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        # gauge
        "probability_of_default": "Probability of default",
        "decision.accept": "Accepted",
        "decision.refuse": "Refused",
        "zone.accept": "accept",
        "zone.refuse": "refuse",
        "threshold": "threshold",
        "margin.below": "{points} points below the threshold",
        "margin.above": "{points} points above the threshold",
        "margin.at": "exactly at the threshold",
        # contributions chart
        "contrib.lowers": "◀ lowers the risk",
        "contrib.raises": "raises the risk ▶",
        "contrib.feature": "Item (client's value)",
        "contrib.importance": "Global importance",
        "contrib.other": "Other items ({count})",
        "contrib.empty": "No explanation available",
        # sheet
        "sheet.title": "Credit decision — explanation sheet",
        "sheet.client": "Client {client}",
        "sheet.issued": "Issued {date}",
        "sheet.page": "Page {page} of {pages}",
        "section.decision": "Decision",
        "section.application": "Application",
        "section.reasons": "Main reasons for this decision",
        "section.contributions": "What moved this client's score",
        "section.path": "Path to approval",
        "section.override": "Officer's decision",
        "section.about": "About this sheet",
        "decision.label": "Decision",
        "decision.threshold": "Decision threshold",
        "decision.pd": "Probability of default",
        "decision.margin": "Margin",
        "decision.model_outcome": "Model outcome",
        "reason.raises": "raises the risk",
        "reason.lowers": "lowers the risk",
        "reasons.none": "No reason codes are available for this client.",
        "contrib.caption": (
            "Each bar shows how much one item moved this client's score away from the portfolio "
            "average (SHAP contribution, log-odds scale): bars to the right raise the estimated "
            "risk, bars to the left lower it. The grey bars show how important the same item is "
            "for the model across all clients."
        ),
        "path.feasible": "With the changes below, the application would fall under the threshold.",
        "path.table.field": "Item",
        "path.table.current": "Current value",
        "path.table.needed": "Needed value",
        "path.result": "Estimated probability of default after these changes: {pd}",
        "path.none": "No realistic change to the application would bring it under the threshold.",
        "override.text": "The officer changed the model's outcome from “{model}” to “{final}”.",
        "override.justification": "Justification",
        "about.text": (
            "The probability of default is a calibrated estimate from the model named below. "
            "The decision threshold ({threshold}) was chosen to balance the cost of a missed "
            "default against the cost of a refused good client (ratio {ratio}). This sheet "
            "explains an automated assessment; the officer's decision is final."
        ),
        "footer.model": "Model {name}, version {version} — hash {short}",
        "footer.hash": "Full model hash (SHA-256): {hash}",
        "footer.generated": "Generated {date} by {officer}",
        "footer.entry": "Decision-log entry {entry}",
        "footer.entry_none": "not recorded",
        "value.missing": "missing",
        # drift report summary
        "drift.title": "Drift report",
    },
    "fr": {
        "probability_of_default": "Probabilité de défaut",
        "decision.accept": "Accepté",
        "decision.refuse": "Refusé",
        "zone.accept": "accord",
        "zone.refuse": "refus",
        "threshold": "seuil",
        "margin.below": "{points} points sous le seuil",
        "margin.above": "{points} points au-dessus du seuil",
        "margin.at": "exactement au seuil",
        "contrib.lowers": "◀ réduit le risque",
        "contrib.raises": "augmente le risque ▶",
        "contrib.feature": "Élément (valeur du client)",
        "contrib.importance": "Importance globale",
        "contrib.other": "Autres éléments ({count})",
        "contrib.empty": "Aucune explication disponible",
        "sheet.title": "Décision de crédit — fiche d'explication",
        "sheet.client": "Client {client}",
        "sheet.issued": "Émise le {date}",
        "sheet.page": "Page {page} sur {pages}",
        "section.decision": "Décision",
        "section.application": "Demande",
        "section.reasons": "Principales raisons de cette décision",
        "section.contributions": "Ce qui a fait varier le score de ce client",
        "section.path": "Conditions d'accord",
        "section.override": "Décision du chargé de clientèle",
        "section.about": "À propos de cette fiche",
        "decision.label": "Décision",
        "decision.threshold": "Seuil de décision",
        "decision.pd": "Probabilité de défaut",
        "decision.margin": "Marge",
        "decision.model_outcome": "Résultat du modèle",
        "reason.raises": "augmente le risque",
        "reason.lowers": "réduit le risque",
        "reasons.none": "Aucun motif n'est disponible pour ce client.",
        "contrib.caption": (
            "Chaque barre montre de combien un élément a écarté le score de ce client de la "
            "moyenne du portefeuille (contribution SHAP, échelle log-odds) : les barres vers la "
            "droite augmentent le risque estimé, celles vers la gauche le réduisent. Les barres "
            "grises montrent l'importance du même élément pour le modèle sur l'ensemble des clients."
        ),
        "path.feasible": "Avec les changements ci-dessous, la demande passerait sous le seuil.",
        "path.table.field": "Élément",
        "path.table.current": "Valeur actuelle",
        "path.table.needed": "Valeur nécessaire",
        "path.result": "Probabilité de défaut estimée après ces changements : {pd}",
        "path.none": "Aucun changement réaliste de la demande ne la ferait passer sous le seuil.",
        "override.text": "Le chargé de clientèle a changé le résultat du modèle de « {model} » en « {final} ».",
        "override.justification": "Justification",
        "about.text": (
            "La probabilité de défaut est une estimation calibrée du modèle nommé ci-dessous. "
            "Le seuil de décision ({threshold}) a été choisi pour équilibrer le coût d'un défaut "
            "non détecté et celui d'un bon client refusé (rapport {ratio}). Cette fiche explique "
            "une évaluation automatique ; la décision du chargé de clientèle fait foi."
        ),
        "footer.model": "Modèle {name}, version {version} — empreinte {short}",
        "footer.hash": "Empreinte complète du modèle (SHA-256) : {hash}",
        "footer.generated": "Générée le {date} par {officer}",
        "footer.entry": "Entrée du journal des décisions {entry}",
        "footer.entry_none": "non enregistrée",
        "value.missing": "manquant",
        "drift.title": "Rapport de dérive",
    },
}

_MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
NBSP = "\u00a0"
NNBSP = "\u202f"  # French typography: narrow no-break space before % and between thousands


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ValueError (callers validate at the edge)."""
    if lang not in _TEXT:
        raise ValueError(f"unsupported language {lang!r}; choose one of {', '.join(LANGS)}")
    return lang


def text(key: str, lang: str = "en", **values: object) -> str:
    """The sentence ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    template = _TEXT[check_lang(lang)][key]
    return template.format(**values) if values else template


def keys() -> dict[str, set[str]]:
    """Keys per language (for the completeness test)."""
    return {lang: set(table) for lang, table in _TEXT.items()}


def number(value: float, lang: str, digits: int = 1) -> str:
    """``1234.5`` as ``1,234.5`` (en) or ``1 234,5`` (fr)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return text("value.missing", lang)
    out = f"{value:,.{digits}f}"
    if lang == "fr":
        out = out.replace(",", NNBSP).replace(".", ",")
    return out


def percent(probability: float, lang: str, digits: int = 1) -> str:
    """A probability as a percentage: ``12.3%`` (en) or ``12,3 %`` (fr)."""
    body = number(probability * 100.0, lang, digits)
    return f"{body}{NNBSP}%" if lang == "fr" else f"{body}%"


def points(delta: float, lang: str) -> str:
    """A difference of probabilities in percentage points, unsigned, one decimal."""
    return number(abs(delta) * 100.0, lang, 1)


def date_time(moment: datetime, lang: str) -> str:
    """``25 November 2026, 10:32`` / ``25 novembre 2026 à 10:32`` (local time as given)."""
    if lang == "fr":
        day = "1er" if moment.day == 1 else str(moment.day)
        return f"{day} {_MONTHS_FR[moment.month - 1]} {moment.year} à {moment:%H:%M}"
    return f"{moment.day} {_MONTHS_EN[moment.month - 1]} {moment.year}, {moment:%H:%M}"


def margin_sentence(probability: float, threshold: float, lang: str) -> str:
    """Where the client stands relative to the threshold, in words."""
    delta = probability - threshold
    if abs(delta) < 5e-4:
        return text("margin.at", lang)
    key = "margin.above" if delta > 0 else "margin.below"
    return text(key, lang, points=points(delta, lang))
