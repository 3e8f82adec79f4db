"""The bad-input corpus: malformed files for the import, table-import and training commands.

Nothing here is committed as data: every file (including the 1 GB sparse
file, made with ``truncate``) is written at test time into a temporary
folder, so the corpus stays reviewable as code. Run as a script to write the
files somewhere for a look::

    python tests/corpus/make_corpus.py /tmp/corpus [HOMECREDIT_CSV_DIR]
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import random
import shutil
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ID = "client_id"
TARGET = "defaulted"
TABLE_COLUMNS = (ID, TARGET, "income", "loan_amount", "debt_ratio", "age", "segment", "has_guarantor")
SEGMENTS = ("retail", "salaried", "self-employed")


@dataclass(frozen=True)
class Case:
    name: str  # what is wrong, in a few words
    command: str  # "import-table" | "train --csv" | "import-homecredit"
    make: Callable[[Path], Path]  # writes the input under the given folder, returns its path
    id_column: str = ID
    target_column: str = TARGET
    tolerated: bool = False  # a lenient reader may accept it (then the import must succeed cleanly)
    dictionary: bool = False  # pass the table's data dictionary (types and ranges) with --dictionary


# -- a valid bring-your-own table -----------------------------------------------------------------


def write_table_dictionary(path: Path) -> Path:
    """The corpus table's data dictionary: types, ranges and category levels."""
    from creditdesk.store.dictionary import DataDictionary, FieldSpec

    fields = [
        FieldSpec("income", source="table", dtype="float", label_en="Monthly income",
                  label_fr="Revenu mensuel", unit="money", min=0.0, max=1e7, editable=True),
        FieldSpec("loan_amount", source="table", dtype="float", label_en="Loan amount",
                  label_fr="Montant du prêt", unit="money", min=0.0, max=1e7, editable=True),
        FieldSpec("debt_ratio", source="table", dtype="float", label_en="Debt ratio",
                  label_fr="Taux d'endettement", unit="ratio", min=0.0, max=5.0),
        FieldSpec("age", source="table", dtype="int", label_en="Age", label_fr="Âge",
                  unit="years", min=18, max=120),
        FieldSpec("segment", source="table", dtype="category", label_en="Segment",
                  label_fr="Segment", categories=SEGMENTS, editable=True),
        FieldSpec("has_guarantor", source="table", dtype="bool", label_en="Guarantor",
                  label_fr="Garant", unit="flag", editable=True),
    ]
    path.write_text(DataDictionary(fields, pipeline="table").to_json(), encoding="utf-8")
    return path


def table_rows(n: int = 400, seed: int = 3) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        income = round(rng.lognormvariate(7.8, 0.5), 0)
        loan = round(rng.lognormvariate(9.5, 0.6), -2)
        debt = round(rng.random() * 1.2, 4)
        age = rng.randint(18, 80)
        risk = 0.05 + 0.3 * debt + (0.1 if age < 25 else 0.0)
        rows.append([str(300000 + i), str(int(rng.random() < risk)), f"{income:.0f}", f"{loan:.0f}",
                     f"{debt}", str(age), rng.choice(SEGMENTS), str(int(rng.random() < 0.3))])
    return rows


def table_text(rows: list[list[str]] | None = None, header=TABLE_COLUMNS, delimiter=",") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(table_rows() if rows is None else rows)
    return buf.getvalue()


def _write(name: str, data: bytes | str, encoding: str = "utf-8") -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
        return path

    return make


def _with_rows(name: str, change: Callable[[list[list[str]]], list[list[str]]],
               header=TABLE_COLUMNS) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        return _write(name, table_text(change(table_rows()), header))(folder)

    return make


def _set(col: str, value: str, every: int = 37) -> Callable[[list[list[str]]], list[list[str]]]:
    index = TABLE_COLUMNS.index(col)

    def change(rows: list[list[str]]) -> list[list[str]]:
        for i, row in enumerate(rows):
            if i % every == 5:
                row[index] = value
        return rows

    return change


def _latin1(folder: Path) -> Path:
    rows = table_rows()
    for row in rows[::3]:
        row[6] = "salarié"
    path = folder / "latin1.csv"
    path.write_bytes(table_text(rows).encode("latin-1"))
    return path


def _sparse_1gb(folder: Path) -> Path:
    path = folder / "huge_sparse.csv"
    with path.open("wb") as fh:  # same as `truncate -s 1G`: no disk space used
        fh.truncate(1 << 30)
    return path


def _folder(folder: Path) -> Path:
    path = folder / "a_folder.csv"
    path.mkdir()
    (path / "inside.csv").write_text(table_text())
    return path


def _zip_renamed(folder: Path) -> Path:
    path = folder / "workbook.csv"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/worksheets/sheet1.xml", "<worksheet/>" * 100)
    return path


def _gzip_renamed(folder: Path) -> Path:
    path = folder / "compressed.csv"
    path.write_bytes(gzip.compress(table_text().encode()))
    return path


def _unreadable(folder: Path) -> Path:
    path = folder / "no_permission.csv"
    path.write_text(table_text())
    path.chmod(0)
    return path


def _symlink_loop(folder: Path) -> Path:
    path = folder / "loop.csv"
    os.symlink(path, path)
    return path


def _ragged(rows: list[list[str]]) -> list[list[str]]:
    for i, row in enumerate(rows):
        if i % 10 == 3:
            row.extend(["surplus", "cells"])
        if i % 10 == 7:
            del row[3:]
    return rows


def _duplicate_ids(rows: list[list[str]]) -> list[list[str]]:
    for i in range(10, len(rows), 50):
        rows[i][0] = rows[i - 1][0]
    return rows


def _missing_ids(rows: list[list[str]]) -> list[list[str]]:
    for i in range(4, len(rows), 40):
        rows[i][0] = ""
    return rows


def _one_class(rows: list[list[str]]) -> list[list[str]]:
    for row in rows:
        row[1] = "0"
    return rows


TABLE_CASES: list[tuple[str, Callable[[Path], Path], dict]] = [
    ("Latin-1 encoded text", _latin1, {}),
    ("UTF-16 with BOM", _write("utf16.csv", table_text(), "utf-16"), {}),
    ("UTF-32 with BOM", _write("utf32.csv", table_text(), "utf-32"), {}),
    ("UTF-8 BOM on a valid table", _write("bom.csv", "\ufeff" + table_text()), {"tolerated": True}),
    ("French export: semicolons, decimal commas",
     _write("semicolon.csv", table_text(delimiter=";").replace(".", ",")), {"tolerated": True}),
    ("semicolon rows under a comma header", _write("mixed_delimiters.csv", ",".join(TABLE_COLUMNS)
                                                   + "\n" + table_text(delimiter=";").split("\n", 1)[1]),
     {}),
    ("unterminated quoted newline",
     _write("quote.csv", table_text().replace("\n300010,", '\n"300010\n,', 1)), {}),
    ("400-digit number in income", _with_rows("digits400.csv", _set("income", "9" * 400)), {}),
    ("1e308 and -1e308 amounts",
     _with_rows("e308.csv", lambda r: _set("loan_amount", "-1e308", 41)(_set("income", "1e308")(r))),
     {"dictionary": True}),
    ("negative income", _with_rows("negative.csv", _set("income", "-2500")), {"dictionary": True}),
    ("age 200, outside the dictionary's range", _with_rows("age200.csv", _set("age", "200")),
     {"dictionary": True}),
    # the user dictionary gives labels and ranges, not levels: a new level is a new category
    ("a category level the dictionary does not know",
     _with_rows("new_level.csv", _set("segment", "pensioner")), {"dictionary": True, "tolerated": True}),
    ("'NaN' text in a numeric column", _with_rows("nan.csv", _set("debt_ratio", "NaN")), {}),
    ("'inf' text in a numeric column", _with_rows("inf.csv", _set("income", "inf")), {}),
    ("dates as text in a numeric column", _with_rows("dates.csv", _set("age", "1985-03-14")),
     {"dictionary": True}),
    ("duplicate client ids", _with_rows("dup_ids.csv", _duplicate_ids), {}),
    ("empty client ids", _with_rows("empty_ids.csv", _missing_ids), {}),
    ("text client ids", _with_rows("text_ids.csv", _set(ID, "CLIENT-X", 30)), {}),
    ("ragged rows", _with_rows("ragged.csv", _ragged), {}),
    ("duplicate column names",
     _with_rows("dup_cols.csv", lambda r: r, header=(*TABLE_COLUMNS[:-1], "income")), {}),
    ("empty file (0 bytes)", _write("empty.csv", b""), {}),
    ("header only", _write("header_only.csv", ",".join(TABLE_COLUMNS) + "\n"), {}),
    ("only the id column", _write("id_only.csv", "client_id\n1\n2\n3\n"), {}),
    ("binary garbage", _write("garbage.csv", random.Random(1).randbytes(200_000)), {}),
    ("NUL bytes in a text field", _with_rows("nul.csv", _set("segment", "ret\x00ail")),
     {"tolerated": True}),
    ("zip (xlsx) renamed .csv", _zip_renamed, {}),
    ("gzip renamed .csv", _gzip_renamed, {}),
    ("1 GB sparse file (NUL bytes)", _sparse_1gb, {}),
    ("a folder instead of a file", _folder, {}),
    ("missing file", lambda folder: folder / "does_not_exist.csv", {}),
    # root reads a mode-000 file anyway: then the valid table is imported
    ("unreadable file (mode 000)", _unreadable, {"tolerated": os.geteuid() == 0}),
    ("symlink loop", _symlink_loop, {}),
    ("id column not in the file", _write("no_id.csv", table_text()), {"id_column": "SK_ID_CURR"}),
    ("target column not in the file", _write("no_target.csv", table_text()), {"target_column": "TARGET"}),
    ("target with 3 classes", _with_rows("three_classes.csv", _set(TARGET, "2", 20)), {}),
    # DuckDB reads yes/no as booleans: yes = defaulted
    ("target as text yes/no",
     _with_rows("target_text.csv", lambda r: [[*x[:1], "yes" if x[1] == "1" else "no", *x[2:]] for x in r]),
     {"tolerated": True}),
    ("target as text Y/N/maybe",
     _with_rows("target_words.csv",
                lambda r: [[*x[:1], ("Y", "N", "maybe")[i % 3], *x[2:]] for i, x in enumerate(r)]),
     {}),
    ("id and target the same column", _write("same_cols.csv", table_text()), {"target_column": ID}),
]

TRAIN_CASES: list[tuple[str, Callable[[Path], Path], dict]] = [
    ("target with 3 classes", _with_rows("three_classes.csv", _set(TARGET, "2", 20)), {}),
    ("a single outcome class", _with_rows("one_class.csv", _one_class), {}),
    ("only 20 labelled rows", _write("tiny.csv", table_text(table_rows(20))), {}),
    ("binary garbage", _write("garbage.csv", random.Random(2).randbytes(50_000)), {}),
    ("UTF-16 with BOM", _write("utf16.csv", table_text(), "utf-16"), {}),
    ("missing file", lambda folder: folder / "does_not_exist.csv", {}),
    ("target column not in the file", _write("no_target.csv", table_text()), {"target_column": "TARGET"}),
]


# -- Home Credit CSV folders ------------------------------------------------------------------------

APPLICATION_TRAIN = "application_train.csv"


def _hc_copy(source: Path, folder: Path, name: str) -> Path:
    out = folder / name
    shutil.copytree(source, out)
    return out


def _hc_edit(name: str, file: str, edit: Callable[[list[str]], list[str]]) -> Callable[..., Path]:
    """Copy the folder and rewrite ``file`` line by line with ``edit(lines)``."""
    def make(folder: Path, source: Path) -> Path:
        out = _hc_copy(source, folder, name)
        lines = (out / file).read_text(encoding="utf-8").splitlines()
        (out / file).write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
        return out

    return make


def _hc_set(column: str, value: str, file: str = APPLICATION_TRAIN, every: int = 7):
    def edit(lines: list[str]) -> list[str]:
        header = next(csv.reader([lines[0]]))
        index = header.index(column)
        out = [lines[0]]
        for i, line in enumerate(lines[1:]):
            row = next(csv.reader([line]))
            if i % every == 1:
                row[index] = value
            buf = io.StringIO()
            csv.writer(buf, lineterminator="").writerow(row)
            out.append(buf.getvalue())
        return out

    return edit


def _hc_drop_column(column: str):
    def edit(lines: list[str]) -> list[str]:
        header = next(csv.reader([lines[0]]))
        index = header.index(column)
        out = []
        for line in lines:
            row = next(csv.reader([line]))
            del row[index]
            buf = io.StringIO()
            csv.writer(buf, lineterminator="").writerow(row)
            out.append(buf.getvalue())
        return out

    return edit


def _hc_without(file: str):
    def make(folder: Path, source: Path) -> Path:
        out = _hc_copy(source, folder, f"without_{file.replace('.', '_')}")
        (out / file).unlink()
        return out

    return make


def _hc_replace_file(name: str, file: str, data: bytes):
    def make(folder: Path, source: Path) -> Path:
        out = _hc_copy(source, folder, name)
        (out / file).write_bytes(data)
        return out

    return make


def _hc_reencode(name: str, encoding: str):
    def make(folder: Path, source: Path) -> Path:
        out = _hc_copy(source, folder, name)
        text = (out / APPLICATION_TRAIN).read_text(encoding="utf-8")
        (out / APPLICATION_TRAIN).write_bytes(text.replace("Working", "Salarié").encode(encoding))
        return out

    return make


def _hc_sparse(folder: Path, source: Path) -> Path:
    out = _hc_copy(source, folder, "sparse_bureau")
    with (out / "bureau.csv").open("wb") as fh:
        fh.truncate(1 << 30)
    return out


def _hc_duplicate_ids(lines: list[str]) -> list[str]:
    return [*lines, lines[1], lines[2]]


def _hc_empty_folder(folder: Path, source: Path) -> Path:
    out = folder / "empty_folder"
    out.mkdir()
    return out


def _hc_a_file(folder: Path, source: Path) -> Path:
    return source / APPLICATION_TRAIN


HOMECREDIT_CASES: list[tuple[str, Callable[[Path, Path], Path], dict]] = [
    ("application_train.csv missing", _hc_without(APPLICATION_TRAIN), {}),
    ("bureau.csv missing", _hc_without("bureau.csv"), {"tolerated": True}),
    ("a required column missing", _hc_edit("no_amt_credit", APPLICATION_TRAIN,
                                           _hc_drop_column("AMT_CREDIT")), {}),
    ("negative AMT_CREDIT", _hc_edit("negative_credit", APPLICATION_TRAIN,
                                     _hc_set("AMT_CREDIT", "-450000")), {}),
    ("text in AMT_INCOME_TOTAL", _hc_edit("text_income", APPLICATION_TRAIN,
                                          _hc_set("AMT_INCOME_TOTAL", "twelve thousand")), {}),
    ("dates in DAYS_BIRTH", _hc_edit("date_birth", APPLICATION_TRAIN,
                                     _hc_set("DAYS_BIRTH", "1985-03-14")), {}),
    ("'inf' in AMT_ANNUITY", _hc_edit("inf_annuity", APPLICATION_TRAIN,
                                      _hc_set("AMT_ANNUITY", "inf")), {}),
    ("'NaN' in EXT_SOURCE_2", _hc_edit("nan_ext", APPLICATION_TRAIN,
                                       _hc_set("EXT_SOURCE_2", "NaN")), {}),
    ("1e308 in AMT_GOODS_PRICE", _hc_edit("e308_goods", APPLICATION_TRAIN,
                                          _hc_set("AMT_GOODS_PRICE", "1e308")), {}),
    ("400-digit AMT_CREDIT", _hc_edit("digits_credit", APPLICATION_TRAIN,
                                      _hc_set("AMT_CREDIT", "9" * 400)), {}),
    ("TARGET with a 2", _hc_edit("target_2", APPLICATION_TRAIN, _hc_set("TARGET", "2")), {}),
    ("duplicate SK_ID_CURR", _hc_edit("dup_ids", APPLICATION_TRAIN, _hc_duplicate_ids), {}),
    ("semicolon-separated application file",
     _hc_edit("semicolons", APPLICATION_TRAIN, lambda lines: [ln.replace(",", ";") for ln in lines]), {}),
    ("Latin-1 application file", _hc_reencode("latin1", "latin-1"), {}),
    ("UTF-16 application file", _hc_reencode("utf16", "utf-16"), {}),
    ("empty application_train.csv", _hc_replace_file("empty_train", APPLICATION_TRAIN, b""), {}),
    ("binary garbage as bureau.csv",
     _hc_replace_file("garbage_bureau", "bureau.csv", random.Random(3).randbytes(100_000)), {}),
    ("1 GB sparse bureau.csv", _hc_sparse, {}),
    ("an empty folder", _hc_empty_folder, {}),
    ("a file instead of the folder", _hc_a_file, {}),
    ("missing folder", lambda folder, source: folder / "no_such_folder", {}),
]


def all_cases() -> list[Case]:
    cases = [Case(name, "import-table", make, **opts) for name, make, opts in TABLE_CASES]
    cases += [Case(name, "train --csv", make, **opts) for name, make, opts in TRAIN_CASES]
    return cases


def homecredit_cases(source: Path) -> list[Case]:
    """Cases built from a valid Home Credit CSV folder ``source``."""
    return [
        Case(name, "import-homecredit", (lambda m: lambda folder: m(folder, source))(make), **opts)
        for name, make, opts in HOMECREDIT_CASES
    ]


def main(argv: list[str]) -> int:
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    cases = all_cases() + (homecredit_cases(Path(argv[2])) if len(argv) > 2 else [])
    for i, case in enumerate(cases):
        folder = out / f"{i:02d}"
        folder.mkdir(exist_ok=True)
        print(f"{i:02d} {case.command:18} {case.name}: {case.make(folder)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
