"""Checks at the edge for CSV files handed to the importers.

Everything a user can get wrong in a CSV file becomes one :class:`InputError`
naming the file, and the line or column when known: empty file, binary data
(an archive, a workbook, random bytes), UTF-16/UTF-32 or other non-UTF-8
encoding, a delimiter other than the comma, missing or unexpected columns, a
value of the wrong type, a truncated last row, and, once the rows are loaded,
values that are not finite numbers or fall outside their allowed range
(:func:`check_values`). Only the first 64 KB are read to tell text from
binary data, whatever the file's size.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from creditdesk.errors import InputError
from creditdesk.store.features_sql import quote

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_HEAD_BYTES = 1 << 16  # what is read to tell text from binary data
#: file signatures of things people rename to .csv
_BINARY_MAGIC = (
    (b"PK\x03\x04", "a zip archive, e.g. an Excel workbook"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel or Office document"),
    (b"%PDF", "a PDF document"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"PAR1", "a Parquet file"),
    (b"SQLite format 3\x00", "a SQLite database"),
)
#: bytes that never appear in text (NUL and the C0 controls other than tab, newlines, ESC...)
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 27), *range(28, 32), 127])
_BINARY_SHARE = 0.01  # more control bytes than this in the first 64 KB: binary data
_OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}
_TYPE_WORDS = {"BIGINT": "a whole number", "DOUBLE": "a number", "VARCHAR": "text"}


@dataclass(frozen=True)
class Header:
    """The first line of a CSV file, checked."""

    path: Path
    columns: list[str]
    delimiter: str
    has_bom: bool

    @property
    def name(self) -> str:
        return self.path.name


def read_header(path: Path, *, comma_only: bool = True) -> Header:
    """Read and check a CSV file's header line.

    ``comma_only``: the Home Credit files are comma-separated; a header split by
    semicolons or tabs is refused with a message saying so. Otherwise the
    delimiter is detected among comma, semicolon, tab and vertical bar.
    """
    name = path.name
    if not path.exists():
        raise InputError(f"{name}: file not found ({path})")
    if path.is_dir():
        raise InputError(f"{name}: is a folder, not a CSV file")
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError as exc:
        raise InputError(f"{name}: the file cannot be read ({exc.strerror or exc})") from exc
    if not head.strip():
        raise InputError(f"{name}: the file is empty")
    _check_text(name, head)
    has_bom = head.startswith(_UTF8_BOM)
    if has_bom:
        head = head[len(_UTF8_BOM) :]
    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        text = first.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}, line 1: the file is not UTF-8 encoded (byte {exc.start + 1} of the "
            'header); save it again as "CSV UTF-8"'
        ) from exc
    delimiter = _delimiter(text)
    if comma_only and delimiter != ",":
        raise InputError(
            f"{name}: the columns are separated by {_OTHER_DELIMITERS[delimiter]}, "
            "not commas; export the file again as comma-separated CSV"
        )
    columns = [c.strip() for c in next(csv.reader(io.StringIO(text), delimiter=delimiter))]
    if not columns or any(not c for c in columns):
        position = columns.index("") + 1 if "" in columns else 1
        raise InputError(f"{name}, line 1: column {position} has no name")
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            raise InputError(f"{name}, line 1: column {column} appears twice")
        seen.add(column)
    return Header(path=path, columns=columns, delimiter=delimiter, has_bom=has_bom)


def _check_text(name: str, head: bytes) -> None:
    """InputError if the first bytes of a file are not UTF-8/ASCII text."""
    if head.startswith(_UTF32_BOMS) or _interleaved_zeros(head, 4):
        raise InputError(f'{name}: the file is UTF-32 encoded; save it again as "CSV UTF-8"')
    if head.startswith(_UTF16_BOMS) or _interleaved_zeros(head, 2):
        raise InputError(f'{name}: the file is UTF-16 encoded; save it again as "CSV UTF-8"')
    for magic, kind in _BINARY_MAGIC:
        if head.startswith(magic):
            raise InputError(f"{name}: not a CSV text file (binary data: {kind}); "
                             'export the table as "CSV UTF-8"')
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if control > _BINARY_SHARE * len(head):
        raise InputError(f"{name}: not a CSV text file (binary data)")


def _interleaved_zeros(head: bytes, width: int) -> bool:
    """ASCII text in UTF-16 (width 2) or UTF-32 (width 4) without a byte-order mark."""
    sample = head[: 4096 - 4096 % width]
    if len(sample) < 4 * width:
        return False
    zero_share = [sample[i::width].count(0) / len(sample[i::width]) for i in range(width)]
    text_lanes = sum(share < 0.1 for share in zero_share)
    return text_lanes == 1 and all(share > 0.9 or share < 0.1 for share in zero_share)


def _delimiter(text: str) -> str:
    counts = {d: text.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def check_columns(header: Header, expected: list[str]) -> None:
    """The file has exactly the expected columns (any order)."""
    missing = [c for c in expected if c not in header.columns]
    extra = [c for c in header.columns if c not in expected]
    if missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise InputError(f"{header.name}: missing column {missing[0]}{more}")
    if extra:
        more = f" (and {len(extra) - 1} more)" if len(extra) > 1 else ""
        raise InputError(f"{header.name}: unexpected column {extra[0]}{more}")


def read_csv_sql(
    header: Header,
    types: dict[str, str] | None,
    rejects: str | None = None,
    decimal_comma: bool = False,
) -> str:
    """``read_csv(...)`` call for ``header``'s file: explicit types when given, else sniffed."""
    path = str(header.path).replace("'", "''")
    delim = header.delimiter.replace("'", "''")
    args = [f"'{path}'", "header = true", f"delim = '{delim}'", "quote = '\"'", "escape = '\"'"]
    if types is not None:
        spec = ", ".join(
            f"'{c.replace(chr(39), chr(39) * 2)}': '{types[c]}'" for c in header.columns
        )
        args += ["auto_detect = false", f"columns = {{{spec}}}"]
    else:
        args += ["auto_detect = true", "sample_size = -1"]
    if decimal_comma:
        args.append("decimal_separator = ','")
    if rejects:
        args += [
            "store_rejects = true",
            f"rejects_table = '{rejects}'",
            f"rejects_scan = '{rejects}_scan'",
        ]
    return f"read_csv({', '.join(args)})"


def _first_reject(
    con: Any, header: Header, types: dict[str, str] | None, decimal_comma: bool
) -> tuple | None:
    """The first row DuckDB's reject store finds in the file read with ``types`` (None: sniffed)."""
    rejects = "_cd_rejects"
    try:
        con.execute(f"DROP TABLE IF EXISTS {rejects}")
        con.execute(f"DROP TABLE IF EXISTS {rejects}_scan")
        # every column must be read (a COUNT(*) alone would parse nothing)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _cd_scan AS SELECT * FROM "
            f"{read_csv_sql(header, types, rejects, decimal_comma)}"
        )
        con.execute("DROP TABLE _cd_scan")
        return con.execute(
            f"SELECT line, column_name, error_type, csv_line, error_message FROM {rejects} "
            "ORDER BY line, column_idx LIMIT 1"
        ).fetchone()
    except Exception:
        return None


def explain_csv_error(
    con: Any,
    header: Header,
    types: dict[str, str] | None,
    error: Exception,
    decimal_comma: bool = False,
) -> InputError:
    """Turn a DuckDB CSV error into one message naming file, line and column.

    Scans the file again with DuckDB's reject store to find the first bad row:
    with the expected types, then (when the column types could not even be
    detected) with every column read as text, which finds the broken row
    itself. DuckDB's own wording, which names temporary paths and reader
    options, is never shown.
    """
    del error  # its text is DuckDB's, not the officer's: the reject store says what is wrong
    row = _first_reject(con, header, types, decimal_comma)
    if row is None:
        as_text = dict.fromkeys(header.columns, "VARCHAR")
        row = _first_reject(con, header, as_text, decimal_comma)
    if row is None:
        return InputError(
            f"{header.name}: cannot be read as CSV (its rows and columns could not be "
            "recognised); check that it opens in a spreadsheet and export it again as CSV"
        )
    line, column, kind, csv_line, message = row
    where = f"{header.name}, line {line}"
    if kind == "CAST":
        value = re.search(r'Could not convert string "(.*?)" to', message or "")
        shown = value.group(1) if value else (csv_line or "")[:40]
        wanted = _TYPE_WORDS.get((types or {}).get(column, ""), "of the expected type")
        return InputError(f'{where}, column {column}: "{shown}" is not {wanted}')
    if kind == "MISSING COLUMNS":
        found = re.search(r"Found: (\d+)", message or "")
        got = (
            f" has only {found.group(1)} of {len(header.columns)} columns"
            if found
            else " is too short"
        )
        return InputError(f"{where}: the row{got}; the file looks truncated or damaged")
    if kind == "TOO MANY COLUMNS":
        return InputError(
            f"{where}: the row has more than {len(header.columns)} columns "
            "(a comma inside an unquoted value?)"
        )
    if kind == "UNQUOTED VALUE":
        return InputError(
            f"{where}: a quoted value is never closed; the file looks truncated or damaged"
        )
    if kind == "INVALID ENCODING":
        return InputError(
            f"{where}: the file is not UTF-8 encoded (Latin-1 or Windows-1252?); "
            'save it again as "CSV UTF-8"'
        )
    if kind == "LINE SIZE OVER MAXIMUM":
        return InputError(f"{where}: the line is too long to be a row of a CSV table")
    return InputError(f"{where}" + (f", column {column}" if column else "")
                      + ": the row cannot be read; the file looks damaged")


# --------------------------------------------------------------------------- loaded values


@dataclass(frozen=True)
class ValueRule:
    """What a numeric column may hold beyond being a finite number.

    ``low``/``high`` are inclusive bounds (None: unbounded); ``allowed`` lists
    values accepted outside them (sentinels such as DAYS_EMPLOYED = 365243);
    ``bounds`` says where the range comes from, for the message.
    """

    column: str
    low: float | None = None
    high: float | None = None
    allowed: tuple[float, ...] = ()
    bounds: str = "the allowed range"
    negative: str | None = None  # message tail when low == 0 and the value is negative

    def sql_ok(self, expr: str) -> str:
        """SQL true when ``expr`` (not NULL) is acceptable."""
        ok = [f"isfinite(CAST({expr} AS DOUBLE))"]
        if self.low is not None:
            ok.append(f"{expr} >= {self.low!r}")
        if self.high is not None:
            ok.append(f"{expr} <= {self.high!r}")
        sql = " AND ".join(ok)
        if self.allowed:
            sql = f"({sql}) OR {expr} IN ({', '.join(repr(float(a)) for a in self.allowed)})"
        return sql

    def problem(self, value: float) -> str | None:
        """What is wrong with ``value`` (None: nothing)."""
        value = float(value)
        if value in self.allowed:
            return None
        if math.isnan(value):
            return "NaN is not a number (leave the cell empty for a missing value)"
        if math.isinf(value):
            return "the value is infinite or too large to be a number"
        if self.low is not None and value < self.low:
            if self.low == 0 and self.negative:
                return f"{_number(value)} is negative; {self.negative}"
            return f"{_number(value)} is below {self.bounds} [{_bounds(self)}]"
        if self.high is not None and value > self.high:
            return f"{_number(value)} is above {self.bounds} [{_bounds(self)}]"
        return None


def _number(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:.6g}"


def _bounds(rule: ValueRule) -> str:
    low = "-∞" if rule.low is None else _number(rule.low)
    high = "+∞" if rule.high is None else _number(rule.high)
    return f"{low}, {high}"


def check_values(
    con: Any,
    table: str,
    file_name: str,
    rules: Sequence[ValueRule],
    key: str | None = None,
    line_offset: int = 2,
) -> None:
    """InputError for the first row of ``table`` (in file order) with a value breaking a rule.

    One scan of the table. Names the file, the line (``rowid + line_offset``:
    the table was loaded in file order, header on line 1), the row's ``key``
    value and the column. NULLs (empty cells) are always accepted.
    """
    if not rules:
        return
    cols = [quote(r.column) for r in rules]
    bad = " OR ".join(
        f"({c} IS NOT NULL AND NOT coalesce({r.sql_ok(c)}, false))"
        for c, r in zip(cols, rules, strict=True)
    )
    key_sql = quote(key) if key else "NULL"
    row = con.execute(
        f"SELECT rowid, {key_sql}, {', '.join(cols)} FROM {quote(table)} WHERE {bad} "
        "ORDER BY rowid LIMIT 1"
    ).fetchone()
    if row is None:
        return
    rowid, key_value, *values = row
    where = f"{file_name}, line {int(rowid) + line_offset}"
    if key:
        where += f" ({key} {key_value})"
    for rule, value in zip(rules, values, strict=True):
        if value is not None:
            problem = rule.problem(value)
            if problem:
                raise InputError(f"{where}, column {rule.column}: {problem}")
    raise InputError(f"{where}: a value is out of range")  # pragma: no cover - SQL and Python agree
