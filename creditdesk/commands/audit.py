"""`creditdesk audit` — check and export the tamper-evident decision log."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add this area's sub-commands to the `creditdesk` parser."""
    audit = subparsers.add_parser("audit", help="check or export the decision log")
    actions = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)

    verify = actions.add_parser(
        "verify", help="check the log's hash chain; exit 1 and name the first broken entry")
    _store_option(verify)
    verify.set_defaults(func=run_verify)

    export = actions.add_parser("export", help="write the whole log to a CSV file")
    export.add_argument("--out", required=True, metavar="FILE.csv", help="CSV file to write")
    _store_option(export)
    export.set_defaults(func=run_export)

    show = actions.add_parser("history", help="list the logged decisions about one client")
    show.add_argument("--client", required=True, type=int, metavar="ID", help="client id")
    _store_option(show)
    show.set_defaults(func=run_history)


def _store_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS keeps a `creditdesk --store S audit ...` given before the sub-command
    parser.add_argument("--store", default=argparse.SUPPRESS, metavar="STORE.duckdb",
                        help="client store (default: the user's default store)")


def _open(args: argparse.Namespace):
    from creditdesk.paths import default_store_path
    from creditdesk.store.connection import open_store

    return open_store(getattr(args, "store", None) or default_store_path(), read_only=True)


def run_verify(args: argparse.Namespace) -> int:
    from creditdesk.store import audit

    with _open(args) as store:
        result = audit.verify(store)
    print(result.message())
    return 0 if result.ok else 1


def run_export(args: argparse.Namespace) -> int:
    import sys

    from creditdesk.store import audit

    with _open(args) as store:
        result = audit.verify(store)
        n = audit.export_csv(store, args.out)
    print(f"exported {n} entries to {args.out}")
    if not result.ok:
        print(f"creditdesk: warning: the exported log is {result.message()}", file=sys.stderr)
    return 0


def run_history(args: argparse.Namespace) -> int:
    from creditdesk.store import audit

    with _open(args) as store:
        rows = audit.history(store, args.client)
    if not rows:
        print(f"no logged decisions for client {args.client}")
    for row in rows:
        line = (f"#{row['entry_id']} {row['ts']} {row['officer']} {row['event']} "
                f"p={row['probability']:.4f} model={row['model_decision']} "
                f"final={row['final_decision']}" if row["probability"] is not None else
                f"#{row['entry_id']} {row['ts']} {row['officer']} {row['event']}")
        if row["justification"]:
            line += f" — {row['justification']}"
        print(line)
    return 0
