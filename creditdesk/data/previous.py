"""``previous_application``: the client's earlier applications at Home Credit.

About 5% of clients have none; the others have 5.7 on average. Cash loans are often
cancelled or refused, consumer (point-of-sale) loans mostly approved; risky clients are
refused more often. Approved loans carry their schedule (DAYS_FIRST_DUE ...), which the
monthly tables in :mod:`creditdesk.data.balances` follow.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from creditdesk.data import catalog
from creditdesk.data.application import Population
from creditdesk.data.sampling import (
    NOT_APPLICABLE_DAYS,
    Cat,
    draw_cat,
    draw_codes,
    negbin,
    per_group_mean,
    ragged,
    round_to,
    sigmoid,
)

FIRST_PREV_ID = 1000001
CASH, CONSUMER, REVOLVING, XNA_CONTRACT = 0, 1, 2, 3
APPROVED, CANCELED, REFUSED, UNUSED = 0, 1, 2, 3


@dataclass
class PreviousApplications:
    table: dict[str, np.ndarray | Cat]
    parent: np.ndarray  # row -> client index in the chunk
    prev_id: np.ndarray
    contract: np.ndarray
    status: np.ndarray
    days_decision: np.ndarray
    cnt_payment: np.ndarray  # NaN when not applicable
    annuity: np.ndarray
    credit: np.ndarray
    first_due: np.ndarray  # NaN unless an approved instalment loan that started
    n_instalments: np.ndarray  # instalments the loan will really have (early repayment)
    # per client, for the risk function
    count: np.ndarray
    refused_share: np.ndarray  # NaN without previous applications


def _rate(r: np.ndarray, term: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return r / (1.0 - (1.0 + r) ** -term)


def draw_previous(rng: np.random.Generator, pop: Population, first_id: int) -> PreviousApplications:
    n = pop.n
    count = np.where(rng.random(n) < 0.05, 0, 1 + negbin(rng, 4.68, 1.2, n))
    parent, _ = ragged(count)
    m = len(parent)
    bb = pop.behaviour[parent]
    income = pop.base_income[parent]
    prev_id = first_id + rng.permutation(m).astype(np.int64)  # ids not ordered by client
    t: dict[str, np.ndarray | Cat] = {"SK_ID_PREV": prev_id, "SK_ID_CURR": pop.ids[parent]}

    contract = draw_codes(rng, m, list(catalog.PREV_CONTRACT_TYPE.values()))
    refuse_base = np.array([-1.05, -3.0, -1.25, -9.0])[contract]
    refused = rng.random(m) < sigmoid(refuse_base + 0.8 * bb)
    u = rng.random(m)
    cancel = np.array([0.42, 0.053, 0.2, 1.0])[contract]
    unused = np.array([0.0, 0.037, 0.0, 0.0])[contract]
    status = np.select([refused, u < cancel, u < cancel + unused], [REFUSED, CANCELED, UNUSED], APPROVED)
    approved = status == APPROVED
    canceled = status == CANCELED

    beta = np.where(contract == REVOLVING, rng.beta(1.2, 1.45, m), rng.beta(0.9, 2.2, m))
    days_decision = -(1 + np.floor(2921 * beta))

    # amounts
    consumer_price = np.exp(np.log(62000.0) + 0.3 * np.log(income / 147150.0) + 0.9 * rng.standard_normal(m))
    cash_amount = np.exp(np.log(225000.0) + 0.5 * np.log(income / 147150.0) + 0.75 * rng.standard_normal(m))
    cash_amount = np.clip(round_to(cash_amount, 22500.0), 22500.0, 4.05e6)
    limit = np.array(catalog.CARD_LIMITS, dtype=np.float64)[
        np.clip(np.round(2 * np.log2(income / 100000.0) + 4 + 1.5 * rng.standard_normal(m)), 0, 11).astype(int)]
    has_dp = (contract == CONSUMER) & (rng.random(m) < 0.55)
    dp_rate = np.where(has_dp, rng.beta(1.2, 8.0, m), np.nan)
    application = np.select([contract == CONSUMER, contract == CASH], [np.round(consumer_price, 1), cash_amount], 0.0)
    application = np.where(canceled & (contract != CONSUMER), 0.0, application)
    down_payment = np.round(application * dp_rate, 1)
    markup = np.where(rng.random(m) < 0.5, 1.0, rng.uniform(1.0, 1.15, m))
    credit = np.where(has_dp, application - np.nan_to_num(down_payment), application * markup)
    credit = np.where(status == REFUSED, application * rng.uniform(0.9, 1.1, m), credit)
    credit = np.where(contract == REVOLVING, np.where(canceled, 0.0, limit), np.round(credit, 1))
    credit = np.where(contract == XNA_CONTRACT, 0.0, credit)

    term_consumer = np.array([6, 10, 12, 18, 24, 36])[draw_codes(rng, m, [0.2, 0.22, 0.33, 0.08, 0.12, 0.05])]
    term_cash = np.array([12, 18, 24, 30, 36, 48, 60])[draw_codes(rng, m, [0.25, 0.1, 0.25, 0.05, 0.2, 0.08, 0.07])]
    cnt = np.select([contract == CONSUMER, contract == CASH, contract == REVOLVING], [term_consumer, term_cash, 0], np.nan)
    cnt = np.where(canceled, np.nan, cnt).astype(np.float64)
    r = rng.uniform(0.008, 0.03, m)
    annuity = np.where(contract == REVOLVING, credit * 0.05, np.round(credit * _rate(r, cnt), 3))
    annuity = np.where(canceled | (contract == XNA_CONTRACT), np.nan, annuity)

    t["NAME_CONTRACT_TYPE"] = Cat(contract.astype(np.int16), tuple(catalog.PREV_CONTRACT_TYPE))
    t["AMT_ANNUITY"] = annuity
    t["AMT_APPLICATION"] = application
    t["AMT_CREDIT"] = np.where(rng.random(m) < 1e-6, np.nan, credit)
    t["AMT_DOWN_PAYMENT"] = np.where(contract == CONSUMER, np.nan_to_num(down_payment), np.nan)
    t["AMT_GOODS_PRICE"] = np.where((application > 0) & (contract != REVOLVING), application, np.nan)
    t["WEEKDAY_APPR_PROCESS_START"] = draw_cat(rng, m, catalog.WEEKDAY)
    t["HOUR_APPR_PROCESS_START"] = np.clip(np.round(rng.normal(12.5, 3.3, m)), 0, 23).astype(np.int64)
    t["FLAG_LAST_APPL_PER_CONTRACT"] = Cat((rng.random(m) < 0.995).astype(np.int16), ("N", "Y"))
    t["NFLAG_LAST_APPL_IN_DAY"] = (rng.random(m) < 0.9965).astype(np.int64)
    t["RATE_DOWN_PAYMENT"] = np.where(contract == CONSUMER, np.nan_to_num(dp_rate), np.nan)
    rare = rng.random(m) < 0.0036
    t["RATE_INTEREST_PRIMARY"] = np.where(rare, np.round(rng.uniform(0.035, 1.0, m), 6), np.nan)
    t["RATE_INTEREST_PRIVILEGED"] = np.where(rare, np.round(rng.uniform(0.37, 1.0, m), 6), np.nan)

    purposes = ("XAP", *catalog.CASH_LOAN_PURPOSE)
    purpose = 1 + draw_codes(rng, m, list(catalog.CASH_LOAN_PURPOSE.values()))
    purpose = np.where(contract == CASH, np.where(canceled, 1, purpose), 0)
    t["NAME_CASH_LOAN_PURPOSE"] = Cat(purpose.astype(np.int16), purposes)
    t["NAME_CONTRACT_STATUS"] = Cat(status.astype(np.int16), catalog.PREV_STATUS)
    t["DAYS_DECISION"] = days_decision.astype(np.int64)
    pay = draw_cat(rng, m, {k: v for k, v in catalog.PAYMENT_TYPE.items() if k != "XNA"})
    pay_levels = ("XNA", *pay.levels)
    pay_codes = np.where(canceled | (contract == REVOLVING) | (rng.random(m) < 0.12), 0, pay.codes + 1)
    t["NAME_PAYMENT_TYPE"] = Cat(pay_codes.astype(np.int16), pay_levels)
    reasons = ("XAP", "CLIENT", *catalog.REJECT_REASON_REFUSED)
    reason = 2 + draw_codes(rng, m, list(catalog.REJECT_REASON_REFUSED.values()))
    reason = np.select([status == REFUSED, status == UNUSED], [reason, 1], 0)
    t["CODE_REJECT_REASON"] = Cat(reason.astype(np.int16), reasons)
    t["NAME_TYPE_SUITE"] = draw_cat(rng, m, catalog.PREV_TYPE_SUITE)

    # the oldest application of a client is mostly a "New" client's
    oldest = np.full(n, 0.0)
    np.minimum.at(oldest, parent, days_decision)
    first = days_decision == oldest[parent]
    client_type = np.where(first & (rng.random(m) < 0.7), 1,
                           draw_codes(rng, m, [0.9, 0.0, 0.099, 0.001]))
    t["NAME_CLIENT_TYPE"] = Cat(client_type.astype(np.int16), catalog.CLIENT_TYPE)

    goods_names = tuple(catalog.GOODS_CATEGORY)
    goods = draw_codes(rng, m, [v[0] for v in catalog.GOODS_CATEGORY.values()])
    consumer = contract == CONSUMER
    t["NAME_GOODS_CATEGORY"] = Cat(np.where(consumer, goods, len(goods_names)).astype(np.int16), (*goods_names, "XNA"))
    vehicle = consumer & (goods == goods_names.index("Vehicles")) & (rng.random(m) < 0.15)
    portfolio = np.select([canceled | (contract == XNA_CONTRACT), vehicle, consumer, contract == CASH],
                          [0, 4, 1, 2], 3)
    t["NAME_PORTFOLIO"] = Cat(portfolio.astype(np.int16), ("XNA", "POS", "Cash", "Cards", "Cars"))
    walk_in = rng.random(m) < np.where(contract == CASH, 0.25, 0.45)
    product_type = np.where(consumer | canceled | (contract == XNA_CONTRACT), 0, np.where(walk_in, 2, 1))
    t["NAME_PRODUCT_TYPE"] = Cat(product_type.astype(np.int16), ("XNA", "x-sell", "walk-in"))

    channel_levels = tuple(dict.fromkeys([*catalog.CHANNEL_CASH, *catalog.CHANNEL_CONSUMER, *catalog.CHANNEL_CARD]))
    channel = np.zeros(m, dtype=np.int16)
    for kind, weights in ((CASH, catalog.CHANNEL_CASH), (CONSUMER, catalog.CHANNEL_CONSUMER),
                          (REVOLVING, catalog.CHANNEL_CARD), (XNA_CONTRACT, catalog.CHANNEL_CARD)):
        draw = draw_codes(rng, m, list(weights.values()))
        mapping = np.array([channel_levels.index(k) for k in weights])
        channel = np.where(contract == kind, mapping[draw], channel)
    t["CHANNEL_TYPE"] = Cat(channel.astype(np.int16), channel_levels)
    area = np.minimum(np.round(np.exp(rng.normal(3.8, 1.6, m))), 4000000)
    t["SELLERPLACE_AREA"] = np.where(consumer, area, -1).astype(np.int64)
    industries = ("XNA", *dict.fromkeys(v[1] for v in catalog.GOODS_CATEGORY.values()))
    ind_of_goods = np.array([industries.index(v[1]) for v in catalog.GOODS_CATEGORY.values()])
    t["NAME_SELLER_INDUSTRY"] = Cat(np.where(consumer, ind_of_goods[goods], 0).astype(np.int16), industries)

    yield_levels = ("XNA", *catalog.YIELD_GROUP)
    yld = 1 + draw_codes(rng, m, list(catalog.YIELD_GROUP.values()))
    yld = np.where(canceled | (contract == XNA_CONTRACT) | (contract == REVOLVING), 0, yld)
    t["NAME_YIELD_GROUP"] = Cat(yld.astype(np.int16), yield_levels)
    t["CNT_PAYMENT"] = cnt
    t["PRODUCT_COMBINATION"] = _product_combination(contract, canceled, walk_in, yld, goods)

    # schedule of approved loans
    instalment_loan = approved & ((contract == CASH) | consumer)
    first_due = days_decision + np.round(rng.uniform(10, 45, m))
    started = instalment_loan & (first_due < 0)
    early = rng.random(m) < 0.25
    n_inst = np.where(early, np.maximum(1, np.floor(cnt * rng.uniform(0.3, 0.9, m))), cnt)
    last_due_1st = first_due + 30 * (cnt - 1)
    last_due = first_due + 30 * (n_inst - 1)
    card_ok = approved & (contract == REVOLVING)
    drawing = np.where(card_ok & (rng.random(m) < 0.7),
                       np.minimum(days_decision + np.round(rng.exponential(90, m)), -1), NOT_APPLICABLE_DAYS)
    t["DAYS_FIRST_DRAWING"] = np.where(card_ok, drawing, np.where(instalment_loan, NOT_APPLICABLE_DAYS, np.nan))
    t["DAYS_FIRST_DUE"] = np.where(started, first_due, np.where(instalment_loan | card_ok, NOT_APPLICABLE_DAYS, np.nan))
    t["DAYS_LAST_DUE_1ST_VERSION"] = np.where(started, last_due_1st,
                                              np.where(instalment_loan | card_ok, NOT_APPLICABLE_DAYS, np.nan))
    done = started & (last_due < 0)
    t["DAYS_LAST_DUE"] = np.where(done, last_due, np.where(instalment_loan | card_ok, NOT_APPLICABLE_DAYS, np.nan))
    termination = np.minimum(last_due + np.round(rng.uniform(0, 12, m)), -1)
    t["DAYS_TERMINATION"] = np.where(done, termination, np.where(instalment_loan | card_ok, NOT_APPLICABLE_DAYS, np.nan))
    insured = rng.random(m) < np.where(contract == CASH, 0.55, 0.2)
    t["NFLAG_INSURED_ON_APPROVAL"] = np.where(approved, np.where(contract == REVOLVING, 0.0, insured * 1.0), np.nan)

    refused_share, _ = per_group_mean(parent, (status == REFUSED).astype(np.float64), n)
    return PreviousApplications(
        table=t, parent=parent, prev_id=prev_id, contract=contract, status=status,
        days_decision=days_decision, cnt_payment=cnt, annuity=annuity, credit=credit,
        first_due=np.where(started, first_due, np.nan), n_instalments=n_inst,
        count=count, refused_share=refused_share,
    )


def _product_combination(contract: np.ndarray, canceled: np.ndarray, walk_in: np.ndarray,
                         yld: np.ndarray, goods: np.ndarray) -> Cat:
    levels = catalog.PRODUCT_COMBINATION
    families = np.array([levels.index(f"POS {f[2]} with interest") if f[2] != "other"
                         else levels.index("POS other with interest")
                         for f in catalog.GOODS_CATEGORY.values()])
    free = np.array([levels.index(f"POS {f[2]} without interest") if f[2] != "other"
                     else levels.index("POS others without interest")
                     for f in catalog.GOODS_CATEGORY.values()])
    interest_free = yld == 4  # low_action
    pos = np.where(interest_free, free[goods], families[goods])
    band = np.array(["", "middle", "high", "low", "low"])[yld]
    cash = np.full(len(contract), levels.index("Cash"))
    for b in ("low", "middle", "high"):
        cash = np.where((band == b) & walk_in, levels.index(f"Cash Street: {b}"), cash)
        cash = np.where((band == b) & ~walk_in, levels.index(f"Cash X-Sell: {b}"), cash)
    cash = np.where(canceled, levels.index("Cash"), cash)
    card = np.where(walk_in, levels.index("Card Street"), levels.index("Card X-Sell"))
    codes = np.select([contract == CONSUMER, contract == CASH, contract == REVOLVING], [pos, cash, card], -1)
    return Cat(codes.astype(np.int16), levels)
