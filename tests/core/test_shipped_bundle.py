"""The bundle shipped in model/: verified, small enough for git, in step with the feature pipeline."""

from __future__ import annotations

from creditdesk import paths
from creditdesk.core.bundle import load_bundle
from creditdesk.store import features_sql
from creditdesk.store.dictionary import DataDictionary
from creditdesk.training.pipeline import PROTECTED_FEATURES


def test_shipped_bundle_loads_and_is_small():
    bundle = load_bundle()
    assert bundle.path == paths.model_dir()
    size = sum(p.stat().st_size for p in paths.model_dir().iterdir())
    assert size < 25 * 1024 * 1024
    assert bundle.pipeline == "homecredit"
    assert 0 < bundle.threshold < 1


def test_shipped_bundle_matches_the_feature_pipeline_and_dictionary():
    bundle = load_bundle()
    expected = [f for f in features_sql.FEATURES if f not in PROTECTED_FEATURES]
    assert bundle.feature_names == expected, (
        "the feature pipeline changed since model/ was trained: retrain it "
        "(creditdesk data generate --clients 150000 --seed 1 --out /tmp/train.duckdb && "
        "creditdesk train --store /tmp/train.duckdb --out model/)"
    )
    dictionary = DataDictionary.load()
    for spec in bundle.features:
        assert dictionary.get(spec.name).dtype == spec.dtype


def test_shipped_metrics_are_reported():
    m = load_bundle().metrics
    test = m["test"]
    assert test["n"] > 10_000 and 0.7 < test["auc"] < 1
    assert m["oracle_auc_test"] > test["auc"] * 0.9
    assert test["ece"] < 0.02
    assert test["cost"] < test["cost_at_0_5"]


def test_shipped_model_never_sees_protected_characteristics():
    bundle = load_bundle()
    assert not set(PROTECTED_FEATURES) & set(bundle.feature_names)
    assert bundle.global_importance.keys().isdisjoint(PROTECTED_FEATURES)
