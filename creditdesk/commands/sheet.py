"""`creditdesk sheet` — explanation sheets (PDF and/or HTML) for one client or a list of clients."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add this area's sub-commands to the `creditdesk` parser."""
    from creditdesk.commands.score import add_store_and_bundle

    parser = subparsers.add_parser(
        "sheet",
        help="write explanation sheets (PDF, HTML) for clients",
        description="Write a client's explanation sheet: decision, probability of default, reasons, "
        "contributions, path to approval. Each sheet is tied to a decision-log entry and its "
        "export is logged with the file's SHA-256.",
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--client", type=int, default=argparse.SUPPRESS, metavar="ID", help="one client id"
    )
    which.add_argument(
        "--clients", metavar="FILE", help="several clients: a file with one id per line"
    )
    parser.add_argument("--pdf", metavar="OUT.pdf", help="with --client: PDF file to write")
    parser.add_argument("--html", metavar="OUT.html", help="with --client: HTML file to write")
    parser.add_argument("--out-dir", metavar="DIR", help="with --clients: folder for the sheets")
    parser.add_argument(
        "--format",
        default="pdf,html",
        metavar="pdf,html",
        help="with --clients: formats to write (default: pdf,html)",
    )
    parser.add_argument(
        "--lang",
        choices=["en", "fr"],
        default=argparse.SUPPRESS,
        help="language of the sheet (default en)",
    )
    parser.add_argument("--officer", metavar="NAME", help="officer's name (default: the OS user)")
    add_store_and_bundle(parser)
    parser.set_defaults(func=run)


def read_client_ids(path: str | Path) -> list[int]:
    """Client ids from a text file: one per line; blank lines and '#' comments ignored."""
    from creditdesk.errors import InputError

    file = Path(path).expanduser()
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read the client list {file} ({exc.strerror or exc})") from exc
    ids = []
    for number, line in enumerate(lines, start=1):
        text = line.split("#", 1)[0].strip().rstrip(",;")
        if not text:
            continue
        try:
            ids.append(int(text))
        except ValueError:
            raise InputError(f"{file} line {number}: {text!r} is not a client id") from None
    if not ids:
        raise InputError(f"{file} holds no client id")
    return ids


def _open_store(args: argparse.Namespace):
    from creditdesk.errors import StoreError
    from creditdesk.paths import default_store_path
    from creditdesk.store.connection import open_store

    given = getattr(args, "store", None)
    path = Path(given) if given else default_store_path()
    if not given and not path.exists():
        raise StoreError(f"no default client store yet ({path}); give one with --store")
    return open_store(path)  # writable: each export is recorded in the decision log


def run(args: argparse.Namespace) -> int:
    from creditdesk.commands.train import tqdm_progress
    from creditdesk.core.bundle import load_bundle
    from creditdesk.core.clients import ClientStore
    from creditdesk.core.scoring import ScoringService
    from creditdesk.errors import InputError
    from creditdesk.reports.qtapp import ensure_gui_app
    from creditdesk.reports.sheet import write_sheet, write_sheets

    lang = getattr(args, "lang", None) or "en"
    client = getattr(args, "client", None)
    if client is not None:
        if not args.pdf and not args.html:
            raise InputError("give --pdf OUT.pdf and/or --html OUT.html")
        if args.out_dir:
            raise InputError("--out-dir goes with --clients; with --client give --pdf/--html")
    else:
        if not args.out_dir:
            raise InputError("--clients needs --out-dir DIR")
        if args.pdf or args.html:
            raise InputError("--pdf/--html go with --client; with --clients give --out-dir")
    formats = tuple(f.strip().lower() for f in args.format.split(",") if f.strip())
    ids = read_client_ids(args.clients) if client is None else [client]

    bundle = load_bundle(getattr(args, "bundle", None))
    ensure_gui_app()
    with _open_store(args) as con:
        service = ScoringService(bundle, ClientStore(con))
        if client is not None:
            result = write_sheet(
                service,
                client,
                pdf_path=args.pdf,
                html_path=args.html,
                lang=lang,
                officer=args.officer,
            )
            word = "refused" if result.decision == "refuse" else "accepted"
            for path in result.paths:
                print(f"wrote {path}")
            print(
                f"client {client}: {result.probability:.1%} probability of default, {word}; "
                f"decision-log entry #{result.decision_entry_id}"
            )
            return 0
        with tqdm_progress("sheets") as progress:
            results = write_sheets(
                service,
                ids,
                args.out_dir,
                lang=lang,
                formats=formats,
                officer=args.officer,
                progress=progress,
            )
        print(
            f"wrote {sum(len(r.paths) for r in results)} file(s) for {len(results)} client(s) "
            f"into {args.out_dir}"
        )
    return 0
