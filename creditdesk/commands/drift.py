"""`creditdesk drift` — Evidently drift report: the model's reference sample vs the current clients."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add this area's sub-commands to the `creditdesk` parser."""
    from creditdesk.commands.score import add_store_and_bundle

    parser = subparsers.add_parser(
        "drift",
        help="drift report: reference sample vs current clients",
        description="Compare the model's reference sample with the store's current clients (or a "
        "CSV/Parquet file) on the model's features and the predicted probability; save "
        "Evidently's HTML report and a JSON summary.",
    )
    configure(parser)
    add_store_and_bundle(parser)
    parser.set_defaults(func=run)


def configure(parser: argparse.ArgumentParser) -> None:
    """Options shared with ``monitoring/generate_report.py``."""
    parser.add_argument(
        "--current",
        metavar="FILE",
        help="current data: a .csv or .parquet file (default: the store's clients)",
    )
    parser.add_argument(
        "--out", metavar="DIR", help="folder for the report (default: the user's reports folder)"
    )
    parser.add_argument(
        "--sample",
        type=int,
        metavar="N",
        help="rows compared per side at most (default: monitoring/drift_config.json, 30000)",
    )
    parser.add_argument("--seed", type=int, help="sampling seed")
    parser.add_argument(
        "--all-features",
        action="store_true",
        help="chart every model feature in the HTML (slower; default: drifted and most important)",
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")


def run(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from creditdesk.commands.train import tqdm_progress
    from creditdesk.core.bundle import load_bundle
    from creditdesk.errors import StoreError
    from creditdesk.paths import default_store_path
    from creditdesk.reports.drift import generate_drift_report

    bundle = load_bundle(getattr(args, "bundle", None))
    current = args.current or getattr(args, "store", None)
    if current is None:
        current = default_store_path()
        if not Path(current).exists():
            raise StoreError(f"no default client store yet ({current}); give --store or --current")
    with tqdm_progress("drift") as progress:
        report = generate_drift_report(
            bundle,
            current,
            args.out,
            sample_size=args.sample,
            seed=args.seed,
            config={"report_features": 0} if args.all_features else None,
            progress=progress,
        )
    if args.json:
        print(json.dumps(report.summary(), indent=1))
        return 0
    print(f"report: {report.path}")
    print(
        f"compared {report.compared_rows[0]:,} reference rows with {report.compared_rows[1]:,} current "
        f"rows of {report.source}"
    )
    print(
        f"drift share: {report.drift_share:.0%} of the model's features"
        + (" — dataset drift" if report.dataset_drift else "")
    )
    print(
        f"score PSI: {report.score_psi:.3f}"
        + (" (shifted)" if report.score_psi_alert else " (stable)")
        + f"; Evidently {report.score_test.method}: {report.score_test.score:.3f}"
        + (" drift" if report.score_test.value_drift else " no drift")
    )
    if report.drifted_features:
        print("drifted features, most important first:")
        for f in report.drifted_features:
            why = []
            if f.value_drift:
                why.append(f"{f.method} {f.score:.3f} (threshold {f.threshold:g})")
            if f.missing_drift:
                why.append(f"missing {f.missing_reference:.0%} → {f.missing_current:.0%}")
            print(f"  #{f.importance_rank:<3} {f.name:<32} {'; '.join(why)}")
    for name, why in report.excluded.items():
        print(f"  not compared: {name} ({why})")
    return 0
