"""Drift scenarios: a current population that really moved, for monitoring demos and tests.

A scenario changes the population the generator draws; the risk function that turns a
client into a probability of default stays the same, so a drifted store is as
consistent as a plain one (younger applicants do default more, for instance).
"""

from __future__ import annotations

from dataclasses import dataclass

from creditdesk.errors import InputError


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    income_factor: float = 1.0  # AMT_INCOME_TOTAL multiplier
    credit_factor: float = 1.0  # AMT_CREDIT / AMT_GOODS_PRICE / AMT_ANNUITY multiplier
    age_shift_years: float = 0.0  # negative: younger applicants
    ext1_missing: float = 0.564
    ext2_missing: float = 0.0021
    ext3_missing: float = 0.198
    ext3_shift: float = 0.0  # added to the observed EXT_SOURCE_3 (the bureau recalibrated)


BASELINE = Scenario("none", "no drift: the population the model was trained on")

SCENARIOS: dict[str, Scenario] = {
    "income_inflation": Scenario(
        "income_inflation",
        "incomes x1.3 and credits x2.7: nominal amounts up, debt burden about doubled",
        income_factor=1.3, credit_factor=2.7,
    ),
    "younger_applicants": Scenario(
        "younger_applicants", "applicants about ten years younger", age_shift_years=-10.0,
    ),
    "missing_external_scores": Scenario(
        "missing_external_scores", "EXT_SOURCE_1 missing for 80%, EXT_SOURCE_3 for 50%",
        ext1_missing=0.80, ext3_missing=0.50,
    ),
    "ext_source_3_shift": Scenario(
        "ext_source_3_shift", "EXT_SOURCE_3 reported about 0.15 lower (provider recalibrated)",
        ext3_shift=-0.15,
    ),
}


def scenario(name: str | None) -> Scenario:
    """The scenario called ``name`` (``None`` or "none": no drift); InputError if unknown."""
    if name is None or name == "none":
        return BASELINE
    try:
        return SCENARIOS[name]
    except KeyError:
        valid = ", ".join(SCENARIOS)
        raise InputError(f"unknown drift scenario {name!r}; valid scenarios: {valid}") from None
