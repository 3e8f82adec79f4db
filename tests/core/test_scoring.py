"""Scoring service: probabilities, TreeSHAP against shap, decisions at the bundle threshold,
what-if on an imported table, batch scores in one transaction."""

from __future__ import annotations

import duckdb
import numpy as np
import pytest

from creditdesk.core.bundle import load_bundle
from creditdesk.core.clients import ClientStore
from creditdesk.core.scoring import ScoringService
from creditdesk.errors import Cancelled, InputError, StoreError


@pytest.fixture(scope="module")
def service(table_store, table_bundle):
    con = duckdb.connect(str(table_store), read_only=True)
    yield ScoringService(load_bundle(table_bundle), ClientStore(con))
    con.close()


def test_probability_and_contributions_agree_with_the_booster(service):
    ids = service.store.client_ids(limit=50)
    X = service.store.feature_matrix(ids)
    booster = service.bundle.booster
    probs = service.predict(X)
    np.testing.assert_allclose(probs, booster.predict(X))
    for cid, x, p in zip(ids[:10], X[:10], probs[:10], strict=True):
        a = service.assess_client(int(cid))
        np.testing.assert_array_equal(a.values, x)
        assert a.probability == pytest.approx(p, abs=1e-12)
        raw = booster.predict(x.reshape(1, -1), raw_score=True)[0]
        assert a.raw_score == pytest.approx(raw, abs=1e-9)
        assert a.contributions.sum() + a.base_value == pytest.approx(raw, abs=1e-9)
        assert a.probability == pytest.approx(1 / (1 + np.exp(-a.raw_score)), abs=1e-12)
        assert a.decision == ("refuse" if p >= service.threshold else "accept")
        assert a.margin == pytest.approx(service.threshold - p)


@pytest.mark.filterwarnings("ignore:LightGBM binary classifier")
def test_contributions_match_shap_tree_explainer(service):
    shap = pytest.importorskip("shap")
    X = service.store.feature_matrix(service.store.client_ids(limit=200))
    ours = service.explain(X)
    theirs = shap.TreeExplainer(service.bundle.booster).shap_values(X)
    theirs = theirs[1] if isinstance(theirs, list) else theirs
    np.testing.assert_allclose(ours[:, :-1], theirs, atol=1e-6)
    expected = np.ravel(shap.TreeExplainer(service.bundle.booster).expected_value)[-1]
    np.testing.assert_allclose(ours[:, -1], expected, atol=1e-6)


def test_assess_many_equals_one_by_one(service):
    ids = service.store.client_ids(limit=5)
    many = service.assess_many(service.store.feature_matrix(ids), ids)
    for cid, a in zip(ids, many, strict=True):
        b = service.assess_client(int(cid))
        assert a.probability == pytest.approx(b.probability, abs=1e-12)
        np.testing.assert_allclose(a.contributions, b.contributions, atol=1e-12)


def test_top_is_sorted_by_size(service):
    a = service.assess_client(int(service.store.client_ids(limit=1)[0]))
    top = a.top(3)
    sizes = [abs(c) for _, _, c in top]
    assert sizes == sorted(sizes, reverse=True)
    assert abs(top[0][2]) == np.abs(a.contributions).max()


def test_unknown_client_is_an_input_error(service):
    with pytest.raises(InputError, match="not in the store"):
        service.assess_client(1)
    with pytest.raises(InputError, match="whole number"):
        service.assess_client("abc")


def test_store_without_a_model_feature_is_refused(tmp_path, table_bundle):
    con = duckdb.connect(str(tmp_path / "x.duckdb"))
    con.execute("CREATE TABLE features AS SELECT 1::BIGINT AS SK_ID_CURR, NULL::BIGINT AS TARGET, 1.0 AS income")
    with pytest.raises(StoreError, match="lacks"):
        ScoringService(load_bundle(table_bundle), ClientStore(con))


def test_what_if_on_table_moves_the_score_and_writes_nothing(service, table_store):
    cid = int(service.store.client_ids(limit=1)[0])
    before = service.assess_client(cid)
    edited = service.what_if(cid, {"loan_amount": 60000.0, "segment": "self-employed"})
    i = service.feature_names.index("loan_amount")
    assert edited.values[i] == 60000.0
    assert edited.values[service.feature_names.index("segment")] == 2.0
    assert edited.probability != before.probability
    assert service.assess_client(cid).probability == before.probability


@pytest.mark.parametrize(
    "edits, message",
    [
        ({"nope": 1.0}, "unknown field"),
        ({"age": 30}, "cannot be changed"),
        ({"income": float("nan")}, "cannot be"),
        ({"income": 10.0}, "outside its allowed range"),
        ({"income": 1e9}, "outside its allowed range"),
        ({"income": "a lot"}, "takes a number"),
        ({"segment": "banker"}, "not a level"),
        ({"has_guarantor": 3}, "0 or 1"),
        ({"income": 10**400}, "401-digit number: too large"),
        ({"income": b"2500"}, "takes a number"),
        ({"income": bytearray(b"2500")}, "takes a number"),
        ({"income": [2500]}, "takes a number"),
        ({"income": np.array([2500.0])}, "takes a number"),
        ({"income": True}, "takes a number"),
        ({"income": 1e308}, r"= 1e\+308 is outside"),
        ({"income": -(10**30)}, r"= -1e\+30 is outside"),
        ({"segment": 10**400}, "too large"),
        ({"segment": "x" * 5000}, "not a level"),
    ],
)
def test_what_if_rejects_bad_edits(service, edits, message):
    cid = int(service.store.client_ids(limit=1)[0])
    with pytest.raises(InputError, match=message) as info:
        service.what_if(cid, edits)
    assert len(str(info.value)) < 160, str(info.value)  # short: no 309-digit numbers


def test_what_if_takes_any_real_number(service):
    import decimal
    import fractions

    cid = int(service.store.client_ids(limit=1)[0])
    base = service.what_if(cid, {"income": 2500.0}).probability
    for value in (2500, np.int64(2500), np.float32(2500), decimal.Decimal("2500"), fractions.Fraction(2500)):
        assert service.what_if(cid, {"income": value}).probability == base


def test_score_portfolio_writes_one_row_per_client(tmp_path, table_store, table_bundle):
    import shutil

    store = tmp_path / "s.duckdb"
    shutil.copy(table_store, store)
    con = duckdb.connect(str(store))
    service = ScoringService(load_bundle(table_bundle), ClientStore(con))
    seen = []
    n = service.score_portfolio(con, progress=lambda f, m: seen.append(f), batch_size=1000)
    assert n == service.store.count()
    assert seen[-1] == 1.0 and seen == sorted(seen)
    rows = con.execute("SELECT count(*), count(DISTINCT SK_ID_CURR), min(model_hash) FROM scores").fetchone()
    assert rows == (n, n, service.bundle.model_hash)
    some = con.execute("SELECT SK_ID_CURR, probability, decision FROM scores ORDER BY SK_ID_CURR LIMIT 3").fetchall()
    for cid, p, decision in some:
        a = service.assess_client(cid)
        assert p == pytest.approx(a.probability, abs=1e-12) and decision == a.decision
    service.score_portfolio(con)  # again: replaced, not duplicated
    assert con.execute("SELECT count(*) FROM scores").fetchone()[0] == n

    def cancel(fraction, message):
        if fraction > 0.3:
            raise Cancelled("stop")

    con.execute("DELETE FROM scores")
    with pytest.raises(Cancelled):
        service.score_portfolio(con, progress=cancel, batch_size=1000)
    assert con.execute("SELECT count(*) FROM scores").fetchone()[0] == 0
    con.close()


def test_score_portfolio_streams_within_a_small_duckdb_memory_limit(tmp_path, table_bundle):
    """Batch scoring reads id ranges, never sorts the whole table: 50,000 clients stored in
    random id order score under a 4 MB DuckDB memory limit, where a global ORDER BY fails
    (as the GUI's 160 MB limit failed on a 307,511-client store)."""
    bundle = load_bundle(table_bundle)
    con = duckdb.connect(str(tmp_path / "wide.duckdb"))
    con.execute(
        "CREATE TABLE features AS SELECT 300000 + range * 3 AS SK_ID_CURR, CAST(NULL AS BIGINT) AS TARGET, "
        "500 + random() * 19000 AS income, 1000 + random() * 59000 AS loan_amount, "
        "random() AS debt_ratio, 18 + floor(random() * 60) AS age, "
        "CASE WHEN random() < 0.1 THEN NULL ELSE random() END AS score_ext, "
        "floor(random() * 3) AS segment, CASE WHEN random() < 0.3 THEN 1.0 ELSE 0.0 END AS has_guarantor "
        "FROM range(50000) ORDER BY hash(range)"
    )
    con.close()  # as a store is opened: checkpointed, nothing held in memory
    con = duckdb.connect(str(tmp_path / "wide.duckdb"))
    con.execute("SET memory_limit = '4MB'")
    cols = ", ".join(bundle.feature_names)
    with pytest.raises(duckdb.OutOfMemoryException):  # the old way
        sum(b.num_rows for b in con.sql(
            f"SELECT SK_ID_CURR, {cols} FROM features ORDER BY SK_ID_CURR").to_arrow_reader(50_000))
    service = ScoringService(bundle, ClientStore(con))
    seen = []
    assert service.score_portfolio(con, progress=lambda f, m: seen.append(f), batch_size=7_000) == 50_000
    assert seen == sorted(seen) and seen[-1] == 1.0
    ids = np.concatenate([b for b, _, _ in service.iter_scores(con, batch_size=7_000)])
    np.testing.assert_array_equal(ids, 300000 + 3 * np.arange(50_000))  # id order, each once
    con.execute("SET memory_limit = '256MB'")  # for the checks only
    got = con.execute("SELECT SK_ID_CURR, probability, decision FROM scores USING SAMPLE 300 ROWS").fetchnumpy()
    expected = service.predict(service.store.feature_matrix(got["SK_ID_CURR"]))
    np.testing.assert_allclose(got["probability"], expected, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(got["decision"], service.decisions(expected))
    con.close()


def test_cached_feature_rows_match_the_table(table_store, table_bundle):
    con = duckdb.connect(str(table_store), read_only=True)
    store = ClientStore(con, load_bundle(table_bundle).feature_names)
    store.CACHED_ROWS = 10  # constant eviction
    ids = store.client_ids()
    rng = np.random.default_rng(1)
    pick = rng.choice(ids, size=60, replace=False)
    expected = store.feature_matrix(pick)
    for _ in range(2):
        for cid, row in zip(pick, expected, strict=True):
            got = store.feature_vector(int(cid))
            np.testing.assert_array_equal(got, row)
            got[:] = -1  # callers get copies: the cache cannot be corrupted
    assert len(store._rows) <= 10
    store.CACHED_ROWS = 100
    store.prefetch(pick)
    assert set(store._rows) >= {int(c) for c in pick}
    for cid, row in zip(pick, expected, strict=True):
        np.testing.assert_array_equal(store.feature_vector(int(cid)), row)
    assert store.exists(int(ids[-1])) and not store.exists(int(ids[-1]) + 1)
    with pytest.raises(InputError):
        store.feature_vector(int(ids[0]) - 1)
    con.close()
