"""`creditdesk data` sub-commands: generate, import-homecredit, import-table, build-features.

``generate`` belongs to the data generator (creditdesk/data/generator.py);
the others to the client store (creditdesk/store). Heavy modules are imported
when a command runs, not when the parser is built.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add this area's sub-commands to the `creditdesk` parser."""
    data = subparsers.add_parser("data", help="generate, import or rebuild a client store")
    commands = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)

    from creditdesk.data.cli_args import add_generate_arguments, run_generate

    gen = commands.add_parser("generate", help="generate a Home Credit-schema population")
    add_generate_arguments(gen)
    gen.set_defaults(func=run_generate)

    hc = commands.add_parser(
        "import-homecredit",
        help="import the real Home Credit CSV files",
        description="Import application_train.csv (+ application_test.csv and the six companion "
        "files when present) from DIR, check them and build the features. A bad file "
        "changes nothing.",
    )
    hc.add_argument("dir", metavar="DIR", help="folder holding application_train.csv")
    _store_argument(hc)
    hc.set_defaults(func=run_import_homecredit)

    table = commands.add_parser(
        "import-table",
        help="import a bank's own client table (any columns)",
        description="Import one CSV file with one row per client: numeric and categorical columns "
        "are inferred, labels come from --dictionary or from the column names.",
    )
    table.add_argument("file", metavar="FILE", help="the client table (CSV)")
    table.add_argument("--id", required=True, metavar="COL", help="column identifying the client")
    table.add_argument("--target", metavar="COL", help="0/1 column, 1 = defaulted (if known)")
    table.add_argument(
        "--dictionary",
        metavar="FILE",
        help="labels file, CSV or JSON: column,label_en,label_fr,unit,editable,min,max",
    )
    _store_argument(table)
    table.set_defaults(func=run_import_table)

    build = commands.add_parser("build-features", help="recompute the features table of a store")
    _store_argument(build)
    build.set_defaults(func=run_build_features)


def _store_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        "--out",
        dest="store",
        metavar="STORE.duckdb",
        help="store to write (default: the default store in the user data folder)",
    )


def _store_path(args: argparse.Namespace) -> Path:
    if args.store:
        return Path(args.store).expanduser()
    from creditdesk.paths import default_store_path

    return default_store_path()


def run_import_homecredit(args: argparse.Namespace) -> int:
    from creditdesk.commands.train import tqdm_progress
    from creditdesk.store.importer import import_homecredit

    store = _store_path(args)
    started = time.monotonic()
    with tqdm_progress("importing") as progress:
        counts = import_homecredit(args.dir, store, progress)
    rows = ", ".join(f"{table} {n:,}" for table, n in counts.items())
    print(f"imported into {store} in {time.monotonic() - started:.1f} s: {rows}")
    return 0


def run_import_table(args: argparse.Namespace) -> int:
    from creditdesk.commands.train import tqdm_progress
    from creditdesk.store.importer import import_table

    store = _store_path(args)
    with tqdm_progress("importing") as progress:
        dictionary = import_table(args.file, store, args.id, args.target, args.dictionary, progress)
    features = [f for f in dictionary if f.source == "table"]
    categorical = sum(f.dtype == "category" for f in features)
    excluded = [f.name for f in dictionary if f.source == "excluded"]
    print(
        f"imported into {store}: {len(features)} features "
        f"({len(features) - categorical} numeric, {categorical} categorical)"
    )
    if excluded:
        print(
            f"kept but not used as features (identifiers, free text, dates, empty): {', '.join(excluded)}"
        )
    return 0


def run_build_features(args: argparse.Namespace) -> int:
    from creditdesk.commands.train import tqdm_progress
    from creditdesk.store.connection import open_store
    from creditdesk.store.features import build_features

    store = _store_path(args)
    handle = open_store(store)
    if getattr(handle, "read_only", False):
        from creditdesk.errors import StoreError

        raise StoreError(
            f"{store} is open read-only ({getattr(handle, 'reason', 'in use')}); "
            "close the other CreditDesk window first"
        )
    started = time.monotonic()
    try:
        with tqdm_progress("features") as progress:
            names = build_features(handle, progress)
        handle.execute("CHECKPOINT")
    finally:
        handle.close()
    print(f"built {len(names)} features in {store} in {time.monotonic() - started:.1f} s")
    return 0
