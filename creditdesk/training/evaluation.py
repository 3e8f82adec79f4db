"""Model evaluation in plain numpy: AUC, business cost, threshold, calibration.

No scikit-learn at run time (it is a test dependency only); each function is
a few lines and checked against scikit-learn in the tests.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def auc(y: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney, ties counted half)."""
    y = np.asarray(y, dtype=np.int64)
    score = np.asarray(score, dtype=np.float64)
    n_pos = int(y.sum())
    n_neg = len(y) - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(score, kind="mergesort")
    sorted_scores = score[order]
    ranks = np.empty(len(score), dtype=np.float64)
    # average ranks for ties
    _, first, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    avg = first + (counts - 1) / 2.0 + 1.0
    ranks[order] = np.repeat(avg, counts)
    return float((ranks[y == 1].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def confusion(y: np.ndarray, prob: np.ndarray, threshold: float) -> dict[str, int]:
    """Counts with 'refuse' (prob >= threshold) as the positive prediction; TARGET 1 = defaulted."""
    y = np.asarray(y, dtype=bool)
    refused = np.asarray(prob) >= threshold
    return {
        "tp": int(np.sum(refused & y)),  # defaulter refused
        "fp": int(np.sum(refused & ~y)),  # good payer refused
        "fn": int(np.sum(~refused & y)),  # defaulter accepted
        "tn": int(np.sum(~refused & ~y)),  # good payer accepted
    }


def cost_at(y: np.ndarray, prob: np.ndarray, threshold: float, cost_fn: float, cost_fp: float) -> float:
    c = confusion(y, prob, threshold)
    return float(cost_fn * c["fn"] + cost_fp * c["fp"])


def cost_curve(
    y: np.ndarray, prob: np.ndarray, thresholds: np.ndarray, cost_fn: float, cost_fp: float
) -> np.ndarray:
    """Total cost cost_fn·FN + cost_fp·FP at each threshold (vectorised with sorted scores)."""
    y = np.asarray(y, dtype=bool)
    pos = np.sort(np.asarray(prob)[y])
    neg = np.sort(np.asarray(prob)[~y])
    fn = np.searchsorted(pos, thresholds, side="left")  # defaulters with prob < t are accepted
    fp = len(neg) - np.searchsorted(neg, thresholds, side="left")  # good payers with prob >= t
    return cost_fn * fn + cost_fp * fp


def best_threshold(
    y: np.ndarray, prob: np.ndarray, cost_fn: float, cost_fp: float, step: float = 0.001
) -> tuple[float, float]:
    """Threshold in (0, 1) on a fine grid minimising the cost; returns (threshold, cost).

    Among equally cheap thresholds the middle of the cheapest run is taken, so
    the choice does not sit on the edge of a flat stretch.
    """
    grid = np.round(np.arange(step, 1.0, step), 6)
    costs = cost_curve(y, prob, grid, cost_fn, cost_fp)
    best = costs.min()
    idx = np.flatnonzero(costs == best)
    run_end = idx[0]
    while run_end + 1 < len(costs) and costs[run_end + 1] == best:
        run_end += 1
    chosen = (idx[0] + run_end) // 2
    return float(grid[chosen]), float(costs[chosen])


def brier(y: np.ndarray, prob: np.ndarray) -> float:
    return float(np.mean((np.asarray(prob) - np.asarray(y)) ** 2))


def calibration_table(y: np.ndarray, prob: np.ndarray, bins: int = 10) -> list[dict[str, float]]:
    """Equal-count bins of predicted probability: count, mean predicted, observed default rate."""
    y = np.asarray(y, dtype=np.float64)
    prob = np.asarray(prob, dtype=np.float64)
    order = np.argsort(prob, kind="mergesort")
    rows = []
    for part in np.array_split(order, bins):
        if len(part) == 0:
            continue
        rows.append(
            {
                "n": len(part),
                "low": float(prob[part].min()),
                "high": float(prob[part].max()),
                "predicted": float(prob[part].mean()),
                "observed": float(y[part].mean()),
            }
        )
    return rows


def expected_calibration_error(y: np.ndarray, prob: np.ndarray, bins: int = 10) -> float:
    """ECE over the equal-count bins of :func:`calibration_table` (count-weighted |pred - obs|)."""
    table = calibration_table(y, prob, bins)
    total = sum(r["n"] for r in table)
    return float(sum(r["n"] * abs(r["predicted"] - r["observed"]) for r in table) / max(total, 1))


def report(
    y: np.ndarray, prob: np.ndarray, threshold: float, cost_fn: float, cost_fp: float
) -> dict[str, Any]:
    """Everything the card shows about one evaluation part."""
    y = np.asarray(y, dtype=np.int64)
    prob = np.asarray(prob, dtype=np.float64)
    at_threshold = confusion(y, prob, threshold)
    at_half = confusion(y, prob, 0.5)
    cost_t = cost_fn * at_threshold["fn"] + cost_fp * at_threshold["fp"]
    cost_h = cost_fn * at_half["fn"] + cost_fp * at_half["fp"]
    n = len(y)
    return {
        "n": int(n),
        "default_rate": float(y.mean()) if n else float("nan"),
        "auc": auc(y, prob),
        "brier": brier(y, prob),
        "ece": expected_calibration_error(y, prob),
        "mean_predicted": float(prob.mean()) if n else float("nan"),
        "confusion": at_threshold,
        "confusion_at_0_5": at_half,
        "cost": float(cost_t),
        "cost_at_0_5": float(cost_h),
        "cost_per_client": float(cost_t / n) if n else float("nan"),
        "cost_saving_vs_0_5": float(1.0 - cost_t / cost_h) if cost_h else float("nan"),
        "approval_rate": float(np.mean(prob < threshold)) if n else float("nan"),
        "approval_rate_at_0_5": float(np.mean(prob < 0.5)) if n else float("nan"),
        "calibration": calibration_table(y, prob),
    }
