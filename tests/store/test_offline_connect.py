"""Every DuckDB connection CreditDesk makes goes through store.connection.connect.

DuckDB installs and loads "known" extensions by itself by default: a SQLite
file handed over as a store makes it download sqlite_scanner, which the
Python socket guard cannot see. ``connect`` turns that off at connect time.
"""

from __future__ import annotations

import ast
import re
import sqlite3
import time
from pathlib import Path

import duckdb
import pytest

from creditdesk.store.connection import NO_EXTENSION_DOWNLOADS, connect

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ("creditdesk", "monitoring", "packaging")
THE_ONE_PLACE = ROOT / "creditdesk" / "store" / "connection.py"
_TEXT = re.compile(r"\bduckdb\s*\.\s*connect\s*\(|from\s+duckdb\s+import\s+[^\n]*\bconnect\b")


def _bare_connects(path: Path) -> list[int]:
    """Lines of ``path`` calling duckdb.connect (under any alias) or importing it."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, filename=str(path))
    modules, functions, lines = {"duckdb"}, set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {a.asname or a.name for a in node.names if a.name == "duckdb"}
        elif isinstance(node, ast.ImportFrom) and node.module == "duckdb":
            for alias in node.names:
                if alias.name == "connect":
                    functions.add(alias.asname or alias.name)
                    lines.append(node.lineno)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (isinstance(func, ast.Attribute) and func.attr == "connect"
                and isinstance(func.value, ast.Name) and func.value.id in modules) or (
                isinstance(func, ast.Name) and func.id in functions):
            lines.append(node.lineno)
    lines += [text.count("\n", 0, m.start()) + 1 for m in _TEXT.finditer(text)]
    return sorted(set(lines))


def test_no_bare_duckdb_connect_outside_the_connection_module():
    found = []
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == THE_ONE_PLACE:
                continue
            found += [f"{path.relative_to(ROOT)}:{line}" for line in _bare_connects(path)]
    assert found == [], ("duckdb.connect outside creditdesk/store/connection.py (use "
                         f"creditdesk.store.connection.connect): {found}")


def test_the_scan_sees_the_usual_spellings(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import duckdb\nimport duckdb as ddb\nfrom duckdb import connect as c\n"
                      "a = duckdb.connect('x')\nb = ddb.connect()\nd = c(':memory:')\n")
    assert _bare_connects(sample) == [3, 4, 5, 6]


def test_connect_turns_extension_downloads_off():
    con = connect()
    for name, value in NO_EXTENSION_DOWNLOADS.items():
        assert con.execute(f"SELECT current_setting('{name}')").fetchone()[0] is value
    con.close()


def test_a_sqlite_file_fails_fast_without_fetching_an_extension(tmp_path):
    path = tmp_path / "s.duckdb"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE a (x)")
    db.commit()
    db.close()
    started = time.monotonic()
    with pytest.raises(duckdb.Error) as info:
        connect(path)
    assert time.monotonic() - started < 10
    assert "INSTALL" in str(info.value)  # DuckDB says it would have to be installed first


def test_a_file_this_process_already_opened_otherwise_is_shared(tmp_path):
    path = tmp_path / "x.duckdb"
    plain = duckdb.connect(str(path))  # e.g. a test or a tool holding the file
    plain.execute("CREATE TABLE t AS SELECT 1 AS x")
    con = connect(path)
    assert con.execute("SELECT x FROM t").fetchone() == (1,)
    assert con.execute("SELECT current_setting('autoload_known_extensions')").fetchone()[0] is False
    con.close()
    plain.close()
