"""The row-packed feature vectors agree with the features table, and the one-client path uses them."""

from __future__ import annotations

import numpy as np

from creditdesk.core.clients import ClientStore
from creditdesk.store.connection import open_store
from creditdesk.store.features import FEATURE_VECTORS


def test_vectors_match_the_features_table_in_model_order(hc_store):
    with open_store(hc_store, read_only=True) as con:
        store = ClientStore(con.con if hasattr(con, "con") else con)
        assert store.has_table(FEATURE_VECTORS)
        names = list(reversed(store.feature_names))[:40]  # any subset, any order
        store.use_features(names)
        ids = store.client_ids(limit=25)
        from_vectors = np.vstack([store.feature_vector(int(i)) for i in ids])
        from_columns = store.feature_matrix([int(i) for i in ids])
    np.testing.assert_array_equal(np.isnan(from_vectors), np.isnan(from_columns))
    np.testing.assert_allclose(np.nan_to_num(from_vectors), np.nan_to_num(from_columns), rtol=0, atol=0)
    assert np.isnan(from_columns).any()  # NULLs come through as NaN on both paths


def test_a_store_without_vectors_still_reads_rows(hc_store, tmp_path):
    import shutil

    copy = tmp_path / "old.duckdb"
    shutil.copy(hc_store, copy)
    with open_store(copy) as con:
        con.execute(f"DROP TABLE {FEATURE_VECTORS}")
    with open_store(copy, read_only=True) as con:
        store = ClientStore(con.con if hasattr(con, "con") else con)
        first = int(store.client_ids(limit=1)[0])
        row = store.feature_vector(first)
        np.testing.assert_array_equal(np.nan_to_num(row), np.nan_to_num(store.feature_matrix([first])[0]))
