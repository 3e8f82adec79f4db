"""Replacing a store: held stores refused, the decision log kept, temp files of killed runs removed."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from creditdesk.errors import StoreError
from creditdesk.store import audit
from creditdesk.store.connection import open_store
from creditdesk.store.importer import import_homecredit, import_table
from creditdesk.store.staging import remove_stale_staging_files, staging_path

from .conftest import FIXTURES, sha256

HOLDER = """
import sys
from creditdesk.store.connection import connect
con = connect(sys.argv[1])
print("HELD", flush=True)
sys.stdin.read()
"""


def _table(path: Path) -> Path:
    rows = ["id,defaulted,income,segment"]
    rows += [f"{i},{i % 3 == 0:d},{1000 + 7 * i},{'abc'[i % 3]}" for i in range(60)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _log_one(store: Path) -> None:
    with open_store(store) as handle:
        audit.record(handle, officer="k", client_id=3, event="shown", model_name="m",
                     model_version="1", model_hash="a" * 64, features=[1.0], probability=0.4,
                     model_decision="accept")


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_one_naming_scheme(tmp_path):
    assert staging_path(tmp_path / "s.duckdb", 42) == tmp_path / ".s.duckdb.42.staging"


@pytest.fixture
def litter(tmp_path):
    """Temp files of a killed import and a killed generation (both namings), one of a live run."""
    store = tmp_path / "s.duckdb"
    dead = _dead_pid()
    names = [f".s.duckdb.{dead}.staging", f".s.duckdb.{dead}.staging.wal",
             f"s.duckdb.tmp-{dead}", f"s.duckdb.tmp-{dead}.wal",
             f".s.duckdb.{dead}.importing", f".s.duckdb.{dead}.importing.wal"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / f".s.duckdb.{dead}.staging.tmp").mkdir()  # DuckDB's spill folder
    live = tmp_path / f".s.duckdb.{os.getpid()}.importing"
    live.write_bytes(b"x")
    other = tmp_path / f".t.duckdb.{dead}.staging"  # another store's
    other.write_bytes(b"x")
    return store, live, other


def _left(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".", "s.duckdb.")))


def test_stale_temp_files_go_at_the_next_import(litter, tmp_path):
    store, live, other = litter
    import_table(_table(tmp_path / "t.csv"), store, "id", "defaulted")
    assert _left(tmp_path) == sorted([live.name, other.name])


def test_stale_temp_files_go_at_the_next_open(litter, tmp_path):
    store, live, other = litter
    import_table(_table(tmp_path / "t.csv"), tmp_path / "fresh.duckdb", "id", "defaulted")
    shutil.copyfile(tmp_path / "fresh.duckdb", store)
    open_store(store, read_only=True).close()
    assert _left(tmp_path) == sorted([live.name, other.name])


def test_stale_temp_files_go_at_the_next_generation(litter, tmp_path):
    from creditdesk.data.generator import generate_store

    store, live, other = litter
    generate_store(store, 200, 1, build_features=False)
    assert _left(tmp_path) == sorted([live.name, other.name])


def test_generation_writes_the_shared_temp_name(tmp_path):
    from creditdesk.data.generator import generate_store

    out = tmp_path / "g.duckdb"
    seen = []
    generate_store(out, 200, 1, build_features=False,
                   progress=lambda f, m: seen.append(staging_path(out).exists()))
    assert any(seen) and not staging_path(out).exists()
    assert remove_stale_staging_files(out) == []


@pytest.fixture
def held(tmp_path):
    store = tmp_path / "held.duckdb"
    import_table(_table(tmp_path / "t.csv"), store, "id", "defaulted")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(store)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[2])
    assert holder.stdout.readline().strip() == "HELD"
    yield store, holder
    holder.stdin.close()
    holder.wait(timeout=30)


def test_a_held_store_is_not_replaced(held, tmp_path):
    from creditdesk.data.generator import generate_store

    store, holder = held
    before = sha256(store)
    with pytest.raises(StoreError, match=f"open in another program \\(PID {holder.pid}\\)"):
        import_table(_table(tmp_path / "t2.csv"), store, "id", "defaulted")
    with pytest.raises(StoreError, match="open in another program"):
        import_homecredit(FIXTURES, store)
    with pytest.raises(StoreError, match="open in another program"):
        generate_store(store, 200, 1, build_features=False)
    assert sha256(store) == before
    assert _left(tmp_path) == []


@pytest.mark.parametrize("how", ["import-table", "import-homecredit", "generate"])
def test_the_decision_log_survives_a_replacement(how, tmp_path):
    from creditdesk.data.generator import generate_store

    store = tmp_path / "s.duckdb"
    import_table(_table(tmp_path / "t.csv"), store, "id", "defaulted")
    _log_one(store)
    if how == "import-table":
        import_table(_table(tmp_path / "t2.csv"), store, "id", "defaulted")
    elif how == "import-homecredit":
        import_homecredit(FIXTURES, store)
    else:
        generate_store(store, 200, 1, build_features=False)
    with open_store(store, read_only=True) as handle:
        assert audit.verify(handle) == audit.VerifyResult(True, 1)
        assert [r["client_id"] for r in audit.history(handle, 3)] == [3]


@pytest.mark.parametrize("how", ["import", "generate"])
def test_a_file_that_is_not_a_store_is_never_overwritten(how, tmp_path):
    from creditdesk.data.generator import generate_store

    target = tmp_path / "s.duckdb"
    db = sqlite3.connect(target)
    db.execute("CREATE TABLE a (x)")
    db.commit()
    db.close()
    before = sha256(target)
    with pytest.raises(StoreError, match="SQLite database"):
        if how == "import":
            import_table(_table(tmp_path / "t.csv"), target, "id", "defaulted")
        else:
            generate_store(target, 200, 1, build_features=False)
    assert sha256(target) == before
