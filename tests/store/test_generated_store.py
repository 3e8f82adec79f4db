"""The pipeline on a generated population, and the benchmark's pandas reference agreeing with it."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from creditdesk.store import features_sql as fsql
from creditdesk.store import schema
from creditdesk.store.features import application_features, build_features

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_features.py"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    generator = pytest.importorskip("creditdesk.data.generator")
    path = tmp_path_factory.mktemp("generated") / "g.duckdb"
    generator.generate_store(path, 1500, seed=11)
    return path


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_features", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_generated_category_is_encoded(generated):
    con = duckdb.connect(str(generated), read_only=True)
    for column in fsql.APP_CATEGORICAL:
        lost = con.execute(
            f"SELECT COUNT(*) FROM application a JOIN features f USING (SK_ID_CURR) "
            f"WHERE a.{column} IS NOT NULL AND f.{column} IS NULL"
        ).fetchone()[0]
        assert lost == 0, f"{column}: levels unknown to the dictionary"
    share = con.execute("SELECT AVG(DAYS_EMPLOYED_ANOM) FROM features").fetchone()[0]
    assert 0.05 < share < 0.35
    con.close()


def test_what_if_path_matches_generated_store(generated):
    con = duckdb.connect(str(generated), read_only=True)
    ids = [
        r[0]
        for r in con.execute(
            "SELECT SK_ID_CURR FROM application ORDER BY random() LIMIT 25"
        ).fetchall()
    ]
    for client in ids:
        app = con.execute("SELECT * FROM application WHERE SK_ID_CURR = ?", [client]).df()
        aggs = con.execute("SELECT * FROM client_aggregates WHERE SK_ID_CURR = ?", [client]).df()
        stored = con.execute("SELECT * FROM features WHERE SK_ID_CURR = ?", [client]).df()
        pd.testing.assert_frame_equal(
            application_features(app, aggs), stored, check_dtype=False, check_exact=True
        )
    con.close()


@pytest.mark.parametrize("store", ["fixtures", "generated"])
def test_pandas_reference_agrees(store, request, tmp_path):
    source = request.getfixturevalue("fixture_store" if store == "fixtures" else "generated")
    path = tmp_path / "copy.duckdb"
    shutil.copyfile(source, path)
    bench = _bench_module()
    con = duckdb.connect(str(path))
    names = build_features(con)
    duck = con.execute(f"SELECT * FROM {schema.FEATURES} ORDER BY {schema.ID}").df()
    pand = bench.pandas_features(bench.load_tables(con))
    con.close()
    assert np.array_equal(duck[schema.ID].to_numpy(), pand[schema.ID].to_numpy())
    _, worst, bad = bench.compare(duck, pand, names)
    assert bad == [] and worst < 1e-9
