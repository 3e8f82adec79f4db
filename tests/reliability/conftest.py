"""Fixtures for the reliability tests: tiny stores, a CLI runner, file fingerprints."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]


def make_minimal_store(path: Path, n_clients: int = 5) -> Path:
    """A store that open_store accepts: store_meta plus a small features table."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE store_meta (key VARCHAR, value VARCHAR)")
    con.execute("INSERT INTO store_meta VALUES ('kind', 'test')")
    con.execute(
        "CREATE TABLE features AS SELECT 100000 + range AS SK_ID_CURR, "
        "CAST(range % 2 AS BIGINT) AS TARGET, range * 1.5 AS F1 "
        f"FROM range({int(n_clients)})"
    )
    con.close()
    return path


@pytest.fixture
def minimal_store(tmp_path) -> Path:
    return make_minimal_store(tmp_path / "store.duckdb")


def sha256_file(path: Path) -> str | None:
    """Digest of a file, or None when it does not exist."""
    if not path.exists():
        return None
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def cli_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["DO_NOT_TRACK"] = "1"
    env.update(extra)
    return env


def run_cli(*args: str, timeout: float = 120, prefix: tuple[str, ...] = (),
            **env: str) -> subprocess.CompletedProcess:
    """Run ``python -m creditdesk ARGS`` in a fresh process, capturing text output."""
    return subprocess.run(
        [*prefix, sys.executable, "-m", "creditdesk", *map(str, args)],
        capture_output=True, text=True, timeout=timeout, cwd=REPO, env=cli_env(**env),
    )


@pytest.fixture(scope="session")
def small_table_store(tmp_path_factory) -> Path:
    """MODEL's synthetic bring-your-own store (features + oracle + dictionary), 4,000 clients."""
    from tests.model_fixtures import make_table_store

    return make_table_store(tmp_path_factory.mktemp("rel_store") / "table.duckdb")


@pytest.fixture(scope="session")
def small_bundle(tmp_path_factory, small_table_store) -> Path:
    """A small LightGBM bundle trained on ``small_table_store``."""
    from tests.model_fixtures import train_small

    out = tmp_path_factory.mktemp("rel_bundle") / "bundle"
    train_small(small_table_store, out)
    return out


@pytest.fixture(scope="session")
def scoring_store(small_table_store, small_bundle) -> tuple[Path, Path]:
    """(store, bundle) ready for batch scoring."""
    return small_table_store, small_bundle


@pytest.fixture(scope="session")
def homecredit_store(tmp_path_factory) -> Path:
    """A generated Home Credit-schema store, 1,500 clients."""
    from creditdesk.data.generator import generate_store

    return generate_store(tmp_path_factory.mktemp("rel_hc") / "hc.duckdb", n_clients=1500, seed=11)


@pytest.fixture(scope="session")
def homecredit_bundle(tmp_path_factory, homecredit_store) -> Path:
    """A small bundle trained on ``homecredit_store`` (30 rounds)."""
    from tests.model_fixtures import train_small

    out = tmp_path_factory.mktemp("rel_hc_bundle") / "bundle"
    train_small(homecredit_store, out, max_rounds=30)
    return out
