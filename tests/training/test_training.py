"""Training on a small store: deterministic, threshold from the validation cost, full card."""

from __future__ import annotations

import duckdb
import numpy as np
import pytest

from creditdesk.core.bundle import load_bundle
from creditdesk.errors import InputError
from tests.model_fixtures import make_table_store, train_small


def test_card_carries_the_metrics(table_bundle):
    bundle = load_bundle(table_bundle)
    m = bundle.metrics
    for part in ("valid", "test"):
        r = m[part]
        assert 0.5 < r["auc"] <= 1
        assert len(r["calibration"]) == 10
        assert {"tp", "fp", "fn", "tn"} == set(r["confusion"])
        assert 0 <= r["ece"] < 0.1 and 0 < r["brier"] < 0.25
        assert 0 < r["approval_rate"] < 1
    assert m["split"]["train"] > m["split"]["valid"] > 0
    assert 0.8 < m["auc_ratio_to_oracle"] <= 1.05
    assert m["oracle_auc_test"] > 0.6
    curve = m["valid_cost_curve"]
    assert len(curve["thresholds"]) == len(curve["cost"]) == 101
    # the chosen threshold is the cheapest on the validation part (fine grid beats the coarse curve)
    assert m["valid_cost_at_threshold"] <= min(curve["cost"][1:-1])
    assert m["test"]["cost"] <= m["test"]["cost_at_0_5"]
    fp = bundle.training_fingerprint
    assert fp["rows"] == sum(m["split"][k] for k in ("train", "valid", "test"))
    assert len(fp["labelled_rows_sha256"]) == 64


def test_training_is_deterministic(tmp_path, table_store, table_bundle):
    again = tmp_path / "again"
    train_small(table_store, again)
    a, b = load_bundle(table_bundle), load_bundle(again)
    assert a.model_hash == b.model_hash
    assert a.threshold == b.threshold
    assert a.metrics["test"] == b.metrics["test"]
    ref_a, ref_b = a.reference_sample(), b.reference_sample()
    assert ref_a.equals(ref_b)


def test_progress_is_monotonic_and_finishes(tmp_path, table_store):
    seen = []
    train_small(table_store, tmp_path / "b", max_rounds=10,
                progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any("valid AUC" in m for _, m in seen)


def test_costs_move_the_threshold(tmp_path, table_store):
    low = train_small(table_store, tmp_path / "a", max_rounds=30, cost_fn=2.0)
    high = train_small(table_store, tmp_path / "b", max_rounds=30, cost_fn=30.0)
    assert low.threshold > high.threshold


def test_refuses_a_store_without_outcomes(tmp_path):
    store = make_table_store(tmp_path / "s.duckdb", n=300, labelled_fraction=0.0)
    with pytest.raises(InputError, match="too few"):
        train_small(store, tmp_path / "b")


def test_refuses_non_positive_costs(tmp_path, table_store):
    with pytest.raises(InputError, match="positive"):
        train_small(table_store, tmp_path / "b", cost_fp=0)


def test_reference_scores_are_the_bundle_scores(table_bundle):
    bundle = load_bundle(table_bundle)
    ref = bundle.reference_sample()
    X = ref[bundle.feature_names].to_numpy(dtype=np.float64)
    np.testing.assert_allclose(ref["score"].to_numpy(), bundle.booster.predict(X))
    assert set(ref["TARGET"].unique()) <= {0, 1}


def test_categorical_features_are_lightgbm_categorical(table_bundle):
    bundle = load_bundle(table_bundle)
    text = (table_bundle / "model.txt").read_text()
    assert "categorical_feature" in text or "cat_threshold" in text
    assert bundle.categorical_features == ["segment"]


def test_only_labelled_rows_are_used(table_store, table_bundle):
    con = duckdb.connect(str(table_store), read_only=True)
    labelled = con.execute("SELECT count(*) FROM features WHERE TARGET IS NOT NULL").fetchall()[0][0]
    con.close()
    assert load_bundle(table_bundle).training_fingerprint["rows"] == labelled
