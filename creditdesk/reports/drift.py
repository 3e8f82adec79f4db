"""Drift report: has the population the model now scores moved away from the one it learnt on?

Evidently (current API: ``Report`` + ``DataDriftPreset`` + ``ValueDrift``)
compares the bundle's reference sample with the current clients (the store's
``features`` table, or a CSV/Parquet file), on the model's features only,
plus the predicted probability of default. Drifted features are ranked by
the model's global importance. The score's drift is measured twice: a
10-bin PSI on reference deciles (our own, the credit-risk convention) and
Evidently's test on the score column. Missing values are compared too
(Evidently's value tests drop them): a feature whose share of missing values
moved by more than ``missing_share_delta`` is flagged.

Speed: each side is reduced to at most ``sample_size`` rows by a seeded
uniform sample without replacement (numpy's default generator), chosen on
client ids before any feature is read, so a 300k-row store never loads in
full. Evidently's saved HTML is checked to load nothing from the network.

Written for each report: ``drift-<stamp>.html`` (Evidently's) and
``drift-<stamp>.json`` (our summary, read back by :func:`list_reports`).
"""

from __future__ import annotations

import json
import logging
import math
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from creditdesk.errors import InputError
from creditdesk.reports.drift_data import load_current, sample_index
from creditdesk.reports.gc_pauses import postponed_full_collections

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from creditdesk.core.bundle import Bundle

log = logging.getLogger(__name__)
Progress = Callable[[float, str], None]
SCORE_COLUMN = "predicted_pd"
SUMMARY_KIND = "creditdesk-drift-report"
SUMMARY_SCHEMA = 1
DEFAULTS: dict[str, Any] = {
    "sample_size": 30_000,
    "seed": 20_240_601,
    "num_method": "wasserstein",
    "cat_method": "jensenshannon",
    "threshold": 0.1,
    "drift_share": 0.5,
    "psi_bins": 10,
    "psi_alert": 0.1,
    "missing_share_delta": 0.05,
    "min_rows": 30,
    "report_features": 60,
    "report_top": 20,
}


# ------------------------------------------------------------------ results


@dataclass(frozen=True)
class FeatureDrift:
    """One column's comparison, reference vs current."""

    name: str
    label: str
    importance: float  # global mean |SHAP| (0 for the score column)
    importance_rank: int  # 1 = the model's most important feature
    method: str
    score: float  # Evidently's drift score (distance or p-value, see method)
    threshold: float
    value_drift: bool  # Evidently's verdict
    missing_reference: float  # share of missing values
    missing_current: float
    missing_drift: bool

    @property
    def flagged(self) -> bool:
        return self.value_drift or self.missing_drift

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "flagged": self.flagged}


@dataclass(frozen=True)
class DriftReport:
    """What one drift report found, and where it was saved."""

    path: Path  # Evidently's HTML
    summary_path: Path  # our JSON sidecar
    created_at: str  # ISO 8601, local time with offset
    model_name: str
    model_version: str
    model_hash: str
    source: str  # what the current data was
    reference_rows: int  # rows available before sampling
    current_rows: int
    compared_rows: tuple[int, int]  # rows compared (reference, current)
    sampling: str
    drift_share: float  # share of model features with value drift (Evidently)
    dataset_drift: bool  # drift_share >= the configured share
    features: list[FeatureDrift]  # every compared feature, by importance
    drifted_features: list[FeatureDrift]  # flagged ones, by importance
    score_psi: float
    score_psi_alert: bool
    score_test: FeatureDrift  # Evidently's test on the predicted probability
    excluded: dict[str, str] = field(default_factory=dict)  # feature -> why it was not compared
    in_html: list[str] = field(default_factory=list)  # features charted in Evidently's HTML
    elapsed_s: float = 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "kind": SUMMARY_KIND,
            "schema": SUMMARY_SCHEMA,
            "html": self.path.name,
            "created_at": self.created_at,
            "model": {
                "name": self.model_name,
                "version": self.model_version,
                "hash": self.model_hash,
            },
            "source": self.source,
            "rows": {
                "reference": self.reference_rows,
                "current": self.current_rows,
                "compared_reference": self.compared_rows[0],
                "compared_current": self.compared_rows[1],
            },
            "sampling": self.sampling,
            "drift_share": self.drift_share,
            "dataset_drift": self.dataset_drift,
            "drifted_features": [f.name for f in self.drifted_features],
            "score_psi": self.score_psi,
            "score_psi_alert": self.score_psi_alert,
            "score_test": self.score_test.to_dict(),
            "features": [f.to_dict() for f in self.features],
            "excluded": self.excluded,
            "in_html": self.in_html,
            "elapsed_s": round(self.elapsed_s, 2),
        }


@dataclass(frozen=True)
class ReportEntry:
    """One earlier report, as listed in Monitoring ▸ Reports."""

    path: Path
    summary_path: Path
    created_at: datetime
    drift_share: float
    n_drifted: int
    drifted_features: tuple[str, ...]
    score_psi: float
    model_version: str
    source: str


# ------------------------------------------------------------------ configuration


def load_config(path: str | os.PathLike | None = None) -> dict[str, Any]:
    """Defaults, overridden by ``monitoring/drift_config.json`` (or ``path``) when present."""
    config = dict(DEFAULTS)
    if path is None:
        from creditdesk.paths import install_root

        path = install_root() / "monitoring" / "drift_config.json"
    file = Path(path)
    if file.exists():
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"drift configuration {file} is not valid JSON ({exc})") from exc
        unknown = set(data) - set(DEFAULTS) - {"comment"}
        if unknown:
            raise InputError(
                f"drift configuration {file}: unknown key(s) {', '.join(sorted(unknown))}"
            )
        config.update({k: v for k, v in data.items() if k != "comment"})
    return config


# ------------------------------------------------------------------ score PSI


def psi(reference: np.ndarray, current: np.ndarray, bins: int = 10, eps: float = 1e-4) -> float:
    """Population stability index of ``current`` against ``reference``.

    Bins are the reference's quantiles (deciles by default; ties merged);
    empty bins get a share of ``eps`` so the logarithm stays finite.
    Rule of thumb: < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 major shift.
    """
    import numpy as np

    ref = np.asarray(reference, dtype=np.float64)
    cur = np.asarray(current, dtype=np.float64)
    ref, cur = ref[~np.isnan(ref)], cur[~np.isnan(cur)]
    if len(ref) == 0 or len(cur) == 0:
        return math.nan
    edges = np.unique(np.quantile(ref, np.linspace(0.0, 1.0, bins + 1)[1:-1]))
    r = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=len(edges) + 1) / len(ref)
    c = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=len(edges) + 1) / len(cur)
    r, c = np.clip(r, eps, None), np.clip(c, eps, None)
    return float(np.sum((c - r) * np.log(c / r)))


# ------------------------------------------------------------------ the report


def _stamp_paths(out_dir: Path, now: datetime) -> tuple[Path, Path]:
    stem = f"drift-{now:%Y%m%d-%H%M%S}"
    n = 1
    while (out_dir / f"{stem}.html").exists() or (out_dir / f"{stem}.json").exists():
        n += 1
        stem = f"drift-{now:%Y%m%d-%H%M%S}-{n}"
    return out_dir / f"{stem}.html", out_dir / f"{stem}.json"


def _report_columns(features: list[FeatureDrift], limit: int, top: int) -> list[str]:
    """Features charted in the HTML: the flagged ones, then the most important, by importance.

    ``limit`` 0 charts every feature. ``features`` is already ranked by importance.
    """
    if limit <= 0:
        return [f.name for f in features]
    chosen = [f.name for f in features if f.flagged][:limit]
    for f in features[:top]:
        if len(chosen) >= limit:
            break
        if f.name not in chosen:
            chosen.append(f.name)
    order = {f.name: i for i, f in enumerate(features)}
    return sorted(chosen, key=order.__getitem__)


def _banner(
    bundle: Bundle,
    now: datetime,
    source: str,
    n_ref: int,
    n_cur: int,
    features: list[FeatureDrift],
    flagged: list[FeatureDrift],
    shown: list[str],
    share: float,
    score_psi: float,
    cfg: dict[str, Any],
) -> str:
    """CreditDesk's summary above Evidently's report: which model, which data, what moved."""
    from html import escape

    rows = (
        "".join(
            f"<tr><td>#{f.importance_rank}</td><td>{escape(f.name)}</td><td>{escape(f.label)}</td>"
            f"<td>{'drift' if f.value_drift else 'no drift'}: {escape(f.method)} {f.score:.3f} "
            f"(threshold {f.threshold:g})</td>"
            f"<td>{f.missing_reference:.0%} → {f.missing_current:.0%}{' (moved)' if f.missing_drift else ''}</td></tr>"
            for f in flagged
        )
        or '<tr><td colspan="5">No feature drifted.</td></tr>'
    )
    verdict = "shifted" if score_psi > cfg["psi_alert"] else "stable"
    charted = (
        "every model feature"
        if len(shown) == len(features)
        else (
            f"{len(shown)} of the {len(features)} features (the drifted ones, then the most important)"
        )
    )
    return (
        "<style>.cd-banner td, .cd-banner th { padding: 2px 14px 2px 0; text-align: left; }"
        ".cd-banner tr:nth-child(even) td { background: #F3F5F8; }</style>"
        '<section class="cd-banner" style="font-family: Arial, Helvetica, sans-serif; margin: 16px 24px; '
        "padding: 12px 16px; border: 1px solid #C9CED6; border-left: 4px solid #0072B2; background: #fff; "
        'color: #1F2328;">'
        f'<h2 style="margin: 0 0 6px; font-size: 18px;">CreditDesk drift report — {now:%Y-%m-%d %H:%M}</h2>'
        f'<p style="margin: 0 0 6px;">Model <b>{escape(bundle.name)} {escape(bundle.version)}</b> '
        f"(hash <code>{bundle.model_hash[:12]}</code>); reference sample {n_ref:,} rows vs {escape(source)}, "
        f"{n_cur:,} rows compared.</p>"
        f'<p style="margin: 0 0 6px;"><b>{len(flagged)}</b> of {len(features)} model features flagged '
        f"(value drift share {share:.1%}); predicted probability PSI <b>{score_psi:.3f}</b> ({verdict}). "
        f"Below, Evidently charts {charted}; its counts refer to those.</p>"
        '<table style="border-collapse: collapse; font-size: 13px;">'
        "<tr><th>rank</th><th>feature</th><th>label</th><th>drift test</th>"
        f"<th>missing values</th></tr>{rows}</table></section>"
    )


def _check_agreement(screen: dict[str, Any], report: dict[str, Any]) -> None:
    """The HTML report and the per-feature tests are the same Evidently tests on the same rows."""
    for name, (_, value, _, drifted) in report.items():
        if name in screen and (
            screen[name][3] != drifted
            or not math.isclose(screen[name][1], value, rel_tol=1e-6, abs_tol=1e-9)
        ):
            raise RuntimeError(
                f"Evidently's report and its drift test disagree on {name}: "
                f"{report[name]} vs {screen[name]}"
            )


def _missing_share(frame: pd.DataFrame) -> dict[str, float]:
    return {c: float(v) for c, v in frame.isna().mean().items()}


@postponed_full_collections()
def generate_drift_report(
    bundle: Bundle,
    current: pd.DataFrame | str | os.PathLike,
    out_dir: str | os.PathLike | None = None,
    *,
    sample_size: int | None = None,
    seed: int | None = None,
    reference: pd.DataFrame | None = None,
    config: dict[str, Any] | None = None,
    progress: Progress | None = None,
) -> DriftReport:
    """Compare the bundle's reference sample with ``current``; save Evidently's HTML and a summary.

    ``current``: a DataFrame with the model's features, a store (.duckdb),
    or a CSV/Parquet file. ``reference`` replaces the bundle's sample (tests,
    benchmarks). ``out_dir`` defaults to the user's reports folder.
    ``progress(fraction, message)`` may raise Cancelled to stop. Safe to run
    off the main thread (the GUI does); full garbage collections wait for its end
    (:mod:`creditdesk.reports.gc_pauses`).
    """
    from creditdesk.reports.drift_run import column_verdicts

    started = time.perf_counter()
    cfg = {**load_config(), **(config or {})}
    size = int(sample_size if sample_size is not None else cfg["sample_size"])
    seed = int(seed if seed is not None else cfg["seed"])
    if size < int(cfg["min_rows"]):
        raise InputError(f"the sample size must be at least {cfg['min_rows']} rows")

    def step(fraction: float, message: str) -> None:
        if progress is not None:
            progress(fraction, message)

    if out_dir is None:
        from creditdesk.paths import reports_dir

        out_dir = reports_dir()
    out = Path(out_dir).expanduser()
    out.mkdir(parents=True, exist_ok=True)

    step(0.0, "reading the current clients")
    cur, n_current, source = load_current(current, bundle, size, seed)
    step(0.15, "reading the reference sample")
    ref_all = bundle.reference_sample() if reference is None else reference
    n_reference = len(ref_all)
    ref = ref_all.iloc[sample_index(n_reference, size, seed + 1)].reset_index(drop=True)
    if len(cur) < cfg["min_rows"]:
        raise InputError(f"only {len(cur)} current rows: at least {cfg['min_rows']} are needed")

    step(0.2, "scoring the current clients")
    from creditdesk.core.scoring import ScoringService

    scorer = ScoringService(bundle)
    names = list(bundle.feature_names)
    ref_frame = ref.reindex(columns=names).astype("float64")
    cur_frame = cur.reindex(columns=names).astype("float64")
    ref_scores = (
        ref["score"].to_numpy(dtype="float64") if "score" in ref else scorer.predict(ref_frame)
    )
    cur_scores = scorer.predict(cur_frame)

    excluded: dict[str, str] = {}
    for name in names:
        if cur_frame[name].notna().sum() < cfg["min_rows"]:
            excluded[name] = (
                "missing in the current data"
                if cur_frame[name].isna().all()
                else "too few values in the current data"
            )
        elif ref_frame[name].notna().sum() < cfg["min_rows"]:
            excluded[name] = "too few values in the reference sample"
    compared = [n for n in names if n not in excluded]
    if not compared:
        raise InputError("no model feature has enough values on both sides to compare")

    ref_frame[SCORE_COLUMN] = ref_scores
    cur_frame[SCORE_COLUMN] = cur_scores
    categorical = {s.name for s in bundle.features if s.dtype in ("category", "bool")}
    numerical = [n for n in compared if n not in categorical]
    cats = [n for n in compared if n in categorical]

    step(0.25, "testing each feature")
    verdicts = column_verdicts(
        ref_frame,
        cur_frame,
        numerical=[*numerical, SCORE_COLUMN],
        categorical=cats,
        cfg=cfg,
        progress=lambda f, m: step(0.25 + 0.1 * f, m),
    )
    importance = bundle.global_importance
    by_importance = sorted(names, key=lambda n: (-importance.get(n, 0.0), n))
    rank = {n: i + 1 for i, n in enumerate(by_importance)}
    miss_ref, miss_cur = _missing_share(ref_frame[compared]), _missing_share(cur_frame[compared])
    labels = {s.name: s.label("en") for s in bundle.features}
    features = []
    for name in (n for n in by_importance if n in verdicts):
        method, value, threshold, drifted = verdicts[name]
        delta = abs(miss_cur[name] - miss_ref[name])
        features.append(
            FeatureDrift(
                name,
                labels.get(name, name),
                float(importance.get(name, 0.0)),
                rank[name],
                method,
                value,
                threshold,
                drifted,
                miss_ref[name],
                miss_cur[name],
                delta >= cfg["missing_share_delta"],
            )
        )
    flagged = [f for f in features if f.flagged]
    shown = _report_columns(features, int(cfg["report_features"]), int(cfg["report_top"]))

    now = datetime.now().astimezone().replace(microsecond=0)
    html_path, json_path = _stamp_paths(out, now)
    share = sum(f.value_drift for f in features) / len(features)
    score_psi = psi(ref_scores, cur_scores, bins=int(cfg["psi_bins"]))
    banner = _banner(
        bundle,
        now,
        source,
        len(ref_frame),
        len(cur_frame),
        features,
        flagged,
        shown,
        share,
        score_psi,
        cfg,
    )
    try:
        score = _write(
            bundle,
            cfg,
            ref_frame,
            cur_frame,
            categorical,
            shown,
            flagged,
            verdicts,
            source,
            html_path,
            banner,
            step,
        )
        _, value, threshold, drifted = score
        method = verdicts[SCORE_COLUMN][0]  # the test's display name, as for the features

        step(0.96, "summarising")
        score_test = FeatureDrift(
            SCORE_COLUMN,
            "Predicted probability of default",
            0.0,
            0,
            method,
            value,
            threshold,
            drifted,
            0.0,
            0.0,
            False,
        )
        report = DriftReport(
            path=html_path,
            summary_path=json_path,
            created_at=now.isoformat(),
            model_name=bundle.name,
            model_version=bundle.version,
            model_hash=bundle.model_hash,
            source=source,
            reference_rows=n_reference,
            current_rows=n_current,
            compared_rows=(len(ref_frame), len(cur_frame)),
            sampling=(
                f"uniform sample without replacement of at most {size:,} rows per side "
                f"(numpy default_rng, seeds {seed} current / {seed + 1} reference)"
            ),
            drift_share=share,
            dataset_drift=share >= cfg["drift_share"],
            features=features,
            drifted_features=flagged,
            in_html=shown,
            score_psi=score_psi,
            score_psi_alert=bool(score_psi > cfg["psi_alert"]),
            score_test=score_test,
            excluded=excluded,
            elapsed_s=time.perf_counter() - started,
        )
        tmp = json_path.with_name(f".{json_path.name}.tmp")
        tmp.write_text(
            json.dumps(_plain(report.summary()), indent=1, allow_nan=False), encoding="utf-8"
        )
        os.replace(tmp, json_path)
    except BaseException:  # cancelled or failed: leave no half report behind
        html_path.unlink(missing_ok=True)
        json_path.unlink(missing_ok=True)
        raise
    step(1.0, f"{len(report.drifted_features)} drifted feature(s); score PSI {score_psi:.3f}")
    return report


def _write(
    bundle: Bundle,
    cfg: dict[str, Any],
    ref_frame: pd.DataFrame,
    cur_frame: pd.DataFrame,
    categorical: set[str],
    shown: list[str],
    flagged: list[FeatureDrift],
    verdicts: dict[str, Any],
    source: str,
    html_path: Path,
    banner: str,
    step: Progress,
) -> tuple[str, float, float, bool]:
    """Evidently's HTML for the charted features; returns its verdict on the score."""
    from creditdesk.reports.drift_run import write_report

    report_verdicts = write_report(
        ref_frame,
        cur_frame,
        numerical=[n for n in shown if n not in categorical],
        categorical=[n for n in shown if n in categorical],
        score_column=SCORE_COLUMN,
        missing_columns=[f.name for f in flagged if f.missing_drift and f.name in shown],
        html_path=html_path,
        cfg=cfg,
        banner=banner,
        metadata={
            "model": f"{bundle.name} {bundle.version}",
            "model_hash": bundle.model_hash,
            "source": source,
        },
        progress=lambda f, m: step(0.35 + 0.6 * f, m),
    )
    _check_agreement(verdicts, report_verdicts)
    return report_verdicts[SCORE_COLUMN]


def _plain(value: Any) -> Any:
    """JSON-ready: numpy scalars to Python, NaN and infinities to None."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def list_reports(directory: str | os.PathLike | None = None) -> list[ReportEntry]:
    """Earlier reports in ``directory`` (default: the user's reports folder), newest first.

    Read from the JSON summaries; a summary whose HTML is gone, or that is not
    ours or unreadable, is skipped.
    """
    if directory is None:
        from creditdesk.paths import reports_dir

        directory = reports_dir()
    folder = Path(directory)
    entries = []
    for summary in folder.glob("drift-*.json"):
        try:
            data = json.loads(summary.read_text(encoding="utf-8"))
            if data.get("kind") != SUMMARY_KIND:
                continue
            html = folder / data["html"]
            if not html.exists():
                continue
            entries.append(
                ReportEntry(
                    path=html,
                    summary_path=summary,
                    created_at=datetime.fromisoformat(data["created_at"]),
                    drift_share=float(data["drift_share"]),
                    n_drifted=len(data["drifted_features"]),
                    drifted_features=tuple(data["drifted_features"]),
                    score_psi=float(data["score_psi"])
                    if data["score_psi"] is not None
                    else math.nan,
                    model_version=str(data["model"]["version"]),
                    source=str(data.get("source", "")),
                )
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("skipping drift summary %s: %s", summary, exc)
    return sorted(entries, key=lambda e: e.created_at, reverse=True)
