"""Writes ``data/fixtures/``: tiny Home Credit CSV files with the real headers.

30 clients in application_train.csv, 6 in application_test.csv, and a few
rows per client in each companion file, deterministic. Client 100002 is the
hand-checked one (tests/store/test_features.py): a pensioner with
DAYS_EMPLOYED = 365243 and round amounts. Run ``python -m tests.store.make_fixtures``.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from creditdesk.store import schema
from creditdesk.store.dictionary_labels import CATEGORIES

OUT = Path(__file__).resolve().parents[2] / "data" / "fixtures"
N_TRAIN, N_TEST = 30, 6
FIRST_ID = 100002


def _levels(name: str) -> list[str]:
    return [v for v, _, _ in CATEGORIES[name]]


def _application_row(rng: random.Random, sk_id: int, target: int | None) -> dict:
    row: dict = {}
    for column in schema.columns(schema.APPLICATION):
        if column in CATEGORIES:
            levels = _levels(column)
            row[column] = rng.choice(levels[: max(2, len(levels) // 2)])
        elif column.startswith("FLAG_DOCUMENT_"):
            row[column] = 1 if (column == "FLAG_DOCUMENT_3" and rng.random() < 0.7) else 0
        elif column.startswith("FLAG_"):
            row[column] = 1 if rng.random() < 0.6 else 0
        elif column.endswith(("_AVG", "_MODE", "_MEDI")):
            row[column] = "" if rng.random() < 0.5 else round(rng.random(), 4)
        elif column.startswith(("REG_", "LIVE_")):
            row[column] = 1 if rng.random() < 0.1 else 0
        elif column.startswith("AMT_REQ_"):
            row[column] = "" if rng.random() < 0.15 else float(rng.randint(0, 3))
        elif column.endswith("SOCIAL_CIRCLE"):
            row[column] = float(rng.randint(0, 4))
        else:
            row[column] = None
    income = rng.choice([90000.0, 112500.0, 135000.0, 157500.0, 202500.0, 270000.0])
    credit = float(rng.randrange(150_000, 1_200_000, 4_500))
    children = rng.choice([0, 0, 0, 1, 2])
    row.update(
        SK_ID_CURR=sk_id,
        TARGET="" if target is None else target,
        CNT_CHILDREN=children,
        AMT_INCOME_TOTAL=income,
        AMT_CREDIT=credit,
        AMT_ANNUITY=round(credit * rng.uniform(0.035, 0.07), 1),
        AMT_GOODS_PRICE=round(credit / rng.uniform(1.0, 1.2) / 4500) * 4500.0,
        REGION_POPULATION_RELATIVE=round(rng.uniform(0.002, 0.07), 6),
        DAYS_BIRTH=-rng.randint(7600, 25000),
        DAYS_EMPLOYED=-rng.randint(100, 6000),
        DAYS_REGISTRATION=float(-rng.randint(0, 15000)),
        DAYS_ID_PUBLISH=-rng.randint(0, 6000),
        OWN_CAR_AGE="",
        CNT_FAM_MEMBERS=float(children + rng.choice([1, 2])),
        REGION_RATING_CLIENT=rng.choice([1, 2, 2, 3]),
        REGION_RATING_CLIENT_W_CITY=rng.choice([1, 2, 3]),
        HOUR_APPR_PROCESS_START=rng.randint(6, 20),
        EXT_SOURCE_1="" if rng.random() < 0.5 else round(rng.uniform(0.05, 0.95), 6),
        EXT_SOURCE_2=round(rng.uniform(0.05, 0.85), 6),
        EXT_SOURCE_3="" if rng.random() < 0.2 else round(rng.uniform(0.05, 0.89), 6),
        DAYS_LAST_PHONE_CHANGE=float(-rng.randint(0, 3000)),
    )
    if row["FLAG_OWN_CAR"] == "Y":
        row["OWN_CAR_AGE"] = float(rng.randint(0, 20))
    if rng.random() < 0.3:
        row["OCCUPATION_TYPE"] = ""
    return row


def _hand_checked(row: dict) -> dict:
    """Client 100002: the pensioner the feature tests check by hand."""
    row.update(
        CNT_CHILDREN=0,
        CNT_FAM_MEMBERS=2.0,
        AMT_INCOME_TOTAL=202500.0,
        AMT_CREDIT=406597.5,
        AMT_ANNUITY=24700.5,
        AMT_GOODS_PRICE=351000.0,
        DAYS_BIRTH=-23000,
        DAYS_EMPLOYED=365243,
        NAME_INCOME_TYPE="Pensioner",
        ORGANIZATION_TYPE="XNA",
        OCCUPATION_TYPE="",
        NAME_CONTRACT_TYPE="Cash loans",
        CODE_GENDER="M",
        FLAG_OWN_CAR="N",
        OWN_CAR_AGE="",
        EXT_SOURCE_1="",
        EXT_SOURCE_2=0.262949,
        EXT_SOURCE_3=0.139376,
        FLAG_EMP_PHONE=0,
    )
    return row


def build() -> dict[str, list[dict]]:
    rng = random.Random(20241125)
    ids = list(range(FIRST_ID, FIRST_ID + N_TRAIN + N_TEST))
    train = [_application_row(rng, i, rng.choice([0] * 11 + [1])) for i in ids[:N_TRAIN]]
    train[0] = _hand_checked(train[0])
    train[1]["TARGET"] = 1
    test = [_application_row(rng, i, None) for i in ids[N_TRAIN:]]
    for row in test:
        del row["TARGET"]
    tables: dict[str, list[dict]] = {"application_train": train, "application_test": test}
    bureau, balance, prev, pos, inst, card = [], [], [], [], [], []
    bureau_id, prev_id = 5714462, 1038818
    for n, sk_id in enumerate(ids):
        if n % 5 == 4:
            continue  # some clients have no history at all
        for k in range(rng.randint(1, 3)):
            active = "Active" if k == 0 else rng.choice(["Closed", "Closed", "Active", "Sold"])
            days_credit = -rng.randint(100, 2800)
            bureau.append(
                dict(
                    SK_ID_CURR=sk_id,
                    SK_ID_BUREAU=bureau_id,
                    CREDIT_ACTIVE=active,
                    CREDIT_CURRENCY="currency 1",
                    DAYS_CREDIT=days_credit,
                    CREDIT_DAY_OVERDUE=rng.choice([0, 0, 0, 15]),
                    DAYS_CREDIT_ENDDATE=float(days_credit + rng.randint(300, 3000)),
                    DAYS_ENDDATE_FACT=""
                    if active == "Active"
                    else float(days_credit + rng.randint(100, 900)),
                    AMT_CREDIT_MAX_OVERDUE=""
                    if rng.random() < 0.5
                    else round(rng.uniform(0, 9000), 2),
                    CNT_CREDIT_PROLONG=rng.choice([0, 0, 1]),
                    AMT_CREDIT_SUM=float(rng.randrange(20_000, 900_000, 500)),
                    AMT_CREDIT_SUM_DEBT=float(rng.randrange(0, 300_000, 500))
                    if active == "Active"
                    else 0.0,
                    AMT_CREDIT_SUM_LIMIT="" if rng.random() < 0.4 else 0.0,
                    AMT_CREDIT_SUM_OVERDUE=0.0 if rng.random() < 0.9 else 1250.5,
                    CREDIT_TYPE=rng.choice(["Consumer credit", "Credit card", "Car loan"]),
                    DAYS_CREDIT_UPDATE=-rng.randint(0, 900),
                    AMT_ANNUITY="" if rng.random() < 0.6 else float(rng.randrange(0, 40_000, 100)),
                )
            )
            for month in range(rng.randint(0, 6)):
                balance.append(
                    dict(
                        SK_ID_BUREAU=bureau_id,
                        MONTHS_BALANCE=-month,
                        STATUS=rng.choice(["0", "0", "C", "X", "1", "2"]),
                    )
                )
            bureau_id += 1
        for _ in range(rng.randint(0, 3)):
            status = rng.choice(["Approved", "Approved", "Refused", "Canceled", "Unused offer"])
            asked = float(rng.randrange(20_000, 600_000, 500))
            granted = asked * rng.choice([1.0, 1.1, 0.9]) if status == "Approved" else asked
            prev.append(
                dict(
                    SK_ID_PREV=prev_id,
                    SK_ID_CURR=sk_id,
                    NAME_CONTRACT_TYPE=rng.choice(
                        ["Consumer loans", "Cash loans", "Revolving loans"]
                    ),
                    AMT_ANNUITY=round(granted * 0.08, 2),
                    AMT_APPLICATION=asked,
                    AMT_CREDIT=round(granted, 2),
                    AMT_DOWN_PAYMENT="" if rng.random() < 0.5 else 0.0,
                    AMT_GOODS_PRICE=asked,
                    WEEKDAY_APPR_PROCESS_START=rng.choice(_levels("WEEKDAY_APPR_PROCESS_START")),
                    HOUR_APPR_PROCESS_START=rng.randint(6, 20),
                    FLAG_LAST_APPL_PER_CONTRACT="Y",
                    NFLAG_LAST_APPL_IN_DAY=1,
                    RATE_DOWN_PAYMENT="" if rng.random() < 0.5 else 0.0,
                    RATE_INTEREST_PRIMARY="",
                    RATE_INTEREST_PRIVILEGED="",
                    NAME_CASH_LOAN_PURPOSE="XAP",
                    NAME_CONTRACT_STATUS=status,
                    DAYS_DECISION=-rng.randint(10, 2900),
                    NAME_PAYMENT_TYPE="Cash through the bank",
                    CODE_REJECT_REASON="XAP" if status != "Refused" else "HC",
                    NAME_TYPE_SUITE="",
                    NAME_CLIENT_TYPE="Repeater",
                    NAME_GOODS_CATEGORY="Mobile",
                    NAME_PORTFOLIO="POS",
                    NAME_PRODUCT_TYPE="XNA",
                    CHANNEL_TYPE="Country-wide",
                    SELLERPLACE_AREA=rng.randint(-1, 200),
                    NAME_SELLER_INDUSTRY="Connectivity",
                    CNT_PAYMENT=float(rng.choice([6, 12, 24])),
                    NAME_YIELD_GROUP="middle",
                    PRODUCT_COMBINATION="POS mobile with interest",
                    DAYS_FIRST_DRAWING=365243.0,
                    DAYS_FIRST_DUE=float(-rng.randint(10, 2800)),
                    DAYS_LAST_DUE_1ST_VERSION=float(rng.randint(-2500, 300)),
                    DAYS_LAST_DUE=rng.choice([365243.0, float(-rng.randint(10, 2000))]),
                    DAYS_TERMINATION=rng.choice([365243.0, float(-rng.randint(10, 2000))]),
                    NFLAG_INSURED_ON_APPROVAL=float(rng.randint(0, 1)),
                )
            )
            if status == "Approved":
                for month in range(1, rng.randint(2, 5)):
                    pos.append(
                        dict(
                            SK_ID_PREV=prev_id,
                            SK_ID_CURR=sk_id,
                            MONTHS_BALANCE=-month,
                            CNT_INSTALMENT=12.0,
                            CNT_INSTALMENT_FUTURE=float(12 - month),
                            NAME_CONTRACT_STATUS=rng.choice(["Active", "Active", "Completed"]),
                            SK_DPD=rng.choice([0, 0, 0, 7]),
                            SK_DPD_DEF=0,
                        )
                    )
                    due_day = -30.0 * month
                    due = round(granted * 0.08 / 12, 3)
                    inst.append(
                        dict(
                            SK_ID_PREV=prev_id,
                            SK_ID_CURR=sk_id,
                            NUM_INSTALMENT_VERSION=1.0,
                            NUM_INSTALMENT_NUMBER=month,
                            DAYS_INSTALMENT=due_day,
                            DAYS_ENTRY_PAYMENT=due_day + rng.choice([-5, -1, 0, 0, 3, 12]),
                            AMT_INSTALMENT=due,
                            AMT_PAYMENT=rng.choice([due, due, round(due / 2, 3)]),
                        )
                    )
            prev_id += 1
        if n % 3 == 0:
            for month in range(1, 4):
                limit = rng.choice([45000, 90000, 135000])
                bal = round(rng.uniform(0, limit), 3)
                card.append(
                    dict(
                        SK_ID_PREV=prev_id,
                        SK_ID_CURR=sk_id,
                        MONTHS_BALANCE=-month,
                        AMT_BALANCE=bal,
                        AMT_CREDIT_LIMIT_ACTUAL=limit,
                        AMT_DRAWINGS_ATM_CURRENT=0.0,
                        AMT_DRAWINGS_CURRENT=round(rng.uniform(0, 20000), 2),
                        AMT_DRAWINGS_OTHER_CURRENT=0.0,
                        AMT_DRAWINGS_POS_CURRENT=0.0,
                        AMT_INST_MIN_REGULARITY=round(bal * 0.05, 2),
                        AMT_PAYMENT_CURRENT=round(bal * 0.1, 2),
                        AMT_PAYMENT_TOTAL_CURRENT=round(bal * 0.1, 2),
                        AMT_RECEIVABLE_PRINCIPAL=bal,
                        AMT_RECIVABLE=bal,
                        AMT_TOTAL_RECEIVABLE=bal,
                        CNT_DRAWINGS_ATM_CURRENT=0.0,
                        CNT_DRAWINGS_CURRENT=rng.randint(0, 5),
                        CNT_DRAWINGS_OTHER_CURRENT=0.0,
                        CNT_DRAWINGS_POS_CURRENT=0.0,
                        CNT_INSTALMENT_MATURE_CUM=float(month),
                        NAME_CONTRACT_STATUS="Active",
                        SK_DPD=rng.choice([0, 0, 3]),
                        SK_DPD_DEF=0,
                    )
                )
            prev_id += 1
    tables.update(
        bureau=bureau,
        bureau_balance=balance,
        previous_application=prev,
        POS_CASH_balance=pos,
        installments_payments=inst,
        credit_card_balance=card,
    )
    return tables


def _cell(value) -> str:
    if value is None or value == "":
        return ""
    return str(value)


def write(out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in build().items():
        table = schema.APPLICATION if name.startswith("application") else name
        header = schema.columns(table)
        if name == "application_test":
            header = [c for c in header if c != schema.TARGET]
        with (out / f"{name}.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow([_cell(row.get(c)) for c in header])


if __name__ == "__main__":
    write()
    print(f"wrote {OUT}")
