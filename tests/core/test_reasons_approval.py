"""Reason codes in words, and a path to approval that re-scores under the threshold
changing only editable fields inside their ranges (imported-table bundle)."""

from __future__ import annotations

import duckdb
import numpy as np
import pytest

from creditdesk.core.bundle import load_bundle
from creditdesk.core.clients import ClientStore
from creditdesk.core.scoring import ScoringService


@pytest.fixture(scope="module")
def service(table_store, table_bundle):
    con = duckdb.connect(str(table_store), read_only=True)
    yield ScoringService(load_bundle(table_bundle), ClientStore(con))
    con.close()


@pytest.fixture(scope="module")
def refused(service):
    ids = service.store.client_ids()
    probs = service.predict(service.store.feature_matrix(ids))
    out = ids[probs >= service.threshold]
    assert len(out) >= 10, "the small bundle should refuse some clients"
    return [int(i) for i in out]


def test_reasons_are_the_largest_positive_contributions(service, refused):
    a = service.assess_client(refused[0])
    reasons = service.reasons(a, lang="en")
    assert 1 <= len(reasons) <= 4
    contributions = [r.contribution for r in reasons]
    assert all(c > 0 for c in contributions)
    assert contributions == sorted(contributions, reverse=True)
    assert contributions[0] == pytest.approx(a.contributions.max())
    for r in reasons:
        assert r.text and "{" not in r.text


def test_reason_sentences_use_templates_values_and_medians(service, refused):
    bundle = service.bundle
    median = bundle.reference_medians()["debt_ratio"]
    for cid in refused:
        a = service.assess_client(cid)
        for lang, start in (("en", "Debts are "), ("fr", "Les dettes représentent ")):
            texts = {r.feature: r.text for r in service.reasons(a, lang=lang, n=7)}
            if "debt_ratio" in texts:
                text = texts["debt_ratio"]
                assert text.startswith(start)
                assert bundle.spec("debt_ratio").format_value(median, lang) in text
                value = a.values[a.feature_names.index("debt_ratio")]
                assert bundle.spec("debt_ratio").format_value(value, lang) in text
                return
    pytest.skip("debt ratio never among the reasons")


def test_generic_sentence_for_fields_without_template(service, refused):
    a = service.assess_client(refused[0])
    texts = [r.text for r in service.reasons(a, lang="en", n=7) if r.feature != "debt_ratio"]
    assert any("portfolio median" in t for t in texts)
    texts_fr = [r.text for r in service.reasons(a, lang="fr", n=7) if r.feature != "debt_ratio"]
    assert any("médiane du portefeuille" in t for t in texts_fr)


def test_accepted_client_gets_reasons_too(service):
    ids = service.store.client_ids()
    probs = service.predict(service.store.feature_matrix(ids))
    a = service.assess_client(int(ids[np.argmin(probs)]))
    assert a.decision == "accept"
    assert all(r.contribution > 0 for r in service.reasons(a))


def test_path_to_approval_is_verified_and_respects_the_dictionary(service, refused):
    specs = {s.name: s for s in service.bundle.features}
    feasible = 0
    for cid in refused[:25]:
        path = service.path_to_approval(cid)
        assert not path.already_accepted
        if not path.feasible:
            assert "No change" in path.message("en") and "Aucune" in path.message("fr")
            continue
        feasible += 1
        assert path.changes
        for name, (_old, new) in path.changes.items():
            spec = specs[name]
            assert spec.editable
            if spec.dtype == "category":
                assert new in spec.categories
            elif spec.dtype == "bool":
                assert new in (0, 1)
            else:
                assert spec.min <= new <= spec.max
        check = service.what_if(cid, {k: new for k, (_, new) in path.changes.items()})
        assert check.probability < service.threshold
        assert check.probability == pytest.approx(path.probability)
        assert path.change_size > 0
        assert "→" in path.message("en")
    assert feasible >= 1


def test_path_for_an_accepted_client_says_so(service):
    ids = service.store.client_ids()
    probs = service.predict(service.store.feature_matrix(ids))
    path = service.path_to_approval(int(ids[np.argmin(probs)]))
    assert path.feasible and path.already_accepted and not path.changes
    assert "Already accepted" in path.message("en")
    assert path.to_dict()["changes"] == {}


def test_missing_value_is_said_plainly_in_both_languages(service):
    import dataclasses

    from creditdesk.core.reasons import reason_codes

    bundle = service.bundle
    cid = int(service.store.client_ids(limit=1)[0])
    a = service.assess_client(cid)
    names = list(a.feature_names)
    values = a.values.copy()
    contributions = np.full(len(names), -0.1)
    for name, c in (("debt_ratio", 0.9), ("score_ext", 0.8), ("segment", 0.7)):  # templated, plain, category
        values[names.index(name)] = np.nan
        contributions[names.index(name)] = c
    missing = dataclasses.replace(a, values=values, contributions=contributions)
    en = {r.feature: r.text for r in reason_codes(missing, bundle, lang="en")}
    fr = {r.feature: r.text for r in reason_codes(missing, bundle, lang="fr")}
    assert set(en) == set(fr) == {"debt_ratio", "score_ext", "segment"}
    median = bundle.reference_medians()["debt_ratio"]
    spec = bundle.spec("debt_ratio")
    assert en["debt_ratio"] == f"Debt ratio: not available (portfolio median {spec.format_value(median, 'en')})"
    assert fr["debt_ratio"] == (f"Taux d'endettement : non disponible "
                                f"(médiane du portefeuille {spec.format_value(median, 'fr')})")
    assert en["score_ext"].startswith("External score: not available (portfolio median ")
    assert fr["score_ext"].startswith("Score externe : non disponible (médiane du portefeuille ")
    assert en["segment"] == "Segment: not available" and fr["segment"] == "Segment : non disponible"
    for text in [*en.values(), *fr.values()]:
        assert "missing" not in text and "manquant" not in text


def test_reference_medians_read_only_the_feature_columns(table_bundle):
    """Medians match pandas on the whole sample, yet the sample itself is never loaded."""
    from creditdesk.core import bundle as bundle_module

    bundle_module._MEDIANS.clear()
    fresh = load_bundle(table_bundle)
    medians = fresh.reference_medians()
    assert fresh._reference is None  # the frame was not read
    ref = load_bundle(table_bundle).reference_sample()
    for spec in fresh.features:
        column = ref[spec.name].dropna()
        expected = float(column.mode().iloc[0]) if spec.dtype == "category" else float(column.median())
        assert medians[spec.name] == pytest.approx(expected, abs=0, rel=1e-12)
    assert load_bundle(table_bundle).reference_medians() == medians  # cached by the sample's hash


def test_applicant_facts_weigh_more_than_the_loan_terms():
    """The same share of its range costs three times more on income than on the credit amount."""
    from creditdesk.core.approval import APPLICANT_FACT_WEIGHT, _candidate_field
    from creditdesk.store.dictionary import DataDictionary

    d = DataDictionary.load()
    income = _candidate_field(d.get("AMT_INCOME_TOTAL"), 100_000.0)
    credit = _candidate_field(d.get("AMT_CREDIT"), 500_000.0)
    share = 0.1
    income_size = income.size(100_000.0 + share * (income.high - income.low))
    credit_size = credit.size(500_000.0 - share * (credit.high - credit.low))
    assert income_size == pytest.approx(APPLICANT_FACT_WEIGHT * credit_size)
    assert credit_size == pytest.approx(share)
