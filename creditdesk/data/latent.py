"""The latent probability of default behind TARGET.

The log-odds depend only on what the tables show (application fields, and per-client
facts computable from the companion tables) plus the true external scores (the
observed ones are these, masked or shifted) and an unobservable noise term. The
intercept is calibrated so the default rate is 8%.

TARGET is drawn from the noisy log-odds. The ``oracle`` table stores the noise
integrated out, P(default | everything knowable about the client): the Bayes-optimal
probability, hence the ceiling any model can reach. (Storing the noisy draw instead would
put a ceiling no model could approach, since the noise is independent of every table.)
"""

from __future__ import annotations

import numpy as np

from creditdesk.data.application import Population
from creditdesk.data.balances import LoanBehaviour
from creditdesk.data.bureau import BureauHistory
from creditdesk.data.previous import PreviousApplications
from creditdesk.data.sampling import Cat, sigmoid

DEFAULT_RATE = 0.08
NOISE_SD = 0.6  # unobservable part: the gap between the oracle and any model
SIGNAL = 0.91  # overall strength, tuned so the oracle AUC is about 0.82

OCCUPATION_EFFECT = {
    "Laborers": 0.22, "Sales staff": 0.14, "Core staff": -0.18, "Managers": -0.2, "Drivers": 0.27,
    "High skill tech staff": -0.2, "Accountants": -0.38, "Medicine staff": -0.13,
    "Security staff": 0.22, "Cooking staff": 0.2, "Cleaning staff": 0.14,
    "Private service staff": -0.15, "Low-skill Laborers": 0.6, "Waiters/barmen staff": 0.27,
    "Secretaries": -0.1, "HR staff": -0.17, "IT staff": -0.15,
}
EDUCATION_EFFECT = {
    "Higher education": -0.4, "Incomplete higher": -0.05, "Lower secondary": 0.2,
    "Academic degree": -1.0,
}
INCOME_TYPE_EFFECT = {
    "Working": 0.1, "State servant": -0.25, "Unemployed": 1.0, "Maternity leave": 1.0,
    "Student": -0.5, "Businessman": -1.0,
}


def _effect(cat: Cat, effects: dict[str, float]) -> np.ndarray:
    table = np.zeros(len(cat.levels) + 1)  # last slot: missing (code -1)
    for level, value in effects.items():
        if level in cat.levels:
            table[cat.levels.index(level)] = value
    return table[cat.codes]


def _filled(x: np.ndarray, value: float) -> np.ndarray:
    return np.where(np.isnan(x), value, x)


def risk_components(pop: Population, bureau: BureauHistory, prev: PreviousApplications,
                    loans: LoanBehaviour) -> dict[str, np.ndarray]:
    """The log-odds of default, term by term (without intercept and noise)."""
    c = pop.columns
    e1, e2, e3 = pop.ext_true[:, 0], pop.ext_true[:, 1], pop.ext_true[:, 2]
    terms: dict[str, np.ndarray] = {}
    logit = -1.3 * (e1 - 0.505) - 1.42 * (e2 - 0.52) - 1.58 * (e3 - 0.51)
    logit += 4.5 * np.maximum(0.42 - e2, 0) * np.maximum(0.42 - e3, 0)  # both low: worse still

    terms["external"], logit = logit, 0.0
    logit += -0.007 * (pop.age - 43.9)
    emp = np.log1p(_filled(pop.years_employed, 6.0))
    logit += np.where(pop.no_job, -0.05, -0.2 * (emp - np.log1p(3.3)))

    terms["age_employment"], logit = logit, 0.0
    income = c["AMT_INCOME_TOTAL"]
    credit = c["AMT_CREDIT"]
    annuity = _filled(c["AMT_ANNUITY"], 0.05 * credit)
    goods = _filled(c["AMT_GOODS_PRICE"], credit)
    credit_income = np.log(credit / income)
    logit += 0.2 * (credit_income - 1.2)
    burden = annuity / income
    logit += 2.0 * np.clip(burden - 0.17, -0.15, 0.6) + 4.0 * np.clip(burden - 0.3, 0.0, 0.4)
    payment_rate = annuity / credit
    logit += 0.35 * np.exp(-(((payment_rate - 0.052) / 0.012) ** 2)) - 0.15
    logit += 1.3 * np.clip(credit / goods - 1.1, -0.1, 0.25)
    young_and_stretched = (pop.age < 30) & (credit_income > 1.5)
    logit += 0.3 * young_and_stretched

    terms["amounts"], logit = logit, 0.0
    logit += 0.35 * (c["CODE_GENDER"].codes == c["CODE_GENDER"].code("M"))
    contract = c["NAME_CONTRACT_TYPE"]
    logit += -0.35 * (contract.codes == contract.code("Revolving loans"))
    logit += _effect(c["NAME_EDUCATION_TYPE"], EDUCATION_EFFECT)
    logit += _effect(c["OCCUPATION_TYPE"], OCCUPATION_EFFECT)
    logit += _effect(c["NAME_INCOME_TYPE"], INCOME_TYPE_EFFECT)
    logit += 0.4 * (c["REGION_RATING_CLIENT"] - 2)
    logit += 0.15 * c["FLAG_DOCUMENT_3"] + 0.15 * c["REG_CITY_NOT_LIVE_CITY"] + 0.1 * c["REG_CITY_NOT_WORK_CITY"]
    logit += -0.1 * (c["FLAG_OWN_CAR"].codes == 1)

    terms["profile"], logit = logit, 0.0
    # history at other lenders
    has_bureau = bureau.count > 0
    logit += np.where(has_bureau, 0.6 * (_filled(bureau.active_share, 0.37) - 0.37), 0.1)
    logit += 0.4 * bureau.overdue + 1.6 * bureau.dpd_share
    terms["bureau"], logit = logit, 0.0
    # history at Home Credit
    logit += np.where(prev.count > 0, 0.8 * (_filled(prev.refused_share, 0.17) - 0.17), 0.1)
    logit += 1.8 * (_filled(loans.late_share, 0.08) - 0.08)
    logit += 1.3 * (_filled(loans.short_share, 0.05) - 0.05)
    logit += 1.2 * _filled(loans.pos_dpd_share, 0.0)
    has_card = ~np.isnan(loans.card_utilisation)
    logit += np.where(has_card, 0.5 * (_filled(loans.card_utilisation, 0.3) - 0.3), 0.0)
    logit += 1.2 * _filled(loans.card_dpd_share, 0.0)

    terms["home_credit"] = logit
    return terms


def risk_logit(rng: np.random.Generator, pop: Population, bureau: BureauHistory,
               prev: PreviousApplications, loans: LoanBehaviour) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds of default without the intercept (centred near 0): (signal, signal + noise)."""
    terms = risk_components(pop, bureau, prev, loans)
    signal = SIGNAL * sum(terms.values())
    return signal, signal + NOISE_SD * rng.standard_normal(pop.n)


_GH_NODES, _GH_WEIGHTS = np.polynomial.hermite_e.hermegauss(32)
_GH_WEIGHTS = _GH_WEIGHTS / _GH_WEIGHTS.sum()


def oracle_probability(intercept: float, signal: np.ndarray) -> np.ndarray:
    """E[sigmoid(intercept + signal + noise)] over the noise: P(default | the client's facts).

    Gauss–Hermite quadrature (32 nodes, exact to ~1e-12 here), done in slices to bound memory.
    """
    out = np.empty_like(signal, dtype=np.float64)
    for start in range(0, len(signal), 65_536):
        z = intercept + signal[start:start + 65_536, None] + NOISE_SD * _GH_NODES[None, :]
        out[start:start + 65_536] = sigmoid(z) @ _GH_WEIGHTS
    return out


def calibrate_intercept(raw: np.ndarray, rate: float = DEFAULT_RATE,
                        uniforms: np.ndarray | None = None) -> float:
    """Intercept b so that mean(sigmoid(b + raw)) == rate, or, given the uniforms that
    will draw TARGET (TARGET = u < pd), so that the realised share of defaults is ``rate``."""
    lo, hi = -20.0, 20.0
    for _ in range(80):
        mid = (lo + hi) / 2
        p = sigmoid(mid + raw)
        achieved = np.mean(uniforms < p) if uniforms is not None else p.mean()
        if achieved < rate:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2
