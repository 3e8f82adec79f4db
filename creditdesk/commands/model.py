"""`creditdesk model info` — print the model bundle's card."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add this area's sub-commands to the `creditdesk` parser."""
    from creditdesk.commands.score import add_store_and_bundle

    model = subparsers.add_parser("model", help="model bundle information")
    actions = model.add_subparsers(dest="model_command", metavar="ACTION", required=True)
    info = actions.add_parser("info", help="print the bundle's card (verifies it first)")
    add_store_and_bundle(info, store=False)
    info.add_argument("--json", action="store_true", help="print the whole card as JSON")
    info.add_argument("--top", type=int, default=10, help="global features to list (default 10)")
    info.set_defaults(func=run_info)


def run_info(args: argparse.Namespace) -> int:
    import json

    from creditdesk.core.bundle import load_bundle

    bundle = load_bundle(getattr(args, "bundle", None))
    if args.json:
        card = {k: v for k, v in bundle.card.items() if k != "features"}
        card["model_hash"] = bundle.model_hash
        card["features"] = bundle.feature_names
        print(json.dumps(card, indent=1, ensure_ascii=False))
        return 0
    print(model_card(bundle, top=args.top))
    return 0


def model_card(bundle: Any, top: int = 10) -> str:
    """The card as a few readable lines."""
    m = bundle.metrics
    test = m.get("test", {})
    lines = [
        f"{bundle.name} {bundle.version}  ({bundle.pipeline} pipeline, created {bundle.created_at})",
        f"path: {bundle.path}",
        f"model hash (sha256 of model.txt): {bundle.model_hash}",
        f"features: {len(bundle.feature_names)}   trees: {bundle.booster.num_trees()}",
        f"threshold: {bundle.threshold:.3f}  (minimises {bundle.cost_fn:g}·FN + {bundle.cost_fp:g}·FP "
        "on the validation part; refuse when probability ≥ threshold)",
    ]
    if test:
        lines.append(
            f"test part ({test['n']:,} clients, default rate {100 * test['default_rate']:.1f}%): "
            f"AUC {test['auc']:.4f}  Brier {test['brier']:.4f}  ECE {test['ece']:.4f}"
        )
        if m.get("oracle_auc_test"):
            lines.append(
                f"  oracle AUC on the same rows {m['oracle_auc_test']:.4f}  "
                f"(model/oracle {m['auc_ratio_to_oracle']:.3f})"
            )
        saving = test.get("cost_saving_vs_0_5")
        lines.append(
            f"  cost at threshold {test['cost']:,.0f} vs at 0.5 {test['cost_at_0_5']:,.0f}"
            + (f"  (saving {100 * saving:.1f}%)" if saving is not None else "")
        )
        c = test["confusion"]
        lines.append(
            f"  approval rate {100 * test['approval_rate']:.1f}%   confusion (refuse = positive): "
            f"TP {c['tp']:,}  FP {c['fp']:,}  FN {c['fn']:,}  TN {c['tn']:,}"
        )
    lines.append("top features (mean |SHAP|, log-odds):")
    ranked = sorted(bundle.global_importance.items(), key=lambda kv: -kv[1])[:top]
    for name, value in ranked:
        lines.append(f"  {value:.4f}  {bundle.spec(name).label('en')} ({name})")
    fp = bundle.training_fingerprint
    if fp:
        lines.append(f"trained on {fp.get('rows', '?'):,} labelled clients of {fp.get('store_name', '?')} "
                     f"(sha256 {str(fp.get('labelled_rows_sha256', ''))[:16]}…)")
    versions = ", ".join(f"{k} {v}" for k, v in bundle.library_versions.items())
    lines.append(f"libraries: {versions}")
    return "\n".join(lines)
