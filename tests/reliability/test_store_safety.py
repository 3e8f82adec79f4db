"""open_store: missing, damaged, foreign and locked stores give a clear answer; encryption."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap

import duckdb
import pytest

from creditdesk.errors import StoreError
from creditdesk.store import audit
from creditdesk.store.connection import NotAStoreError, StoreHandle, open_store
from tests.reliability.conftest import cli_env, make_minimal_store, sha256_file


def test_a_valid_store_opens_read_write(minimal_store):
    with open_store(minimal_store) as handle:
        assert isinstance(handle, StoreHandle)
        assert (handle.read_only, handle.reason) == (False, None)
        assert handle.execute("SELECT count(*) FROM features").fetchone()[0] == 5
        assert handle.execute("SELECT current_setting('autoinstall_known_extensions')").fetchone()[0] is False


def test_missing_store(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "missing.duckdb")
    assert not (tmp_path / "missing.duckdb").exists()


def _truncated(tmp_path, keep):
    src = make_minimal_store(tmp_path / "whole.duckdb", n_clients=50_000)
    data = src.read_bytes()
    out = tmp_path / f"truncated_{keep}.duckdb"
    out.write_bytes(data[: keep if keep > 0 else len(data) + keep])
    return out


def _sqlite(tmp_path):
    out = tmp_path / "sqlite.duckdb"
    con = sqlite3.connect(out)
    con.execute("CREATE TABLE application (SK_ID_CURR INTEGER)")
    con.commit()
    con.close()
    return out


def _write(tmp_path, name, data):
    out = tmp_path / name
    out.write_bytes(data)
    return out


CORRUPT = {
    "random bytes": lambda t: _write(t, "random.duckdb", os.urandom(300_000)),
    "empty file": lambda t: _write(t, "empty.duckdb", b""),
    "text renamed .duckdb": lambda t: _write(t, "text.duckdb", b"SK_ID_CURR,TARGET\n1,0\n"),
    "sqlite database": _sqlite,
    "duckdb header only": lambda t: _truncated(t, 4096),
    "duckdb cut after headers": lambda t: _truncated(t, 12288),
    "duckdb cut in half": lambda t: _truncated(t, -(262144 // 2)),
    "duckdb missing last block": lambda t: _truncated(t, -262144),
}


@pytest.mark.parametrize("case", CORRUPT)
@pytest.mark.parametrize("read_only", [False, True])
def test_corrupt_files_are_not_creditdesk_stores(tmp_path, case, read_only):
    path = CORRUPT[case](tmp_path)
    digest = sha256_file(path)
    with pytest.raises(NotAStoreError, match=r"is not a CreditDesk store \(.+\)") as info:
        open_store(path, read_only=read_only)
    assert "\n" not in str(info.value)
    assert sha256_file(path) == digest
    assert not path.with_name(path.name + ".wal").exists()


def test_a_folder_is_not_a_store(tmp_path):
    with pytest.raises(StoreError, match="folder"):
        open_store(tmp_path)


def test_a_foreign_duckdb_file_is_not_a_store(tmp_path):
    path = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE invoices (id INTEGER, amount DOUBLE)")
    con.close()
    with pytest.raises(NotAStoreError, match="without CreditDesk tables: invoices"):
        open_store(path)
    empty = tmp_path / "empty_db.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(StoreError, match="without CreditDesk tables: no tables"):
        open_store(empty)


def test_cli_names_a_corrupt_store_in_one_line(tmp_path):
    path = CORRUPT["random bytes"](tmp_path)
    result = subprocess.run([sys.executable, "-m", "creditdesk", "audit", "verify", "--store", str(path)],
                            capture_output=True, text=True, env=cli_env(), timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("creditdesk: error: ")
    assert "is not a CreditDesk store" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


HOLDER = textwrap.dedent("""
    import sys
    from creditdesk.store.connection import open_store
    from creditdesk.store import audit
    handle = open_store(sys.argv[1])
    audit.record(handle, officer="first", client_id=100001, event="shown", model_name="m",
                 model_version="1", model_hash="a" * 64, features=[1.0], probability=0.5,
                 model_decision="refuse")
    print("ready", handle.read_only, flush=True)
    sys.stdin.readline()
    handle.close()
""")


@pytest.fixture
def held_store(minimal_store):
    """The store held open for writing by another process (a first CreditDesk instance)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(minimal_store)], env=cli_env(),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().split() == ["ready", "False"]
        yield minimal_store, proc
    finally:
        if proc.poll() is None:
            proc.stdin.write("\n")
            proc.stdin.flush()
            proc.wait(timeout=30)


def test_a_second_instance_falls_back_to_read_only(held_store):
    path, holder = held_store
    with open_store(path) as handle:
        assert handle.read_only
        assert f"PID {holder.pid}" in handle.reason and "read-only" in handle.reason
        # it sees what the first instance wrote (write-ahead log included)
        assert [r["officer"] for r in audit.history(handle, 100001)] == ["first"]
        assert audit.verify(handle).ok
        with pytest.raises(StoreError, match="read-only"):
            audit.record(handle, officer="second", client_id=100001, event="shown", model_name="m",
                         model_version="1", model_hash="a" * 64, features=[1.0],
                         probability=0.5, model_decision="refuse")
        snapshot = handle.snapshot_path
        assert snapshot is not None and snapshot.exists()
    assert not snapshot.exists()
    # the first instance keeps writing; once it is gone the store opens read-write again
    holder.stdin.write("\n")
    holder.stdin.flush()
    assert holder.wait(timeout=30) == 0
    with open_store(path) as handle:
        assert not handle.read_only
        assert audit.verify(handle) == audit.VerifyResult(True, 1)


def test_replacing_a_held_store_is_refused(held_store, tmp_path):
    from creditdesk.store.connection import ensure_not_in_use

    path, holder = held_store
    with pytest.raises(StoreError, match=f"PID {holder.pid}"):
        ensure_not_in_use(path)
    ensure_not_in_use(tmp_path / "absent.duckdb")
    ensure_not_in_use(make_minimal_store(tmp_path / "free.duckdb"))


def test_importing_into_a_held_store_is_refused(held_store, tmp_path):
    from tests.corpus.make_corpus import table_text
    from tests.reliability.conftest import run_cli

    path, _ = held_store
    table = tmp_path / "table.csv"
    table.write_text(table_text())
    before = sha256_file(path)
    result = run_cli("data", "import-table", table, "--id", "client_id", "--target", "defaulted",
                     "--store", path)
    assert result.returncode != 0 and "open in another program" in result.stderr
    assert sha256_file(path) == before


def test_cli_verify_works_while_the_gui_holds_the_store(held_store):
    path, _ = held_store
    result = subprocess.run([sys.executable, "-m", "creditdesk", "audit", "verify", "--store", str(path)],
                            capture_output=True, text=True, env=cli_env(), timeout=60)
    assert (result.returncode, result.stdout.strip()) == (0, "OK: 1 entries"), result.stderr


def test_a_store_the_user_may_not_write_opens_read_only(minimal_store, monkeypatch):
    import creditdesk.store.connection as connection

    monkeypatch.setattr(connection.os, "access", lambda path, mode: mode != os.W_OK)
    with open_store(minimal_store) as handle:
        assert handle.read_only and "permissions" in handle.reason


def test_same_process_read_only_then_read_write(minimal_store):
    with open_store(minimal_store, read_only=True) as first, open_store(minimal_store) as second:
        assert first.read_only and second.read_only
        assert "already open read-only" in second.reason


# -- encryption at rest ----------------------------------------------------------------------

def _secure_write_available() -> bool:
    con = duckdb.connect()
    try:
        con.execute("SET autoinstall_known_extensions = false")
        con.execute("LOAD httpfs")
        return True
    except duckdb.Error:
        return False
    finally:
        con.close()


def _encrypted_store(path, passphrase):
    """An encrypted store. Without httpfs DuckDB writes encrypted files only with its
    self-declared unsafe mbedtls mode: acceptable for a test fixture, never in the product."""
    con = duckdb.connect()
    if not _secure_write_available():
        con.execute("SET force_mbedtls_unsafe = 'true'")
    escaped = passphrase.replace("'", "''")
    con.execute(f"ATTACH '{path}' AS enc (ENCRYPTION_KEY '{escaped}')")
    con.execute("CREATE TABLE enc.store_meta (key VARCHAR, value VARCHAR)")
    con.execute("INSERT INTO enc.store_meta VALUES ('kind', 'encrypted test')")
    con.execute("DETACH enc")
    con.close()
    return path


def test_encrypted_store_opens_with_its_passphrase_only(tmp_path):
    path = _encrypted_store(tmp_path / "secret.duckdb", "pa'ss phrase")
    assert b"encrypted test" not in path.read_bytes()
    with open_store(path, passphrase="pa'ss phrase") as handle:
        assert handle.encrypted
        assert handle.execute("SELECT value FROM store_meta").fetchone()[0] == "encrypted test"
        if _secure_write_available():
            assert not handle.read_only
        else:  # DuckDB 2.0.1 without httpfs: reads, refuses to write
            assert handle.read_only and "httpfs" in handle.reason
    with pytest.raises(StoreError, match="wrong passphrase"):
        open_store(path, passphrase="guess")
    with pytest.raises(StoreError, match="encrypted: a passphrase is needed"):
        open_store(path)
