"""Checks at the edge for CSV files handed to the importers.

Everything a user can get wrong in a CSV file becomes one :class:`InputError`
naming the file, and the line or column when known: empty file, UTF-16 or
other non-UTF-8 encoding, a delimiter other than the comma, missing or
unexpected columns, a value of the wrong type, a truncated last row.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from creditdesk.errors import InputError

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
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
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    if not head.strip():
        raise InputError(f"{name}: the file is empty")
    if head.startswith(_UTF16_BOMS) or (len(head) > 1 and b"\x00" in head[:200]):
        raise InputError(f'{name}: the file is UTF-16 encoded; save it again as "CSV UTF-8"')
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


def explain_csv_error(
    con: Any,
    header: Header,
    types: dict[str, str] | None,
    error: Exception,
    decimal_comma: bool = False,
) -> InputError:
    """Turn a DuckDB CSV error into one message naming file, line and column.

    Scans the file again with DuckDB's reject store to find the first bad row.
    """
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
        row = con.execute(
            f"SELECT line, column_name, error_type, csv_line, error_message FROM {rejects} "
            "ORDER BY line, column_idx LIMIT 1"
        ).fetchone()
    except Exception:
        row = None
    if row is None:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return InputError(f"{header.name}: cannot be read as CSV ({first})")
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
    return InputError(f"{where}, column {column}: {message}")
