"""The data dictionary: coverage, French and English labels, ranges, display."""

from __future__ import annotations

import dataclasses
import math

import duckdb
import pytest

from creditdesk.store import features_sql as fsql
from creditdesk.store import schema
from creditdesk.store.dictionary import DataDictionary, FieldSpec, readable_name
from creditdesk.store.dictionary_build import build_dictionary


@pytest.fixture(scope="module")
def dictionary() -> DataDictionary:
    return DataDictionary.load()


def test_shipped_file_is_up_to_date():
    from creditdesk.paths import dictionary_path

    assert dictionary_path().read_text(encoding="utf-8") == build_dictionary().to_json(), (
        "run python -m creditdesk.store.dictionary_build"
    )


def test_every_field_and_feature_has_both_labels(dictionary, con):
    stored = [c for c in duckdb_columns(con, "features")]
    names = set(schema.columns(schema.APPLICATION)) | set(fsql.FEATURES) | set(stored)
    for name in names:
        assert name in dictionary, name
        spec = dictionary.get(name)
        assert spec.label_en.strip() and spec.label_fr.strip(), name
        assert spec.dtype in ("float", "int", "category", "bool"), name


def duckdb_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]


def test_french_is_french(dictionary):
    specs = list(dictionary)
    different = sum(s.label_fr != s.label_en for s in specs)
    assert different / len(specs) > 0.95
    accented = sum(any(ch in s.label_fr for ch in "éèêàçôûî") for s in specs)
    assert accented > 50
    assert dictionary.get("ANNUITY_INCOME_PERC").label_fr == "Annuité / revenu"
    assert dictionary.get("REFUSED_COUNT").label("en") == "Previous applications refused: count"
    assert dictionary.get("REFUSED_COUNT").label("fr") == "Demandes précédentes refusées : nombre"


def test_editable_fields(dictionary):
    editable = {s.name for s in dictionary.editable()}
    assert {
        "AMT_INCOME_TOTAL",
        "AMT_CREDIT",
        "AMT_ANNUITY",
        "AMT_GOODS_PRICE",
        "DAYS_EMPLOYED",
        "CNT_CHILDREN",
        "CNT_FAM_MEMBERS",
        "NAME_CONTRACT_TYPE",
        "FLAG_OWN_CAR",
        "FLAG_OWN_REALTY",
    } == editable
    for spec in dictionary.editable():
        assert spec.min is not None and spec.max is not None
        assert math.isfinite(spec.min) and math.isfinite(spec.max) and spec.min < spec.max, (
            spec.name
        )
        assert spec.step and spec.step > 0, spec.name
    for name in ("DAYS_BIRTH", "CODE_GENDER", "EXT_SOURCE_1", "REGION_RATING_CLIENT", "BURO_COUNT"):
        assert not dictionary.get(name).editable


def test_categories_cover_the_fixture_levels(dictionary, con):
    for column in fsql.APP_CATEGORICAL:
        levels = {
            r[0]
            for r in con.execute(
                f"SELECT DISTINCT {column} FROM application WHERE {column} IS NOT NULL"
            ).fetchall()
        }
        assert levels <= set(dictionary.get(column).categories), column
    org = dictionary.get("ORGANIZATION_TYPE")
    assert len(org.categories) == 58 and len(org.category_labels_fr) == 58


def test_categories_cover_the_generator(dictionary):
    catalog = pytest.importorskip("creditdesk.data.catalog")
    pairs = {
        "NAME_CONTRACT_TYPE": "CONTRACT_TYPE",
        "CODE_GENDER": "GENDER",
        "NAME_TYPE_SUITE": "NAME_TYPE_SUITE",
        "NAME_EDUCATION_TYPE": "EDUCATION",
        "NAME_FAMILY_STATUS": "FAMILY_STATUS",
        "NAME_HOUSING_TYPE": "HOUSING",
        "OCCUPATION_TYPE": "OCCUPATION",
        "WEEKDAY_APPR_PROCESS_START": "WEEKDAY",
        "ORGANIZATION_TYPE": "ORGANIZATION",
        "FONDKAPREMONT_MODE": "FONDKAPREMONT",
        "HOUSETYPE_MODE": "HOUSETYPE",
        "WALLSMATERIAL_MODE": "WALLSMATERIAL",
        "NAME_INCOME_TYPE": "INCOME_TYPE_WORKING",
    }
    for column, name in pairs.items():
        levels = {k for k in getattr(catalog, name, {}) if k is not None}
        assert levels <= set(dictionary.get(column).categories), column


def test_format_value(dictionary):
    income = dictionary.get("AMT_INCOME_TOTAL")
    assert income.format_value(202500.0, "en") == "202,500"
    assert income.format_value(202500.0, "fr") == "202\u202f500"
    assert income.format_value(None, "en") == "missing"
    assert income.format_value(float("nan"), "fr") == "manquant"
    ratio = dictionary.get("ANNUITY_INCOME_PERC")
    assert ratio.format_value(0.3812, "en") == "38%"
    assert ratio.format_value(0.052, "fr") == "5,2\u202f%"
    age = dictionary.get("DAYS_BIRTH")
    assert age.format_value(-16071, "en") == "44.0 years"
    assert age.format_value(-16071, "fr") == "44,0 ans"
    assert age.to_display(-365.25 * 30) == pytest.approx(30.0)
    assert age.from_display(30.0) == pytest.approx(-365.25 * 30)
    contract = dictionary.get("NAME_CONTRACT_TYPE")
    assert contract.format_value(1, "en") == "Revolving credit"
    assert contract.format_value(1.0, "fr") == "Crédit renouvelable"
    assert contract.format_value("Cash loans", "fr") == "Prêt en espèces"
    assert contract.code_of("Revolving loans") == 1.0 and contract.code_of("?") is None
    assert dictionary.get("FLAG_EMAIL").format_value(1, "fr") == "oui"
    assert dictionary.get("CNT_CHILDREN").format_value(2, "en") == "2"
    assert dictionary.get("EXT_SOURCE_2").format_value(0.56123, "en") == "0.561"


def test_describe_templates(dictionary):
    ratio = dictionary.get("ANNUITY_INCOME_PERC")
    assert ratio.describe(0.38, 0.16, "en") == "Annuity is 38% of income (portfolio median 16%)"
    assert (
        ratio.describe(0.38, 0.16, "fr")
        == "L'annuité représente 38\u202f% du revenu (médiane du portefeuille 16\u202f%)"
    )
    generic = dictionary.get("BURO_AMT_CREDIT_SUM_MEAN")
    assert generic.describe(1000.0, 500.0, "en").endswith("1,000 (portfolio median 500)")


def test_unknown_name_gets_a_readable_label(dictionary):
    spec = dictionary.get("monthly_income")
    assert spec.label("en") == "Monthly income" and spec.label("fr") == "Monthly income"
    assert readable_name("AMT_INCOME_TOTAL") == "Amt income total"
    assert readable_name("tenureMonths") == "Tenure months"


def test_round_trip_and_bundle_card(dictionary):
    for spec in list(dictionary)[:40]:
        assert FieldSpec.from_dict(spec.to_dict()) == spec
    again = DataDictionary.from_json(dictionary.to_json())
    assert list(again.fields) == list(dictionary.fields)
    bundle = pytest.importorskip("creditdesk.core.bundle")
    spec = dictionary.get("ORGANIZATION_TYPE")
    assert bundle.spec_from_dict(bundle.spec_to_dict(spec)) == spec
    assert {f.name for f in dataclasses.fields(FieldSpec)} >= {
        "name",
        "source",
        "dtype",
        "label_en",
        "label_fr",
        "unit",
        "min",
        "max",
        "editable",
        "step",
        "categories",
        "display_scale",
        "display_unit_en",
        "display_unit_fr",
        "description_en",
        "description_fr",
    }


def test_from_store_falls_back_to_the_shipped_one(con):
    assert DataDictionary.from_store(con).pipeline == "homecredit"
    empty = duckdb.connect()
    assert len(DataDictionary.from_store(empty)) == len(DataDictionary.load())
    empty.close()


def test_ids_and_categories_in_sentences(dictionary):
    assert dictionary.get("SK_ID_CURR").format_value(100002, "en") == "100002"
    education = dictionary.get("NAME_EDUCATION_TYPE")
    assert education.describe(1, 0, "fr") == "Niveau d'études : Enseignement supérieur"


def test_whole_amounts_show_no_cents_and_flags_no_median():
    d = DataDictionary.load()
    overdue = d.get("BURO_AMT_CREDIT_MAX_OVERDUE_MEAN")
    assert overdue.format_value(0.0, "fr") == "0"
    assert overdue.format_value(12.5, "en") == "12.50"
    flag = d.get("FLAG_DOCUMENT_3")
    sentence = flag.describe(1, 1, "en")
    assert "median" not in sentence and sentence.endswith(flag.format_value(1, "en"))
