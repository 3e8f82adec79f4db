"""The bundle loads only when every byte is as written: tampering is refused with a clear line."""

from __future__ import annotations

import json
import os

import pytest

from creditdesk.core.bundle import (
    BOOSTER_FILE,
    CARD_FILE,
    MANIFEST_FILE,
    REFERENCE_FILE,
    load_bundle,
    write_bundle,
)
from creditdesk.errors import BundleError
from tests.model_fixtures import corrupt_manifest, edit_card


def test_bundle_loads_with_its_card(table_bundle):
    bundle = load_bundle(table_bundle)
    assert bundle.pipeline == "table"
    assert bundle.feature_names == list(bundle.booster.feature_name())
    assert [s.name for s in bundle.features] == bundle.feature_names
    assert 0 < bundle.threshold < 1
    assert bundle.cost_fn == 10 and bundle.cost_fp == 1
    assert len(bundle.model_hash) == 64
    assert bundle.spec("segment").categories == ("retail", "salaried", "self-employed")
    assert bundle.categorical_features == ["segment"]
    assert set(bundle.global_importance) == set(bundle.feature_names)
    assert {"lightgbm", "numpy", "duckdb"} <= set(bundle.library_versions)
    assert len(bundle.metrics["valid_cost_curve"]["thresholds"]) == 101
    ref = bundle.reference_sample()
    assert {"TARGET", "score", *bundle.feature_names} <= set(ref.columns)
    assert bundle.reference_medians()["segment"] in (0.0, 1.0, 2.0)


def test_bundle_has_no_pickle(table_bundle):
    names = sorted(os.listdir(table_bundle))
    assert names == sorted([BOOSTER_FILE, CARD_FILE, REFERENCE_FILE, MANIFEST_FILE])
    assert (table_bundle / BOOSTER_FILE).read_text().startswith("tree\n")


def _flip_byte(path, offset=None):
    data = bytearray(path.read_bytes())
    i = len(data) // 2 if offset is None else offset
    data[i] ^= 0x01
    path.write_bytes(bytes(data))


def _truncate_booster(bundle):
    text = (bundle / BOOSTER_FILE).read_text()
    (bundle / BOOSTER_FILE).write_text(text[: len(text) // 2])
    corrupt_manifest(bundle)  # even with a forged manifest, a cut booster is refused


def _drop_trees_keep_format(bundle):
    """A booster cut at a tree boundary still parses: the card's tree count catches it."""
    import lightgbm as lgb

    booster = lgb.Booster(model_str=(bundle / BOOSTER_FILE).read_text())
    (bundle / BOOSTER_FILE).write_text(booster.model_to_string(num_iteration=3))
    corrupt_manifest(bundle)


def _swap_features(card):
    names = card["features"]
    names[0], names[1] = names[1], names[0]


CORRUPTIONS = {
    "booster byte changed": (lambda b: _flip_byte(b / BOOSTER_FILE), "does not match its SHA-256"),
    "card byte changed": (lambda b: _flip_byte(b / CARD_FILE, 40), "does not match its SHA-256"),
    "reference byte changed": (lambda b: _flip_byte(b / REFERENCE_FILE), "does not match its SHA-256"),
    "booster missing": (lambda b: (b / BOOSTER_FILE).unlink(), "missing"),
    "card missing": (lambda b: (b / CARD_FILE).unlink(), "missing"),
    "reference missing": (lambda b: (b / REFERENCE_FILE).unlink(), "missing"),
    "manifest missing": (lambda b: (b / MANIFEST_FILE).unlink(), "cannot be verified"),
    "manifest line malformed": (
        lambda b: (b / MANIFEST_FILE).write_text("not a checksum line\n"), "malformed"),
    "manifest drops a file": (
        lambda b: (b / MANIFEST_FILE).write_text(
            "".join(x + "\n" for x in (b / MANIFEST_FILE).read_text().splitlines()
                    if not x.endswith(REFERENCE_FILE))), "does not cover"),
    "manifest names a path outside": (
        lambda b: (b / MANIFEST_FILE).write_text(
            (b / MANIFEST_FILE).read_text() + "0" * 64 + "  ../evil.txt\n"), "unknown file"),
    "extra unknown file": (lambda b: (b / "model.pkl").write_bytes(b"\x80\x04"), "unexpected file"),
    "booster truncated": (_truncate_booster, "truncated"),
    "booster cut at a tree": (_drop_trees_keep_format, "trees"),
    "unknown schema version": (
        lambda b: edit_card(b, lambda c: c.update(schema_version=2)), "schema version 2"),
    "malformed JSON": (
        lambda b: ((b / CARD_FILE).write_text("{not json"), corrupt_manifest(b)), "not valid JSON"),
    "card is a list": (lambda b: ((b / CARD_FILE).write_text("[]"), corrupt_manifest(b)), "JSON object"),
    "card lacks threshold": (lambda b: edit_card(b, lambda c: c.pop("threshold")), "lacks 'threshold'"),
    "threshold above 1": (lambda b: edit_card(b, lambda c: c.update(threshold=1.5)), "outside (0, 1)"),
    "threshold zero": (lambda b: edit_card(b, lambda c: c.update(threshold=0)), "outside (0, 1)"),
    "negative cost": (lambda b: edit_card(b, lambda c: c.update(cost_fn=-1)), "positive"),
    "features reordered": (lambda b: edit_card(b, _swap_features), "does not match the booster"),
    "feature dropped": (lambda b: edit_card(b, lambda c: c["features"].pop()), "does not match the booster"),
    "unknown pipeline": (lambda b: edit_card(b, lambda c: c.update(pipeline="xgb")), "unknown pipeline"),
    "bundle folder is a file": (None, "is not a folder"),
}


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_corrupted_bundle_is_refused(bundle_copy, tmp_path, name):
    damage, expected = CORRUPTIONS[name]
    target = bundle_copy
    if damage is None:
        target = tmp_path / "not_a_folder"
        target.write_text("x")
    else:
        damage(bundle_copy)
    with pytest.raises(BundleError) as info:
        load_bundle(target)
    message = str(info.value)
    assert expected in message
    assert "\n" not in message


def test_missing_bundle_folder(tmp_path):
    with pytest.raises(BundleError, match="not found"):
        load_bundle(tmp_path / "nowhere")


def test_hidden_files_are_tolerated(bundle_copy):
    (bundle_copy / ".gitkeep").write_text("")
    assert load_bundle(bundle_copy).threshold > 0


def test_reference_tampered_after_load_is_refused_when_read(bundle_copy):
    bundle = load_bundle(bundle_copy)
    _flip_byte(bundle_copy / REFERENCE_FILE)
    with pytest.raises(BundleError, match="SHA-256"):
        bundle.reference_sample()


def test_write_refuses_to_overwrite_a_foreign_folder(tmp_path, table_bundle):
    bundle = load_bundle(table_bundle)
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(BundleError, match="refusing to overwrite"):
        write_bundle(foreign, booster=bundle.booster, features=bundle.features,
                     threshold=0.1, cost_fn=10, cost_fp=1, metrics={}, global_importance={},
                     pipeline="table", training_fingerprint={},
                     reference=bundle.reference_sample())
    assert (foreign / "notes.txt").read_text() == "mine"


def test_rewrite_replaces_a_bundle_whole(bundle_copy):
    bundle = load_bundle(bundle_copy)
    write_bundle(bundle_copy, booster=bundle.booster, features=bundle.features, threshold=0.2,
                 cost_fn=5, cost_fp=1, metrics={"note": float("nan")}, global_importance={},
                 pipeline="table", training_fingerprint={}, reference=bundle.reference_sample())
    again = load_bundle(bundle_copy)
    assert again.threshold == 0.2 and again.model_hash == bundle.model_hash
    assert again.metrics == {"note": None}  # NaN stored as JSON null, never as NaN
    assert json.loads((bundle_copy / CARD_FILE).read_text())["cost_fn"] == 5
    assert not [p for p in bundle_copy.parent.iterdir() if p.name.startswith(".bundle")]
