"""Monthly tables of approved previous loans: ``POS_CASH_balance``,
``installments_payments`` and ``credit_card_balance``.

They share SK_ID_PREV with ``previous_application``. Risky clients (high behaviour
score) pay instalments late or short, show days past due in POS months, and run their
credit card closer to its limit, missing minimum payments.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from creditdesk.data import catalog
from creditdesk.data.application import Population
from creditdesk.data.previous import REVOLVING, PreviousApplications
from creditdesk.data.sampling import (
    DAYS_PER_MONTH,
    Cat,
    per_group_mean,
    ragged,
    sigmoid,
)

SPLIT_SHARE = 0.05  # instalments paid in two payments
POS_SHARE = 0.9  # loans with monthly POS rows (not every loan is in the real file)


@dataclass
class LoanBehaviour:
    pos: dict[str, np.ndarray | Cat]
    instalments: dict[str, np.ndarray | Cat]
    card: dict[str, np.ndarray | Cat]
    # per client, for the risk function (NaN when the client has no such rows)
    late_share: np.ndarray
    short_share: np.ndarray
    pos_dpd_share: np.ndarray
    card_utilisation: np.ndarray
    card_dpd_share: np.ndarray


def draw_balances(rng: np.random.Generator, pop: Population, prev: PreviousApplications) -> LoanBehaviour:
    n = pop.n
    b = pop.behaviour
    loans = np.flatnonzero(~np.isnan(prev.first_due))
    pos = _pos_cash(rng, prev, loans[rng.random(len(loans)) < POS_SHARE], b)
    inst_loans = _loan_instalments(rng, prev, loans, b)
    card, card_inst = _credit_card(rng, pop, prev, b)
    client = np.concatenate([prev.parent[inst_loans.pop("_loan")], card_inst.pop("_client")])
    inst = {k: np.concatenate([inst_loans[k], card_inst[k]]) for k in inst_loans}
    paid = ~np.isnan(inst["DAYS_ENTRY_PAYMENT"])
    late = paid & (inst["DAYS_ENTRY_PAYMENT"] > inst["DAYS_INSTALMENT"])
    short = paid & (inst["AMT_PAYMENT"] < inst["AMT_INSTALMENT"] - 0.01)
    late_share, _ = per_group_mean(client[paid], late[paid], n)
    short_share, _ = per_group_mean(client[paid], short[paid], n)
    pos_client = pos.pop("_client")
    pos_dpd_share, _ = per_group_mean(pos_client, pos["SK_DPD"] > 0, n)
    card_client = card.pop("_client")
    limit = card["AMT_CREDIT_LIMIT_ACTUAL"].astype(np.float64)
    util = np.where(limit > 0, card["AMT_BALANCE"] / np.maximum(limit, 1.0), 0.0)
    card_utilisation, _ = per_group_mean(card_client, util, n)
    card_dpd_share, _ = per_group_mean(card_client, card["SK_DPD"] > 0, n)
    return LoanBehaviour(pos, inst, card, late_share, short_share, pos_dpd_share,
                         card_utilisation, card_dpd_share)


def _pos_cash(rng: np.random.Generator, prev: PreviousApplications, loans: np.ndarray,
              b: np.ndarray) -> dict[str, np.ndarray | Cat]:
    """One row per month from the first due date to the last month before the application."""
    first_month = np.floor(prev.first_due[loans] / DAYS_PER_MONTH).astype(np.int64)
    n_inst = prev.n_instalments[loans].astype(np.int64)
    rows = np.minimum(n_inst + 1, -first_month)  # +1: the month the loan shows Completed
    row_loan, k = ragged(rows)
    loan = loans[row_loan]
    client = prev.parent[loan]
    r = len(row_loan)
    cnt = prev.cnt_payment[loan]
    completed = k >= n_inst[row_loan]
    future = np.where(completed, 0.0, np.maximum(cnt - k, 0.0))
    status = np.where(completed, 1, 0)
    status = np.where((k == 0) & (rng.random(r) < 0.02), 2, status)  # Signed
    # days-past-due episodes of risky clients
    bl = b[prev.parent[loans]]
    has_episode = rng.random(len(loans)) < sigmoid(-3.1 + 1.3 * bl)
    start = np.floor(rng.random(len(loans)) * rows)
    length = 1 + rng.geometric(0.4, len(loans))
    offset = rng.integers(0, 25, len(loans))
    into = k - start[row_loan]
    in_episode = has_episode[row_loan] & (into >= 0) & (into < length[row_loan]) & ~completed
    dpd = np.where(in_episode, (into + 1) * 30 - offset[row_loan], 0)
    dpd = np.where(~in_episode & (rng.random(r) < 0.004), rng.integers(1, 8, r), dpd)
    serious = rng.random(len(loans)) < 0.6
    return {
        "SK_ID_PREV": prev.prev_id[loan],
        "SK_ID_CURR": prev.table["SK_ID_CURR"][loan],
        "MONTHS_BALANCE": first_month[row_loan] + k,
        "CNT_INSTALMENT": cnt,
        "CNT_INSTALMENT_FUTURE": future,
        "NAME_CONTRACT_STATUS": Cat(status.astype(np.int16), catalog.POS_STATUS),
        "SK_DPD": np.maximum(dpd, 0).astype(np.int64),
        "SK_DPD_DEF": np.where(serious[row_loan], np.maximum(dpd, 0), 0).astype(np.int64),
        "_client": client,
    }


def _pay(rng: np.random.Generator, due: np.ndarray, amount: np.ndarray, bc: np.ndarray,
         late_bias: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Payment day and amount for each due instalment; NaN when not paid yet."""
    r = len(due)
    late = rng.random(r) < sigmoid(-2.7 + late_bias + 1.15 * bc)
    late_days = 1 + rng.geometric(1 / (6.0 * np.exp(0.4 * np.maximum(bc, -2))), r)
    early_days = np.floor(rng.gamma(0.8, 12.0, r))
    entry = due + np.where(late, late_days, -early_days)
    short = rng.random(r) < sigmoid(-3.5 + 1.0 * bc)
    payment = np.where(short, np.round(amount * rng.uniform(0.05, 0.95, r), 3), amount)
    unpaid = entry >= 0
    return np.where(unpaid, np.nan, entry), np.where(unpaid, np.nan, payment)


def _loan_instalments(rng: np.random.Generator, prev: PreviousApplications, loans: np.ndarray,
                      b: np.ndarray) -> dict[str, np.ndarray]:
    first_due = prev.first_due[loans]
    n_inst = prev.n_instalments[loans]
    due_count = np.minimum(n_inst, np.floor((-1 - first_due) / 30.0) + 1).astype(np.int64)
    row_loan, k = ragged(due_count)
    loan = loans[row_loan]
    due = first_due[row_loan] + 30.0 * k
    annuity = prev.annuity[loan]
    last_of_early = (k + 1 == n_inst[row_loan]) & (n_inst[row_loan] < prev.cnt_payment[loan])
    amount = np.where(last_of_early, np.round(annuity * (prev.cnt_payment[loan] - k) * 0.9, 3), annuity)
    entry, payment = _pay(rng, due, amount, b[prev.parent[loan]])
    version = np.where(rng.random(len(k)) < 0.03, 2.0, 1.0)
    # a few instalments paid in two payments: the second row pays the rest a few days later
    split = (rng.random(len(k)) < SPLIT_SHARE) & ~np.isnan(payment)
    idx = np.repeat(np.arange(len(k)), 1 + split)
    second = np.zeros(len(idx), dtype=bool)
    second[1:] = idx[1:] == idx[:-1]
    frac = rng.uniform(0.2, 0.8, len(idx))
    pay_rows = payment[idx]
    pay_rows = np.where(split[idx], np.round(np.where(second, 1 - frac[idx - second], frac) * pay_rows, 3), pay_rows)
    entry_rows = np.where(second, entry[idx] + rng.integers(1, 15, len(idx)), entry[idx])
    entry_rows = np.where(entry_rows >= 0, -1.0, entry_rows)
    return {
        "SK_ID_PREV": prev.prev_id[loan][idx],
        "SK_ID_CURR": prev.table["SK_ID_CURR"][loan][idx],
        "NUM_INSTALMENT_VERSION": version[idx],
        "NUM_INSTALMENT_NUMBER": (k + 1)[idx].astype(np.int64),
        "DAYS_INSTALMENT": due[idx],
        "DAYS_ENTRY_PAYMENT": entry_rows,
        "AMT_INSTALMENT": amount[idx],
        "AMT_PAYMENT": pay_rows,
        "_loan": loan[idx],
    }


def _credit_card(rng: np.random.Generator, pop: Population, prev: PreviousApplications,
                 b: np.ndarray) -> tuple[dict[str, np.ndarray | Cat], dict[str, np.ndarray]]:
    """Monthly balance of each client's first approved card, and its instalment rows."""
    cards_all = np.flatnonzero((prev.contract == REVOLVING) & (prev.status == 0))
    _, first_of_client = np.unique(prev.parent[cards_all], return_index=True)
    cards = cards_all[first_of_client]
    c = len(cards)
    months = np.minimum(np.floor(-prev.days_decision[cards] / DAYS_PER_MONTH), 96).astype(np.int64)
    months = np.maximum(months, 1)
    row_card, k = ragged(months)
    card_client = prev.parent[cards]
    client = card_client[row_card]
    r = len(row_card)
    month = k - months[row_card]  # -months .. -1
    limit = prev.credit[cards].astype(np.int64)
    bc = b[card_client]
    used = rng.random(c) < 0.62
    level = sigmoid(-1.1 + 1.0 * bc + 0.6 * rng.standard_normal(c))
    closed = rng.random(c) < 0.12
    close_at = np.where(closed, np.floor(months * rng.uniform(0.5, 1.0, c)), months + 1)
    is_closed = k >= close_at[row_card]
    util = np.clip(level[row_card] + 0.12 * rng.standard_normal(r), 0.0, 1.1)
    active_row = used[row_card] & ~is_closed
    balance = np.where(active_row, np.round(util * limit[row_card], 3), 0.0)

    rate = np.where(active_row, 1.5 + 3.0 * util, 0.0)
    cnt = rng.poisson(rate)
    cnt_atm = rng.binomial(cnt, 0.3)
    cnt_other = rng.binomial(cnt - cnt_atm, 0.01)
    cnt_pos = cnt - cnt_atm - cnt_other
    amt_atm = cnt_atm * 4500.0 * (1 + rng.poisson(1.0, r))
    amt_pos = np.round(cnt_pos * np.exp(rng.normal(8.6, 0.8, r)), 3)
    amt_other = np.round(cnt_other * rng.uniform(1000, 50000, r), 3)
    min_reg = np.round(0.05 * balance, 3)
    p_miss = sigmoid(-3.6 + 1.4 * bc)[row_card]
    miss = active_row & (balance > 0) & (rng.random(r) < p_miss)
    pay = np.where(miss, 0.0, np.round(min_reg * (1 + 3 * rng.random(r)) + amt_atm * 0.3, 3))
    pay = np.where(active_row, pay, 0.0)

    # days past due: 30 per consecutive missed month
    idx = np.arange(r)
    is_start = k == 0
    marker = np.where(~miss, idx, np.where(is_start, idx - 1, -1))
    run = idx - np.maximum.accumulate(marker)
    dpd = np.where(miss, np.maximum(30 * run - rng.integers(0, 20, r), 1), 0)
    dpd_def = np.where(min_reg > 1000, dpd, 0)

    no_draw = (cnt == 0) & (rng.random(r) < 0.4)
    paid_months = np.cumsum(pay > 0)
    start = np.cumsum(months) - months
    before = np.where(start > 0, paid_months[np.maximum(start - 1, 0)] if r else 0, 0)
    mature = paid_months - before[row_card]
    young = k < np.floor(months * np.where(rng.random(c) < 0.2, 0.4, 0.0))[row_card]
    status = np.where(is_closed, 1, 0)
    status = np.where((dpd > 90) & (rng.random(r) < 0.05), 3, status)
    status = np.where((k == 0) & (rng.random(r) < 0.05), 2, status)

    def nan_if(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
        return np.where(mask, np.nan, values.astype(np.float64))

    table: dict[str, np.ndarray | Cat] = {
        "SK_ID_PREV": prev.prev_id[cards][row_card],
        "SK_ID_CURR": pop.ids[client],
        "MONTHS_BALANCE": month,
        "AMT_BALANCE": balance,
        "AMT_CREDIT_LIMIT_ACTUAL": limit[row_card],
        "AMT_DRAWINGS_ATM_CURRENT": nan_if(no_draw, amt_atm),
        "AMT_DRAWINGS_CURRENT": amt_atm + amt_pos + amt_other,
        "AMT_DRAWINGS_OTHER_CURRENT": nan_if(no_draw, amt_other),
        "AMT_DRAWINGS_POS_CURRENT": nan_if(no_draw, amt_pos),
        "AMT_INST_MIN_REGULARITY": nan_if(young, min_reg),
        "AMT_PAYMENT_CURRENT": nan_if((pay == 0) & (rng.random(r) < 0.8), pay),
        "AMT_PAYMENT_TOTAL_CURRENT": pay,
        "AMT_RECEIVABLE_PRINCIPAL": np.round(balance * 0.96, 3),
        "AMT_RECIVABLE": balance,
        "AMT_TOTAL_RECEIVABLE": balance,
        "CNT_DRAWINGS_ATM_CURRENT": nan_if(no_draw, cnt_atm),
        "CNT_DRAWINGS_CURRENT": cnt.astype(np.int64),
        "CNT_DRAWINGS_OTHER_CURRENT": nan_if(no_draw, cnt_other),
        "CNT_DRAWINGS_POS_CURRENT": nan_if(no_draw, cnt_pos),
        "CNT_INSTALMENT_MATURE_CUM": nan_if(young, mature),
        "NAME_CONTRACT_STATUS": Cat(status.astype(np.int16), catalog.CARD_STATUS),
        "SK_DPD": dpd.astype(np.int64),
        "SK_DPD_DEF": dpd_def.astype(np.int64),
        "_client": client,
    }

    # instalment rows for the card: a minimum payment due every month with a balance
    due_rows = np.flatnonzero(active_row & (min_reg > 0))
    due = np.round(month[due_rows] * DAYS_PER_MONTH + 25.0)
    entry, payment = _pay(rng, due, min_reg[due_rows], bc[row_card[due_rows]], late_bias=-0.3)
    missed = miss[due_rows]  # paid a month or two late, if at all yet
    entry = np.where(missed, due + rng.integers(20, 60, len(due_rows)), entry)
    entry = np.where(entry >= 0, np.nan, entry)
    payment = np.where(np.isnan(entry), np.nan, np.where(missed, min_reg[due_rows], pay[due_rows]))
    inst = {
        "SK_ID_PREV": table["SK_ID_PREV"][due_rows],
        "SK_ID_CURR": table["SK_ID_CURR"][due_rows],
        "NUM_INSTALMENT_VERSION": np.zeros(len(due_rows)),
        "NUM_INSTALMENT_NUMBER": (k[due_rows] + 1).astype(np.int64),
        "DAYS_INSTALMENT": due,
        "DAYS_ENTRY_PAYMENT": entry,
        "AMT_INSTALMENT": min_reg[due_rows],
        "AMT_PAYMENT": payment,
        "_client": client[due_rows],
    }
    return table, inst
