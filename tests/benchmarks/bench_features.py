"""Feature pipeline benchmark: DuckDB SQL against a straightforward pandas version.

    python tests/benchmarks/bench_features.py --clients 307511

Generates (or reuses) a store of N clients without features, then in one run
times ``build_features`` (DuckDB, writes ``features`` and ``client_aggregates``
into the store) and the same computations in pandas (groupby/agg over
DataFrames already loaded in memory: loading time is shown but not counted),
checks that both give the same values and prints both times and the ratio.
Targets: DuckDB <= 60 s at 307,511 clients and >= 10x faster than pandas.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from creditdesk.store import features_sql as fsql  # noqa: E402
from creditdesk.store import schema  # noqa: E402
from creditdesk.store.dictionary import DataDictionary  # noqa: E402

_DPD_STATUS = ["1", "2", "3", "4", "5"]
_PREV_DAYS = [
    "DAYS_FIRST_DRAWING",
    "DAYS_FIRST_DUE",
    "DAYS_LAST_DUE_1ST_VERSION",
    "DAYS_LAST_DUE",
    "DAYS_TERMINATION",
]


# --------------------------------------------------------------------------- pandas reference


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    return num / den.where(den != 0)


def load_tables(con) -> dict[str, pd.DataFrame]:
    """The columns each computation needs, as pandas DataFrames (strings as categoricals)."""
    needed: dict[str, set[str]] = {
        schema.APPLICATION: set(fsql.APP_INPUTS),
        schema.BUREAU: {"SK_ID_CURR", "SK_ID_BUREAU", "CREDIT_ACTIVE"},
        schema.BUREAU_BALANCE: {"SK_ID_BUREAU", "MONTHS_BALANCE", "STATUS"},
        schema.PREVIOUS_APPLICATION: {
            "SK_ID_CURR",
            "AMT_APPLICATION",
            "AMT_CREDIT",
            "NAME_CONTRACT_STATUS",
            *_PREV_DAYS,
        },
        schema.POS_CASH_BALANCE: {"SK_ID_CURR", "NAME_CONTRACT_STATUS"},
        schema.INSTALLMENTS_PAYMENTS: {
            "SK_ID_CURR",
            "AMT_PAYMENT",
            "AMT_INSTALMENT",
            "DAYS_ENTRY_PAYMENT",
            "DAYS_INSTALMENT",
        },
        schema.CREDIT_CARD_BALANCE: {"SK_ID_CURR", "AMT_BALANCE", "AMT_CREDIT_LIMIT_ACTUAL"},
    }
    for family in fsql.FAMILIES:
        table = fsql.ROW_SOURCE[family.rows]
        needed[table] |= {c for c, _ in family.aggs if c in schema.columns(table)}
    out = {}
    for table, cols in needed.items():
        ordered = [c for c in schema.columns(table) if c in cols]
        sql = f"SELECT {', '.join(fsql.quote(c) for c in ordered)} FROM {fsql.quote(table)}"
        out[table] = (
            con.sql(sql).to_arrow_table().to_pandas(strings_to_categorical=True)
            if table != schema.APPLICATION
            else con.execute(sql).df()
        )
    return out


def pandas_rows(t: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The per-row relations of features_sql.ROW_SQL, in pandas."""
    bb = t[schema.BUREAU_BALANCE]
    bb = bb.assign(DPD=bb["STATUS"].isin(_DPD_STATUS).astype("float64"))
    g = bb.groupby("SK_ID_BUREAU", observed=True)
    per_credit = pd.DataFrame(
        {
            "BB_MONTHS_BALANCE_MIN": g["MONTHS_BALANCE"].min().astype("float64"),
            "BB_MONTHS_COUNT": g.size().astype("float64"),
            "BB_DPD_MONTHS": g["DPD"].sum(),
        }
    )
    per_credit["BB_DPD_SHARE"] = _ratio(per_credit["BB_DPD_MONTHS"], per_credit["BB_MONTHS_COUNT"])
    bureau = t[schema.BUREAU].merge(
        per_credit, left_on="SK_ID_BUREAU", right_index=True, how="left"
    )
    bureau["IS_ACTIVE"] = (bureau["CREDIT_ACTIVE"] == "Active").astype("float64")

    prev = t[schema.PREVIOUS_APPLICATION].copy()
    for column in _PREV_DAYS:
        prev[column] = prev[column].where(prev[column] != fsql.DAYS_SENTINEL)
    prev["APP_CREDIT_PERC"] = _ratio(prev["AMT_APPLICATION"], prev["AMT_CREDIT"])
    prev["IS_REFUSED"] = (prev["NAME_CONTRACT_STATUS"] == "Refused").astype("float64")

    pos = t[schema.POS_CASH_BALANCE].copy()
    pos["IS_COMPLETED"] = (pos["NAME_CONTRACT_STATUS"] == "Completed").astype("float64")

    inst = t[schema.INSTALLMENTS_PAYMENTS].copy()
    inst["PAYMENT_PERC"] = _ratio(inst["AMT_PAYMENT"], inst["AMT_INSTALMENT"])
    inst["PAYMENT_DIFF"] = inst["AMT_INSTALMENT"] - inst["AMT_PAYMENT"]
    late = inst["DAYS_ENTRY_PAYMENT"] - inst["DAYS_INSTALMENT"]
    inst["DPD"] = late.clip(lower=0).fillna(0.0)  # like SQL GREATEST(x, 0): a missing date gives 0
    inst["DBD"] = (-late).clip(lower=0).fillna(0.0)
    inst["IS_LATE"] = (late > 0).astype("float64")

    cc = t[schema.CREDIT_CARD_BALANCE].copy()
    cc["BALANCE_LIMIT_RATIO"] = _ratio(
        cc["AMT_BALANCE"], cc["AMT_CREDIT_LIMIT_ACTUAL"].astype("float64")
    )
    return {
        "bureau_rows": bureau,
        "prev_rows": prev,
        "pos_rows": pos,
        "inst_rows": inst,
        "cc_rows": cc,
    }


_FILTERS = {
    "CREDIT_ACTIVE = 'Active'": ("CREDIT_ACTIVE", "Active"),
    "CREDIT_ACTIVE = 'Closed'": ("CREDIT_ACTIVE", "Closed"),
    "NAME_CONTRACT_STATUS = 'Approved'": ("NAME_CONTRACT_STATUS", "Approved"),
    "NAME_CONTRACT_STATUS = 'Refused'": ("NAME_CONTRACT_STATUS", "Refused"),
}


def pandas_aggregates(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """client_aggregates in pandas: one groupby per family, same columns and order."""
    rows = pandas_rows(t)
    ids = pd.Index(np.sort(t[schema.APPLICATION][schema.ID].unique()), name=schema.ID)
    parts = []
    for family in fsql.FAMILIES:
        df = rows[family.rows]
        if family.where:
            column, value = _FILTERS[family.where]
            df = df[df[column] == value]
        g = df.groupby(schema.ID)
        cols = {f"{family.prefix}COUNT": g.size().astype("float64")}
        for column, aggs in family.aggs:
            series = g[column]
            for agg in aggs:
                name = f"{family.prefix}{column}_{agg}"
                if agg == "MIN":
                    cols[name] = series.min()
                elif agg == "MAX":
                    cols[name] = series.max()
                elif agg == "MEAN":
                    cols[name] = series.mean()
                else:
                    cols[name] = series.sum(min_count=1)
        part = pd.DataFrame(cols).astype("float64").reindex(ids)
        part[f"{family.prefix}COUNT"] = part[f"{family.prefix}COUNT"].fillna(0.0)
        parts.append(part)
    return pd.concat(parts, axis=1).reset_index()


def pandas_application(app: pd.DataFrame, categories: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """The application-level features in pandas."""
    out = pd.DataFrame({schema.ID: app[schema.ID], schema.TARGET: app[schema.TARGET]})
    employed = app["DAYS_EMPLOYED"].astype("float64")
    anomaly = employed == fsql.DAYS_SENTINEL
    employed = employed.where(~anomaly)
    for column in fsql.APP_KEPT:
        if column in fsql.APP_CATEGORICAL:
            codes = pd.Categorical(app[column], categories=list(categories.get(column, ()))).codes
            out[column] = np.where(codes >= 0, codes, np.nan)
        elif column == "DAYS_EMPLOYED":
            out[column] = employed
        else:
            out[column] = app[column].astype("float64")
    ext = app[["EXT_SOURCE_1", "EXT_SOURCE_2", "EXT_SOURCE_3"]].astype("float64")
    out["DAYS_EMPLOYED_ANOM"] = anomaly.astype("float64")
    out["DAYS_EMPLOYED_PERC"] = _ratio(employed, app["DAYS_BIRTH"].astype("float64"))
    out["INCOME_CREDIT_PERC"] = _ratio(app["AMT_INCOME_TOTAL"], app["AMT_CREDIT"])
    out["INCOME_PER_PERSON"] = _ratio(app["AMT_INCOME_TOTAL"], app["CNT_FAM_MEMBERS"])
    out["ANNUITY_INCOME_PERC"] = _ratio(app["AMT_ANNUITY"], app["AMT_INCOME_TOTAL"])
    out["PAYMENT_RATE"] = _ratio(app["AMT_ANNUITY"], app["AMT_CREDIT"])
    out["CREDIT_GOODS_RATIO"] = _ratio(app["AMT_CREDIT"], app["AMT_GOODS_PRICE"])
    out["EXT_SOURCES_MEAN"] = ext.fillna(0.0).sum(axis=1) / ext.notna().sum(axis=1).where(
        lambda n: n > 0
    )
    return out


def pandas_features(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The whole ``features`` table in pandas (rows by SK_ID_CURR)."""
    categories = DataDictionary.load().categories()
    app = pandas_application(t[schema.APPLICATION], categories)
    aggs = pandas_aggregates(t)
    out = app.merge(aggs, on=schema.ID, how="left").sort_values(schema.ID, kind="stable")
    return out.reset_index(drop=True)


def compare(
    duck: pd.DataFrame, pand: pd.DataFrame, columns: list[str]
) -> tuple[int, float, list[str]]:
    """(values compared, largest relative difference, columns that disagree)."""
    bad, worst, n = [], 0.0, 0
    for column in columns:
        a = duck[column].to_numpy(dtype="float64")
        b = pand[column].to_numpy(dtype="float64")
        both = ~(np.isnan(a) | np.isnan(b))
        if not np.array_equal(np.isnan(a), np.isnan(b)):
            bad.append(column)
            continue
        if both.any():
            rel = np.abs(a[both] - b[both]) / np.maximum(np.abs(b[both]), 1e-12)
            worst = max(worst, float(rel.max()))
            if not np.allclose(a[both], b[both], rtol=1e-9, atol=1e-9):
                bad.append(column)
        n += len(a)
    return n, worst, bad


# --------------------------------------------------------------------------- run


def time_what_if(con, calls: int = 500) -> np.ndarray:
    """Milliseconds of application_features for one stored client's row and aggregates."""
    from creditdesk.store.features import application_features

    ids = [
        r[0]
        for r in con.execute(
            f"SELECT {schema.ID} FROM {schema.APPLICATION} USING SAMPLE 20 ROWS"
        ).fetchall()
    ]
    rows = [
        (
            con.execute(f"SELECT * FROM {schema.APPLICATION} WHERE {schema.ID} = ?", [i]).df(),
            con.execute(f"SELECT * FROM client_aggregates WHERE {schema.ID} = ?", [i]).df(),
        )
        for i in ids
    ]
    application_features(*rows[0])
    out = []
    for k in range(calls):
        app, aggs = rows[k % len(rows)]
        started = time.perf_counter()
        application_features(app, aggs)
        out.append(time.perf_counter() - started)
    return np.array(out) * 1000.0


def _cpu() -> float:
    """CPU seconds used by this process so far (all threads): a measure the other
    programs sharing the machine do not inflate."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    import duckdb

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=307_511)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--store", type=Path, help="store to reuse or create (default data/stores/bench_N.duckdb)"
    )
    parser.add_argument(
        "--threads", type=int, default=None, help="DuckDB threads (default: all cores)"
    )
    args = parser.parse_args(argv)
    store = args.store or ROOT / "data" / "stores" / f"bench_{args.clients}.duckdb"
    if not store.exists():
        from creditdesk.data.generator import generate_store

        store.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        generate_store(store, args.clients, args.seed, build_features=False)
        print(
            f"generated {args.clients:,} clients into {store} in {time.perf_counter() - started:.1f} s"
        )
    from creditdesk.store.features import build_features

    con = duckdb.connect(str(store))
    if args.threads:
        con.execute(f"SET threads = {args.threads}")
    counts = {
        t: con.execute(f"SELECT COUNT(*) FROM {fsql.quote(t)}").fetchone()[0] for t in schema.TABLES
    }
    print("rows: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))

    started, cpu = time.perf_counter(), _cpu()
    names = build_features(con)
    con.execute("CHECKPOINT")
    duck_s, duck_cpu = time.perf_counter() - started, _cpu() - cpu
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    print(
        f"DuckDB build_features: {duck_s:.2f} s wall, {duck_cpu:.2f} s CPU on {threads} threads "
        f"({len(names)} features, written and committed)"
    )

    started = time.perf_counter()
    tables = load_tables(con)
    load_s = time.perf_counter() - started
    started, cpu = time.perf_counter(), _cpu()
    pand = pandas_features(tables)
    pandas_s, pandas_cpu = time.perf_counter() - started, _cpu() - cpu
    print(
        f"pandas same features:  {pandas_s:.2f} s wall, {pandas_cpu:.2f} s CPU, in memory "
        f"(+ {load_s:.2f} s loading the tables, not counted)"
    )

    duck = con.execute(f"SELECT * FROM {schema.FEATURES} ORDER BY {schema.ID}").df()
    what_if = time_what_if(con)
    con.close()
    print(
        f"what-if application_features, one row: median {np.median(what_if):.2f} ms, "
        f"fastest {what_if.min():.2f} ms over {len(what_if)} calls (target < 3 ms)"
    )
    if not np.array_equal(duck[schema.ID].to_numpy(), pand[schema.ID].to_numpy()):
        print("DISAGREE: client ids differ")
        return 1
    n, worst, bad = compare(duck, pand, names)
    print(
        f"agreement: {len(names)} columns, {n:,} values, largest relative difference {worst:.2e}"
        + (f"; DISAGREE on {bad}" if bad else "")
    )
    print(
        f"ratio pandas / DuckDB: {pandas_s / duck_s:.1f}x wall, {pandas_cpu / duck_cpu:.1f}x CPU "
        f"(pandas computing only); {(pandas_s + load_s) / duck_s:.1f}x wall with pandas' loading "
        "(targets: DuckDB <= 60 s at 307,511 clients, >= 10x)"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
