"""creditdesk.core.portfolio: the Qt-free queries behind the list and the comparison panels."""

from __future__ import annotations

import duckdb
import numpy as np
import pytest

from creditdesk.core import portfolio as pf


@pytest.fixture
def con(ui_store):
    c = duckdb.connect(str(ui_store), read_only=True)
    yield c
    c.close()


def test_client_pages_search_and_filters(con):
    layout = pf.store_layout(con)
    assert layout.raw_table == "application"
    assert "CODE_GENDER" in layout.list_filters and pf.AGE_BAND in layout.cohort_fields
    everyone = pf.ClientQuery()
    n = pf.count_clients(con, layout, everyone)
    first = pf.client_page(con, layout, everyone, 0, 50)
    second = pf.client_page(con, layout, everyone, 50, 50)
    ids = [r.client_id for r in first + second]
    assert n > 100 and ids == sorted(ids) and len(set(ids)) == 100
    prefix = str(ids[0])[:4]
    found = pf.client_page(con, layout, pf.ClientQuery(search=prefix), 0, 1000)
    assert found and all(str(r.client_id).startswith(prefix) for r in found)
    assert pf.count_clients(con, layout, pf.ClientQuery(search="abc")) == 0
    women = pf.ClientQuery(filters=(("CODE_GENDER", "F"),))
    n_f = pf.count_clients(con, layout, women)
    n_f_sql = con.execute(
        "SELECT count(*) FROM application a JOIN features USING (SK_ID_CURR) "
        "WHERE a.CODE_GENDER = 'F'"
    ).fetchone()[0]
    assert n_f == n_f_sql


def test_distribution_counts_add_up_and_percentile(con):
    layout = pf.store_layout(con)
    feature = "AMT_CREDIT" if "AMT_CREDIT" in layout.feature_columns else layout.feature_columns[0]
    dist = pf.feature_distribution(con, layout, feature, client_value=500_000.0)
    total = sum(c.sum() for c in dist.by_outcome.values())
    assert total == dist.n and dist.n + dist.n_missing == pf.count_clients(
        con, layout, pf.ClientQuery()
    )
    assert len(dist.edges) == len(dist.by_outcome["repaid"]) + 1
    below = con.execute(
        f'SELECT avg(("{feature}" <= 500000)::INT) * 100 FROM features '
        f'WHERE "{feature}" IS NOT NULL'
    ).fetchone()[0]
    assert dist.client_percentile == pytest.approx(below)
    cohort = pf.Cohort.of({"AGE_BAND": "30-39", "CODE_GENDER": "M"})
    sub = pf.feature_distribution(con, layout, feature, cohort=cohort)
    assert 0 < sub.n < dist.n


def test_scatter_sample_is_bounded_and_reproducible(con):
    layout = pf.store_layout(con)
    fx, fy = layout.feature_columns[:2]
    a = pf.scatter_sample(con, layout, fx, fy, max_points=500, density_bins=20)
    b = pf.scatter_sample(con, layout, fx, fy, max_points=500, density_bins=20)
    assert len(a.x) == 500 and a.sampled and np.array_equal(a.x, b.x)
    assert a.density.shape == (20, 20) and a.density.sum() == a.n


def test_similar_clients_are_near_and_exclude_the_client(con):
    layout = pf.store_layout(con)
    cid = pf.first_client(con)
    feats = list(layout.feature_columns[:5])
    rows = pf.similar_clients(con, layout, cid, feats, k=5)
    assert len(rows) == 5 and cid not in [r.client_id for r in rows]
    assert [r.distance for r in rows] == sorted(r.distance for r in rows)


def test_cost_curve_from_bundle_metrics():
    metrics = {
        "valid_cost_curve": {
            "thresholds": [0.0, 0.5, 1.0],
            "cost": [9, 3, 5],
            "cost_per_client": [0.9, 0.3, 0.5],
        }
    }
    curve = pf.cost_curve_from_metrics(metrics)
    assert curve.source == "validation" and list(curve.cost) == [0.9, 0.3, 0.5]
    assert pf.cost_curve_from_metrics({}) is None
