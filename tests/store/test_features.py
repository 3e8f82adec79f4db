"""The DuckDB feature pipeline: hand-checked values, aggregates, transactions, what-if path."""

from __future__ import annotations

import math
import time

import duckdb
import numpy as np
import pandas as pd
import pytest

from creditdesk.errors import Cancelled, InputError, StoreError
from creditdesk.store import features_sql as fsql
from creditdesk.store import schema
from creditdesk.store.dictionary import DataDictionary
from creditdesk.store.features import (
    aggregate_columns,
    application_features,
    build_features,
    feature_columns,
)

HAND_CHECKED = 100002


def _row(con, table: str, client: int) -> dict:
    frame = con.execute(f"SELECT * FROM {table} WHERE SK_ID_CURR = ?", [client]).df()
    return frame.iloc[0].to_dict()


def test_features_table_shape(con):
    names = feature_columns(con)
    assert names == list(fsql.FEATURES)
    assert 120 <= len(names) <= 200
    types = dict(
        con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'features'"
        ).fetchall()
    )
    assert types[schema.ID] == "BIGINT"
    assert {types[n] for n in names} == {"DOUBLE"}
    n_app = con.execute("SELECT COUNT(*) FROM application").fetchone()[0]
    assert con.execute("SELECT COUNT(*), COUNT(DISTINCT SK_ID_CURR) FROM features").fetchone() == (
        n_app,
        n_app,
    )
    assert aggregate_columns(con) == list(fsql.AGGREGATE_FEATURES)


def test_hand_checked_application_features(con):
    f = _row(con, "features", HAND_CHECKED)
    assert math.isnan(f["DAYS_EMPLOYED"])
    assert f["DAYS_EMPLOYED_ANOM"] == 1.0
    assert math.isnan(f["DAYS_EMPLOYED_PERC"])
    assert f["INCOME_CREDIT_PERC"] == pytest.approx(202500.0 / 406597.5, rel=1e-12)
    assert f["ANNUITY_INCOME_PERC"] == pytest.approx(24700.5 / 202500.0, rel=1e-12)
    assert f["PAYMENT_RATE"] == pytest.approx(24700.5 / 406597.5, rel=1e-12)
    assert f["INCOME_PER_PERSON"] == pytest.approx(101250.0)
    assert f["CREDIT_GOODS_RATIO"] == pytest.approx(406597.5 / 351000.0, rel=1e-12)
    assert f["EXT_SOURCES_MEAN"] == pytest.approx((0.262949 + 0.139376) / 2, rel=1e-12)
    assert f["DAYS_BIRTH"] == -23000.0
    cats = DataDictionary.load().categories()
    assert f["NAME_INCOME_TYPE"] == cats["NAME_INCOME_TYPE"].index("Pensioner")
    assert f["ORGANIZATION_TYPE"] == cats["ORGANIZATION_TYPE"].index("XNA")
    assert f["CODE_GENDER"] == cats["CODE_GENDER"].index("M")
    assert math.isnan(f["OCCUPATION_TYPE"])  # missing in the file


def test_anomaly_flag_matches_raw_sentinel(con):
    raw = con.execute("SELECT COUNT(*) FROM application WHERE DAYS_EMPLOYED = 365243").fetchone()[0]
    flagged = con.execute("SELECT COUNT(*) FROM features WHERE DAYS_EMPLOYED_ANOM = 1").fetchone()[
        0
    ]
    assert raw >= 1 and flagged == raw
    assert (
        con.execute("SELECT COUNT(*) FROM features WHERE DAYS_EMPLOYED = 365243").fetchone()[0] == 0
    )


def test_aggregates_against_raw_rows(con):
    bureau = con.execute("SELECT * FROM bureau").df()
    prev = con.execute("SELECT * FROM previous_application").df()
    inst = con.execute("SELECT * FROM installments_payments").df()
    feats = con.execute("SELECT * FROM features").df().set_index(schema.ID)
    for client, f in feats.iterrows():
        b = bureau[client == bureau.SK_ID_CURR]
        assert f["BURO_COUNT"] == len(b)
        assert f["ACTIVE_COUNT"] == (b.CREDIT_ACTIVE == "Active").sum()
        assert f["CLOSED_COUNT"] == (b.CREDIT_ACTIVE == "Closed").sum()
        if len(b):
            assert f["BURO_AMT_CREDIT_SUM_SUM"] == pytest.approx(b.AMT_CREDIT_SUM.sum())
            assert f["BURO_DAYS_CREDIT_MIN"] == b.DAYS_CREDIT.min()
        else:
            assert math.isnan(f["BURO_AMT_CREDIT_SUM_SUM"])
        p = prev[client == prev.SK_ID_CURR]
        assert f["PREV_COUNT"] == len(p)
        assert f["REFUSED_COUNT"] == (p.NAME_CONTRACT_STATUS == "Refused").sum()
        assert f["APPROVED_COUNT"] == (p.NAME_CONTRACT_STATUS == "Approved").sum()
        if len(p):
            assert f["PREV_APP_CREDIT_PERC_MEAN"] == pytest.approx(
                (p.AMT_APPLICATION / p.AMT_CREDIT).mean()
            )
            term = p.DAYS_TERMINATION[p.DAYS_TERMINATION != 365243]
            if len(term):
                assert f["PREV_DAYS_TERMINATION_MAX"] == term.max()
            else:
                assert math.isnan(f["PREV_DAYS_TERMINATION_MAX"])
        i = inst[client == inst.SK_ID_CURR]
        assert f["INSTAL_COUNT"] == len(i)
        if len(i):
            dpd = (i.DAYS_ENTRY_PAYMENT - i.DAYS_INSTALMENT).clip(lower=0)
            assert f["INSTAL_DPD_MEAN"] == pytest.approx(dpd.mean())
            assert f["INSTAL_PAYMENT_DIFF_SUM"] == pytest.approx(
                (i.AMT_INSTALMENT - i.AMT_PAYMENT).sum()
            )
            assert f["INSTAL_IS_LATE_MEAN"] == pytest.approx(
                (i.DAYS_ENTRY_PAYMENT > i.DAYS_INSTALMENT).mean()
            )


def test_clients_without_history_have_zero_counts(con):
    rows = con.execute("SELECT * FROM features WHERE BURO_COUNT = 0 AND PREV_COUNT = 0").df()
    assert len(rows) > 0
    for prefix in ("BURO_", "PREV_", "INSTAL_", "POS_"):
        assert (rows[f"{prefix}COUNT"] == 0).all()
    assert rows["BURO_DAYS_CREDIT_MEAN"].isna().all()
    assert rows["PREV_AMT_CREDIT_MEAN"].isna().all()


def test_bureau_balance_months(con):
    expected = con.execute("""
        SELECT b.SK_ID_CURR, COUNT(bb.STATUS) FILTER (WHERE bb.STATUS IN ('1','2','3','4','5'))
        FROM bureau b LEFT JOIN bureau_balance bb USING (SK_ID_BUREAU) GROUP BY 1""").fetchall()
    got = dict(con.execute("SELECT SK_ID_CURR, BURO_BB_DPD_MONTHS_SUM FROM features").fetchall())
    for client, months in expected:
        assert (got[client] or 0) == months


def test_build_is_one_transaction(store_copy):
    con = duckdb.connect(str(store_copy))
    before = con.execute("SELECT * FROM features ORDER BY SK_ID_CURR").df()
    con.execute("UPDATE application SET AMT_INCOME_TOTAL = AMT_INCOME_TOTAL * 2")

    def cancel_midway(fraction: float, message: str) -> None:
        if fraction > 0.5:
            raise Cancelled("stop")

    with pytest.raises(Cancelled):
        build_features(con, cancel_midway)
    after = con.execute("SELECT * FROM features ORDER BY SK_ID_CURR").df()
    pd.testing.assert_frame_equal(before, after, check_exact=True)
    temp = con.execute("SELECT COUNT(*) FROM duckdb_tables() WHERE temporary").fetchone()[0]
    assert temp == 0
    names = build_features(con)  # and a full build goes through
    assert names == feature_columns(con)
    changed = con.execute("SELECT INCOME_CREDIT_PERC FROM features ORDER BY SK_ID_CURR").df()
    assert np.allclose(changed.INCOME_CREDIT_PERC, before.INCOME_CREDIT_PERC * 2, equal_nan=True)
    con.close()


def test_build_without_application_refused(tmp_path):
    con = duckdb.connect(str(tmp_path / "empty.duckdb"))
    with pytest.raises(StoreError, match="no application table"):
        build_features(con)
    con.close()


def test_build_with_missing_companion_tables(tmp_path, con):
    app = con.execute("SELECT * FROM application").df()
    target = duckdb.connect(str(tmp_path / "app_only.duckdb"))
    target.execute(schema.create_table_sql(schema.APPLICATION))
    target.execute("INSERT INTO application SELECT * FROM app")
    build_features(target)
    counts = target.execute(
        "SELECT SUM(BURO_COUNT), SUM(PREV_COUNT), COUNT(*) FROM features"
    ).fetchone()
    assert counts == (0.0, 0.0, len(app))
    target.close()


# --------------------------------------------------------------------------- what-if path


def test_application_features_reproduce_stored_rows(con):
    app = con.execute("SELECT * FROM application ORDER BY SK_ID_CURR").df()
    aggs = con.execute("SELECT * FROM client_aggregates ORDER BY SK_ID_CURR").df()
    stored = con.execute("SELECT * FROM features ORDER BY SK_ID_CURR").df()
    many = application_features(app, aggs)  # the DataFrame scan path
    assert list(many.columns) == list(stored.columns)
    pd.testing.assert_frame_equal(many, stored, check_dtype=False, check_exact=True)
    for i in range(len(app)):  # the one-row prepared path
        one = application_features(app.iloc[[i]], aggs.iloc[[i]])
        pd.testing.assert_frame_equal(
            one, stored.iloc[[i]].reset_index(drop=True), check_dtype=False, check_exact=True
        )
    as_dict = application_features(app.iloc[0].to_dict(), aggs.iloc[0].to_dict())
    pd.testing.assert_frame_equal(
        as_dict, stored.iloc[[0]].reset_index(drop=True), check_dtype=False, check_exact=True
    )


def test_editing_income_moves_every_income_ratio(con):
    app = con.execute("SELECT * FROM application WHERE SK_ID_CURR = ?", [HAND_CHECKED]).df()
    aggs = con.execute("SELECT * FROM client_aggregates WHERE SK_ID_CURR = ?", [HAND_CHECKED]).df()
    base = application_features(app, aggs).iloc[0]
    edited = app.copy()
    edited["AMT_INCOME_TOTAL"] = 405000.0
    moved = application_features(edited, aggs).iloc[0]
    changed = {
        c
        for c in base.index
        if not (base[c] == moved[c] or (pd.isna(base[c]) and pd.isna(moved[c])))
    }
    assert changed == {
        "AMT_INCOME_TOTAL",
        "INCOME_CREDIT_PERC",
        "ANNUITY_INCOME_PERC",
        "INCOME_PER_PERSON",
    }
    assert moved["INCOME_CREDIT_PERC"] == pytest.approx(405000.0 / 406597.5)
    assert moved["ANNUITY_INCOME_PERC"] == pytest.approx(24700.5 / 405000.0)
    assert moved["INCOME_PER_PERSON"] == pytest.approx(202500.0)


def test_editing_employment_and_categories(con):
    app = con.execute("SELECT * FROM application WHERE SK_ID_CURR = ?", [HAND_CHECKED]).df()
    row = app.iloc[0].to_dict()
    row["DAYS_EMPLOYED"] = -3.5 * 365.25  # 3.5 years, from a slider in years
    row["NAME_CONTRACT_TYPE"] = "Revolving loans"
    row["OCCUPATION_TYPE"] = "No such occupation"
    f = application_features(row).iloc[0]
    assert f["DAYS_EMPLOYED"] == -1278.0  # stored as whole days, like the table
    assert f["DAYS_EMPLOYED_ANOM"] == 0.0
    assert f["DAYS_EMPLOYED_PERC"] == pytest.approx(-1278.0 / -23000.0)
    assert f["NAME_CONTRACT_TYPE"] == 1.0
    assert math.isnan(f["OCCUPATION_TYPE"])
    assert np.isnan(
        f[list(fsql.AGGREGATE_FEATURES)].to_numpy(dtype=float)
    ).all()  # no aggregates given


def test_missing_columns_count_as_missing():
    f = application_features(
        {"SK_ID_CURR": 1, "AMT_INCOME_TOTAL": 100000.0, "AMT_CREDIT": 50000.0}
    ).iloc[0]
    assert f["INCOME_CREDIT_PERC"] == 2.0
    assert math.isnan(f["PAYMENT_RATE"]) and math.isnan(f["TARGET"])
    assert f["DAYS_EMPLOYED_ANOM"] == 0.0


def test_zero_denominators_give_missing_not_infinity():
    f = application_features(
        {
            "SK_ID_CURR": 1,
            "AMT_INCOME_TOTAL": 0.0,
            "AMT_CREDIT": 0.0,
            "AMT_ANNUITY": 100.0,
            "CNT_FAM_MEMBERS": 0.0,
        }
    ).iloc[0]
    for name in ("INCOME_CREDIT_PERC", "ANNUITY_INCOME_PERC", "PAYMENT_RATE", "INCOME_PER_PERSON"):
        assert math.isnan(f[name])


def test_one_row_is_fast(con):
    app = con.execute("SELECT * FROM application WHERE SK_ID_CURR = ?", [HAND_CHECKED]).df()
    aggs = con.execute("SELECT * FROM client_aggregates WHERE SK_ID_CURR = ?", [HAND_CHECKED]).df()
    application_features(app, aggs)
    times = []
    for _ in range(40):
        started = time.perf_counter()
        application_features(app, aggs)
        times.append(time.perf_counter() - started)
    # target < 3 ms on an idle machine; generous here because the test machine is shared
    assert min(times) < 0.010, f"fastest one-row call took {min(times) * 1000:.1f} ms"


@pytest.mark.parametrize(
    "value",
    [10**400, "a lot", float("inf"), 2.0**70, b"\x00"],
    ids=["huge", "text", "inf", "2^70", "bytes"],
)
def test_absurd_values_are_refused_or_kept_missing(value):
    row = {"SK_ID_CURR": 1, "AMT_CREDIT": 100000.0, "DAYS_BIRTH": value}
    frame = pd.DataFrame([row] * 10, dtype=object)  # the DataFrame path too
    for given in (row, frame):
        try:
            out = application_features(given)
        except InputError as exc:
            assert "DAYS_BIRTH" in str(exc) or "cannot be computed" in str(exc)
        else:
            assert out["AMT_CREDIT"].iloc[0] == 100000.0
