"""Benchmark of the synthetic generator: realism figures, LightGBM AUC against the oracle,
and the score drift (PSI) of each drift scenario.

    python tests/benchmarks/bench_generator.py [--clients 20000] [--seed 7]

A LightGBM with default parameters is trained on 75% of the labelled rows of the
store's ``features`` table; its held-out AUC is printed beside the oracle's (the latent
pd) on the same rows. The same model then scores a second, non-drifted population
(another seed) and one population per drift scenario; PSI uses the deciles of the
held-out reference scores.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import lightgbm as lgb
import numpy as np
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from creditdesk.data.drift import SCENARIOS  # noqa: E402
from creditdesk.data.generator import generate_store  # noqa: E402

RATIOS = {"bureau": 5.6, "bureau_balance": 90, "previous_application": 5.4,
          "POS_CASH_balance": 33, "installments_payments": 44, "credit_card_balance": 12.5}


def psi(reference: np.ndarray, current: np.ndarray, bins: int = 10) -> float:
    edges = np.quantile(reference, np.linspace(0, 1, bins + 1))
    edges[0], edges[-1] = -np.inf, np.inf
    ref = np.clip(np.histogram(reference, edges)[0] / len(reference), 1e-4, None)
    cur = np.clip(np.histogram(current, edges)[0] / len(current), 1e-4, None)
    return float(np.sum((cur - ref) * np.log(cur / ref)))


def stats(path: Path, n: int) -> None:
    with duckdb.connect(str(path), read_only=True) as con:
        def one(sql):
            return con.execute(sql).fetchone()[0]

        print(f"  default rate {one('SELECT avg(TARGET) FROM application'):.4f} "
              f"(labelled {one('SELECT count(TARGET) FROM application')}), "
              f"mean pd {one('SELECT avg(pd) FROM oracle'):.4f}")
        missing = {c: one(f"SELECT avg(({c} IS NULL)::INT) FROM application")
                   for c in ("EXT_SOURCE_1", "EXT_SOURCE_2", "EXT_SOURCE_3", "OCCUPATION_TYPE",
                             "APARTMENTS_AVG", "AMT_REQ_CREDIT_BUREAU_YEAR")}
        print("  missing: " + ", ".join(f"{k} {v:.1%}" for k, v in missing.items()))
        print(f"  DAYS_EMPLOYED = 365243: {one('SELECT avg((DAYS_EMPLOYED = 365243)::INT) FROM application'):.1%}")
        rows = {t: one(f'SELECT count(*) FROM "{t}"') / n for t in RATIOS}
        print("  rows per client: " + ", ".join(f"{t} {v:.1f} (target {RATIOS[t]})" for t, v in rows.items()))
        no = {t: 1 - one(f'SELECT count(DISTINCT SK_ID_CURR) FROM "{t}"') / n
              for t in ("bureau", "previous_application", "credit_card_balance")}
        print("  clients without: " + ", ".join(f"{t} {v:.1%}" for t, v in no.items()))


def features(path: Path):
    with duckdb.connect(str(path), read_only=True) as con:
        df = con.execute("SELECT f.*, o.pd AS _pd FROM features f JOIN oracle o USING (SK_ID_CURR) "
                         "ORDER BY SK_ID_CURR").df()
    target = df.pop("TARGET").to_numpy(dtype=float)
    pd_ = df.pop("_pd").to_numpy()
    df.pop("SK_ID_CURR")
    return df, target, pd_


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scenarios", nargs="*", default=["none", *SCENARIOS],
                        help="drift scenarios to score (none: another non-drifted population)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        base = generate_store(Path(tmp) / "base.duckdb", args.clients, args.seed)
        print(f"generated {args.clients} clients (seed {args.seed}) with features in "
              f"{time.perf_counter() - started:.1f} s")
        stats(base, args.clients)

        x, y, pd_ = features(base)
        labelled = ~np.isnan(y)
        test = np.random.default_rng(0).random(len(y)) < 0.25
        train, held = labelled & ~test, labelled & test
        started = time.perf_counter()
        model = lgb.LGBMClassifier(verbose=-1, random_state=0).fit(x[train], y[train])
        score = model.predict_proba(x[held])[:, 1]
        print(f"LightGBM (default params, {x.shape[1]} features, {train.sum()} training rows, "
              f"{time.perf_counter() - started:.1f} s): held-out AUC {roc_auc_score(y[held], score):.4f}; "
              f"oracle AUC on the same {held.sum()} rows {roc_auc_score(y[held], pd_[held]):.4f}")
        reference = model.predict_proba(x[test])[:, 1]
        for name in args.scenarios:
            drift = None if name == "none" else name
            path = generate_store(Path(tmp) / f"{name}.duckdb", args.clients, args.seed + 1, drift=drift)
            xd, yd, _ = features(path)
            current = model.predict_proba(xd[x.columns])[:, 1]
            print(f"  {name:24s} score PSI {psi(reference, current):.3f}, mean score "
                  f"{current.mean():.4f} (reference {reference.mean():.4f}), "
                  f"default rate {np.nanmean(yd):.4f}")


if __name__ == "__main__":
    main()
