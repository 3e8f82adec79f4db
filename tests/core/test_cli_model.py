"""`creditdesk score`, `model info` and `train` from the command line (in-process)."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest

from creditdesk.cli import main


def _refused_and_accepted(store, bundle_path):
    from creditdesk.core.bundle import load_bundle
    from creditdesk.core.clients import ClientStore
    from creditdesk.core.scoring import ScoringService

    con = duckdb.connect(str(store), read_only=True)
    try:
        service = ScoringService(load_bundle(bundle_path), ClientStore(con))
        ids = service.store.client_ids()
        probs = service.predict(service.store.feature_matrix(ids))
        return int(ids[probs.argmax()]), int(ids[probs.argmin()])
    finally:
        con.close()


def test_model_info_prints_the_card(table_bundle, capsys):
    assert main(["model", "info", "--bundle", str(table_bundle)]) == 0
    out = capsys.readouterr().out
    assert "threshold" in out and "AUC" in out and "oracle AUC" in out
    assert "top features" in out and "model hash" in out
    assert main(["model", "info", "--bundle", str(table_bundle), "--json"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert card["schema_version"] == 1 and len(card["model_hash"]) == 64


def test_score_one_client_text_and_json(table_store, table_bundle, capsys):
    refused, accepted = _refused_and_accepted(table_store, table_bundle)
    args = ["score", "--store", str(table_store), "--bundle", str(table_bundle)]
    assert main([*args, "--client", str(refused)]) == 0
    out = capsys.readouterr().out
    assert "REFUSE" in out and "reasons:" in out and "path to approval:" in out
    assert main([*args, "--client", str(accepted), "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert "ACCEPTÉ" in out and "contributions principales" in out and "seuil" in out
    assert main([*args, "--client", str(refused), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["decision"] == "refuse" and payload["client_id"] == refused
    assert payload["probability"] >= payload["threshold"]
    assert payload["reasons"] and payload["path_to_approval"] is not None
    assert len(payload["contributions"]) == 7 and len(payload["top"]) == 7


def test_score_all_to_parquet_and_csv(table_store, table_bundle, tmp_path, capsys):
    for name in ("s.parquet", "s.csv"):
        out = tmp_path / name
        assert main(["score", "--all", "--out", str(out), "--store", str(table_store),
                     "--bundle", str(table_bundle)]) == 0
        frame = pd.read_parquet(out) if name.endswith("parquet") else pd.read_csv(out)
        assert len(frame) == 4000 and frame["SK_ID_CURR"].is_unique
        assert set(frame["decision"]) == {"accept", "refuse"}
    assert "scored 4,000 clients" in capsys.readouterr().out


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--client", "1"], "client 1 is not in the store"),
        (["--all", "--out", "x.txt"], "must end in .parquet or .csv"),
    ],
)
def test_score_errors_are_one_line(table_store, table_bundle, capsys, extra, message):
    code = main(["score", "--store", str(table_store), "--bundle", str(table_bundle), *extra])
    err = capsys.readouterr().err
    assert code == 2 and message in err and err.count("\n") == 1


def test_missing_default_store_says_how_to_make_one(table_bundle, capsys):
    assert main(["score", "--client", "5", "--bundle", str(table_bundle)]) == 2
    err = capsys.readouterr().err
    assert "creditdesk data generate" in err and err.count("\n") == 1


def test_refused_bundle_is_one_line(tmp_path, table_store, table_bundle, capsys):
    import shutil

    bad = tmp_path / "bad"
    shutil.copytree(table_bundle, bad)
    (bad / "model.txt").write_text("tree\n")
    for argv in (["model", "info", "--bundle", str(bad)],
                 ["score", "--client", "200000", "--store", str(table_store), "--bundle", str(bad)]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "SHA-256" in err and err.count("\n") == 1


def test_train_command_writes_a_loadable_bundle(table_store, tmp_path, capsys):
    from creditdesk.core.bundle import load_bundle

    out = tmp_path / "m"
    assert main(["train", "--store", str(table_store), "--out", str(out), "--seed", "3",
                 "--max-rounds", "15", "--cost-fn", "5"]) == 0
    text = capsys.readouterr().out
    assert "test AUC" in text and "threshold" in text
    assert load_bundle(out).cost_fn == 5
