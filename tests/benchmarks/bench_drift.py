"""Drift report on 300k reference rows vs 300k current rows: time, peak memory, event-loop stall.

    python tests/benchmarks/bench_drift.py [--rows 300000] [--workdir DIR] [--bundle DIR] [--sample N]
                                           [--drift SCENARIO] [--skip-gui]

Setup (not timed): a generated store of 20k clients and a small model trained on
it (or ``--bundle``, e.g. the shipped model, with a store generated to match);
the 300k-row current store is those clients' feature rows repeated under new
ids (written by DuckDB straight to a file); the 300k-row reference is the
bundle's reference sample repeated. Repetition keeps the distributions, which
is all the report looks at, without running the full-scale generator.

Measured:
1. ``generate_drift_report`` on the main thread: wall time, and peak memory
   (resident set sampled every 20 ms, above the level before the call; plus
   the process's peak RSS);
2. the same call in the GUI's worker (``creditdesk.ui.workers.TaskRunner``)
   while a 5 ms QTimer beats on the main thread: the longest gap between two
   beats is the longest the event loop was stalled (target <= 50 ms).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["DO_NOT_TRACK"] = "1"
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class PeakMemory:
    """Samples the resident set size on a thread while the block runs."""

    def __enter__(self):
        self.base = rss_mb()
        self.peak = self.base
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, rss_mb())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())


def setup(workdir: Path, rows: int, bundle_dir: str | None, drift: str | None) -> tuple[Path, Path]:
    import duckdb

    from creditdesk.data.generator import generate_store

    base = workdir / "base.duckdb"
    if not base.exists():
        t = time.perf_counter()
        generate_store(base, 20_000, seed=11)
        print(f"setup: generated 20,000 clients in {time.perf_counter() - t:.1f} s")
    source = base
    if drift:
        source = workdir / f"{drift}.duckdb"
        if not source.exists():
            generate_store(source, 20_000, seed=12, drift=drift)
            print(f"setup: generated 20,000 clients with drift {drift}")
    bundle = Path(bundle_dir) if bundle_dir else workdir / "bundle"
    if not bundle.exists():
        from tests.model_fixtures import train_small

        t = time.perf_counter()
        train_small(base, bundle, reference_rows=20_000)
        print(f"setup: trained a small model in {time.perf_counter() - t:.1f} s")
    current = workdir / f"current_{rows}_{drift or 'none'}.duckdb"
    if not current.exists():
        con = duckdb.connect(str(current))
        con.execute(f"ATTACH '{source}' AS base (READ_ONLY)")
        cols = [
            r[0]
            for r in con.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_catalog = 'base' AND table_name = 'features'"
            ).fetchall()
        ]
        keep = ", ".join(f'f."{c}"' for c in cols if c != "SK_ID_CURR")
        n = con.execute("SELECT count(*) FROM base.features").fetchone()[0]
        copies = -(-rows // n)
        con.execute(
            f"CREATE TABLE features AS SELECT (1000000 + row_number() OVER ())::BIGINT AS SK_ID_CURR, "
            f"{keep} FROM base.features f, range({copies}) LIMIT {rows}"
        )
        con.execute("CREATE TABLE store_meta AS SELECT 'kind' AS key, 'bench' AS value")
        con.close()
        print(f"setup: current store of {rows:,} rows")
    return bundle, current


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument(
        "--workdir", help="keep the setup here between runs (default: a temporary folder)"
    )
    parser.add_argument("--bundle", help="model bundle to use (default: train a small one)")
    parser.add_argument(
        "--sample", type=int, help="rows compared per side (default: the configured one)"
    )
    parser.add_argument(
        "--drift", help="current clients drawn with this drift scenario (more features charted)"
    )
    parser.add_argument("--skip-gui", action="store_true")
    args = parser.parse_args()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="bench_drift_"))
    workdir.mkdir(parents=True, exist_ok=True)

    import pandas as pd

    from creditdesk.core.bundle import load_bundle
    from creditdesk.reports.drift import generate_drift_report, load_config

    bundle_dir, current = setup(workdir, args.rows, args.bundle, args.drift)
    bundle = load_bundle(bundle_dir)
    sample = bundle.reference_sample()
    reference = pd.concat([sample] * -(-args.rows // len(sample)), ignore_index=True).iloc[
        : args.rows
    ]
    out = workdir / "reports"
    size = args.sample or load_config()["sample_size"]
    print(
        f"model: {bundle.name} {bundle.version}, {len(bundle.feature_names)} features; "
        f"reference {len(reference):,} rows, current {args.rows:,} rows; sample {size:,} per side"
    )

    # 1. plain call
    with PeakMemory() as mem:
        t = time.perf_counter()
        report = generate_drift_report(
            bundle, current, out, reference=reference, sample_size=args.sample
        )
        elapsed = time.perf_counter() - t
    print(
        f"drift report: {elapsed:.1f} s (target <= 30 s); peak memory +{mem.peak - mem.base:.0f} MB above "
        f"{mem.base:.0f} MB before the call; process peak RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    print(
        f"  compared {report.compared_rows[0]:,} vs {report.compared_rows[1]:,} rows; "
        f"{len(report.in_html)} features charted; drift share {report.drift_share:.3f}; "
        f"score PSI {report.score_psi:.3f}; HTML {report.path.stat().st_size / 2**20:.1f} MB"
    )

    if args.skip_gui:
        return 0
    # 2. in the GUI's worker, with a heartbeat on the main thread
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from creditdesk.ui.workers import TaskRunner

    app = QApplication.instance() or QApplication([])
    runner = TaskRunner("jobs")
    clock = QElapsedTimer()
    gaps: list[float] = []
    last = [0.0]
    done: dict[str, object] = {}
    stage = ["starting"]
    worst = [0.0, ""]

    def beat():
        now = clock.nsecsElapsed() / 1e6
        gap = now - last[0]
        gaps.append(gap)
        if gap > worst[0]:
            worst[:] = [gap, stage[0]]
        last[0] = now

    def on_progress(fraction, message):
        stage[0] = f"{fraction:.0%} {message}"

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(beat)

    def finished(value=None, error=None):
        done["value"], done["error"] = value, error
        app.quit()

    def job(progress=None):
        return generate_drift_report(
            bundle, current, out, reference=reference, sample_size=args.sample, progress=progress
        )

    runner.submit(
        job,
        on_result=lambda v: finished(v),
        on_error=lambda e: finished(error=e),
        on_progress=on_progress,
    )
    clock.start()
    timer.start()
    t = time.perf_counter()
    app.exec()
    elapsed_gui = time.perf_counter() - t
    timer.stop()
    runner.shutdown()
    if done.get("error") is not None:
        raise done["error"]  # type: ignore[misc]
    gaps.sort()
    p99 = gaps[int(0.99 * (len(gaps) - 1))] if gaps else float("nan")
    print(
        f"in the GUI worker: {elapsed_gui:.1f} s; event loop: {len(gaps)} beats of 5 ms, longest stall "
        f'{gaps[-1]:.0f} ms (target <= 50 ms, after progress "{worst[1]}"), 99th percentile {p99:.0f} ms; '
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
