"""Home Credit-shaped store and bundle for the core tests (the table-shaped ones are suite-wide)."""

from __future__ import annotations

import pytest

from tests.model_fixtures import make_generated_store, train_small


@pytest.fixture(scope="session")
def hc_store(tmp_path_factory):
    """A generated Home Credit-shaped store (5,000 clients)."""
    return make_generated_store(tmp_path_factory.mktemp("hc_store") / "hc.duckdb")


@pytest.fixture(scope="session")
def hc_bundle(tmp_path_factory, hc_store):
    out = tmp_path_factory.mktemp("hc_bundle") / "bundle"
    train_small(hc_store, out, max_rounds=60)
    return out
