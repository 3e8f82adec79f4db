"""What-if on a Home Credit store: raw field edits go through the store's own feature SQL,
so derived features move; invalid edits are refused; nothing is written."""

from __future__ import annotations

import numpy as np
import pytest

from creditdesk.core.bundle import load_bundle
from creditdesk.core.clients import ClientStore
from creditdesk.core.scoring import ScoringService
from creditdesk.errors import InputError
from creditdesk.store.connection import open_store
from tests.reliability.conftest import sha256_file


@pytest.fixture(scope="module")
def service(hc_store, hc_bundle):
    handle = open_store(hc_store, read_only=True)
    yield ScoringService(load_bundle(hc_bundle), ClientStore(handle))
    handle.close()


@pytest.fixture(scope="module")
def client(service):
    return int(service.store.client_ids(limit=10)[7])


def test_bundle_is_home_credit(service):
    assert service.bundle.pipeline == "homecredit"
    assert "PAYMENT_RATE" in service.feature_names
    assert "NAME_CONTRACT_TYPE" in service.bundle.categorical_features


def test_no_edit_reproduces_the_stored_features(service):
    for cid in service.store.client_ids(limit=25):
        stored = service.assess_client(int(cid))
        same = service.what_if(int(cid), {})
        np.testing.assert_array_equal(same.values, stored.values)
        assert same.probability == stored.probability


def test_editing_credit_moves_every_derived_feature(service, client):
    app = service.store.application_row(client)
    before = service.assess_client(client)
    after = service.what_if(client, {"AMT_CREDIT": app["AMT_CREDIT"] * 2})
    value = dict(zip(service.feature_names, after.values, strict=True))
    old = dict(zip(service.feature_names, before.values, strict=True))
    assert value["AMT_CREDIT"] == app["AMT_CREDIT"] * 2
    assert value["PAYMENT_RATE"] == pytest.approx(app["AMT_ANNUITY"] / (2 * app["AMT_CREDIT"]))
    assert value["INCOME_CREDIT_PERC"] == pytest.approx(old["INCOME_CREDIT_PERC"] / 2)
    assert value["CREDIT_GOODS_RATIO"] == pytest.approx(old["CREDIT_GOODS_RATIO"] * 2)
    assert after.probability != before.probability
    for name in service.feature_names:  # aggregates and untouched fields stay
        if name.startswith(("BURO_", "PREV_", "INSTAL_")):
            assert value[name] == old[name] or (np.isnan(value[name]) and np.isnan(old[name]))


def test_category_edit_is_encoded_like_the_store(service, client):
    spec = service.dictionary.get("NAME_CONTRACT_TYPE")
    app = service.store.application_row(client)
    other = next(level for level in spec.categories if level != app["NAME_CONTRACT_TYPE"])
    after = service.what_if(client, {"NAME_CONTRACT_TYPE": other})
    i = service.feature_names.index("NAME_CONTRACT_TYPE")
    assert after.values[i] == spec.categories.index(other)


def test_whole_number_fields_are_rounded(service, client):
    after = service.what_if(client, {"CNT_CHILDREN": 1.6})
    assert after.values[service.feature_names.index("CNT_CHILDREN")] == 2.0


@pytest.mark.parametrize(
    "edits, message",
    [
        ({"NOT_A_FIELD": 1}, "unknown application field"),
        ({"PAYMENT_RATE": 0.1}, "unknown application field"),  # derived: edit its inputs instead
        ({"EXT_SOURCE_1": 0.9}, "cannot be changed"),
        ({"DAYS_BIRTH": -20000}, "cannot be changed"),
        ({"AMT_CREDIT": float("nan")}, "cannot be"),
        ({"AMT_CREDIT": float("inf")}, "cannot be"),
        ({"AMT_CREDIT": -5.0}, "outside its allowed range"),
        ({"NAME_CONTRACT_TYPE": "Mortgage"}, "not a level"),
    ],
)
def test_bad_edits_are_refused(service, client, edits, message):
    with pytest.raises(InputError, match=message):
        service.what_if(client, edits)


def test_what_if_writes_nothing(hc_store, hc_bundle):
    before = sha256_file(hc_store)
    handle = open_store(hc_store)  # even opened for writing
    service = ScoringService(load_bundle(hc_bundle), ClientStore(handle))
    cid = int(service.store.client_ids(limit=1)[0])
    for credit in (100_000.0, 500_000.0, 1_000_000.0):
        service.what_if(cid, {"AMT_CREDIT": credit, "CNT_CHILDREN": 2})
    service.path_to_approval(cid)
    handle.close()
    assert sha256_file(hc_store) == before


def test_reasons_use_dictionary_sentences(service):
    ids = service.store.client_ids()
    probs = service.predict(service.store.feature_matrix(ids))
    a = service.assess_client(int(ids[np.argmax(probs)]))
    reasons = service.reasons(a, lang="en")
    assert reasons and all("{" not in r.text for r in reasons)
    assert all(("median" in r.text) or r.text.endswith(("missing",)) or ":" in r.text for r in reasons)
    assert service.reasons(a, lang="fr")[0].text != reasons[0].text


def test_path_to_approval_changes_only_editable_fields(service):
    ids = service.store.client_ids()
    probs = service.predict(service.store.feature_matrix(ids))
    refused = ids[probs >= service.threshold][:8]
    editable = {s.name: s for s in service.dictionary.editable()}
    for cid in refused:
        path = service.path_to_approval(int(cid))
        if not path.feasible:
            continue
        for name, (_old, new) in path.changes.items():
            spec = editable[name]
            if spec.dtype not in ("category", "bool"):
                assert spec.min <= new <= spec.max
        check = service.what_if(int(cid), {k: v for k, (_, v) in path.changes.items()})
        assert check.probability < service.threshold


def test_training_leaves_out_protected_characteristics(hc_bundle, hc_store):
    from creditdesk.core.bundle import load_bundle
    from creditdesk.store.connection import open_store
    from creditdesk.training.pipeline import PROTECTED_FEATURES

    bundle = load_bundle(hc_bundle)
    with open_store(hc_store, read_only=True) as con:
        stored = {r[0] for r in con.execute("DESCRIBE features").fetchall()}
    assert set(PROTECTED_FEATURES) <= stored  # the store keeps them...
    assert not set(PROTECTED_FEATURES) & set(bundle.feature_names)  # ...the model never sees them
    assert load_bundle(hc_bundle).card.get("excluded_features") == list(PROTECTED_FEATURES)
