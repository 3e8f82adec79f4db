"""Drift report from the command line, as the original monitoring script was run.

    python monitoring/generate_report.py [--store S] [--current FILE] [--out DIR] [--sample N]

Same function as ``creditdesk drift`` (creditdesk.reports.drift.generate_drift_report).
"""

from __future__ import annotations

import os

# Evidently's usage telemetry is off when DO_NOT_TRACK is set: set it before anything can
# import Evidently (creditdesk/__init__ sets it too; this script must not rely on that).
os.environ["DO_NOT_TRACK"] = "1"

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    try:
        import creditdesk  # noqa: F401
    except ImportError:  # run from a source checkout: the package sits next to this folder
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from creditdesk.commands.drift import configure, run
    from creditdesk.errors import CreditDeskError

    parser = argparse.ArgumentParser(
        prog="generate_report.py", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--store", metavar="STORE.duckdb", help="client store (default: the user's default store)"
    )
    parser.add_argument(
        "--bundle", metavar="DIR", help="model bundle folder (default: the shipped model)"
    )
    configure(parser)
    args = parser.parse_args(argv)
    try:
        return run(args)
    except CreditDeskError as exc:
        print(f"generate_report.py: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
