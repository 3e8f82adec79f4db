"""MODEL area fixtures for the training tests (session-scoped: one small store, one small bundle)."""

from __future__ import annotations

import shutil

import pytest

from tests.model_fixtures import make_table_store, train_small


@pytest.fixture(scope="session")
def table_store(tmp_path_factory):
    return make_table_store(tmp_path_factory.mktemp("model_store") / "table.duckdb")


@pytest.fixture(scope="session")
def table_bundle(tmp_path_factory, table_store):
    out = tmp_path_factory.mktemp("model_bundle") / "bundle"
    train_small(table_store, out)
    return out


@pytest.fixture
def bundle_copy(tmp_path, table_bundle):
    """A throw-away copy of the session bundle, for tests that damage it."""
    target = tmp_path / "bundle"
    shutil.copytree(table_bundle, target)
    return target
