"""Bring your own client table: type inference, labels and the inferred dictionary.

Used by :func:`creditdesk.store.importer.import_table`, which owns the
transaction. The table is read with DuckDB's CSV sniffer over the whole file;
integer, decimal and boolean columns become numeric features, text columns
with few levels categorical ones, anything else (identifiers, free text,
dates, empty columns) stays in ``application`` without being a feature.

Values are checked once loaded: every number must be finite (no NaN, no
infinity, no 400-digit number beyond float64; such a column is never
silently dropped), and a user dictionary's ``dtype``, ``min`` and ``max`` must
hold for the data (a date in a column it calls ``int``, an income of -2500
where it says ``min`` 0 are refused, naming the file, line, client and column).
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from creditdesk.errors import InputError
from creditdesk.store import schema
from creditdesk.store.csv_checks import (
    Header,
    ValueRule,
    check_values,
    explain_csv_error,
    read_csv_sql,
)
from creditdesk.store.dictionary import DTYPES, DataDictionary, FieldSpec, readable_name
from creditdesk.store.features_sql import quote

if TYPE_CHECKING:
    import duckdb

Progress = Callable[[float, str], None] | None

MAX_LEVELS = 100  # more levels than this: an identifier or free text, not a category
_INTEGER_TYPES = {
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "UHUGEINT",
}
_FLOAT_TYPES = {"FLOAT", "DOUBLE", "REAL"}
#: integer types whose every value fits a BIGINT
_BIGINT_SAFE = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER"}
#: numbers the sniffer reads beyond DOUBLE/BIGINT (very long digit strings): made DOUBLE
_WIDE_NUMBERS = {"HUGEINT", "UHUGEINT", "UBIGINT", "BIGNUM", "VARINT", "FLOAT", "REAL"}
_DTYPE_WORDS = {
    "float": "float", "double": "float", "number": "float", "numeric": "float", "real": "float",
    "int": "int", "integer": "int", "whole": "int",
    "category": "category", "categorical": "category", "text": "category", "string": "category",
    "bool": "bool", "boolean": "bool", "flag": "bool",
}
_TRUE = {"1", "true", "yes", "y", "oui", "o", "x"}
_RAW = "_cd_raw"


def _is_numeric(sql_type: str) -> bool:
    return sql_type in _INTEGER_TYPES or sql_type in _FLOAT_TYPES or sql_type.startswith("DECIMAL")


def _is_wide(sql_type: str) -> bool:
    return sql_type in _WIDE_NUMBERS or sql_type.startswith("DECIMAL")


def _safe_name(name: str, taken: set[str]) -> str:
    """A column name LightGBM and SQL both accept (letters, digits, underscores)."""
    safe = re.sub(r"[^0-9A-Za-z_]+", "_", name).strip("_") or "column"
    if safe[0].isdigit():
        safe = "c_" + safe
    base, n = safe, 2
    while safe.upper() in taken:
        safe, n = f"{base}_{n}", n + 1
    taken.add(safe.upper())
    return safe


def _find_column(header: Header, wanted: str, role: str) -> str:
    if wanted in header.columns:
        return wanted
    matches = [c for c in header.columns if c.lower() == wanted.lower()]
    if len(matches) == 1:
        return matches[0]
    shown = ", ".join(header.columns[:8]) + (", …" if len(header.columns) > 8 else "")
    raise InputError(f"{header.name}: no {role} column {wanted!r} (columns: {shown})")


def _read(con: duckdb.DuckDBPyConnection, header: Header) -> None:
    """Load the file into the temp table ``_cd_raw`` with sniffed types."""
    import duckdb

    decimal_comma = False
    if header.delimiter == ";":  # French exports: 1,5 as decimal

        def numeric(dc: bool) -> int:
            try:
                rows = con.execute(
                    f"DESCRIBE SELECT * FROM {read_csv_sql(header, None, decimal_comma=dc)}"
                ).fetchall()
            except duckdb.Error:
                return -1
            return sum(_is_numeric(r[1]) for r in rows)

        decimal_comma = numeric(True) > numeric(False)
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {_RAW} AS SELECT * FROM "
            f"{read_csv_sql(header, None, decimal_comma=decimal_comma)}"
        )
    except duckdb.Error as exc:
        raise explain_csv_error(con, header, None, exc, decimal_comma) from exc


def read_user_dictionary(path: str | Path) -> dict[str, dict[str, Any]]:
    """A user's labels file, CSV or JSON, as column -> {label_en, label_fr, unit, editable, min, max, ...}."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path.name}: dictionary file not found ({path})")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path.name}: the dictionary is not UTF-8 encoded; save it as UTF-8"
        ) from exc
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path.name}: not valid JSON ({exc})") from exc
        if isinstance(data, dict) and "fields" in data:
            data = data["fields"]
        if isinstance(data, dict):
            rows = [{"column": k, **v} for k, v in data.items() if isinstance(v, dict)]
        elif isinstance(data, list):
            rows = [r for r in data if isinstance(r, dict)]
        else:
            raise InputError(f"{path.name}: expected a list of columns with their labels")
    else:
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        rows = list(csv.DictReader(text.splitlines(), delimiter=delimiter))
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        row = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
        column = str(row.get("column") or row.get("name") or "").strip()
        if not column:
            raise InputError(f"{path.name}: every entry needs a 'column'")
        entry: dict[str, Any] = {}
        for key in ("label_en", "label_fr", "unit", "description_en", "description_fr"):
            value = row.get(key) or (row.get("label") if key == "label_en" else None)
            if value not in (None, ""):
                entry[key] = str(value).strip()
        if row.get("editable") not in (None, ""):
            entry["editable"] = str(row["editable"]).strip().lower() in _TRUE
        given_type = row.get("dtype") or row.get("type")
        if given_type not in (None, ""):
            dtype = _DTYPE_WORDS.get(str(given_type).strip().lower())
            if dtype is None:
                raise InputError(
                    f"{path.name}: dtype of column {column} is {given_type!r}; "
                    f"expected one of {', '.join(DTYPES)}"
                )
            entry["dtype"] = dtype
        for key in ("min", "max", "step"):
            if row.get(key) not in (None, ""):
                try:
                    entry[key] = float(
                        str(row[key]).replace(",", ".") if isinstance(row[key], str) else row[key]
                    )
                except ValueError as exc:
                    raise InputError(
                        f"{path.name}: {key} of column {column} is not a number ({row[key]!r})"
                    ) from exc
        low, high = entry.get("min"), entry.get("max")
        if any(v is not None and not math.isfinite(v) for v in (low, high)):
            raise InputError(f"{path.name}: min and max of column {column} must be finite numbers")
        if low is not None and high is not None and low > high:
            raise InputError(f"{path.name}: min of column {column} ({low:g}) is above its max "
                             f"({high:g})")
        out[column] = entry
    return out


def _nice_step(low: float, high: float, integer: bool) -> float | None:
    if integer:
        return 1.0
    span = high - low
    if not math.isfinite(span) or span <= 0:
        return None
    return 10.0 ** math.floor(math.log10(span / 100.0))


def load_client_table(
    con: duckdb.DuckDBPyConnection,
    header: Header,
    id_column: str,
    target_column: str | None,
    dictionary_path: str | Path | None,
    progress: Progress,
) -> tuple[DataDictionary, dict[str, str]]:
    """Write ``application`` (SK_ID_CURR, TARGET, the columns) and return the inferred dictionary."""
    name = header.name
    if progress:
        progress(0.0, f"reading {name}")
    id_col = _find_column(header, id_column, "id")
    target_col = _find_column(header, target_column, "target") if target_column else None
    if target_col == id_col:
        raise InputError(f"{name}: the id and the target cannot be the same column")
    user = read_user_dictionary(dictionary_path) if dictionary_path else {}
    _read(con, header)
    types = {r[0]: r[1] for r in con.execute(f"DESCRIBE {_RAW}").fetchall()}
    n_rows = con.execute(f"SELECT COUNT(*) FROM {_RAW}").fetchone()[0]
    if n_rows == 0:
        raise InputError(f"{name}: the file has a header but no rows")
    if progress:
        progress(0.4, "checking ids and target")

    qid = quote(id_col)
    if con.execute(f"SELECT COUNT(*) FROM {_RAW} WHERE {qid} IS NULL").fetchone()[0]:
        raise InputError(f"{name}: some rows have no {id_col}")
    dup = con.execute(
        f"SELECT {qid} FROM {_RAW} GROUP BY 1 HAVING COUNT(*) > 1 ORDER BY 1 LIMIT 1"
    ).fetchone()
    if dup:
        raise InputError(f"{name}: {id_col} {dup[0]} appears more than once (one row per client)")
    integer_ids = types[id_col] in _BIGINT_SAFE or (
        types[id_col] in _INTEGER_TYPES | _WIDE_NUMBERS
        and not con.execute(
            f"SELECT COUNT(*) FROM {_RAW} WHERE {qid} IS NOT NULL "
            f"AND TRY_CAST({qid} AS BIGINT) IS NULL"
        ).fetchone()[0]
    )
    id_expr = (
        f"CAST({qid} AS BIGINT)"
        if integer_ids
        else f"CAST(DENSE_RANK() OVER (ORDER BY {qid}) AS BIGINT)"
    )
    target_expr = "CAST(NULL AS BIGINT)"
    if target_col:
        qt = quote(target_col)
        bad = con.execute(
            f"SELECT DISTINCT CAST({qt} AS VARCHAR) FROM {_RAW} WHERE {qt} IS NOT NULL "
            f"AND CAST({qt} AS VARCHAR) NOT IN ('0', '1', 'true', 'false', '0.0', '1.0') "
            "ORDER BY 1 LIMIT 3"
        ).fetchall()
        if bad or not (_is_numeric(types[target_col]) or types[target_col] == "BOOLEAN"):
            shown = ", ".join(repr(b[0]) for b in bad) or types[target_col]
            raise InputError(
                f"{name}: target column {target_col} must hold 0 and 1 (1 = defaulted); "
                f"found {shown}"
            )
        target_expr = (
            f"CAST(CAST({qt} AS DOUBLE) AS BIGINT)"
            if types[target_col] != "BOOLEAN"
            else f"CAST({qt} AS BIGINT)"
        )

    if progress:
        progress(0.5, "checking values")
    values = [c for c in header.columns if c not in (id_col, target_col)]
    for column in values:
        types[column] = _apply_user_dtype(con, header, column, types[column], user.get(column, {}),
                                          id_col)
    for column in values:
        types[column] = _widen(con, header, column, types[column], id_col)
    rules = [
        ValueRule(column, user.get(column, {}).get("min"), user.get(column, {}).get("max"),
                  bounds="the dictionary's range")
        for column in values
        if _is_numeric(types[column]) and user.get(column, {}).get("dtype") != "category"
    ]
    check_values(con, _RAW, name, rules, key=id_col)

    if progress:
        progress(0.6, "inferring column types")
    taken = {schema.ID, schema.TARGET}
    specs: list[FieldSpec] = []
    selects = [f"{id_expr} AS {quote(schema.ID)}", f"{target_expr} AS {quote(schema.TARGET)}"]
    excluded: list[str] = []
    id_label = user.get(id_col, {}).get("label_en") or readable_name(id_col)
    specs.append(
        FieldSpec(
            name=schema.ID,
            source="id",
            dtype="int",
            unit="id",
            label_en=id_label,
            label_fr=user.get(id_col, {}).get("label_fr") or id_label,
            description_en=f"Column {id_col} of {name}",
            description_fr=f"Colonne {id_col} de {name}",
        )
    )
    t_user = user.get(target_col or "", {})
    specs.append(
        FieldSpec(
            name=schema.TARGET,
            source="target",
            dtype="bool",
            unit="flag",
            min=0,
            max=1,
            label_en=t_user.get("label_en") or f"Defaulted ({target_col or 'unknown'})",
            label_fr=t_user.get("label_fr") or f"En défaut ({target_col or 'inconnu'})",
        )
    )
    for column in header.columns:
        if column == target_col or (column == id_col and integer_ids):
            continue
        safe = _safe_name(column, taken)
        selects.append(f"{quote(column)} AS {quote(safe)}")
        spec = _infer(
            con,
            column,
            safe,
            types[column],
            n_rows,
            user.get(column, {}),
            name,
            is_id=(column == id_col),
        )
        if spec.source == "excluded":
            excluded.append(column)
        specs.append(spec)
    con.execute(
        f"CREATE OR REPLACE TABLE {schema.APPLICATION} AS SELECT {', '.join(selects)} "
        f"FROM {_RAW} ORDER BY 1"
    )
    con.execute(f"DROP TABLE {_RAW}")
    features = [s for s in specs if s.source == "table"]
    if not features:
        raise InputError(f"{name}: no column can be used as a feature (numbers or categories)")
    facts = {
        "id_column": id_col,
        "target_column": target_col or "",
        "clients": str(n_rows),
        "features": str(len(features)),
        "excluded_columns": ", ".join(excluded),
    }
    return DataDictionary(specs, pipeline="table"), facts


def _where(header: Header, row: tuple, id_col: str) -> str:
    rowid, key = row[0], row[1]
    return f"{header.name}, line {int(rowid) + 2} ({id_col} {key})"


def _apply_user_dtype(
    con: duckdb.DuckDBPyConnection,
    header: Header,
    column: str,
    sql_type: str,
    given: dict[str, Any],
    id_col: str,
) -> str:
    """Check ``column`` against the dtype the user's dictionary gives it; return its new type.

    A numeric dtype on a column read as text (or dates) is refused at its first
    value that is not a number; when every value is one, the column becomes
    numeric. ``int`` refuses fractions, ``bool`` anything but 0 and 1.
    """
    dtype = given.get("dtype")
    if dtype not in ("float", "int", "bool"):
        return sql_type
    q, qid = quote(column), quote(id_col)
    wanted = {"float": "a number", "int": "a whole number", "bool": "0 or 1"}[dtype]
    holds = {"float": "numbers", "int": "whole numbers", "bool": "0/1 flags"}[dtype]
    said = f"the dictionary says {column} holds {holds}"
    if dtype == "bool" and sql_type == "BOOLEAN":
        return sql_type
    if not _is_numeric(sql_type):
        target = "BOOLEAN" if dtype == "bool" else "DOUBLE"  # yes/no, true/false are flags
        cast = f"TRY_CAST(CAST({q} AS VARCHAR) AS {target})"
        row = con.execute(
            f"SELECT rowid, {qid}, CAST({q} AS VARCHAR) FROM {_RAW} WHERE {q} IS NOT NULL "
            f"AND {cast} IS NULL ORDER BY rowid LIMIT 1"
        ).fetchone()
        if row is not None:
            raise InputError(
                f'{_where(header, row, id_col)}, column {column}: "{str(row[2])[:40]}" is '
                f"not {wanted} ({said})"
            )
        con.execute(f"ALTER TABLE {_RAW} ALTER {q} TYPE {target} USING {cast}")
        if target == "BOOLEAN":
            return target
        sql_type = target
    if dtype in ("int", "bool"):
        test = f"{q} <> round({q})" if dtype == "int" else f"{q} NOT IN (0, 1)"
        row = con.execute(
            f"SELECT rowid, {qid}, {q} FROM {_RAW} WHERE {q} IS NOT NULL "
            f"AND isfinite(CAST({q} AS DOUBLE)) AND {test} ORDER BY rowid LIMIT 1"
        ).fetchone()
        if row is not None:
            raise InputError(
                f"{_where(header, row, id_col)}, column {column}: {row[2]} is not {wanted} "
                f"({said})"
            )
    return sql_type


def _widen(
    con: duckdb.DuckDBPyConnection, header: Header, column: str, sql_type: str, id_col: str
) -> str:
    """Make a column of very long numbers DOUBLE; InputError for one beyond float64."""
    if not _is_wide(sql_type):
        return sql_type
    q, qid = quote(column), quote(id_col)
    row = con.execute(
        f"SELECT rowid, {qid}, CAST({q} AS VARCHAR) FROM {_RAW} WHERE {q} IS NOT NULL "
        f"AND NOT coalesce(isfinite(TRY_CAST({q} AS DOUBLE)), false) ORDER BY rowid LIMIT 1"
    ).fetchone()
    if row is not None:
        digits = sum(ch.isdigit() for ch in str(row[2]))
        raise InputError(
            f"{_where(header, row, id_col)}, column {column}: a {digits}-digit number is "
            "too large to be used as a number"
        )
    con.execute(f"ALTER TABLE {_RAW} ALTER {q} TYPE DOUBLE")
    return "DOUBLE"


def _infer(
    con: duckdb.DuckDBPyConnection,
    column: str,
    safe: str,
    sql_type: str,
    n_rows: int,
    given: dict[str, Any],
    file_name: str,
    is_id: bool,
) -> FieldSpec:
    """The FieldSpec of one column: a numeric, boolean or categorical feature, or excluded."""
    q = quote(column)
    label_en = given.get("label_en") or readable_name(column)
    common = {
        "name": safe,
        "label_en": label_en,
        "label_fr": given.get("label_fr") or label_en,
        "unit": given.get("unit", ""),
        "description_en": given.get("description_en") or f"Column {column} of {file_name}",
        "description_fr": given.get("description_fr") or f"Colonne {column} de {file_name}",
    }
    non_null = con.execute(f"SELECT COUNT({q}) FROM {_RAW}").fetchone()[0]
    if is_id or non_null == 0:
        return FieldSpec(source="excluded", dtype="category" if is_id else "float", **common)
    if _is_numeric(sql_type) or sql_type == "BOOLEAN":
        integer = sql_type in _INTEGER_TYPES or sql_type == "BOOLEAN"
        low, high = con.execute(
            f"SELECT MIN(CAST({q} AS DOUBLE)), MAX(CAST({q} AS DOUBLE)) FROM {_RAW}"
        ).fetchone()
        low, high = given.get("min", low), given.get("max", high)
        editable = bool(given.get("editable", False))
        if editable and not (math.isfinite(low) and math.isfinite(high) and low < high):
            editable = False
        dtype = "bool" if sql_type == "BOOLEAN" else ("int" if integer else "float")
        if given.get("dtype") in ("float", "int", "bool"):
            dtype = given["dtype"]
            integer = dtype != "float"
        return FieldSpec(
            source="table",
            dtype=dtype,
            min=low,
            max=high,
            editable=editable,
            step=given.get("step", _nice_step(low, high, integer)),
            **common,
        )
    if sql_type == "VARCHAR":
        levels = con.execute(
            f"SELECT {q} FROM {_RAW} WHERE {q} IS NOT NULL GROUP BY 1 "
            f"ORDER BY COUNT(*) DESC, 1 LIMIT {MAX_LEVELS + 1}"
        ).fetchall()
        if len(levels) <= MAX_LEVELS and (len(levels) <= 10 or len(levels) <= 0.5 * n_rows):
            categories = tuple(str(v[0]) for v in levels)
            editable = bool(given.get("editable", False)) and len(categories) > 1
            return FieldSpec(
                source="table",
                dtype="category",
                categories=categories,
                min=0,
                max=len(categories) - 1,
                step=1,
                editable=editable,
                **common,
            )
    return FieldSpec(
        source="excluded", dtype="category" if sql_type == "VARCHAR" else "float", **common
    )
