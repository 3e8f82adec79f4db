"""Reason codes: the features pushing a client's score most towards default, in words.

Each reason is the feature's own sentence from the data dictionary
(``describe_en`` / ``describe_fr`` templates, e.g. "Annuity is 38% of income
(portfolio median 16%)") or a generic "{label}: {value} (portfolio median
{median})", with the client's value and the median of the bundle's reference
sample (the most frequent level for a categorical feature). A missing value
gets its own plain sentence ("Income: not available (portfolio median ...)" /
"Revenu : non disponible (médiane du portefeuille ...)"), never a template
filled with the word "missing".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from creditdesk.core.bundle import Bundle
    from creditdesk.core.scoring import Assessment
    from creditdesk.store.dictionary import FieldSpec


@dataclass(frozen=True)
class ReasonCode:
    """One principal reason: the feature, its log-odds contribution, the sentence."""

    feature: str
    contribution: float
    text: str


def reason_codes(
    assessment: Assessment, bundle: Bundle, lang: str = "en", n: int = 4
) -> list[ReasonCode]:
    """Up to ``n`` features with the largest positive contributions (towards default)."""
    contributions = np.asarray(assessment.contributions)
    order = np.argsort(-contributions, kind="stable")
    typical = bundle.reference_medians()
    out: list[ReasonCode] = []
    for i in order[:n]:
        contribution = float(contributions[i])
        if contribution <= 0:
            break
        name = assessment.feature_names[i]
        spec = bundle.spec(name)
        value = float(assessment.values[i])
        median = typical.get(name)
        if math.isnan(value):
            text = _not_available(spec, median, lang)
        else:
            text = spec.describe(value, median, lang)
        out.append(ReasonCode(name, contribution, text))
    return out


def _not_available(spec: FieldSpec, median: float | None, lang: str) -> str:
    """The sentence for a feature the client has no value for (the model still uses that)."""
    label = spec.label(lang)
    known = median is not None and not math.isnan(median) and spec.dtype not in ("category", "bool")
    known = known and spec.unit != "flag"  # a "typical" yes/no says nothing
    if lang == "fr":
        text = f"{label} : non disponible"
        return text + f" (médiane du portefeuille {spec.format_value(median, lang)})" if known else text
    text = f"{label}: not available"
    return text + f" (portfolio median {spec.format_value(median, lang)})" if known else text
