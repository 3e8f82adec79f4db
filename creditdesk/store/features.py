"""The feature pipeline: DuckDB SQL from raw tables to the ``features`` table.

:func:`build_features` computes every client's features inside the store, in
one transaction: the application-level part (cleaning, ratios, category codes)
and the aggregates of the six companion tables. The view ``client_aggregates``
(SK_ID_CURR and the aggregate columns of ``features``) lets the what-if path
fetch one client's history alone.

:func:`application_features` runs the *same* application-level SQL text on
rows given as a DataFrame (the what-if path: an edited application goes
through exactly the code that built the stored features), in a small
in-memory DuckDB connection kept for the life of the process.

What is computed is declared in :mod:`creditdesk.store.features_sql`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from creditdesk.errors import InputError, StoreError
from creditdesk.store import features_sql as fsql
from creditdesk.store import schema
from creditdesk.store.dictionary import DataDictionary

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

Progress = Callable[[float, str], None] | None

CLIENT_AGGREGATES = "client_aggregates"  # view: SK_ID_CURR + the aggregate columns of features
_TEMP_PREFIX = "_cd_fam_"

_SOURCE_STEPS = {
    "bureau_rows": "credit bureau history",
    "prev_rows": "previous applications",
    "pos_rows": "POS and cash balances",
    "inst_rows": "instalments",
    "cc_rows": "credit cards",
}


def _report(progress: Progress, fraction: float, message: str) -> None:
    if progress is not None:
        progress(fraction, message)  # may raise Cancelled


_HERE = "database_name = current_database() AND schema_name = 'main'"


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        f"SELECT table_name FROM duckdb_tables() WHERE {_HERE} AND NOT temporary "
        f"UNION SELECT view_name FROM duckdb_views() WHERE {_HERE} AND NOT temporary"
    ).fetchall()
    return {r[0] for r in rows}


def drop_relation(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Drop the table or view ``name`` of the store if there is one."""
    kind = con.execute(
        f"SELECT 'TABLE' FROM duckdb_tables() WHERE {_HERE} AND table_name = ? "
        f"UNION ALL SELECT 'VIEW' FROM duckdb_views() WHERE {_HERE} AND view_name = ?",
        [name, name],
    ).fetchone()
    if kind:
        con.execute(f"DROP {kind[0]} {fsql.quote(name)}")


def _begin(con: duckdb.DuckDBPyConnection) -> bool:
    """Start a transaction; False when the caller already holds one (it commits)."""
    import duckdb

    try:
        con.execute("BEGIN TRANSACTION")
    except duckdb.TransactionException:
        return False
    return True


def build_features(con: duckdb.DuckDBPyConnection, progress: Progress = None) -> list[str]:
    """Create or replace ``features`` (and ``client_aggregates``) from the raw tables.

    One transaction: on any error, including :class:`~creditdesk.errors.Cancelled`
    raised by ``progress``, the store keeps its previous tables. Returns the
    feature column names (``features`` = SK_ID_CURR, TARGET, then these).
    """
    if schema.APPLICATION not in _tables(con):
        raise StoreError("the store has no application table: nothing to build features from")
    dictionary = DataDictionary.from_store(con)
    own = _begin(con)
    try:
        if dictionary.pipeline == "table":
            names = _build_table(con, dictionary, progress)
        else:
            names = _build_homecredit(con, progress)
        _build_vectors(con, names)
        if own:
            con.execute("COMMIT")
    except BaseException:
        if own:
            con.execute("ROLLBACK")
        raise
    _report(progress, 1.0, "features ready")
    return names


def _build_homecredit(con: duckdb.DuckDBPyConnection, progress: Progress) -> list[str]:
    present = _tables(con)
    for table in schema.TABLES:
        if table not in present:  # companion files are optional: an absent table is an empty one
            con.execute(schema.create_table_sql(table))
    for name, sql in fsql.ROW_SQL.items():
        con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {sql}")
    relations = {}
    for i, rows in enumerate(fsql.SOURCES):
        prefixes = "/".join(f.prefix.rstrip("_") for f in fsql.FAMILIES if f.rows == rows)
        _report(
            progress,
            0.05 + 0.7 * i / len(fsql.SOURCES),
            f"aggregating {_SOURCE_STEPS[rows]} ({prefixes})",
        )
        relations[rows] = f"{_TEMP_PREFIX}{i}"
        con.execute(f"CREATE OR REPLACE TEMP TABLE {relations[rows]} AS {fsql.source_sql(rows)}")
    _report(progress, 0.8, "computing application features, writing the features table")
    drop_relation(con, CLIENT_AGGREGATES)
    app = fsql.quote(schema.APPLICATION)
    categories = DataDictionary.load().categories()
    con.execute(
        f"CREATE OR REPLACE TABLE {schema.FEATURES} AS "
        f"{fsql.features_sql(app, categories, relations)}"
    )
    # the aggregate part, by client, for the what-if path: a view, so it can never disagree
    id_and_aggs = ", ".join(fsql.quote(c) for c in (schema.ID, *fsql.AGGREGATE_FEATURES))
    con.execute(f"CREATE VIEW {CLIENT_AGGREGATES} AS SELECT {id_and_aggs} FROM {schema.FEATURES}")
    for relation in relations.values():
        con.execute(f"DROP TABLE {relation}")
    for name in fsql.ROW_SQL:
        con.execute(f"DROP VIEW {name}")
    return list(fsql.FEATURES)


def table_fields(dictionary: DataDictionary) -> tuple[tuple[str, str, tuple[str, ...] | None], ...]:
    """(name, dtype, categories) of a bring-your-own store's features, in order."""
    return tuple((f.name, f.dtype, f.categories) for f in dictionary if f.source == "table")


def _build_table(
    con: duckdb.DuckDBPyConnection, dictionary: DataDictionary, progress: Progress
) -> list[str]:
    _report(progress, 0.1, "encoding the client table")
    fields = table_fields(dictionary)
    sql = fsql.table_sql(fsql.quote(schema.APPLICATION), fields)
    con.execute(
        f"CREATE OR REPLACE TABLE {schema.FEATURES} AS {sql} ORDER BY {fsql.quote(schema.ID)}"
    )
    drop_relation(con, CLIENT_AGGREGATES)
    return [name for name, _, _ in fields]


#: each client's features as one DOUBLE[] (features-table order): a point lookup reads one
#: column instead of ~200 (0.4 ms instead of 6-7 ms), which the one-client paths need
FEATURE_VECTORS = "features_vector"


def _build_vectors(con: duckdb.DuckDBPyConnection, names: list[str]) -> None:
    items = ", ".join(f"CAST({fsql.quote(n)} AS DOUBLE)" for n in names)
    con.execute(
        f"CREATE OR REPLACE TABLE {FEATURE_VECTORS} AS SELECT {fsql.quote(schema.ID)}, "
        f"[{items}]::DOUBLE[] AS v FROM {schema.FEATURES} ORDER BY {fsql.quote(schema.ID)}"
    )


def _columns_of(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        f"SELECT column_name FROM duckdb_columns() WHERE {_HERE} AND table_name = ? "
        "ORDER BY column_index",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def feature_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The feature columns of the store's ``features`` table, in order (no id, no target)."""
    names = _columns_of(con, schema.FEATURES)
    if not names:
        raise StoreError("the store has no features table: run `creditdesk data build-features`")
    return [c for c in names if c not in (schema.ID, schema.TARGET)]


def aggregate_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The aggregate feature columns of ``client_aggregates`` (empty for a client-table store)."""
    return [c for c in _columns_of(con, CLIENT_AGGREGATES) if c != schema.ID]


# --------------------------------------------------------------------------- what-if path
#
# A few rows (the what-if slider: one row per move) go through a statement
# prepared once, whose relation is the row's values as typed constants: no
# table write, no DataFrame scan, no re-planning. More rows are scanned from
# the DataFrame. Both run the same text from features_sql on the same types.

_SMALL = 8  # up to this many rows: one prepared execution per row
_LOCK = threading.Lock()
_STATE: dict[str, Any] = {}


def _memory_connection() -> duckdb.DuckDBPyConnection:
    con = _STATE.get("con")
    if con is None:
        from creditdesk.store.connection import connect

        con = connect(":memory:")
        con.execute("SET threads = 1")
        # a single projection has nothing to optimise; planning would cost more than running
        con.execute("PRAGMA disable_optimizer")
        _STATE["con"] = con
        _STATE["prepared"] = {}
    return con


@lru_cache(maxsize=1)
def _homecredit_categories() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(DataDictionary.load().categories().items())


def _inputs(fields: tuple | None) -> list[tuple[str, str]]:
    """(column, DuckDB type) of the raw inputs the feature SQL reads."""
    if fields is None:
        types = dict(schema.TABLES[schema.APPLICATION])
        return [(c, types[c]) for c in fsql.APP_INPUTS]
    return [(schema.ID, "BIGINT"), (schema.TARGET, "BIGINT")] + [
        (n, "VARCHAR" if d == "category" else "DOUBLE") for n, d, _ in fields
    ]


def _feature_sql(relation: str, fields: tuple | None) -> str:
    if fields is None:
        return fsql.application_sql(relation, dict(_homecredit_categories()))
    return fsql.table_sql(relation, fields)


def _prepared(con: duckdb.DuckDBPyConnection, fields: tuple | None) -> str:
    """Name of the statement computing one row's features from typed parameters."""
    prepared: dict = _STATE["prepared"]
    name = prepared.get(fields)
    if name is None:
        name = f"what_if_{len(prepared)}"
        params = ", ".join(
            f"CAST(${i} AS {t}) AS {fsql.quote(c)}"
            for i, (c, t) in enumerate(_inputs(fields), start=1)
        )
        con.execute(f"PREPARE {name} AS {_feature_sql(f'(SELECT {params}) AS src', fields)}")
        prepared[fields] = name
    return name


def _constant(column: str, value: Any, sql_type: str) -> str:
    """``value`` as a constant of exactly ``sql_type`` (a mismatch would re-plan the statement)."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return f"NULL::{sql_type}"
    if sql_type == "VARCHAR":
        return f"{fsql.literal(str(value))}::VARCHAR"
    try:
        if isinstance(value, str | bytes):
            raise ValueError(value)
        number = float(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InputError(f"{column}: {str(value)[:40]!r} is not a number") from exc
    if number != number:
        return f"NULL::{sql_type}"
    if sql_type == "BIGINT":
        if not abs(number) < 2.0**62:
            raise InputError(f"{column}: {str(value)[:40]} is out of range")
        if number.is_integer():
            return f"{int(number)}::BIGINT"
        return f"CAST({number!r} AS BIGINT)"
    if number in (float("inf"), float("-inf")):
        return f"'{number!r}'::DOUBLE"
    return f"{number!r}::DOUBLE"


def _run(con: duckdb.DuckDBPyConnection, sql: str) -> duckdb.DuckDBPyConnection:
    """Execute, turning a value DuckDB refuses (out of range, not a number) into an InputError."""
    import duckdb

    try:
        return con.execute(sql)
    except (
        duckdb.ConversionException,
        duckdb.OutOfRangeException,
        duckdb.InvalidInputException,
    ) as exc:
        raise InputError(f"the application cannot be computed: {str(exc).splitlines()[0]}") from exc


def _feature_rows(records: list[dict], frame: pd.DataFrame | None, fields: tuple | None):
    """Feature rows (SK_ID_CURR, TARGET, features...) as a float array."""
    import numpy as np

    with _LOCK:
        con = _memory_connection()
        if frame is None:
            name = _prepared(con, fields)
            inputs = _inputs(fields)
            rows = []
            for record in records:
                args = ", ".join(_constant(c, record.get(c), t) for c, t in inputs)
                rows.append(_run(con, f"EXECUTE {name}({args})").fetchone())
            return np.array(rows, dtype="float64")
        present = set(frame.columns)
        cast = ", ".join(
            f"CAST({fsql.quote(c) if c in present else 'NULL'} AS {t}) AS {fsql.quote(c)}"
            for c, t in _inputs(fields)
        )
        import duckdb

        try:
            con.register("_what_if_rows", frame)
            sql = _feature_sql(f"(SELECT {cast} FROM _what_if_rows) AS src", fields)
            columns = con.execute(sql).fetchnumpy()
        except (duckdb.Error, OverflowError, TypeError, ValueError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(f"the applications cannot be computed: {first}") from exc
        finally:
            con.unregister("_what_if_rows")
    return np.column_stack(
        [
            np.asarray(v, dtype="float64")
            if not hasattr(v, "filled")
            else v.astype("float64").filled(np.nan)
            for v in columns.values()
        ]
    )


def application_features(
    app: pd.DataFrame | Mapping[str, Any],
    aggregates: pd.DataFrame | Mapping[str, Any] | None = None,
    *,
    dictionary: DataDictionary | None = None,
) -> pd.DataFrame:
    """Features of raw application rows, exactly as :func:`build_features` computes them.

    ``app`` holds raw application fields, one row per application (a mapping
    is one row); missing columns count as missing values. ``aggregates`` holds
    the clients' ``client_aggregates`` rows (matched on SK_ID_CURR, or one row
    for all); ``None`` leaves every aggregate missing. A bring-your-own store
    passes its ``dictionary`` (pipeline "table"). Returns the ``features``
    table's columns in its order: SK_ID_CURR, TARGET, then float64 features.
    """
    import numpy as np
    import pandas as pd

    fields = (
        table_fields(dictionary)
        if dictionary is not None and dictionary.pipeline == "table"
        else None
    )
    if isinstance(app, Mapping):
        records, frame = [dict(app)], None
    elif len(app) <= _SMALL:
        records, frame = _records(app), None
    else:
        records, frame = [], app
    values = _feature_rows(records, frame, fields)
    names = [schema.ID, schema.TARGET] + (
        list(fsql.APP_FEATURES) if fields is None else [n for n, _, _ in fields]
    )
    if fields is None:
        values = np.hstack([values, _aggregate_block(aggregates, values[:, 0])])
        names += fsql.AGGREGATE_FEATURES
    out = pd.DataFrame(values, columns=names)
    ids = out[schema.ID]
    if not ids.isna().any():
        out[schema.ID] = ids.astype("int64")
    return out


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows of a small frame as dicts (DataFrame.to_dict is slow on wide mixed frames)."""
    columns = list(frame.columns)
    return [dict(zip(columns, row, strict=True)) for row in frame.to_numpy(dtype=object)]


def _aggregate_block(aggregates: Any, ids: Any):
    """The aggregate features aligned with the rows whose SK_ID_CURR are ``ids``."""
    import numpy as np

    names = fsql.AGGREGATE_FEATURES
    if aggregates is None:
        return np.full((len(ids), len(names)), np.nan)
    if isinstance(aggregates, Mapping):
        row = np.array([aggregates.get(n) for n in names], dtype="float64")
        return np.repeat(row[None, :], len(ids), axis=0)
    frame: pd.DataFrame = aggregates
    if len(frame) == 0:
        return np.full((len(ids), len(names)), np.nan)
    if len(frame) > 1 and schema.ID in frame.columns:
        frame = frame.set_index(schema.ID).reindex(index=ids)
    if tuple(frame.columns[-len(names) :]) == names:  # a client_aggregates row as fetched
        values = frame.iloc[:, -len(names) :].to_numpy(dtype="float64", na_value=np.nan)
    else:
        values = frame.reindex(columns=names).to_numpy(dtype="float64", na_value=np.nan)
    if len(values) == 1:
        return np.repeat(values, len(ids), axis=0)
    if len(values) != len(ids):
        raise InputError(f"{len(values)} aggregate rows for {len(ids)} applications")
    return values
