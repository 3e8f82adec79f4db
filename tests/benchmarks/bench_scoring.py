"""Benchmark: one client's score + explanation through the service vs the seed-style path.

    python tests/benchmarks/bench_scoring.py [--store S.duckdb] [--bundle DIR] [--repeat N]

Service path: ``ScoringService.assess_client`` (feature row from the store,
``booster.predict`` and LightGBM's own TreeSHAP). Seed-style path, as the old
web API did per request: load the row with pandas, build
``shap.TreeExplainer(model)``, call ``shap_values`` and ``predict``. Both are
timed in the same run; medians and their ratio are printed. "cold" reads the
client's feature row from DuckDB (cache emptied before each call); "warm"
scores a client whose row is already cached. Then batch throughput of score
+ explanation over the whole store (``iter_scores(explain=True)``).

Without ``--store`` a 20,000-client store is generated (seed 7) in a temp folder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DO_NOT_TRACK", "1")


def _median_ms(samples: list[float]) -> float:
    return 1000 * statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store")
    parser.add_argument("--bundle")
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--seed-repeat", type=int, default=15)
    parser.add_argument("--clients", type=int, default=20_000, help="size of the generated store")
    args = parser.parse_args(argv)

    import numpy as np
    import shap

    from creditdesk.core.bundle import load_bundle
    from creditdesk.core.clients import ClientStore
    from creditdesk.core.scoring import ScoringService
    from creditdesk.store.connection import open_store
    from tests.benchmarks.common import store_or_generated

    store_path = store_or_generated(args.store, args.clients)
    bundle = load_bundle(args.bundle)
    print(f"bundle {bundle.name} {bundle.version}: {len(bundle.feature_names)} features, "
          f"{bundle.booster.num_trees()} trees; load avg {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    with open_store(store_path, read_only=True) as con:
        clients = ClientStore(con)
        service = ScoringService(bundle, clients)
        ids = clients.client_ids()
        n = len(ids)
        rng = np.random.default_rng(0)
        one = int(ids[n // 2])
        service.assess_client(one)  # warm-up: ids, one block, LightGBM

        warm = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            a = service.assess_client(one)
            warm.append(time.perf_counter() - t)
        cold = []
        for cid in rng.choice(ids, size=min(args.repeat, 100), replace=False):
            clients._rows.clear()
            t = time.perf_counter()
            service.assess_client(int(cid))
            cold.append(time.perf_counter() - t)

        names = bundle.feature_names
        seed = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for _ in range(args.seed_repeat):
                t = time.perf_counter()
                row = con.execute("SELECT * FROM features WHERE SK_ID_CURR = ?", [one]).df()[names]
                explainer = shap.TreeExplainer(bundle.booster)
                values = explainer.shap_values(row)
                probability = bundle.booster.predict(row)[0]
                seed.append(time.perf_counter() - t)
        values = values[1] if isinstance(values, list) else values
        assert abs(probability - a.probability) < 1e-12
        assert np.allclose(np.ravel(values), a.contributions, atol=1e-6)

        print(f"one client ({one}): score + explanation, median of {len(warm)} (warm) / {len(cold)} (cold) "
              f"/ {len(seed)} (seed-style)")
        print(f"  service, warm (feature row cached):  {_median_ms(warm):8.3f} ms")
        print(f"  service, cold (row read from DuckDB): {_median_ms(cold):8.3f} ms")
        print(f"  seed-style (pandas row + new TreeExplainer): {_median_ms(seed):8.1f} ms")
        print(f"  ratio seed / service: warm {statistics.median(seed) / statistics.median(warm):,.0f}x, "
              f"cold {statistics.median(seed) / statistics.median(cold):,.0f}x")

        t = time.perf_counter()
        rows = 0
        for batch_ids, _, contrib in service.iter_scores(con, explain=True):
            rows += len(batch_ids)
            assert contrib is not None
        took = time.perf_counter() - t
        print(f"batch score + explanation over the store: {rows:,} clients in {took:.1f} s "
              f"({rows / took:,.0f} clients/s)")
        t = time.perf_counter()
        for _ in service.iter_scores(con):
            pass
        took = time.perf_counter() - t
        print(f"batch score only: {rows:,} clients in {took:.2f} s ({rows / took:,.0f} clients/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
