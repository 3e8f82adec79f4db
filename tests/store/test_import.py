"""Importing the Home Credit CSV files: a good folder loads, every broken one changes nothing."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from creditdesk.cli import main
from creditdesk.errors import Cancelled, InputError
from creditdesk.store import schema
from creditdesk.store.importer import import_homecredit

from .conftest import sha256


def test_fixtures_import(fixture_store):
    con = duckdb.connect(str(fixture_store), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert set(schema.TABLES) | {"features", "store_meta"} <= tables
    for table in schema.TABLES:
        cols = [r[0] for r in con.execute(f'DESCRIBE "{table}"').fetchall()]
        assert cols == schema.columns(table)
    assert con.execute("SELECT COUNT(*), COUNT(TARGET) FROM application").fetchone() == (36, 30)
    meta = dict(con.execute("SELECT key, value FROM store_meta").fetchall())
    assert meta["kind"] == "homecredit" and "dictionary" not in meta
    assert con.execute("SELECT COUNT(*) FROM features").fetchone()[0] == 36
    assert con.execute("SELECT COUNT(*) FROM client_aggregates").fetchone()[0] == 36
    con.close()


def test_import_returns_counts(fixture_dir, tmp_path):
    counts = import_homecredit(fixture_dir, tmp_path / "s.duckdb")
    assert counts["application_train"] == 30 and counts["application_test"] == 6
    assert counts["application"] == 36 and counts["bureau"] > 30


def test_import_keeps_other_tables_and_drops_stale_ones(store_copy, fixture_dir):
    con = duckdb.connect(str(store_copy))
    con.execute("CREATE TABLE audit_log (n INTEGER)")
    con.execute("INSERT INTO audit_log VALUES (1)")
    con.execute("CREATE TABLE oracle (SK_ID_CURR BIGINT, pd DOUBLE)")
    con.close()
    import_homecredit(fixture_dir, store_copy)
    con = duckdb.connect(str(store_copy), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "audit_log" in tables and "oracle" not in tables
    con.close()


def test_companion_files_are_optional(fixture_dir, tmp_path):
    for name in schema.CSV_FILES.values():
        (fixture_dir / name).unlink()
    (fixture_dir / schema.APPLICATION_TEST_CSV).unlink()
    store = tmp_path / "s.duckdb"
    import_homecredit(fixture_dir, store)
    con = duckdb.connect(str(store), read_only=True)
    assert con.execute("SELECT COUNT(*), SUM(BURO_COUNT) FROM features").fetchone() == (30, 0.0)
    con.close()


def test_utf8_bom_is_accepted(fixture_dir, tmp_path, fixture_store):
    path = fixture_dir / schema.APPLICATION_TRAIN_CSV
    path.write_bytes(codecs.BOM_UTF8 + path.read_bytes())
    store = tmp_path / "bom.duckdb"
    import_homecredit(fixture_dir, store)
    a = duckdb.connect(str(store), read_only=True)
    b = duckdb.connect(str(fixture_store), read_only=True)
    query = "SELECT * FROM features ORDER BY SK_ID_CURR"
    assert a.execute(query).fetchall() == b.execute(query).fetchall()
    a.close()
    b.close()


# --------------------------------------------------------------------------- broken files


def _leftovers(store: Path) -> list[str]:
    """Files beside the store other than the store and the CSV folder (temporary copies...)."""
    return sorted(p.name for p in store.parent.iterdir() if p.name not in (store.name, "csv"))


def _edit_lines(path: Path, change: Callable[[list[str]], list[str]]) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(change(lines)), encoding="utf-8")


def _drop_column(name: str) -> Callable[[Path], None]:
    def breaks(folder: Path) -> None:
        path = folder / schema.APPLICATION_TRAIN_CSV
        header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        i = header.index(name)

        def change(lines):
            return [
                ",".join(c for k, c in enumerate(line.rstrip("\n").split(",")) if k != i) + "\n"
                for line in lines
            ]

        _edit_lines(path, change)

    return breaks


def _set_cell(file: str, line: int, column: str, value: str) -> Callable[[Path], None]:
    def breaks(folder: Path) -> None:
        path = folder / file
        header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        i = header.index(column)

        def change(lines):
            cells = lines[line - 1].rstrip("\n").split(",")
            cells[i] = value
            lines[line - 1] = ",".join(cells) + "\n"
            return lines

        _edit_lines(path, change)

    return breaks


def _truncate(file: str) -> Callable[[Path], None]:
    def breaks(folder: Path) -> None:
        path = folder / file
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * 0.6)])  # cut inside a row

    return breaks


def _duplicate_row(file: str, line: int) -> Callable[[Path], None]:
    def breaks(folder: Path) -> None:
        _edit_lines(folder / file, lambda lines: [*lines, lines[line - 1]])

    return breaks


def _empty(file: str) -> Callable[[Path], None]:
    return lambda folder: (folder / file).write_bytes(b"")


def _header_only(folder: Path) -> None:
    _edit_lines(folder / schema.APPLICATION_TRAIN_CSV, lambda lines: lines[:1])


def _semicolons(folder: Path) -> None:
    path = folder / schema.APPLICATION_TRAIN_CSV
    _edit_lines(path, lambda lines: [line.replace(",", ";") for line in lines])


def _utf16(folder: Path) -> None:
    path = folder / schema.APPLICATION_TRAIN_CSV
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))


def _latin1(folder: Path) -> None:
    path = folder / "previous_application.csv"
    text = path.read_text(encoding="utf-8").replace("Connectivity", "Téléphonie", 1)
    path.write_bytes(text.encode("latin-1"))


def _extra_column(folder: Path) -> None:
    _edit_lines(
        folder / "bureau.csv",
        lambda lines: (
            [lines[0].rstrip("\n") + ",COMMENT\n"] + [x.rstrip("\n") + ",\n" for x in lines[1:]]
        ),
    )


def _unclosed_quote(folder: Path) -> None:
    _edit_lines(folder / "bureau.csv", lambda lines: [*lines, '999,1,"Active,currency 1\n'])


def _test_overlaps_train(folder: Path) -> None:
    def change(lines):
        cells = lines[1].split(",", 1)
        cells[0] = "100002"
        lines[1] = ",".join(cells)
        return lines

    _edit_lines(folder / schema.APPLICATION_TEST_CSV, change)


BROKEN = {
    "missing column": (
        _drop_column("AMT_CREDIT"),
        "application_train.csv: missing column AMT_CREDIT",
    ),
    "extra column": (_extra_column, "bureau.csv: unexpected column COMMENT"),
    "bad type": (
        _set_cell(schema.APPLICATION_TRAIN_CSV, 5, "AMT_CREDIT", "lots"),
        'application_train.csv, line 5, column AMT_CREDIT: "lots" is not a number',
    ),
    "bad integer": (
        _set_cell("bureau.csv", 3, "DAYS_CREDIT", "12.5x"),
        'bureau.csv, line 3, column DAYS_CREDIT: "12.5x" is not a whole number',
    ),
    "truncated": (_truncate("installments_payments.csv"), "looks truncated"),
    "unclosed quote": (_unclosed_quote, "bureau.csv, line"),
    "duplicate id": (_duplicate_row(schema.APPLICATION_TRAIN_CSV, 4), "appears more than once"),
    "duplicate bureau id": (_duplicate_row("bureau.csv", 2), "bureau.csv: SK_ID_BUREAU"),
    "test id in train": (_test_overlaps_train, "is also in application_train.csv"),
    "target not 0/1": (_set_cell(schema.APPLICATION_TRAIN_CSV, 3, "TARGET", "2"), "must be 0 or 1"),
    "empty file": (_empty("bureau.csv"), "bureau.csv: the file is empty"),
    "empty application": (_empty(schema.APPLICATION_TRAIN_CSV), "the file is empty"),
    "header only": (_header_only, "header but no rows"),
    "wrong delimiter": (_semicolons, "separated by semicolons"),
    "utf-16": (_utf16, "UTF-16"),
    "latin-1": (_latin1, "not UTF-8"),
    "negative amount": (
        _set_cell(schema.APPLICATION_TRAIN_CSV, 4, "AMT_CREDIT", "-450000"),
        "application_train.csv, line 4 (SK_ID_CURR ",
    ),
    "NaN text": (
        _set_cell(schema.APPLICATION_TRAIN_CSV, 6, "EXT_SOURCE_2", "NaN"),
        "line 6 (SK_ID_CURR ",
    ),
    "inf in the test file": (
        _set_cell(schema.APPLICATION_TEST_CSV, 3, "AMT_ANNUITY", "inf"),
        "application_test.csv, line 3 (SK_ID_CURR ",
    ),
    "1e308 amount": (
        _set_cell(schema.APPLICATION_TRAIN_CSV, 5, "AMT_GOODS_PRICE", "1e308"),
        "column AMT_GOODS_PRICE: 1e+308 is above the plausible range",
    ),
    "400-digit amount": (
        _set_cell(schema.APPLICATION_TRAIN_CSV, 5, "AMT_CREDIT", "9" * 400),
        "column AMT_CREDIT: the value is infinite or too large",
    ),
    "positive days": (
        _set_cell(schema.APPLICATION_TRAIN_CSV, 7, "DAYS_BIRTH", "12000"),
        "column DAYS_BIRTH: 12,000 is above the plausible range [-365,243, 0]",
    ),
    "NaN in a companion file": (
        _set_cell("installments_payments.csv", 9, "AMT_PAYMENT", "nan"),
        "installments_payments.csv, line 9 (SK_ID_CURR ",
    ),
    "days beyond the sentinel": (
        _set_cell("bureau.csv", 3, "DAYS_CREDIT_ENDDATE", "400000"),
        "bureau.csv, line 3 (SK_ID_CURR ",
    ),
    "binary bureau file": (
        lambda folder: (folder / "bureau.csv").write_bytes(bytes(range(256)) * 100),
        "bureau.csv: not a CSV text file (binary data)",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_file_changes_nothing(case, fixture_dir, store_copy):
    breaks, message = BROKEN[case]
    breaks(fixture_dir)
    before = sha256(store_copy)
    with pytest.raises(InputError) as excinfo:
        import_homecredit(fixture_dir, store_copy)
    assert message in str(excinfo.value)
    assert sha256(store_copy) == before
    assert _leftovers(store_copy) == []


def test_broken_file_creates_no_store(fixture_dir, tmp_path):
    _truncate("bureau.csv")(fixture_dir)
    target = tmp_path / "new" / "s.duckdb"
    with pytest.raises(InputError):
        import_homecredit(fixture_dir, target)
    assert not target.exists()
    assert list(target.parent.iterdir()) == []


def test_missing_folder_or_train_file(tmp_path):
    with pytest.raises(InputError, match="not a folder"):
        import_homecredit(tmp_path / "nowhere", tmp_path / "s.duckdb")
    with pytest.raises(InputError, match=r"no application_train\.csv"):
        import_homecredit(tmp_path, tmp_path / "s.duckdb")


def test_cancel_changes_nothing(fixture_dir, store_copy):
    before = sha256(store_copy)

    def cancel(fraction: float, message: str) -> None:
        if "features" in message or fraction > 0.7:
            raise Cancelled("stopped by the officer")

    with pytest.raises(Cancelled):
        import_homecredit(fixture_dir, store_copy, cancel)
    assert sha256(store_copy) == before
    assert _leftovers(store_copy) == []


def test_not_a_store_refused(fixture_dir, tmp_path):
    target = tmp_path / "notes.duckdb"
    target.write_text("not a database\n" * 100)
    before = sha256(target)
    with pytest.raises(Exception, match=r"notes\.duckdb"):
        import_homecredit(fixture_dir, target)
    assert sha256(target) == before


def test_cli_import_and_error(fixture_dir, tmp_path, capsys):
    store = tmp_path / "cli.duckdb"
    assert main(["data", "import-homecredit", str(fixture_dir), "--store", str(store)]) == 0
    assert "imported into" in capsys.readouterr().out
    before = sha256(store)
    _semicolons(fixture_dir)
    assert main(["data", "import-homecredit", str(fixture_dir), "--store", str(store)]) == 2
    assert (
        "creditdesk: error: application_train.csv: the columns are separated by semicolons"
        in capsys.readouterr().err
    )
    assert sha256(store) == before
    assert main(["data", "build-features", "--store", str(store)]) == 0
    assert "built 195 features" in capsys.readouterr().out


def test_windows_line_endings_and_reordered_columns(fixture_dir, tmp_path, fixture_store):
    train = fixture_dir / schema.APPLICATION_TRAIN_CSV
    train.write_bytes(train.read_bytes().replace(b"\n", b"\r\n"))
    bureau = fixture_dir / "bureau.csv"
    rows = [line.split(",") for line in bureau.read_text(encoding="utf-8").splitlines()]
    bureau.write_text("\n".join(",".join(r[::-1]) for r in rows) + "\n", encoding="utf-8")
    store = tmp_path / "crlf.duckdb"
    import_homecredit(fixture_dir, store)
    a = duckdb.connect(str(store), read_only=True)
    b = duckdb.connect(str(fixture_store), read_only=True)
    for query in (
        "SELECT * FROM features ORDER BY SK_ID_CURR",
        "SELECT * FROM bureau ORDER BY SK_ID_BUREAU",
    ):
        assert a.execute(query).fetchall() == b.execute(query).fetchall()
    a.close()
    b.close()


def test_value_checks_accept_the_real_data_conventions(fixture_dir, tmp_path):
    """Negative debts in the companion files and the 365243 'no date' sentinel are real data."""
    _set_cell(schema.APPLICATION_TRAIN_CSV, 3, "DAYS_EMPLOYED", "365243")(fixture_dir)
    _set_cell("bureau.csv", 2, "AMT_CREDIT_SUM_DEBT", "-12000.5")(fixture_dir)
    _set_cell("bureau.csv", 4, "DAYS_CREDIT_ENDDATE", "31199")(fixture_dir)
    _set_cell("credit_card_balance.csv", 2, "AMT_BALANCE", "-420250")(fixture_dir)
    _set_cell(schema.APPLICATION_TRAIN_CSV, 4, "AMT_INCOME_TOTAL", "117000000")(fixture_dir)
    import_homecredit(fixture_dir, tmp_path / "s.duckdb")


def test_the_reported_line_and_client_are_the_bad_ones(fixture_dir, tmp_path):
    path = fixture_dir / schema.APPLICATION_TRAIN_CSV
    lines = path.read_text(encoding="utf-8").splitlines()
    client = lines[19].split(",")[0]
    _set_cell(schema.APPLICATION_TRAIN_CSV, 20, "AMT_ANNUITY", "-1")(fixture_dir)
    with pytest.raises(InputError) as info:
        import_homecredit(fixture_dir, tmp_path / "s.duckdb")
    assert str(info.value) == (
        f"application_train.csv, line 20 (SK_ID_CURR {client}), column AMT_ANNUITY: -1 is "
        "negative; amounts cannot be negative"
    )


def test_an_unterminated_quote_is_one_clean_sentence(tmp_path):
    from creditdesk.store.importer import import_table

    table = tmp_path / "quote.csv"
    rows = ["id,defaulted,income"] + [f"{i},{i % 2},{1000 + i}" for i in range(30)]
    rows[12] = '"11\n,1,1011'
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        import_table(table, tmp_path / "s.duckdb", "id", "defaulted")
    message = str(info.value)
    assert message.startswith("quote.csv, line 13: a quoted value is never closed")
    assert str(tmp_path) not in message and "sniff" not in message.lower()
    assert "\n" not in message
