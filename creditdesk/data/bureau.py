"""``bureau`` (credits at other lenders) and ``bureau_balance`` (their monthly status).

About 14% of clients have no bureau record; the others have 6.5 credits on average.
Risky clients hold more active credits, more microloans, and show overdue amounts and
days-past-due months.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from creditdesk.data import catalog
from creditdesk.data.application import Population
from creditdesk.data.sampling import (
    DAYS_PER_MONTH,
    Cat,
    draw_cat,
    draw_codes,
    negbin,
    per_group_max,
    per_group_mean,
    ragged,
    round_to,
    sigmoid,
)

FIRST_BUREAU_ID = 5000000
BALANCE_SHARE = 0.43  # share of bureau credits with monthly balance rows
BALANCE_MONTHS = 96


@dataclass
class BureauHistory:
    bureau: dict[str, np.ndarray | Cat]
    balance: dict[str, np.ndarray | Cat]
    # per client, for the risk function
    count: np.ndarray
    active_share: np.ndarray  # NaN without bureau
    overdue: np.ndarray  # any current or past overdue amount (0/1)
    dpd_share: np.ndarray  # share of balance months 1..5 days-past-due buckets (0 without)


def draw_bureau(rng: np.random.Generator, pop: Population, first_id: int) -> BureauHistory:
    n, b, age = pop.n, pop.behaviour, pop.age
    none = rng.random(n) < sigmoid(-1.9 - 0.05 * (age - 43.9))
    count = np.where(none, 0, 1 + negbin(rng, 5.3 * np.exp(0.2 * (age - 43.9) / 12.0), 1.3, n))
    parent, _ = ragged(count)
    m = len(parent)
    bb = b[parent]
    cols: dict[str, np.ndarray | Cat] = {
        "SK_ID_CURR": pop.ids[parent],
        "SK_ID_BUREAU": first_id + np.arange(m, dtype=np.int64),
    }

    active = rng.random(m) < sigmoid(-0.62 + 0.45 * bb)
    sold = (~active) & (rng.random(m) < 0.004 * np.exp(0.8 * bb))
    bad = sold & (rng.random(m) < 0.003)
    status = np.where(active, 1, np.where(bad, 3, np.where(sold, 2, 0))).astype(np.int16)
    cols["CREDIT_ACTIVE"] = Cat(status, ("Closed", "Active", "Sold", "Bad debt"))
    cols["CREDIT_CURRENCY"] = draw_cat(rng, m, catalog.CREDIT_CURRENCY)

    days_credit = -(1 + np.floor(2921 * np.where(active, rng.beta(1.0, 3.0, m), rng.beta(1.2, 1.5, m))))
    cols["DAYS_CREDIT"] = days_credit.astype(np.int64)

    types = list(catalog.CREDIT_TYPE)
    tw = np.array(list(catalog.CREDIT_TYPE.values()), dtype=np.float64)
    ctype = draw_codes(rng, m, tw).astype(np.int16)
    micro = (rng.random(m) < 0.006 * np.exp(0.9 * bb)) & (ctype == 0)
    ctype[micro] = types.index("Microloan")
    cols["CREDIT_TYPE"] = Cat(ctype, tuple(types))
    card = ctype == types.index("Credit card")
    long_loan = np.isin(ctype, [types.index("Mortgage"), types.index("Real estate loan")])

    duration = np.where(card, rng.uniform(700, 3000, m), rng.gamma(2.0, 330, m) + 90)
    duration = np.where(long_loan, rng.uniform(2500, 9000, m), duration)
    enddate = days_credit + np.round(duration)
    cols["DAYS_CREDIT_ENDDATE"] = np.where(rng.random(m) < 0.06, np.nan, enddate)
    closed_at = np.minimum(days_credit + np.round(duration * rng.uniform(0.4, 1.05, m)), -1)
    closed_at = np.maximum(closed_at, days_credit)
    cols["DAYS_ENDDATE_FACT"] = np.where(active, np.nan, closed_at)

    overdue_now = active & (rng.random(m) < sigmoid(-5.6 + 1.3 * bb))
    day_overdue = np.where(overdue_now, 1 + rng.geometric(1 / 40.0, m), 0)
    cols["CREDIT_DAY_OVERDUE"] = np.minimum(day_overdue, 2792).astype(np.int64)

    income = pop.base_income[parent]
    amount = np.exp(np.log(120000.0) + 0.5 * np.log(income / 147150.0) + 1.05 * rng.standard_normal(m))
    amount = np.where(long_loan, amount * 8, amount)
    amount = np.where(rng.random(m) < 0.5, round_to(amount, 4500.0), np.round(amount, 2))
    cols["AMT_CREDIT_SUM"] = np.where(rng.random(m) < 1e-5, np.nan, amount)
    debt = np.where(active, np.round(amount * rng.uniform(0.05, 0.95, m), 2), 0.0)
    cols["AMT_CREDIT_SUM_DEBT"] = np.where(rng.random(m) < 0.15, np.nan, debt)
    limit = np.where(card & active, np.round(amount - debt, 2), 0.0)
    cols["AMT_CREDIT_SUM_LIMIT"] = np.where(rng.random(m) < 0.345, np.nan, limit)
    cols["AMT_CREDIT_SUM_OVERDUE"] = np.where(overdue_now, np.round(amount * rng.uniform(0.01, 0.2, m), 2), 0.0)
    ever_overdue = overdue_now | (rng.random(m) < sigmoid(-3.4 + 1.1 * bb))
    max_overdue = np.where(ever_overdue, np.round(amount * rng.uniform(0.003, 0.1, m), 2), 0.0)
    max_missing = (~ever_overdue) & (rng.random(m) < 0.68)
    cols["AMT_CREDIT_MAX_OVERDUE"] = np.where(max_missing, np.nan, max_overdue)
    cols["CNT_CREDIT_PROLONG"] = rng.poisson(0.0064, m).astype(np.int64)
    update = np.where(active, -np.round(rng.exponential(15.0, m)),
                      closed_at + np.round((-closed_at) * rng.beta(0.3, 3.0, m)))
    cols["DAYS_CREDIT_UPDATE"] = np.maximum(update, days_credit).astype(np.int64)
    annuity = np.where(active, np.round(amount * rng.uniform(0.02, 0.08, m), 1), 0.0)
    cols["AMT_ANNUITY"] = np.where(rng.random(m) < 0.714, np.nan, annuity)

    balance, dpd_share = _balance(rng, cols["SK_ID_BUREAU"], parent, n, days_credit, closed_at,
                                  active, ever_overdue, bb)
    active_share, _ = per_group_mean(parent, active.astype(np.float64), n)
    flagged = (day_overdue > 0) | (max_overdue > 0)
    overdue = per_group_max(parent, flagged.astype(np.float64), n)
    return BureauHistory(cols, balance, count, active_share, overdue, dpd_share)


def _balance(rng: np.random.Generator, bureau_id: np.ndarray, parent: np.ndarray, n: int,
             days_credit: np.ndarray, closed_at: np.ndarray, active: np.ndarray,
             ever_overdue: np.ndarray, bb: np.ndarray) -> tuple[dict[str, np.ndarray | Cat], np.ndarray]:
    """Monthly statuses: X (unknown) prefix, 0 (no DPD) or a DPD bucket 1..5, C after closing."""
    m = len(bureau_id)
    has = rng.random(m) < BALANCE_SHARE
    months = np.minimum(np.floor(-days_credit / DAYS_PER_MONTH), BALANCE_MONTHS - 1).astype(np.int64) + 1
    months = np.where(has, months, 0)
    row_credit, pos = ragged(months)
    month = pos - (months[row_credit] - 1)  # MONTHS_BALANCE from -(months-1) to 0
    close_month = np.where(active, 1, np.ceil(closed_at / DAYS_PER_MONTH))[row_credit]
    x_frac = np.where(rng.random(m) < 0.5, 0.0, np.where(rng.random(m) < 0.75, rng.random(m), 1.0))
    x_until = np.floor(months * x_frac)[row_credit]
    p_dpd = np.where(ever_overdue, 0.22, 0.004 * np.exp(0.5 * bb))[row_credit]
    r = len(row_credit)
    dpd = rng.random(r) < p_dpd
    status = np.full(r, 2)  # "0"
    status[dpd] = 3 + draw_codes(rng, int(dpd.sum()), [0.8, 0.1, 0.04, 0.02, 0.04])  # "1".."5"
    status = np.where(pos < x_until, 1, status)  # "X"
    status = np.where(month > close_month, 0, status)  # "C"
    status = status.astype(np.int16)
    cols: dict[str, np.ndarray | Cat] = {
        "SK_ID_BUREAU": bureau_id[row_credit],
        "MONTHS_BALANCE": month,
        "STATUS": Cat(status, catalog.BUREAU_STATUS),
    }
    client = parent[row_credit]
    scored = (status >= 2).astype(np.float64)
    late = (status >= 3).astype(np.float64)
    n_scored = np.bincount(client, weights=scored, minlength=n)
    n_late = np.bincount(client, weights=late, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        dpd_share = np.where(n_scored > 0, n_late / n_scored, 0.0)
    return cols, dpd_share
