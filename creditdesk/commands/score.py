"""`creditdesk score` — score one client (with explanation) or the whole store."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add this area's sub-commands to the `creditdesk` parser."""
    parser = subparsers.add_parser(
        "score",
        help="score one client or the whole store",
        description="Score one client (probability of default, decision, contributions, reasons, "
        "path to approval) or every client of the store into a file.",
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--client", type=int, default=argparse.SUPPRESS, metavar="ID", help="client id")
    which.add_argument("--all", action="store_true", help="score every client of the store")
    parser.add_argument("--out", metavar="FILE", help="with --all: output file (.parquet or .csv)")
    parser.add_argument("--json", action="store_true", help="with --client: print JSON")
    parser.add_argument("--top", type=int, default=8, help="contributions to show (default 8)")
    add_store_and_bundle(parser)
    parser.add_argument("--lang", choices=["en", "fr"], default=argparse.SUPPRESS,
                        help="language of reasons and path to approval (default en)")
    parser.set_defaults(func=run)


def add_store_and_bundle(parser: argparse.ArgumentParser, store: bool = True) -> None:
    # SUPPRESS keeps a value given before the sub-command (`creditdesk --store S score ...`)
    if store:
        parser.add_argument("--store", default=argparse.SUPPRESS, metavar="STORE.duckdb",
                            help="client store (default: the user's default store)")
    parser.add_argument("--bundle", default=argparse.SUPPRESS, metavar="DIR",
                        help="model bundle folder (default: the shipped model)")


def open_store_for_scoring(args: argparse.Namespace) -> Any:
    from pathlib import Path

    from creditdesk.errors import StoreError
    from creditdesk.paths import default_store_path
    from creditdesk.store.connection import open_store

    given = getattr(args, "store", None)
    path = Path(given) if given else default_store_path()
    if not given and not path.exists():
        raise StoreError(
            f"no default client store yet ({path}); open CreditDesk once to build it, or create one "
            f"with `creditdesk data generate --clients 50000 --seed 7 --out {path}`"
        )
    return open_store(path, read_only=True)


def run(args: argparse.Namespace) -> int:
    from creditdesk.core.bundle import load_bundle
    from creditdesk.core.clients import ClientStore
    from creditdesk.core.scoring import ScoringService
    from creditdesk.errors import InputError

    if args.all and not args.out:
        raise InputError("--all needs --out FILE.parquet or FILE.csv")
    if args.all and not str(args.out).lower().endswith((".parquet", ".csv")):
        raise InputError("--out must end in .parquet or .csv")
    bundle = load_bundle(getattr(args, "bundle", None))
    with open_store_for_scoring(args) as con:
        service = ScoringService(bundle, ClientStore(con))
        if args.all:
            return _score_all(service, con, args.out)
        return _score_one(service, args.client, args)


def _score_all(service: Any, con: Any, out: str) -> int:
    import numpy as np
    import pandas as pd

    from creditdesk.commands.train import tqdm_progress

    ids, probs = [], []
    with tqdm_progress("score") as progress:
        for batch_ids, batch_probs, _ in service.iter_scores(con, progress=progress):
            ids.append(batch_ids)
            probs.append(batch_probs)
    all_probs = np.concatenate(probs) if probs else np.empty(0)
    frame = pd.DataFrame({
        "SK_ID_CURR": np.concatenate(ids) if ids else np.empty(0, dtype=np.int64),
        "probability": all_probs,
        "decision": service.decisions(all_probs),
        "threshold": service.threshold,
        "model_hash": service.bundle.model_hash,
    })
    if out.lower().endswith(".csv"):
        frame.to_csv(out, index=False)
    else:
        frame.to_parquet(out, index=False)
    refused = int((frame["decision"] == "refuse").sum())
    print(f"scored {len(frame):,} clients into {out} ({refused:,} refused at threshold "
          f"{service.threshold:.3f})")
    return 0


def _score_one(service: Any, client_id: int, args: argparse.Namespace) -> int:
    import json

    lang = getattr(args, "lang", None) or "en"
    assessment = service.assess_client(client_id)
    reasons = service.reasons(assessment, lang=lang)
    path = service.path_to_approval(client_id) if assessment.refused else None
    bundle = service.bundle
    if args.json:
        payload = {
            **assessment.to_dict(),
            "model": {"name": bundle.name, "version": bundle.version, "hash": bundle.model_hash},
            "top": [{"feature": n, "value": _num(v), "contribution": c}
                    for n, v, c in assessment.top(args.top)],
            "reasons": [{"feature": r.feature, "contribution": r.contribution, "text": r.text}
                        for r in reasons],
            "path_to_approval": path.to_dict(lang) if path else None,
        }
        json.dump(payload, sys.stdout, indent=1, ensure_ascii=False)
        print()
        return 0
    from creditdesk.core.scoring import percent

    fr = lang == "fr"
    colon = " :" if fr else ":"
    p, t = percent(assessment.probability, lang), percent(assessment.threshold, lang)
    if fr:
        word = {"accept": "ACCEPTÉ", "refuse": "REFUSÉ"}[assessment.decision]
        print(f"client {client_id} : probabilité de défaut {p} — {word} (seuil {t})")
        print(f"modèle {bundle.name} {bundle.version} ({bundle.model_hash[:12]})")
        print("contributions principales (log-odds) :")
    else:
        word = {"accept": "ACCEPT", "refuse": "REFUSE"}[assessment.decision]
        print(f"client {client_id}: probability of default {p} — {word} (threshold {t})")
        print(f"model {bundle.name} {bundle.version} ({bundle.model_hash[:12]})")
        print("top contributions (log-odds):")
    for name, value, contribution in assessment.top(args.top):
        spec = bundle.spec(name)
        print(f"  {contribution:+.3f}  {spec.label(lang)}{colon} {spec.format_value(value, lang)}")
    if reasons:
        print("motifs :" if fr else "reasons:")
        for number, reason in enumerate(reasons, start=1):
            print(f"  {number}. {reason.text}")
    if path is not None:
        print("chemin vers l'acceptation :" if fr else "path to approval:")
        print("  " + path.message(lang).replace("\n", "\n  "))
    return 0


def _num(value: float) -> float | None:
    return None if value != value else float(value)
