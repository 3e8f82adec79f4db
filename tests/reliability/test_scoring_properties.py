"""Property tests on the scoring service: any admissible input scores sanely.

Any vector of finite or missing values inside the dictionary's types and
ranges (category codes inside their level list) gives a probability in
[0, 1], SHAP contributions plus the expected value that equal LightGBM's
raw score to 1e-6, and a decision that follows the bundle's threshold. The
same holds through what-if edits, and for any finite value at all.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creditdesk.errors import InputError

pytest.importorskip("lightgbm")

WIDE = 1e12  # bound for a field the dictionary gives no range


def _value_strategy(spec, *, in_range: bool = True) -> st.SearchStrategy:
    missing = st.just(float("nan"))
    if spec.dtype == "category":
        k = len(spec.categories or ())
        return st.one_of(missing, st.integers(0, max(k - 1, 0)).map(float))
    if spec.dtype == "bool":
        return st.one_of(missing, st.sampled_from([0.0, 1.0]))
    if not in_range:
        return st.one_of(missing, st.floats(allow_nan=False, allow_infinity=False))
    lo = spec.min if spec.min is not None else -WIDE
    hi = spec.max if spec.max is not None else WIDE
    if spec.dtype == "int":
        return st.one_of(missing, st.integers(math.ceil(lo), math.floor(hi)).map(float))
    return st.one_of(missing, st.floats(lo, hi, allow_nan=False, allow_infinity=False))


@pytest.fixture(scope="module")
def service(small_bundle, small_table_store):
    from creditdesk.core.bundle import load_bundle
    from creditdesk.core.clients import ClientStore
    from creditdesk.core.scoring import ScoringService
    from creditdesk.store.connection import open_store

    store = open_store(small_table_store, read_only=True)
    yield ScoringService(load_bundle(small_bundle), ClientStore(store))
    store.close()


def _check(service, assessment, x):
    raw = float(service.bundle.booster.predict(np.asarray([x], dtype=np.float64), raw_score=True)[0])
    assert 0.0 <= assessment.probability <= 1.0
    assert math.isfinite(assessment.raw_score)
    total = float(np.sum(assessment.contributions)) + assessment.base_value
    assert abs(total - raw) <= 1e-6 * max(1.0, abs(raw))
    assert abs(assessment.raw_score - raw) <= 1e-6 * max(1.0, abs(raw))
    assert assessment.contributions.shape == (len(service.feature_names),)
    assert np.all(np.isfinite(assessment.contributions))
    expected = "refuse" if assessment.probability >= service.threshold else "accept"
    assert assessment.decision == expected


def _vectors(specs, in_range=True):
    return st.tuples(*[_value_strategy(s, in_range=in_range) for s in specs]).map(list)


_SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_admissible_vectors_score_sanely(service):
    specs = list(service.bundle.features)

    @_SETTINGS
    @given(_vectors(specs))
    def prop(x):
        for spec, value in zip(specs, x, strict=True):
            if spec.dtype == "category" and not math.isnan(value):
                assert 0 <= value < len(spec.categories)
        _check(service, service.assess_vector(x), x)

    prop()


def test_any_finite_vector_still_gives_a_probability(service):
    specs = list(service.bundle.features)

    @_SETTINGS
    @given(_vectors(specs, in_range=False))
    def prop(x):
        _check(service, service.assess_vector(x), x)

    prop()


def test_all_missing_vector(service):
    x = [float("nan")] * len(service.feature_names)
    _check(service, service.assess_vector(x), x)


def test_what_if_edits_in_range_score_sanely(service):
    from creditdesk.core import whatif

    editable = whatif.editable_fields(service)
    assert editable, "the bundle has no editable field"
    client_ids = [int(i) for i in service.store.client_ids(limit=50)]

    def edit_value(spec):
        base = _value_strategy(spec).map(lambda v: None if math.isnan(v) else v)
        if spec.dtype == "category":
            return st.one_of(base, st.sampled_from(list(spec.categories)))
        return base

    edits = st.fixed_dictionaries({}, optional={s.name: edit_value(s) for s in editable})

    @_SETTINGS
    @given(st.sampled_from(client_ids), edits)
    def prop(client_id, edit):
        assessment = service.what_if(client_id, edit)
        _check(service, assessment, assessment.values)

    prop()


@pytest.mark.parametrize("bad", [float("inf"), float("-inf"), "abc", 1e308, -1e308, [1, 2], {"a": 1}])
def test_what_if_rejects_values_outside_the_dictionary(service, bad):
    from creditdesk.core import whatif

    numeric = [s for s in whatif.editable_fields(service) if s.dtype in ("float", "int")]
    client_id = int(service.store.client_ids(limit=1)[0])
    with pytest.raises(InputError) as info:
        service.what_if(client_id, {numeric[0].name: bad})
    assert "\n" not in str(info.value)
