"""Benchmark: path to approval for 200 refused clients, every proposal checked by re-scoring.

    python tests/benchmarks/bench_approval.py [--store S.duckdb] [--bundle DIR] [--clients-to-check 200]

Checks for each feasible proposal: the re-scored probability (through
``what_if``, the sliders' path) is under the threshold; only editable fields
of the dictionary changed; every new value is inside its range (a known level
for a category). Prints the median and 90th-percentile time per client.
Without ``--store`` a 20,000-client store is generated (seed 7) in a temp folder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store")
    parser.add_argument("--bundle")
    parser.add_argument("--clients-to-check", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20_000, help="size of the generated store")
    args = parser.parse_args(argv)

    import numpy as np

    from creditdesk.core import whatif
    from creditdesk.core.bundle import load_bundle
    from creditdesk.core.clients import ClientStore
    from creditdesk.core.scoring import ScoringService
    from creditdesk.store.connection import open_store
    from tests.benchmarks.common import store_or_generated

    store_path = store_or_generated(args.store, args.clients)
    bundle = load_bundle(args.bundle)
    with open_store(store_path, read_only=True) as con:
        service = ScoringService(bundle, ClientStore(con))
        ids = service.store.client_ids()
        probs = service.predict(service.store.feature_matrix(ids))
        refused = ids[probs >= service.threshold]
        rng = np.random.default_rng(0)
        chosen = rng.choice(refused, size=min(args.clients_to_check, len(refused)), replace=False)
        editable = {s.name: s for s in whatif.editable_fields(service)}
        print(f"{len(refused):,} of {len(ids):,} clients refused at threshold {service.threshold:.3f}; "
              f"checking {len(chosen)}; editable fields: {', '.join(editable)}; "
              f"load avg {os.getloadavg()[0]:.2f}")
        service.path_to_approval(int(chosen[0]))  # warm-up
        times, feasible, problems, sizes, n_changes = [], 0, [], [], []
        for cid in chosen:
            cid = int(cid)
            t = time.perf_counter()
            path = service.path_to_approval(cid)
            times.append(time.perf_counter() - t)
            if not path.feasible:
                continue
            feasible += 1
            sizes.append(path.change_size)
            n_changes.append(len(path.changes))
            for name, (_old, new) in path.changes.items():
                spec = editable.get(name)
                if spec is None or not spec.editable:
                    problems.append(f"{cid}: changed non-editable {name}")
                elif spec.dtype == "category" and new not in (spec.categories or ()):
                    problems.append(f"{cid}: {name} = {new!r} is not a level")
                elif spec.dtype not in ("category", "bool") and not (spec.min <= new <= spec.max):
                    problems.append(f"{cid}: {name} = {new} outside [{spec.min}, {spec.max}]")
            check = service.what_if(cid, {k: new for k, (_, new) in path.changes.items()})
            if not check.probability < service.threshold:
                problems.append(f"{cid}: re-scored {check.probability:.4f} >= threshold")
        ms = sorted(1000 * t for t in times)
        print(f"feasible proposals: {feasible} of {len(chosen)} (the rest: honest 'none within the ranges')")
        if sizes:
            print(f"  fields changed per proposal: median {statistics.median(n_changes)}, "
                  f"change size (sum |Δ|/range) median {statistics.median(sizes):.3f}")
        print(f"time per client: median {statistics.median(ms):.1f} ms, p90 {ms[int(0.9 * len(ms)) - 1]:.1f} ms, "
              f"max {ms[-1]:.1f} ms")
        print(f"verified: {feasible - len({p.split(':')[0] for p in problems})} of {feasible} proposals pass "
              "(under threshold on re-scoring, editable fields only, within ranges)")
        for line in problems[:20]:
            print("  PROBLEM", line)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
