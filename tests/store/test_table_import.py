"""Bring your own table: a telecom-style client file that is not Home Credit shaped."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from creditdesk.cli import main
from creditdesk.errors import InputError
from creditdesk.store.dictionary import DataDictionary
from creditdesk.store.features import application_features, build_features, feature_columns
from creditdesk.store.importer import import_table

from .conftest import sha256

CONTRACTS = ["Month-to-month", "One year", "Two year"]
PAYMENTS = ["Card", "Bank transfer", "Cheque"]


def write_telecom(
    path: Path,
    n: int = 240,
    seed: int = 3,
    *,
    string_ids: bool = False,
    delimiter: str = ",",
    decimal: str = ".",
) -> Path:
    """A churn-style client table: ids, target, numbers, categories, free text, dates."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(
            [
                "customer_id",
                "monthly_charges",
                "tenure_months",
                "contract type",
                "payment_method",
                "has_fiber",
                "notes",
                "signup_date",
                "defaulted",
            ]
        )
        for i in range(n):
            contract = rng.choices(CONTRACTS, weights=[6, 3, 2])[0]
            charges = round(rng.uniform(18, 120), 2)
            writer.writerow(
                [
                    f"C{i:05d}" if string_ids else 5000 + i,
                    str(charges).replace(".", decimal),
                    rng.randint(0, 72),
                    contract,
                    rng.choice(PAYMENTS) if rng.random() > 0.05 else "",
                    rng.choice(["true", "false"]),
                    f"called on {rng.randint(1, 10**6)}",
                    f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                    1
                    if (contract == "Month-to-month" and rng.random() < 0.3) or rng.random() < 0.05
                    else 0,
                ]
            )
    return path


def write_labels(path: Path) -> Path:
    path.write_text(
        "column,label_en,label_fr,unit,editable,min,max\n"
        "monthly_charges,Monthly charges,Facture mensuelle,money,yes,10,150\n"
        "contract type,Contract,Type de contrat,,yes,,\n"
        "tenure_months,Months as a customer,Mois d'ancienneté,,no,,\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def telecom(tmp_path: Path) -> Path:
    return write_telecom(tmp_path / "telecom.csv")


def test_import_table_builds_a_store(telecom, tmp_path):
    store = tmp_path / "byo.duckdb"
    dictionary = import_table(
        telecom, store, "customer_id", "defaulted", write_labels(tmp_path / "labels.csv")
    )
    con = duckdb.connect(str(store), read_only=True)
    meta = dict(con.execute("SELECT key, value FROM store_meta").fetchall())
    assert meta["kind"] == "table" and meta["id_column"] == "customer_id"
    stored = DataDictionary.from_store(con)
    assert stored.pipeline == "table"
    names = feature_columns(con)
    assert names == [
        "monthly_charges",
        "tenure_months",
        "contract_type",
        "payment_method",
        "has_fiber",
    ]
    assert [f.name for f in dictionary if f.source == "excluded"] == ["notes", "signup_date"]
    charges = stored.get("monthly_charges")
    assert (charges.label_en, charges.label_fr, charges.unit) == (
        "Monthly charges",
        "Facture mensuelle",
        "money",
    )
    assert charges.editable and (charges.min, charges.max) == (10.0, 150.0)
    contract = stored.get("contract_type")
    assert contract.label_fr == "Type de contrat" and contract.dtype == "category"
    assert contract.categories == tuple(CONTRACTS)  # most frequent first
    assert contract.editable and contract.max == 2
    assert stored.get("has_fiber").dtype == "bool"
    assert stored.get("payment_method").label_en == "Payment method"  # from the column name
    assert not stored.get("tenure_months").editable
    assert stored.get("TARGET").label_en == "Defaulted (defaulted)"
    for spec in stored.editable():
        assert np.isfinite([spec.min, spec.max]).all() and spec.min < spec.max
    app = con.execute("SELECT * FROM application ORDER BY SK_ID_CURR").df()
    assert app["SK_ID_CURR"].tolist() == list(range(5000, 5240))
    assert {"notes", "signup_date", "contract_type"} <= set(app.columns)
    feats = con.execute("SELECT * FROM features ORDER BY SK_ID_CURR").df()
    assert set(feats["TARGET"].unique()) == {0, 1}
    assert set(feats["contract_type"].dropna().unique()) == {0.0, 1.0, 2.0}
    assert feats["payment_method"].isna().sum() > 0
    assert {str(t) for t in feats.dtypes[names]} == {"float64"}
    # the what-if path gives the stored rows for every client
    again = application_features(app, dictionary=stored)
    pd.testing.assert_frame_equal(again, feats, check_dtype=False, check_exact=True)
    one = application_features(app.iloc[[7]], dictionary=stored)
    pd.testing.assert_frame_equal(
        one, feats.iloc[[7]].reset_index(drop=True), check_dtype=False, check_exact=True
    )
    con.close()


def test_rebuild_and_what_if_on_a_table_store(telecom, tmp_path):
    store = tmp_path / "byo.duckdb"
    import_table(telecom, store, "customer_id", "defaulted")
    con = duckdb.connect(str(store))
    before = con.execute("SELECT * FROM features ORDER BY SK_ID_CURR").fetchall()
    assert build_features(con) == feature_columns(con)
    assert con.execute("SELECT * FROM features ORDER BY SK_ID_CURR").fetchall() == before
    dictionary = DataDictionary.from_store(con)
    row = con.execute("SELECT * FROM application LIMIT 1").df().iloc[0].to_dict()
    row["monthly_charges"] = 99.5
    row["contract_type"] = "Two year"
    f = application_features(row, dictionary=dictionary).iloc[0]
    assert f["monthly_charges"] == 99.5 and f["contract_type"] == 2.0
    con.close()


def test_string_ids_without_target(tmp_path):
    path = write_telecom(tmp_path / "t.csv", string_ids=True)
    store = tmp_path / "s.duckdb"
    dictionary = import_table(path, store, "customer_id")
    con = duckdb.connect(str(store), read_only=True)
    app = con.execute("SELECT SK_ID_CURR, customer_id FROM application ORDER BY 1").fetchall()
    assert app[0] == (1, "C00000") and app[-1] == (240, "C00239")
    assert con.execute("SELECT COUNT(TARGET) FROM features").fetchone()[0] == 0
    assert "defaulted" in feature_columns(con)  # without --target it is just another column
    assert dictionary.get("SK_ID_CURR").label_en == "Customer id"
    con.close()


def test_semicolons_and_decimal_commas(tmp_path):
    path = write_telecom(tmp_path / "fr.csv", delimiter=";", decimal=",")
    store = tmp_path / "s.duckdb"
    import_table(path, store, "customer_id", "defaulted")
    con = duckdb.connect(str(store), read_only=True)
    charges = con.execute(
        "SELECT MIN(monthly_charges), MAX(monthly_charges) FROM features"
    ).fetchone()
    assert 18 <= charges[0] < charges[1] <= 120
    con.close()


def test_json_dictionary(telecom, tmp_path):
    labels = tmp_path / "labels.json"
    labels.write_text(
        json.dumps(
            {
                "monthly_charges": {
                    "label_en": "Bill",
                    "label_fr": "Facture",
                    "editable": True,
                    "min": 0,
                    "max": 200,
                }
            }
        )
    )
    dictionary = import_table(telecom, tmp_path / "s.duckdb", "customer_id", "defaulted", labels)
    spec = dictionary.get("monthly_charges")
    assert (spec.label_en, spec.label_fr, spec.editable, spec.max) == (
        "Bill",
        "Facture",
        True,
        200.0,
    )


BAD = {
    "no such id": (lambda p: None, {"id_column": "client"}, "no id column 'client'"),
    "no such target": (lambda p: None, {"target_column": "churn"}, "no target column 'churn'"),
    "duplicate id": (
        lambda p: p.write_text(p.read_text() + p.read_text().splitlines()[3] + "\n"),
        {},
        "appears more than once",
    ),
    "target not 0/1": (lambda p: None, {"target_column": "contract type"}, "must hold 0 and 1"),
    "empty": (lambda p: p.write_text(""), {}, "the file is empty"),
    "header only": (lambda p: p.write_text(p.read_text().splitlines()[0] + "\n"), {}, "no rows"),
    "latin-1": (
        lambda p: p.write_bytes(
            p.read_text().replace("Card", "Carte bancaire é").encode("latin-1")
        ),
        {},
        "not UTF-8",
    ),
    "NaN": (lambda p: _set(p, 7, "monthly_charges", "NaN"), {},
            r"telecom\.csv, line 7 \(customer_id 5005\), column monthly_charges: NaN is not"),
    "-inf": (lambda p: _set(p, 9, "tenure_months", "-inf"), {},
             r"line 9 \(customer_id 5007\), column tenure_months: the value is infinite"),
    "400 digits": (lambda p: _set(p, 4, "tenure_months", "9" * 400), {},
                   r"line 4 \(customer_id 5002\), column tenure_months: a 400-digit number"),
    "zip renamed": (lambda p: p.write_bytes(b"PK\x03\x04" + bytes(500)), {},
                    r"telecom\.csv: not a CSV text file \(binary data: a zip archive"),
    "utf-32": (lambda p: p.write_bytes(p.read_text().encode("utf-32")), {}, "UTF-32 encoded"),
    "NUL bytes": (lambda p: p.write_bytes(bytes(1 << 20)), {},
                  r"telecom\.csv: not a CSV text file \(binary data\)$"),
}


def _set(path: Path, line: int, column: str, value: str) -> None:
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_table_changes_nothing(case, telecom, tmp_path):
    store = tmp_path / "s.duckdb"
    import_table(telecom, store, "customer_id", "defaulted")
    before = sha256(store)
    change, kwargs, message = BAD[case]
    change(telecom)
    args = {"id_column": "customer_id", "target_column": "defaulted", **kwargs}
    with pytest.raises(InputError, match=message):
        import_table(telecom, store, **args)
    assert sha256(store) == before


def test_table_replaces_a_homecredit_store(store_copy, telecom):
    import_table(telecom, store_copy, "customer_id", "defaulted")
    con = duckdb.connect(str(store_copy), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "bureau" not in tables and "client_aggregates" not in tables
    assert con.execute("SELECT COUNT(*) FROM features").fetchone()[0] == 240
    con.close()


def test_cli_import_table(telecom, tmp_path, capsys):
    store = tmp_path / "cli.duckdb"
    labels = write_labels(tmp_path / "labels.csv")
    code = main(
        [
            "data",
            "import-table",
            str(telecom),
            "--id",
            "customer_id",
            "--target",
            "defaulted",
            "--dictionary",
            str(labels),
            "--store",
            str(store),
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "5 features (3 numeric, 2 categorical)" in out and "notes, signup_date" in out
    assert main(["data", "import-table", str(telecom), "--id", "nope", "--store", str(store)]) == 2
    assert "no id column 'nope'" in capsys.readouterr().err


def _dictionary(path: Path, **fields: dict) -> Path:
    path.write_text(json.dumps({"fields": [{"name": k, **v} for k, v in fields.items()]}),
                    encoding="utf-8")
    return path


USER_DICTIONARY_BREAKS = {
    "below min": (
        (6, "monthly_charges", "-2500"), {"monthly_charges": {"dtype": "float", "min": 0}},
        r"line 6 \(customer_id 5004\), column monthly_charges: -2,500 is below the "
        r"dictionary's range \[0, \+∞\]",
    ),
    "above max": (
        (8, "tenure_months", "200"), {"tenure_months": {"dtype": "int", "min": 0, "max": 120}},
        r"column tenure_months: 200 is above the dictionary's range \[0, 120\]",
    ),
    "a date in an int column": (
        (5, "tenure_months", "1985-03-14"), {"tenure_months": {"dtype": "int"}},
        r'line 5 \(customer_id 5003\), column tenure_months: "1985-03-14" is not a whole number',
    ),
    "a fraction in an int column": (
        (5, "monthly_charges", "12.5"), {"monthly_charges": {"dtype": "int"}},
        r"column monthly_charges: 12.5 is not a whole number",
    ),
    "a 2 in a bool column": (
        (3, "has_fiber", "2"), {"has_fiber": {"dtype": "bool"}},
        r'line 3 \(customer_id 5001\), column has_fiber: "2" is not 0 or 1',
    ),
    "counts in a bool column": (
        (3, "defaulted", "1"), {"tenure_months": {"dtype": "bool"}},
        r"line 2 \(customer_id 5000\), column tenure_months: 47 is not 0 or 1",
    ),
    "an unknown dtype": (
        (3, "tenure_months", "2"), {"tenure_months": {"dtype": "decimal"}},
        r"dtype of column tenure_months is 'decimal'",
    ),
}


@pytest.mark.parametrize("case", sorted(USER_DICTIONARY_BREAKS))
def test_the_user_dictionary_is_checked_against_the_data(case, telecom, tmp_path):
    (line, column, value), fields, message = USER_DICTIONARY_BREAKS[case]
    if case == "a fraction in an int column":
        # every charge whole but one: the column reads as numbers with one fraction
        rows = list(csv.reader(telecom.read_text(encoding="utf-8").splitlines()))
        for row in rows[1:]:
            row[1] = str(int(float(row[1])))
        with telecom.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)
    _set(telecom, line, column, value)
    labels = _dictionary(tmp_path / "labels.json", **fields)
    with pytest.raises(InputError, match=message):
        import_table(telecom, tmp_path / "s.duckdb", "customer_id", "defaulted", labels)
    assert not (tmp_path / "s.duckdb").exists()


def test_the_user_dictionary_dtype_makes_a_text_column_numeric(telecom, tmp_path):
    rows = list(csv.reader(telecom.read_text(encoding="utf-8").splitlines()))
    for row in rows[1:]:
        row[2] = f" {row[2]} "  # padded numbers: read as text
    rows[5][2] = ""
    with telecom.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    labels = _dictionary(tmp_path / "labels.json", tenure_months={"dtype": "int", "min": 0,
                                                                  "max": 80})
    dictionary = import_table(telecom, tmp_path / "s.duckdb", "customer_id", "defaulted", labels)
    spec = dictionary.get("tenure_months")
    assert (spec.source, spec.dtype, spec.min, spec.max) == ("table", "int", 0.0, 80.0)


def test_a_wide_number_column_within_float64_is_kept(telecom, tmp_path):
    _set(telecom, 4, "tenure_months", "1" * 30)  # HUGEINT-sized, still a float64
    dictionary = import_table(telecom, tmp_path / "s.duckdb", "customer_id", "defaulted")
    assert dictionary.get("tenure_months").source == "table"
