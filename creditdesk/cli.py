"""The ``creditdesk`` command: sub-commands for data, training, scoring, sheets,
drift and audit; with no sub-command it opens the desktop application.

Each area registers its own sub-commands from ``creditdesk/commands/<area>.py``
(``register(subparsers)``; each parser sets ``func=run(args) -> int``). Those
modules import nothing heavy at module level, so ``--help`` stays instant.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import traceback

from creditdesk import __version__
from creditdesk.errors import CreditDeskError

COMMAND_MODULES = ("data", "train", "score", "model", "sheet", "drift", "audit")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="creditdesk",
        description="Offline credit-decision tool. With no sub-command, opens the application.",
    )
    parser.add_argument("--version", action="version", version=f"CreditDesk {__version__}")
    gui = parser.add_argument_group("application")
    gui.add_argument("--store", help="client store (.duckdb) to open instead of the default one")
    gui.add_argument("--bundle", help="model bundle folder to use instead of the shipped one")
    gui.add_argument("--lang", choices=["en", "fr"], help="language of the interface")
    gui.add_argument("--client", type=int, help="client id to show first")
    gui.add_argument("--panel", help="panel to show first (score, explain, compare, whatif, portfolio)")
    gui.add_argument("--screenshot", metavar="OUT.png", help="render the window offscreen, save it and exit")
    gui.add_argument("--selftest", action="store_true", help="run the installation self-test and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"creditdesk.commands.{name}")
        module.register(subparsers)
    return parser


def _log_unexpected(exc: BaseException) -> str:
    """Write the traceback to the user's log file; return its path for the message."""
    from creditdesk.paths import user_data_dir

    log = user_data_dir() / "creditdesk.log"
    with log.open("a", encoding="utf-8") as fh:
        fh.write("".join(traceback.format_exception(exc)))
    return str(log)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            if args.selftest:
                from creditdesk.selftest import run_selftest

                return run_selftest(args)
            from creditdesk.ui.app import run_app

            return run_app(args)
        return int(args.func(args) or 0)
    except CreditDeskError as exc:
        print(f"creditdesk: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("creditdesk: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # last line of defence: one line for the user, the rest in the log
        where = _log_unexpected(exc)
        print(f"creditdesk: unexpected error: {exc.__class__.__name__}: {exc} (details in {where})",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
