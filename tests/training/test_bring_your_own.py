"""`creditdesk train --csv`: a bank's own table (not Home Credit shaped) becomes a store and a
bundle that score, explain, what-if and path-to-approval like the Home Credit ones."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from creditdesk.cli import main
from creditdesk.core.bundle import load_bundle
from creditdesk.core.clients import ClientStore
from creditdesk.core.scoring import ScoringService
from creditdesk.errors import InputError
from creditdesk.store.connection import open_store


@pytest.fixture(scope="module")
def byo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("byo")
    rng = np.random.default_rng(5)
    n = 3000
    table = pd.DataFrame({
        "customer_ref": np.arange(1, n + 1) * 7,
        "monthly_income": rng.lognormal(8, 0.4, n).round(0),
        "region": rng.choice(["north", "south", "east", "west"], n),
        "years_at_job": rng.integers(0, 30, n),
        "card_utilisation": rng.random(n).round(3),
    })
    logit = (-1.2 + 2.5 * (table.card_utilisation - 0.5) - 0.06 * table.years_at_job
             + 0.8 * (table.region == "south"))
    table["defaulted"] = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(float)
    table.loc[rng.random(n) < 0.1, "defaulted"] = np.nan  # pending applications
    csv = folder / "bank_clients.csv"
    table.to_csv(csv, index=False)
    dictionary = folder / "labels.csv"
    dictionary.write_text(
        "column,label_en,label_fr,editable,min,max\n"
        "card_utilisation,Card utilisation,Utilisation de la carte,yes,0,1\n"
        "monthly_income,Monthly income,Revenu mensuel,no,,\n"
    )
    store, bundle = folder / "bank.duckdb", folder / "bundle"
    code = main(["train", "--csv", str(csv), "--target", "defaulted", "--id", "customer_ref",
                 "--dictionary", str(dictionary), "--out", str(bundle), "--store", str(store),
                 "--max-rounds", "60", "--seed", "1"])
    assert code == 0
    return store, bundle


def test_bundle_is_a_table_bundle_with_the_tables_labels(byo):
    _, path = byo
    bundle = load_bundle(path)
    assert bundle.pipeline == "table"
    assert set(bundle.feature_names) == {"monthly_income", "region", "years_at_job", "card_utilisation"}
    assert bundle.categorical_features == ["region"]
    assert bundle.spec("card_utilisation").label("fr") == "Utilisation de la carte"
    assert bundle.metrics["test"]["auc"] > 0.6
    assert "oracle_auc_test" not in bundle.metrics


def test_byo_store_scores_explains_and_edits(byo):
    store, path = byo
    with open_store(store, read_only=True) as con:
        service = ScoringService(load_bundle(path), ClientStore(con))
        ids = service.store.client_ids()
        assert len(ids) == 3000 and ids[0] == 7
        a = service.assess_client(7)
        assert a.contributions.sum() + a.base_value == pytest.approx(a.raw_score)
        edited = service.what_if(7, {"card_utilisation": 0.0})
        assert edited.values[service.feature_names.index("card_utilisation")] == 0.0
        with pytest.raises(InputError, match="cannot be changed"):
            service.what_if(7, {"monthly_income": 5000.0})
        probs = service.predict(service.store.feature_matrix(ids))
        refused = ids[probs >= service.threshold]
        found = 0
        for cid in refused[:10]:
            path_ = service.path_to_approval(int(cid))
            assert set(path_.changes) <= {"card_utilisation"}
            if path_.feasible:
                found += 1
                assert 0 <= path_.changes["card_utilisation"][1] <= 1
        assert found > 0


def test_csv_needs_target_and_id(tmp_path, capsys):
    assert main(["train", "--csv", "x.csv", "--out", str(tmp_path / "b")]) == 2
    assert "--target" in capsys.readouterr().err


def _digests(folder):
    import hashlib

    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("damage", ["one outcome class", "20 labelled rows"])
def test_refused_training_changes_no_store_and_writes_no_bundle(tmp_path, byo, damage):
    import shutil

    store_src, bundle_src = byo
    table = pd.read_csv(store_src.parent / "bank_clients.csv")
    if damage == "one outcome class":
        table["defaulted"] = 0.0
    else:
        table.loc[table.index[20:], "defaulted"] = np.nan
    csv = tmp_path / "bad.csv"
    table.to_csv(csv, index=False)
    args = ["train", "--csv", str(csv), "--target", "defaulted", "--id", "customer_ref",
            "--max-rounds", "20"]
    # an existing store and bundle stay byte-identical
    store, bundle = tmp_path / "bank.duckdb", tmp_path / "bundle"
    shutil.copyfile(store_src, store)
    shutil.copytree(bundle_src, bundle)
    before = _digests(tmp_path)
    assert main([*args, "--store", str(store), "--out", str(bundle)]) == 2
    assert _digests(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "bank.duckdb", "bundle"]
    # a new store is not created, a new bundle not written
    assert main([*args, "--store", str(tmp_path / "new.duckdb"), "--out", str(tmp_path / "b2")]) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "bank.duckdb", "bundle"]


def test_retraining_replaces_the_store_keeping_other_tables_and_the_decision_log(tmp_path, byo):
    import shutil

    from creditdesk.store import audit

    store_src, _ = byo
    store, bundle = tmp_path / "bank.duckdb", tmp_path / "bundle"
    shutil.copyfile(store_src, store)
    with open_store(store) as con:
        con.execute("CREATE TABLE officer_notes AS SELECT 7 AS client, 'call back' AS note")
        audit.record(con, officer="test", client_id=7, event="shown", model_name="m",
                     model_version="1", model_hash="0" * 64, features=[1.0], probability=0.2,
                     model_decision="accept")
    table = pd.read_csv(store_src.parent / "bank_clients.csv").iloc[:2000]
    csv = tmp_path / "bank_clients.csv"
    table.to_csv(csv, index=False)
    assert main(["train", "--csv", str(csv), "--target", "defaulted", "--id", "customer_ref",
                 "--store", str(store), "--out", str(bundle), "--max-rounds", "20"]) == 0
    assert load_bundle(bundle).training_fingerprint["store_name"] == "bank.duckdb"
    with open_store(store, read_only=True) as con:
        assert len(ClientStore(con).client_ids()) == 2000
        assert con.execute("SELECT note FROM officer_notes").fetchall() == [("call back",)]
        assert [r["client_id"] for r in audit.history(con, 7)] == [7]
        assert audit.verify(con).ok
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bank.duckdb", "bank_clients.csv", "bundle"]
