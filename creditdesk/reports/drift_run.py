"""The Evidently part of the drift report: verdicts for every column, then the HTML report.

Kept apart so that only this module imports Evidently (slow to import, ~3 s)
and so that the version-specific details sit in one place. Written for
Evidently 0.7 (``from evidently import Report, Dataset, DataDefinition``).

Two steps, both Evidently's own code:

1. :func:`column_verdicts` runs Evidently's drift tests (the functions its
   data-drift preset calls, same method and threshold) on every model
   feature and on the score: cheap, milliseconds per column.
2. :func:`write_report` runs the ``DataDriftPreset`` (plus ``ValueDrift`` on
   the score and ``MissingValueCount`` where missing values moved) on the
   columns worth a chart, and saves the HTML. The preset costs about 0.1 s
   per column whatever the row count (it draws each column's distributions
   twice with plotly), so a 200-feature model would spend most of its time
   drawing charts of features that did not move.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from creditdesk.reports.offline import assert_self_contained

if TYPE_CHECKING:
    import pandas as pd

#: (method, drift score, threshold, drifted?) per column
Verdict = tuple[str, float, float, bool]
Progress = Callable[[float, str], None]


def _import_evidently() -> None:
    # Evidently's usage telemetry honours DO_NOT_TRACK; creditdesk/__init__ sets it for every
    # entry point, and it is set again here because this is where Evidently gets imported.
    os.environ["DO_NOT_TRACK"] = "1"
    import evidently  # noqa: F401


def column_verdicts(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    *,
    numerical: Sequence[str],
    categorical: Sequence[str],
    cfg: dict[str, Any],
    progress: Progress | None = None,
) -> dict[str, Verdict]:
    """Evidently's drift test on each column, as its data-drift preset runs it.

    Infinite values are treated as missing and missing values are dropped
    before the test (Evidently's rule); the caller compares missing shares.
    """
    import numpy as np

    _import_evidently()
    from evidently.legacy.calculations.stattests import get_stattest
    from evidently.legacy.core import ColumnType

    threshold = float(cfg["threshold"])
    columns = [(c, ColumnType.Numerical, cfg["num_method"]) for c in numerical]
    columns += [(c, ColumnType.Categorical, cfg["cat_method"]) for c in categorical]
    out: dict[str, Verdict] = {}
    for n, (column, kind, method) in enumerate(columns):
        ref = reference[column].replace([np.inf, -np.inf], np.nan).dropna()
        cur = current[column].replace([np.inf, -np.inf], np.nan).dropna()
        test = get_stattest(ref, cur, kind, method)
        result = test(ref, cur, kind, threshold)
        out[column] = (
            test.display_name,
            float(result.drift_score),
            float(result.actual_threshold),
            bool(result.drifted),
        )
        if progress is not None and n % 10 == 0:
            progress(n / max(len(columns), 1), f"testing {column}")
    return out


def write_report(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    *,
    numerical: Sequence[str],
    categorical: Sequence[str],
    score_column: str,
    missing_columns: Sequence[str],
    html_path: Path,
    cfg: dict[str, Any],
    metadata: dict[str, str],
    banner: str = "",
    progress: Progress,
) -> dict[str, Verdict]:
    """Run the data-drift preset on the given features and save Evidently's HTML.

    ``banner`` (plain HTML, no external resource) goes at the top of the page.
    The file is written atomically, and only once it has been checked to load
    nothing from the network. Returns the report's own verdicts (features and
    score), which the caller can hold against :func:`column_verdicts`.
    """
    progress(0.0, "loading Evidently")
    _import_evidently()
    from evidently import DataDefinition, Dataset, Report
    from evidently.core.report import Snapshot
    from evidently.metrics import MissingValueCount, ValueDrift
    from evidently.presets import DataDriftPreset

    features = [*numerical, *categorical]
    definition = DataDefinition(
        numerical_columns=[*numerical, score_column], categorical_columns=list(categorical)
    )
    report = Report(
        [
            ValueDrift(
                column=score_column, method=cfg["num_method"], threshold=float(cfg["threshold"])
            ),
            DataDriftPreset(
                columns=features,
                drift_share=float(cfg["drift_share"]),
                num_method=cfg["num_method"],
                cat_method=cfg["cat_method"],
                threshold=float(cfg["threshold"]),
            ),
            *(MissingValueCount(column=c) for c in missing_columns),
        ],
        include_tests=True,
        metadata=metadata,
    )
    columns = [*features, score_column]
    ref_ds = Dataset.from_pandas(reference[columns], data_definition=definition)
    cur_ds = Dataset.from_pandas(current[columns], data_definition=definition)

    # As Report.run does, with each metric of the context reported as progress (and as the
    # point where a cancel is honoured). Only this snapshot's own context is wrapped.
    snapshot = Snapshot(report, None, datetime.now(), dict(report.metadata), list(report.tags))
    context = snapshot.context
    calculate = context.calculate_metric
    total = len(features) + len(missing_columns) + 3
    done = [0]

    def calculate_with_progress(calc):
        result = calculate(calc)
        done[0] += 1
        progress(
            min(0.6, 0.05 + 0.55 * done[0] / total), f"comparing distributions ({done[0]}/{total})"
        )
        return result

    context.calculate_metric = calculate_with_progress
    progress(0.05, "comparing distributions")
    snapshot.run(cur_ds, ref_ds)

    progress(0.85, "saving the report")
    tmp = html_path.with_name(f".{html_path.stem}.tmp.html")
    try:
        html = snapshot.get_html_str(as_iframe=False)  # what Snapshot.save_html writes
        if banner:
            head, body, rest = html.partition("<body>")
            html = head + body + banner + rest if body else banner + html
        tmp.write_text(html, encoding="utf-8")
        assert_self_contained(tmp)
        os.replace(tmp, html_path)
    finally:
        tmp.unlink(missing_ok=True)
    return _verdicts(snapshot.dict())


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
        out[column] = (
            str(config.get("method") or ""),
            float(metric["value"]),
            float(config.get("threshold") or 0.0),
            status.get(column, False),
        )
    return out
