"""Cold start of the desktop application on a full-size (307,511-client) store.

Runs ``creditdesk --store STORE --bundle BUNDLE --screenshot OUT.png`` in a
fresh process several times and prints, for each run and as a median, the
time from process start to the first client shown and the peak RSS.
Targets: ≤ 1.5 s and ≤ 400 MB.

The store is generated once (``generate_store(path, 307_511, seed=2026)``)
and scored with the bundle; both are cached in ``--work`` (default
``~/.cache/creditdesk-bench``). The bundle is the shipped one (``model/``)
when it loads, else a small one trained once on a 30,000-client store.

    python tests/benchmarks/bench_coldstart.py [--runs 5] [--work DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FULL_SIZE = 307_511
SEED = 2026
LINE = re.compile(r"first client shown after ([0-9.]+) s; peak RSS ([0-9.]+) MB")


def bundle_for(work: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from creditdesk import paths
    from creditdesk.core.bundle import load_bundle
    from creditdesk.errors import BundleError

    try:
        load_bundle(paths.model_dir())
        return paths.model_dir()
    except BundleError:
        pass
    bundle = work / "bundle"
    if not (bundle / "MANIFEST.sha256").exists():
        from creditdesk.data.generator import generate_store
        from creditdesk.training.pipeline import train

        train_store = work / "train-30k.duckdb"
        if not train_store.exists():
            generate_store(train_store, 30_000, SEED)
        print(f"training a bench bundle on {train_store} …", file=sys.stderr)
        train(train_store, bundle, max_rounds=300)
    return bundle


def store_for(work: Path, bundle: Path) -> Path:
    store = work / "store-307k.duckdb"
    done = work / "store-307k.scored"
    if not store.exists():
        from creditdesk.data.generator import generate_store

        print(f"generating {FULL_SIZE:,} clients into {store} (once) …", file=sys.stderr)
        t = time.perf_counter()
        generate_store(store, FULL_SIZE, SEED)
        print(f"  generated in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        done.unlink(missing_ok=True)
    if not done.exists() or done.read_text() != str(bundle):
        print("scoring the store with the bundle (once) …", file=sys.stderr)
        # in a child: Linux keeps a process's peak RSS across fork+exec, so scoring in this
        # process would inflate the peak every measured run reports
        subprocess.run(
            [sys.executable, "-c", "import sys; from creditdesk.ui.backend import score_store; "
             "score_store(sys.argv[1], sys.argv[2])", str(store), str(bundle)],
            check=True,
        )
        done.write_text(str(bundle))
    return store


def one_run(store: Path, bundle: Path, out: Path, home: Path) -> tuple[float, float, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CREDITDESK_HOME": str(home)}
    env["CREDITDESK_T0"] = repr(time.time())
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "creditdesk",
            "--store",
            str(store),
            "--bundle",
            str(bundle),
            "--screenshot",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"creditdesk failed ({result.returncode}):\n{result.stderr}")
    match = LINE.search(result.stderr)
    if not match:
        raise SystemExit(f"no timing line in the output:\n{result.stderr}")
    return float(match.group(1)), float(match.group(2)), wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path.home() / ".cache" / "creditdesk-bench")
    parser.add_argument(
        "--store", type=Path, help="an existing scored store instead of the cached one"
    )
    parser.add_argument("--bundle", type=Path, help="a bundle instead of the shipped one")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    bundle = args.bundle or bundle_for(args.work)
    store = args.store or store_for(args.work, bundle)
    firsts, peaks = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs):
            first, peak, wall = one_run(
                store, bundle, Path(tmp) / f"shot-{i}.png", Path(tmp) / f"home-{i}"
            )
            firsts.append(first)
            peaks.append(peak)
            print(
                f"run {i + 1}: first client shown {first:.3f} s, peak RSS {peak:.0f} MB, "
                f"process {wall:.2f} s"
            )
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"store {store} ({FULL_SIZE:,} clients), bundle {bundle}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"time to first client: median {statistics.median(firsts):.3f} s, best {min(firsts):.3f} s "
        f"(target ≤ 1.5 s)"
    )
    print(
        f"peak RSS: median {statistics.median(peaks):.0f} MB, max {max(peaks):.0f} MB, "
        f"(getrusage of children {child_peak:.0f} MB; target ≤ 400 MB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
