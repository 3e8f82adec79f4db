"""Reason codes: the features pushing a client's score most towards default, in words.

Each reason is the feature's own sentence from the data dictionary
(``describe_en`` / ``describe_fr`` templates, e.g. "Annuity is 38% of income
(portfolio median 16%)") or a generic "{label}: {value} (portfolio median
{median})", with the client's value and the median of the bundle's reference
sample (the most frequent level for a categorical feature).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from creditdesk.core.bundle import Bundle
    from creditdesk.core.scoring import Assessment


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
        out.append(ReasonCode(name, contribution, spec.describe(value, typical.get(name), lang)))
    return out
