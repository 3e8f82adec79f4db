"""The decision log: a fresh chain verifies; any edit, deletion, reordering or insertion is named."""

from __future__ import annotations

import csv

import duckdb
import numpy as np
import pytest

from creditdesk.errors import InputError, StoreError
from creditdesk.store import audit
from creditdesk.store.connection import open_store
from tests.reliability.conftest import make_minimal_store, run_cli

N_ROWS = 6


def _entry(con, client_id=100001, event="shown", **overrides):
    kwargs = dict(
        officer="alice", client_id=client_id, event=event, model_name="homecredit-lgbm",
        model_version="1.0.0", model_hash="ab" * 32,
        features=np.array([1.0, np.nan, -0.0, 3.5]), probability=0.1234567890123,
        model_decision="refuse",
    )
    kwargs.update(overrides)
    return audit.record(con, **kwargs)


def _fill(con):
    _entry(con)
    _entry(con, client_id=100002, probability=0.02, model_decision="accept")
    _entry(con, event="override", final_decision="accept",
           justification="income proof seen, café receipt; 3 years \"tenure\"\nsecond line")
    _entry(con, event="exported", export_hash="cd" * 32)
    audit.record(con, officer="batch-runner", client_id=None, event="batch",
                 model_name="homecredit-lgbm", model_version="1.0.0", model_hash="ab" * 32,
                 features=None, probability=None, model_decision=None,
                 justification="scored 5 clients")
    _entry(con, client_id=100003, probability=1.0)


@pytest.fixture
def logged_store(minimal_store):
    with open_store(minimal_store) as con:
        _fill(con)
    return minimal_store


def test_fresh_log_verifies_and_history_lists_a_client(logged_store):
    with open_store(logged_store, read_only=True) as con:
        result = audit.verify(con)
        assert result == audit.VerifyResult(True, N_ROWS)
        rows = audit.history(con, 100001)
    assert [r["entry_id"] for r in rows] == [1, 3, 4]
    assert rows[1]["final_decision"] == "accept" and rows[1]["model_decision"] == "refuse"
    assert rows[0]["final_decision"] == "refuse"  # defaults to the model's decision
    assert rows[0]["prev_hash"] == audit.GENESIS_HASH
    assert rows[0]["features_hash"] == audit.features_hash([1.0, float("nan"), 0.0, 3.5])


def test_empty_or_absent_log_verifies(minimal_store):
    with open_store(minimal_store, read_only=True) as con:
        assert audit.verify(con) == audit.VerifyResult(True, 0)
        assert audit.history(con, 1) == []


def test_features_hash_canonicalises_nan_and_negative_zero():
    weird_nan = np.frombuffer(np.uint64(0x7FF80000DEADBEEF).tobytes(), dtype="<f8")[0]
    assert np.isnan(weird_nan)
    base = audit.features_hash([1.0, float("nan"), 0.0])
    assert audit.features_hash(np.array([1.0, weird_nan, -0.0], dtype=np.float32)) == base
    assert audit.features_hash([1, None, 0]) == base
    assert audit.features_hash([1.0, 2.0, 0.0]) != base
    with pytest.raises(InputError):
        audit.features_hash(["abc"])


def test_override_needs_a_justification(minimal_store):
    with open_store(minimal_store) as con:
        for bad in (None, "", "   "):
            with pytest.raises(InputError, match="justification"):
                _entry(con, event="override", final_decision="accept", justification=bad)
        with pytest.raises(InputError, match="override"):
            _entry(con, event="shown", final_decision="accept")
        # an export carries the (overridden) decision it exports
        assert _entry(con, event="exported", final_decision="accept", export_hash="ab" * 32) == 1
        for bad in ({"probability": 1.5}, {"probability": float("nan")}, {"event": "deleted"},
                    {"officer": " "}, {"model_decision": "maybe"}, {"client_id": "12"}):
            with pytest.raises(InputError):
                _entry(con, **bad)
        assert audit.verify(con) == audit.VerifyResult(True, 1)


def test_read_only_store_refuses_to_log(logged_store):
    with open_store(logged_store, read_only=True) as con, pytest.raises(StoreError, match="read-only"):
        _entry(con)


def test_default_officer(monkeypatch):
    assert audit.default_officer("  Marie Curie ") == "Marie Curie"
    monkeypatch.setenv("USER", "officer7")
    monkeypatch.setenv("LOGNAME", "officer7")
    assert audit.default_officer() == "officer7"
    assert audit.default_officer("") == "officer7"


_NEW_VALUES = {
    "entry_id": 999,
    "ts": "2020-01-01T00:00:00.000000Z",
    "officer": "mallory",
    "client_id": 1,
    "event": "batch",
    "model_name": "other",
    "model_version": "9.9",
    "model_hash": "ee" * 32,
    "features_hash": "ff" * 32,
    "probability": 0.5,
    "model_decision": "accept",
    "final_decision": "undecided",
    "justification": "edited",
    "export_hash": "00" * 32,
    "prev_hash": "11" * 32,
    "row_hash": "22" * 32,
}


@pytest.mark.parametrize("field", audit.FIELDS)
@pytest.mark.parametrize("entry_id", [1, 3, N_ROWS])
def test_editing_any_field_of_any_row_is_named(logged_store, field, entry_id):
    con = duckdb.connect(str(logged_store))
    con.execute(f"UPDATE decision_log SET {field} = ? WHERE entry_id = ?",
                [_NEW_VALUES[field], entry_id])
    con.close()
    with open_store(logged_store, read_only=True) as store:
        result = audit.verify(store)
    assert not result.ok
    expected = {entry_id, _NEW_VALUES[field]} if field == "entry_id" else {entry_id}
    assert result.first_broken_entry_id in expected, result
    assert f"#{result.first_broken_entry_id}" in result.reason


@pytest.mark.parametrize("field", ["officer", "probability", "justification", "client_id"])
def test_setting_a_field_to_null_is_named(logged_store, field):
    con = duckdb.connect(str(logged_store))
    con.execute(f"UPDATE decision_log SET {field} = NULL WHERE entry_id = 3")
    con.close()
    with open_store(logged_store, read_only=True) as store:
        result = audit.verify(store)
    assert (result.ok, result.first_broken_entry_id) == (False, 3)


def _tamper(path, *statements):
    con = duckdb.connect(str(path))
    for statement in statements:
        con.execute(statement)
    con.close()
    with open_store(path, read_only=True) as store:
        return audit.verify(store)


@pytest.mark.parametrize("entry_id", [1, 3, N_ROWS])
def test_deleting_a_row_is_named(logged_store, entry_id):
    result = _tamper(logged_store, f"DELETE FROM decision_log WHERE entry_id = {entry_id}")
    assert (result.ok, result.first_broken_entry_id) == (False, entry_id), result
    assert "missing" in result.reason


def test_deleting_the_newest_row_and_fixing_nothing_else_is_named(logged_store):
    result = _tamper(logged_store, f"DELETE FROM decision_log WHERE entry_id >= {N_ROWS - 1}")
    assert (result.ok, result.first_broken_entry_id) == (False, N_ROWS - 1)
    assert "truncated" in result.reason


def test_deleting_a_row_and_renumbering_the_rest_is_named(logged_store):
    result = _tamper(logged_store, "DELETE FROM decision_log WHERE entry_id = 2",
                     "UPDATE decision_log SET entry_id = entry_id - 1 WHERE entry_id > 2")
    assert (result.ok, result.first_broken_entry_id) == (False, 2)


def test_reordering_rows_is_named(logged_store):
    result = _tamper(logged_store,
                     "UPDATE decision_log SET entry_id = CASE entry_id WHEN 2 THEN 4 ELSE 2 END "
                     "WHERE entry_id IN (2, 4)")
    assert (result.ok, result.first_broken_entry_id) == (False, 2)


def test_physically_rewritten_in_another_order_still_verifies(logged_store):
    # row order on disk is not the log's order: entry ids are
    result = _tamper(logged_store,
                     "CREATE TABLE shuffled AS SELECT * FROM decision_log ORDER BY random()",
                     "DELETE FROM decision_log",
                     "INSERT INTO decision_log SELECT * FROM shuffled ORDER BY entry_id DESC",
                     "DROP TABLE shuffled")
    assert result.ok, result


def test_inserting_a_copied_row_in_the_middle_is_named(logged_store):
    result = _tamper(logged_store,
                     "INSERT INTO decision_log SELECT * FROM decision_log WHERE entry_id = 3")
    assert (result.ok, result.first_broken_entry_id) == (False, 3)


def test_inserting_a_forged_row_at_the_end_is_named(logged_store):
    with open_store(logged_store, read_only=True) as store:
        last = audit.history(store, 100003)[-1]
    forged = {**last, "entry_id": N_ROWS + 1, "prev_hash": last["row_hash"], "client_id": 100009}
    forged["row_hash"] = audit.row_hash(forged)  # a forger who knows the algorithm
    con = duckdb.connect(str(logged_store))
    con.execute(f"INSERT INTO decision_log VALUES ({', '.join('?' * len(audit.FIELDS))})",
                [forged[f] for f in audit.FIELDS])
    con.close()
    with open_store(logged_store, read_only=True) as store:
        result = audit.verify(store)
    assert (result.ok, result.first_broken_entry_id) == (False, N_ROWS + 1)
    assert "outside CreditDesk" in result.reason


def test_dropping_the_head_record_is_noticed(logged_store):
    result = _tamper(logged_store, "DELETE FROM decision_log_head")
    assert not result.ok


def test_export_csv_round_trips_and_hashes_recompute(logged_store, tmp_path):
    out = tmp_path / "log.csv"
    with open_store(logged_store, read_only=True) as con:
        assert audit.export_csv(con, out) == N_ROWS
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [int(r["entry_id"]) for r in rows] == list(range(1, N_ROWS + 1))
    types = dict(audit.COLUMNS)
    for row in rows:
        typed = {k: (None if v == "" else int(v) if types[k] == "BIGINT"
                     else float(v) if types[k] == "DOUBLE" else v) for k, v in row.items()}
        assert audit.row_hash(typed) == row["row_hash"]
    assert "\nsecond line" in rows[2]["justification"]


def test_cli_verify_export_and_history(logged_store, tmp_path):
    ok = run_cli("audit", "verify", "--store", logged_store)
    assert (ok.returncode, ok.stdout.strip()) == (0, f"OK: {N_ROWS} entries"), ok.stderr
    before_global = run_cli("--store", logged_store, "audit", "verify")
    assert before_global.returncode == 0, before_global.stderr

    out = tmp_path / "log.csv"
    exported = run_cli("audit", "export", "--out", out, "--store", logged_store)
    assert exported.returncode == 0 and out.exists(), exported.stderr
    shown = run_cli("audit", "history", "--client", "100001", "--store", logged_store)
    assert shown.returncode == 0 and "override" in shown.stdout

    con = duckdb.connect(str(logged_store))
    con.execute("UPDATE decision_log SET probability = 0.01 WHERE entry_id = 4")
    con.close()
    broken = run_cli("audit", "verify", "--store", logged_store)
    assert broken.returncode == 1
    assert "entry #4" in broken.stdout and "altered" in broken.stdout
    assert "Traceback" not in broken.stderr


def test_cli_verify_on_a_missing_store_is_one_clear_line(tmp_path):
    result = run_cli("audit", "verify", "--store", tmp_path / "nope.duckdb")
    assert result.returncode != 0
    assert result.stderr.strip().startswith("creditdesk: error:")
    assert len(result.stderr.strip().splitlines()) == 1


def test_carry_over_keeps_the_chain(logged_store, tmp_path):
    rebuilt = make_minimal_store(tmp_path / "rebuilt.duckdb", n_clients=3)
    con = duckdb.connect(str(rebuilt))
    assert audit.carry_over(logged_store, con) == N_ROWS
    assert audit.carry_over(tmp_path / "absent.duckdb", con) == 0
    con.close()
    with open_store(rebuilt) as store:
        assert audit.verify(store) == audit.VerifyResult(True, N_ROWS)
        assert _entry(store) == N_ROWS + 1
        assert audit.verify(store).ok


def test_an_altered_table_structure_is_reported_not_raised(logged_store):
    result = _tamper(logged_store, "ALTER TABLE decision_log DROP COLUMN justification")
    assert not result.ok and "structure" in result.reason
    assert result.message().startswith("BROKEN: ")
