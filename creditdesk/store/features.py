"""The feature pipeline: DuckDB SQL from raw tables to the ``features`` table.

:func:`build_features` computes every client's features inside the store, in
one transaction: the application-level part (cleaning, ratios, category codes)
and the aggregates of the six companion tables, which it also keeps as
``client_aggregates`` so that one client's history can be fetched alone.

:func:`application_features` runs the *same* application-level SQL text on
rows given as a DataFrame (the what-if path: an edited application goes
through exactly the code that built the stored features), in a small
in-memory DuckDB connection kept for the life of the process.

What is computed is declared in :mod:`creditdesk.store.features_sql`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from creditdesk.errors import StoreError
from creditdesk.store import schema
from creditdesk.store import features_sql as fsql
from creditdesk.store.dictionary import DataDictionary

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

Progress = Callable[[float, str], None] | None

CLIENT_AGGREGATES = "client_aggregates"
_TEMP_PREFIX = "_cd_fam_"

_FAMILY_STEPS = {
    "BURO_": "bureau", "ACTIVE_": "bureau", "CLOSED_": "bureau", "PREV_": "previous applications",
    "APPROVED_": "previous applications", "REFUSED_": "previous applications",
    "POS_": "POS and cash balances", "INSTAL_": "instalments", "CC_": "credit cards",
}


def _report(progress: Progress, fraction: float, message: str) -> None:
    if progress is not None:
        progress(fraction, message)  # may raise Cancelled


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary "
        "UNION SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT temporary"
    ).fetchall()
    return {r[0] for r in rows}


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
    _report(progress, 0.02, "preparing bureau history")
    con.execute(f"CREATE OR REPLACE TEMP TABLE bureau_rows AS {fsql.ROW_SQL['bureau_rows']}")
    for name, sql in fsql.ROW_SQL.items():
        if name != "bureau_rows":
            con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {sql}")
    relations = []
    for i, family in enumerate(fsql.FAMILIES):
        _report(progress, 0.1 + 0.7 * i / len(fsql.FAMILIES),
                f"aggregating {_FAMILY_STEPS[family.prefix]} ({family.prefix.rstrip('_')})")
        relation = f"{_TEMP_PREFIX}{i}"
        con.execute(f"CREATE OR REPLACE TEMP TABLE {relation} AS {fsql.family_sql(family)}")
        relations.append(relation)
    _report(progress, 0.82, "joining client aggregates")
    app = fsql.quote(schema.APPLICATION)
    con.execute(f"CREATE OR REPLACE TABLE {CLIENT_AGGREGATES} AS {fsql.combine_sql(app, relations)}")
    _report(progress, 0.9, "computing application features")
    cols = ", ".join(f"app.{fsql.quote(c)}" for c in (schema.ID, schema.TARGET, *fsql.APP_FEATURES))
    aggs = ", ".join(f"agg.{fsql.quote(c)}" for c in fsql.AGGREGATE_FEATURES)
    con.execute(
        f"CREATE OR REPLACE TABLE {schema.FEATURES} AS SELECT {cols}, {aggs} "
        f"FROM ({fsql.application_sql(app, DataDictionary.load().categories())}) AS app "
        f"JOIN {CLIENT_AGGREGATES} AS agg USING ({fsql.quote(schema.ID)}) "
        f"ORDER BY app.{fsql.quote(schema.ID)}"
    )
    for relation in relations:
        con.execute(f"DROP TABLE {relation}")
    for name in fsql.ROW_SQL:
        con.execute(f"DROP {'TABLE' if name == 'bureau_rows' else 'VIEW'} {name}")
    return list(fsql.FEATURES)


def table_fields(dictionary: DataDictionary) -> tuple[tuple[str, str, tuple[str, ...] | None], ...]:
    """(name, dtype, categories) of a bring-your-own store's features, in order."""
    return tuple((f.name, f.dtype, f.categories) for f in dictionary if f.source == "table")


def _build_table(con: duckdb.DuckDBPyConnection, dictionary: DataDictionary,
                 progress: Progress) -> list[str]:
    _report(progress, 0.1, "encoding the client table")
    fields = table_fields(dictionary)
    sql = fsql.table_sql(fsql.quote(schema.APPLICATION), fields)
    con.execute(f"CREATE OR REPLACE TABLE {schema.FEATURES} AS {sql} ORDER BY {fsql.quote(schema.ID)}")
    con.execute(f"DROP TABLE IF EXISTS {CLIENT_AGGREGATES}")
    return [name for name, _, _ in fields]


def _columns_of(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ? "
        "ORDER BY column_index", [table]).fetchall()
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

_LOCK = threading.Lock()
_STATE: dict[str, Any] = {}


def _memory_connection() -> duckdb.DuckDBPyConnection:
    con = _STATE.get("con")
    if con is None:
        import duckdb

        con = duckdb.connect(":memory:")
        con.execute("SET threads = 1")
        _STATE["con"] = con
    return con


@lru_cache(maxsize=1)
def _homecredit_categories() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(DataDictionary.load().categories().items())


@lru_cache(maxsize=64)
def _what_if_sql(given: tuple[str, ...], fields: tuple | None) -> str:
    """Feature SQL over the registered frame ``_what_if_rows``, columns cast to the store's types."""
    if fields is None:
        types = dict(schema.TABLES[schema.APPLICATION])
    else:
        types = {schema.ID: "BIGINT", schema.TARGET: "BIGINT"}
        types.update({n: ("VARCHAR" if d == "category" else "DOUBLE") for n, d, _ in fields})
    present = set(given)
    cast = ", ".join(
        f"CAST({fsql.quote(c) if c in present else 'NULL'} AS {t}) AS {fsql.quote(c)}"
        for c, t in types.items())
    relation = f"(SELECT {cast} FROM _what_if_rows) AS src"
    if fields is None:
        return fsql.application_sql(relation, dict(_homecredit_categories()))
    return fsql.table_sql(relation, fields)


def application_features(app: pd.DataFrame, aggregates: pd.DataFrame | None = None, *,
                         dictionary: DataDictionary | None = None) -> pd.DataFrame:
    """Features of raw application rows, exactly as :func:`build_features` computes them.

    ``app`` holds raw application fields (missing columns count as missing
    values); ``aggregates`` holds the clients' ``client_aggregates`` rows (by
    SK_ID_CURR, or one row for all), ``None`` leaving every aggregate missing.
    A bring-your-own store passes its ``dictionary`` (pipeline "table").
    Returns the ``features`` table's columns, in its order.
    """
    import numpy as np
    import pandas as pd

    fields = table_fields(dictionary) if dictionary is not None and dictionary.pipeline == "table" else None
    sql = _what_if_sql(tuple(app.columns), fields)
    with _LOCK:
        con = _memory_connection()
        con.register("_what_if_rows", app)
        try:
            out = con.execute(sql).df()
        finally:
            con.unregister("_what_if_rows")
    if fields is not None:
        return out
    names = list(fsql.AGGREGATE_FEATURES)
    if aggregates is None or len(aggregates) == 0:
        values = np.full((len(out), len(names)), np.nan)
    elif len(aggregates) == 1:
        row = aggregates.reindex(columns=names).to_numpy(dtype="float64", na_value=np.nan)
        values = np.repeat(row, len(out), axis=0)
    elif schema.ID in aggregates.columns:
        values = (aggregates.set_index(schema.ID).reindex(index=out[schema.ID], columns=names)
                  .to_numpy(dtype="float64", na_value=np.nan))
    else:
        values = aggregates.reindex(columns=names).to_numpy(dtype="float64", na_value=np.nan)
    extra = pd.DataFrame(values, columns=names, index=out.index)
    return pd.concat([out, extra], axis=1)
