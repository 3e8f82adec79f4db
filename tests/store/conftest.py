"""Fixtures of the store tests: the tiny Home Credit CSV files and a store built from them."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "fixtures"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def fixture_dir(tmp_path: Path) -> Path:
    """A private copy of data/fixtures that a test may break."""
    target = tmp_path / "csv"
    shutil.copytree(FIXTURES, target)
    return target


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store imported once from data/fixtures (tests must not modify it: copy it first)."""
    from creditdesk.store.importer import import_homecredit

    path = tmp_path_factory.mktemp("store") / "fixtures.duckdb"
    import_homecredit(FIXTURES, path)
    return path


@pytest.fixture
def store_copy(fixture_store: Path, tmp_path: Path) -> Path:
    """A writable copy of the fixture store."""
    target = tmp_path / "store.duckdb"
    shutil.copyfile(fixture_store, target)
    return target


@pytest.fixture
def con(fixture_store: Path):
    """Read-only connection to the fixture store."""
    import duckdb

    connection = duckdb.connect(str(fixture_store), read_only=True)
    yield connection
    connection.close()
