"""`creditdesk train` — train the PD model on a store (or a bank's own CSV table) into a bundle."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add this area's sub-commands to the `creditdesk` parser."""
    parser = subparsers.add_parser(
        "train",
        help="train the model and write a bundle",
        description="Train the probability-of-default model on a store's labelled clients "
        "(or on your own CSV table with --csv) and write a model bundle.",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--csv", metavar="FILE", help="your own client table (CSV) to import and train on")
    parser.add_argument("--store", default=argparse.SUPPRESS, metavar="STORE.duckdb",
                        help="store to train on (with --csv: the store to create; "
                        "default: <csv name>.duckdb in the user data folder)")
    parser.add_argument("--target", metavar="COLUMN", help="with --csv: the outcome column (1 = defaulted)")
    parser.add_argument("--id", metavar="COLUMN", help="with --csv: the client id column")
    parser.add_argument("--dictionary", metavar="FILE",
                        help="with --csv: data dictionary (JSON) for labels, types and ranges")
    parser.add_argument("--out", required=True, metavar="DIR", help="bundle folder to write (e.g. model/)")
    parser.add_argument("--cost-fn", type=float, default=10.0,
                        help="cost of accepting a client who defaults (default 10)")
    parser.add_argument("--cost-fp", type=float, default=1.0,
                        help="cost of refusing a client who would have repaid (default 1)")
    parser.add_argument("--seed", type=int, default=42, help="split and training seed (default 42)")
    parser.add_argument("--max-rounds", type=int, default=None,
                        help="most boosting rounds (early stopping usually ends sooner; default 1000)")
    parser.set_defaults(func=run)


@contextmanager
def tqdm_progress(description: str) -> Iterator[Callable[[float, str], None]]:
    """A ``progress(fraction, message)`` callback drawing a tqdm bar on stderr."""
    from tqdm import tqdm

    bar = tqdm(total=1000, desc=description,
               bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed}<{remaining}{postfix}")
    state = {"n": 0}

    def progress(fraction: float, message: str) -> None:
        target = round(1000 * min(max(fraction, 0.0), 1.0))
        if target > state["n"]:
            bar.update(target - state["n"])
            state["n"] = target
        bar.set_postfix_str(message[:60], refresh=False)

    try:
        yield progress
    finally:
        bar.close()


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from creditdesk.errors import InputError
    from creditdesk.training.pipeline import DEFAULT_ROUNDS, train

    store = getattr(args, "store", None)
    options = {"cost_fn": args.cost_fn, "cost_fp": args.cost_fp, "seed": args.seed,
               "max_rounds": args.max_rounds or DEFAULT_ROUNDS}
    if args.csv:
        if not args.target or not args.id:
            raise InputError("--csv needs --target COLUMN and --id COLUMN")
        from creditdesk.paths import user_data_dir
        from creditdesk.training.from_csv import train_from_csv

        store = store or str(user_data_dir() / f"{Path(args.csv).stem}.duckdb")
        # import into a staging copy, train, and only then replace the store and the bundle
        with tqdm_progress("import and train") as progress:
            result = train_from_csv(
                args.csv, store, args.out, id_column=args.id, target_column=args.target,
                dictionary_path=args.dictionary, progress=progress, **options,
            )
        print(f"store: {store}")
    elif not store:
        raise InputError("give --store STORE.duckdb (or --csv FILE --target COL --id COL)")
    else:
        with tqdm_progress("train") as progress:
            result = train(store, args.out, progress=progress, **options)
    print(result.summary())
    return 0
