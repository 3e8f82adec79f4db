"""Evaluation helpers agree with scikit-learn and with brute force."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditdesk.training import evaluation as ev
from creditdesk.training.pipeline import stratified_split


def _sample(seed: int, n: int = 2000):
    rng = np.random.default_rng(seed)
    p = rng.beta(1.2, 8, n)
    y = (rng.random(n) < p).astype(int)
    return y, p


def test_auc_and_brier_match_sklearn():
    metrics = pytest.importorskip("sklearn.metrics")
    y, p = _sample(1)
    assert ev.auc(y, p) == pytest.approx(metrics.roc_auc_score(y, p), abs=1e-12)
    rounded = np.round(p, 2)  # many ties
    assert ev.auc(y, rounded) == pytest.approx(metrics.roc_auc_score(y, rounded), abs=1e-12)
    assert ev.brier(y, p) == pytest.approx(metrics.brier_score_loss(y, p), abs=1e-12)
    assert np.isnan(ev.auc(np.zeros(5), np.arange(5)))


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.floats(1, 20), st.floats(0.5, 5))
def test_cost_curve_matches_brute_force(seed, cost_fn, cost_fp):
    y, p = _sample(seed, 300)
    grid = np.linspace(0, 1, 21)
    curve = ev.cost_curve(y, p, grid, cost_fn, cost_fp)
    for t, c in zip(grid, curve, strict=True):
        assert c == pytest.approx(ev.cost_at(y, p, t, cost_fn, cost_fp))


def test_best_threshold_is_cheapest_and_near_bayes():
    y, p = _sample(3, 20_000)
    t, cost = ev.best_threshold(y, p, 10, 1)
    grid = np.round(np.arange(0.001, 1.0, 0.001), 6)
    assert cost == pytest.approx(ev.cost_curve(y, p, grid, 10, 1).min())
    assert cost == pytest.approx(ev.cost_at(y, p, t, 10, 1))
    assert abs(t - 1 / 11) < 0.03  # calibrated scores: Bayes threshold cost_fp / (cost_fp + cost_fn)


def test_calibration_table_and_ece():
    y, p = _sample(4, 10_000)
    table = ev.calibration_table(y, p)
    assert len(table) == 10 and sum(r["n"] for r in table) == len(y)
    assert [r["predicted"] for r in table] == sorted(r["predicted"] for r in table)
    assert ev.expected_calibration_error(y, p) < 0.02  # sampled from p: calibrated
    assert ev.expected_calibration_error(y, np.clip(p * 2, 0, 1)) > 0.05


def test_report_confusion_adds_up():
    y, p = _sample(5)
    r = ev.report(y, p, 0.1, 10, 1)
    c = r["confusion"]
    assert sum(c.values()) == len(y)
    assert c["tp"] + c["fn"] == y.sum()
    assert r["cost"] == 10 * c["fn"] + c["fp"]
    assert r["approval_rate"] == pytest.approx((c["tn"] + c["fn"]) / len(y))


def test_stratified_split_is_disjoint_balanced_and_seeded():
    y, _ = _sample(6, 5000)
    tr, va, te = stratified_split(y, seed=11)
    assert len(set(tr) | set(va) | set(te)) == len(y)
    assert not (set(tr) & set(va)) and not (set(va) & set(te))
    for part in (tr, va, te):
        assert abs(y[part].mean() - y.mean()) < 0.01
    again = stratified_split(y, seed=11)
    assert all(np.array_equal(a, b) for a, b in zip((tr, va, te), again, strict=True))
    assert not np.array_equal(tr, stratified_split(y, seed=12)[0])
