"""The Evidently part of the drift report: build, run (with progress), save, read the verdicts.

Kept apart so that only this module imports Evidently (slow to import, ~3 s)
and so that the version-specific details sit in one place. Written for
Evidently 0.7 (``from evidently import Report, Dataset, DataDefinition``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from creditdesk.reports.offline import assert_self_contained

if TYPE_CHECKING:
    import pandas as pd

#: (method, drift score, threshold, drifted?) per column
Verdict = tuple[str, float, float, bool]


def _import_evidently():
    # Evidently's usage telemetry honours DO_NOT_TRACK; creditdesk/__init__ sets it for every
    # entry point, and it is set again here because this is where Evidently gets imported.
    os.environ["DO_NOT_TRACK"] = "1"
    import evidently
    from evidently import DataDefinition, Dataset, Report
    from evidently.core.report import Snapshot
    from evidently.metrics import ValueDrift
    from evidently.presets import DataDriftPreset

    return evidently, DataDefinition, Dataset, Report, Snapshot, ValueDrift, DataDriftPreset


def run_evidently(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    *,
    numerical: list[str],
    categorical: list[str],
    score_column: str,
    html_path: Path,
    cfg: dict[str, Any],
    progress: Callable[[float, str], None],
) -> tuple[dict[str, Verdict], Verdict, float]:
    """Run the data-drift preset on the features and a value-drift test on the score.

    Saves Evidently's HTML to ``html_path`` (atomically, after checking it
    loads nothing from the network) and returns the per-feature verdicts, the
    score's verdict and Evidently's share of drifted features.
    """
    from datetime import datetime

    progress(0.0, "loading Evidently")
    evidently, DataDefinition, Dataset, Report, Snapshot, ValueDrift, DataDriftPreset = _import_evidently()
    features = [*numerical, *categorical]
    definition = DataDefinition(numerical_columns=[*numerical, score_column], categorical_columns=categorical)
    report = Report(
        [
            DataDriftPreset(
                columns=features,
                drift_share=float(cfg["drift_share"]),
                num_method=cfg["num_method"],
                cat_method=cfg["cat_method"],
                threshold=float(cfg["threshold"]),
            ),
            ValueDrift(column=score_column),
        ],
        include_tests=True,
    )
    ref_ds = Dataset.from_pandas(reference, data_definition=definition)
    cur_ds = Dataset.from_pandas(current, data_definition=definition)

    # Same as Report.run, with the context's per-metric step reported as progress (and as the
    # point where a cancel is honoured). Only this snapshot's context is wrapped.
    snapshot = Snapshot(report, None, datetime.now(), dict(report.metadata), list(report.tags))
    context = snapshot.context
    calculate = context.calculate_metric
    total = len(features) + 3
    done = [0]

    def calculate_with_progress(calc):
        result = calculate(calc)
        done[0] += 1
        progress(min(0.85, 0.05 + 0.8 * done[0] / total), f"comparing distributions ({done[0]}/{total})")
        return result

    context.calculate_metric = calculate_with_progress
    progress(0.05, "comparing distributions")
    snapshot.run(cur_ds, ref_ds)

    progress(0.9, "saving the report")
    tmp = html_path.with_name(f".{html_path.stem}.tmp.html")
    try:
        snapshot.save_html(str(tmp))
        assert_self_contained(tmp)
        os.replace(tmp, html_path)
    finally:
        tmp.unlink(missing_ok=True)

    verdicts = _verdicts(snapshot.dict())
    missing = [c for c in [*features, score_column] if c not in verdicts]
    if missing:
        raise RuntimeError(f"Evidently {evidently.__version__} returned no drift result for {missing[:3]}")
    share = _drift_share(snapshot.dict(), verdicts, features)
    return {c: verdicts[c] for c in features}, verdicts[score_column], share


def _verdicts(result: dict[str, Any]) -> dict[str, Verdict]:
    """Per column: method, score and threshold from the ValueDrift metrics, verdict from its test."""
    status: dict[str, bool] = {}
    for test in result.get("tests", []):
        params = (test.get("metric_config") or {}).get("params") or {}
        if str(params.get("type", "")).endswith("ValueDrift") and "column" in params:
            status[params["column"]] = str(test.get("status", "")).upper().endswith("FAIL")
    out: dict[str, Verdict] = {}
    for metric in result.get("metrics", []):
        config = metric.get("config") or {}
        if not str(config.get("type", "")).endswith("ValueDrift"):
            continue
        column = config["column"]
        value = float(metric["value"])
        threshold = float(config.get("threshold") or 0.0)
        method = str(config.get("method") or "")
        out[column] = (method, value, threshold, status.get(column, False))
    return out


def _drift_share(result: dict[str, Any], verdicts: dict[str, Verdict], features: list[str]) -> float:
    """Evidently's DriftedColumnsCount share (falls back to counting the verdicts)."""
    for metric in result.get("metrics", []):
        config = metric.get("config") or {}
        if str(config.get("type", "")).endswith("DriftedColumnsCount"):
            value = metric.get("value") or {}
            if "share" in value:
                return float(value["share"])
    return sum(verdicts[f][3] for f in features) / max(len(features), 1)
