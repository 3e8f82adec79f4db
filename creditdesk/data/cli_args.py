"""`creditdesk data generate`: arguments and runner, wired in by creditdesk/commands/data.py.

Light on purpose (no numpy at import): the CLI parser is built on every start.
"""

from __future__ import annotations

import argparse
import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from creditdesk.data.drift import SCENARIOS
from creditdesk.errors import InputError


def add_generate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Generate a client store with the Home Credit schema (the seven tables, an oracle "
        "table with each client's latent probability of default) and its features.")
    parser.add_argument("--clients", type=int, default=30000, metavar="N",
                        help="number of clients (default 30000; the real file has 307511)")
    parser.add_argument("--seed", type=int, default=42, metavar="S", help="random seed (default 42)")
    parser.add_argument("--out", metavar="STORE.duckdb",
                        help="store to write, replaced atomically "
                        "(default: the default store in the user data folder)")
    parser.add_argument("--drift", metavar="SCENARIO",
                        help="draw a drifted population: " + ", ".join(SCENARIOS))
    parser.add_argument("--holdout", type=float, default=0.1, metavar="SHARE",
                        help="share of clients without TARGET, like application_test (default 0.1)")
    parser.add_argument("--no-features", action="store_true",
                        help="write the raw tables only (no engineered features)")


@contextlib.contextmanager
def terminal_progress(description: str) -> Iterator[Callable[[float, str], None]]:
    """A ``progress(fraction, message)`` callback drawing a tqdm bar on stderr."""
    from tqdm import tqdm

    bar = tqdm(total=1000, desc=description,
               bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed} {postfix}")
    done = [0]

    def progress(fraction: float, message: str) -> None:
        step = round(1000 * min(max(fraction, 0.0), 1.0))
        if step > done[0]:
            bar.update(step - done[0])
            done[0] = step
        bar.set_postfix_str(message[:50], refresh=True)

    try:
        yield progress
    finally:
        bar.close()


def run_generate(args: argparse.Namespace) -> int:
    from creditdesk.data.drift import scenario
    from creditdesk.data.generator import check_request, generate_store

    if args.clients <= 0:
        raise InputError(f"--clients must be a positive whole number, not {args.clients}")
    if args.out:
        out = Path(args.out).expanduser().resolve()
    else:
        from creditdesk.paths import default_store_path

        out = default_store_path()
    scenario(args.drift)  # bad requests fail before any work starts
    check_request(out, args.clients, args.holdout)
    started = time.monotonic()
    with terminal_progress("generating") as progress:
        path = generate_store(out, args.clients, args.seed, drift=args.drift,
                              holdout_fraction=args.holdout, progress=progress,
                              build_features=not args.no_features)
    drift = f" (drift: {args.drift})" if args.drift else ""
    print(f"wrote {args.clients:,} clients{drift} to {path} in {time.monotonic() - started:.1f} s")
    return 0
