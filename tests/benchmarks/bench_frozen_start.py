"""Cold start of the frozen application, to the first client shown.

    python tests/benchmarks/bench_frozen_start.py [--exe PATH] [--runs 5] [--clients 5000]
                                                  [--drop-caches] [--source]

Each run starts the frozen app with ``--screenshot`` (offscreen), which opens
the store and the model, shows the first client, waits until every worker is
idle, renders the window, saves it and exits. Two figures per run: the app's
own "first client shown after X s" (measured from the process start, as the
kernel records it) and the wall time of the whole process (an upper bound).
An untimed priming run first scores the store's portfolio (the app does that
once per store and model). The first timed run after ``--drop-caches`` (root,
Linux: empties the page cache) is a true cold start; later runs are warm.
``--source`` times ``python -m creditdesk`` the same way, for comparison.

Target (issue 6): cold start <= 3 s. Prints one JSON object; exit 1 above target.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET_SECONDS = 3.0


def _frozen_cli() -> Path:
    spec = importlib.util.spec_from_file_location(
        "creditdesk_packaging_build", ROOT / "packaging" / "build.py"
    )
    build = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = build
    spec.loader.exec_module(build)
    return build.frozen_cli()


def _drop_page_cache() -> bool:
    """Flush and drop the page cache (Linux, root): the next start reads from disk."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return False
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


_SHOWN = re.compile(r"first client shown after ([0-9.]+) s")


def _time_start(command: list[str], shot: Path, env: dict[str, str]) -> tuple[float, float]:
    """(first client shown, whole process) in seconds."""
    shot.unlink(missing_ok=True)
    t0 = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if done.returncode or not shot.exists():
        raise SystemExit(f"{command[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
    shown = _SHOWN.search(done.stderr)
    return (float(shown.group(1)) if shown else float("nan")), elapsed


def _summary(runs: list[tuple[float, float]], cold: bool) -> dict:
    shown = [r[0] for r in runs]
    wall = [r[1] for r in runs]
    warm = runs[1:] or runs
    return {
        "first_run_first_client_s": round(shown[0], 2),
        "first_run_process_s": round(wall[0], 2),
        "first_run_cold_page_cache": cold,
        "warm_median_first_client_s": round(statistics.median(r[0] for r in warm), 2),
        "warm_median_process_s": round(statistics.median(r[1] for r in warm), 2),
        "runs_first_client_s": [round(t, 2) for t in shown],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--exe", type=Path, help="frozen executable (default: packaging/dist/...)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--clients", type=int, default=5000, help="clients in the benchmark store")
    parser.add_argument("--store", type=Path, help="use this store instead of generating one")
    parser.add_argument("--bundle", type=Path, help="model bundle (default: the shipped one)")
    parser.add_argument("--drop-caches", action="store_true", help="cold page cache before run 1")
    parser.add_argument("--source", action="store_true", help="also time the source checkout")
    args = parser.parse_args(argv)
    exe = args.exe or _frozen_cli()
    if not exe.exists():
        raise SystemExit(f"{exe} not found: build first (python packaging/build.py freeze)")

    with tempfile.TemporaryDirectory(prefix="creditdesk-bench-") as tmp:
        tmp_path = Path(tmp)
        store = args.store
        if store is None:
            sys.path.insert(0, str(ROOT))
            from creditdesk.data.generator import generate_store

            store = tmp_path / "bench.duckdb"
            generate_store(store, n_clients=args.clients, seed=6)
        shot = tmp_path / "first-client.png"
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            CREDITDESK_HOME=str(tmp_path / "home"),
            DO_NOT_TRACK="1",
        )
        frozen = [str(exe), "--screenshot", str(shot), "--store", str(store)]
        if args.bundle:
            frozen += ["--bundle", str(args.bundle)]
        result: dict = {
            "exe": str(exe),
            "store_clients": args.clients if args.store is None else None,
        }
        _time_start(frozen, shot, env)  # priming: scores the portfolio once, as the app does
        cold = bool(args.drop_caches and _drop_page_cache())
        result["frozen"] = _summary(
            [_time_start(frozen, shot, env) for _ in range(args.runs)], cold
        )
        if args.source:
            source = [sys.executable, "-m", "creditdesk", *frozen[1:]]
            src_env = dict(env, PYTHONPATH=str(ROOT))
            cold = bool(args.drop_caches and _drop_page_cache())
            runs = [_time_start(source, shot, src_env) for _ in range(args.runs)]
            result["source"] = _summary(runs, cold)
    result["target_s"] = TARGET_SECONDS
    result["within_target"] = result["frozen"]["first_run_first_client_s"] <= TARGET_SECONDS
    print(json.dumps(result, indent=2))
    return 0 if result["within_target"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
