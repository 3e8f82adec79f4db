"""Words used by several panels, translated in one Linguist context ("Labels").

The outcome of a past loan (TARGET) and the model's decision are different
things and are always named differently: TARGET 1 is "defaulted", never
"refused"; the model's decision is "accept" or "refuse".
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from creditdesk.core.portfolio import AGE_BAND


def decision_text(decision: str | None) -> str:
    if decision == "accept":
        return QCoreApplication.translate("Labels", "Accept")
    if decision == "refuse":
        return QCoreApplication.translate("Labels", "Refuse")
    return QCoreApplication.translate("Labels", "Not scored")


def outcome_text(target: int | None) -> str:
    if target is None:
        return QCoreApplication.translate("Labels", "Not known yet")
    return (
        QCoreApplication.translate("Labels", "Defaulted")
        if int(target) == 1
        else QCoreApplication.translate("Labels", "Repaid")
    )


def outcome_key(target: int | None) -> str:
    return "unknown" if target is None else "defaulted" if int(target) == 1 else "repaid"


def outcome_series_text(key: str) -> str:
    return {
        "repaid": QCoreApplication.translate("Labels", "Repaid"),
        "defaulted": QCoreApplication.translate("Labels", "Defaulted"),
        "unknown": QCoreApplication.translate("Labels", "Not known yet"),
        "accept": QCoreApplication.translate("Labels", "Accept"),
        "refuse": QCoreApplication.translate("Labels", "Refuse"),
    }[key]


def field_label(dictionary, name: str, lang: str) -> str:
    """A raw field's or feature's label from the data dictionary (or the age band's)."""
    if name == AGE_BAND:
        return QCoreApplication.translate("Labels", "Age band")
    if dictionary is None:
        return name
    return dictionary.get(name).label(lang)


def panel_title(name: str) -> str:
    return {
        "score": QCoreApplication.translate("Labels", "Score"),
        "explain": QCoreApplication.translate("Labels", "Explanation"),
        "compare": QCoreApplication.translate("Labels", "Comparison"),
        "whatif": QCoreApplication.translate("Labels", "What-if"),
        "portfolio": QCoreApplication.translate("Labels", "Portfolio"),
    }[name]


PANELS = ("score", "explain", "compare", "whatif", "portfolio")
