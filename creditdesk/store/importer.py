"""Importing client data into a store: the real Home Credit files, or a bank's own table.

Both importers are transactional (:func:`creditdesk.store.staging.staged_store`):
they build the new store in a temporary copy beside the target and move it
into place (``os.replace``) only when the load, the checks and the feature
build all succeeded. Any failure, including a cancel from the progress
callback, leaves the target file byte-for-byte as it was; a target another
program holds open is refused before anything is read. Tables of other areas
in an existing store (the decision log, ...) are kept; ``oracle`` and
``scores``, which describe the previous clients, are dropped.

Values are checked at the edge, once loaded into the temporary store: every
number must be finite (no NaN, no infinity, nothing beyond float64), and the
Home Credit amounts and day counts must lie in the range the data dictionary
gives them (see :func:`homecredit_rules`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from creditdesk.errors import InputError
from creditdesk.store import schema
from creditdesk.store.csv_checks import (
    Header,
    ValueRule,
    check_columns,
    check_values,
    explain_csv_error,
    read_csv_sql,
    read_header,
)
from creditdesk.store.features import (
    CLIENT_AGGREGATES,
    FEATURE_VECTORS,
    build_features,
    drop_relation,
)
from creditdesk.store.features_sql import DAYS_SENTINEL, quote
from creditdesk.store.staging import staged_store

if TYPE_CHECKING:
    import duckdb

    from creditdesk.store.dictionary import DataDictionary

__all__ = ["homecredit_rules", "import_homecredit", "import_table", "staged_store"]

Progress = Callable[[float, str], None] | None

#: tables describing the previous population, dropped by any import
STALE_TABLES = (schema.ORACLE, "scores")
#: largest plausible amount, in any currency (a million million); the real Home Credit
#: files stay below 6e8 (bureau AMT_CREDIT_SUM)
MONEY_LIMIT = 1e12
#: largest plausible number of days either way: Home Credit's "no date" sentinel (1,000 years)
DAYS_LIMIT = float(DAYS_SENTINEL)


def _report(progress: Progress, fraction: float, message: str) -> None:
    if progress is not None:
        progress(fraction, message)


def _scaled(progress: Progress, start: float, end: float) -> Progress:
    if progress is None:
        return None
    return lambda f, msg: progress(start + (end - start) * f, msg)


def write_meta(con: duckdb.DuckDBPyConnection, facts: dict[str, str]) -> None:
    """Replace the store's provenance (``store_meta``) with ``facts``."""
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {schema.STORE_META} (key VARCHAR PRIMARY KEY, value VARCHAR)"
    )
    con.execute(f"DELETE FROM {schema.STORE_META}")
    con.executemany(f"INSERT INTO {schema.STORE_META} VALUES (?, ?)", list(facts.items()))


def drop_tables(con: duckdb.DuckDBPyConnection, names: tuple[str, ...] | list[str]) -> None:
    for name in names:
        drop_relation(con, name)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- Home Credit


def _load(
    con: duckdb.DuckDBPyConnection,
    table: str,
    header: Header,
    types: dict[str, str],
    select: list[str],
) -> int:
    """Append the file's rows to ``table`` (columns ``select`` in table order)."""
    import duckdb

    cols = ", ".join(select)
    try:
        return con.execute(
            f"INSERT INTO {quote(table)} SELECT {cols} FROM {read_csv_sql(header, types)}"
        ).fetchone()[0]
    except duckdb.Error as exc:
        raise explain_csv_error(con, header, types, exc) from exc


def homecredit_rules(table: str, dictionary: DataDictionary | None = None) -> list[ValueRule]:
    """What the numeric columns of a Home Credit table may hold, beyond being finite.

    Application fields follow the shipped data dictionary: a field whose
    dictionary range starts at 0 (amounts, counts, scores) cannot be negative,
    a DAYS_* field whose range ends at 0 cannot be positive (except the 365243
    sentinel), scores and normalised fields stay within 0..1. The dictionary's
    upper ends are the usual range (the sliders), not a validity bound: real
    files go beyond (incomes of 117 million in application_train.csv), so
    amounts are capped at :data:`MONEY_LIMIT` and days at :data:`DAYS_LIMIT`.
    In the companion tables amounts may be negative (debts, card balances)
    and days lie either side of the application date.
    """
    if table == schema.APPLICATION and dictionary is None:
        from creditdesk.store.dictionary import DataDictionary

        dictionary = DataDictionary.load()
    rules = []
    for column, sql_type in schema.TABLES[table]:
        if column in (schema.ID, schema.TARGET) or sql_type not in ("DOUBLE", "BIGINT"):
            continue
        spec = dictionary.fields.get(column) if table == schema.APPLICATION else None
        unit = spec.unit if spec is not None else (
            "money" if column.startswith("AMT_") else "days" if column.startswith("DAYS_") else ""
        )
        low = high = None
        allowed: tuple[float, ...] = ()
        if unit == "money":
            low, high = -MONEY_LIMIT, MONEY_LIMIT
        elif unit == "days":
            low, high, allowed = -DAYS_LIMIT, DAYS_LIMIT, (DAYS_LIMIT,)
        if spec is not None and spec.min is not None and spec.min >= 0:
            low = 0.0
        if spec is not None and unit == "days" and spec.max is not None and spec.max <= 0:
            high = 0.0
        if spec is not None and unit in ("score", "normalised") and (spec.max or 0) <= 1:
            high = 1.0
        if low is None and high is None and sql_type == "BIGINT":
            continue  # whole numbers are finite: nothing to check
        negative = {"money": "amounts cannot be negative", "count": "counts cannot be negative"}
        rules.append(ValueRule(column, low, high, allowed, bounds="the plausible range",
                               negative=negative.get(unit, "the value cannot be negative")))
    return rules


def _check_loaded(con: duckdb.DuckDBPyConnection, table: str, loaded_as: str, name: str,
                  dictionary: DataDictionary | None = None) -> None:
    key = schema.ID if schema.ID in schema.columns(table) else schema.columns(table)[0]
    check_values(con, loaded_as, name, homecredit_rules(table, dictionary), key=key)


def _first(con: duckdb.DuckDBPyConnection, sql: str) -> tuple | None:
    return con.execute(sql).fetchone()


def import_homecredit(
    csv_dir: str | Path, store_path: str | Path, progress: Progress = None
) -> dict[str, int]:
    """Load the Kaggle Home Credit CSV files of ``csv_dir`` into ``store_path`` and build features.

    application_train.csv is required; application_test.csv (rows without
    TARGET) and the six companion files are optional (an absent one gives an
    empty table). Returns the row count of each table.
    """
    folder = Path(csv_dir)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder (give the folder holding application_train.csv)")
    train = folder / schema.APPLICATION_TRAIN_CSV
    if not train.exists():
        raise InputError(f"{folder}: no {schema.APPLICATION_TRAIN_CSV} in this folder")
    app_columns = schema.columns(schema.APPLICATION)
    app_types = dict(schema.TABLES[schema.APPLICATION])
    headers: dict[str, Header] = {}
    headers["train"] = read_header(train)
    check_columns(headers["train"], app_columns)
    test = folder / schema.APPLICATION_TEST_CSV
    if test.exists():
        headers["test"] = read_header(test)
        check_columns(headers["test"], [c for c in app_columns if c != schema.TARGET])
    for table, file_name in schema.CSV_FILES.items():
        path = folder / file_name
        if path.exists():
            headers[table] = read_header(path)
            check_columns(headers[table], schema.columns(table))
    sizes = {k: max(h.path.stat().st_size, 1) for k, h in headers.items()}
    total = sum(sizes.values())
    done = 0
    counts: dict[str, int] = {}
    with staged_store(store_path) as con:
        drop_tables(con, [*schema.TABLES, schema.FEATURES, FEATURE_VECTORS, CLIENT_AGGREGATES, *STALE_TABLES])
        for table in schema.TABLES:
            con.execute(schema.create_table_sql(table))
        _report(progress, 0.0, f"reading {train.name}")
        counts["train"] = _load(
            con, schema.APPLICATION, headers["train"], app_types, [quote(c) for c in app_columns]
        )
        if counts["train"] == 0:
            raise InputError(f"{train.name}: the file has a header but no rows")
        _check_application(con, train.name)
        _check_loaded(con, schema.APPLICATION, schema.APPLICATION, train.name)
        done += sizes["train"]
        if "test" in headers:
            _report(progress, 0.6 * done / total, f"reading {test.name}")
            con.execute(schema.create_table_sql(schema.APPLICATION, "_cd_test"))
            test_cols = [quote(c) if c != schema.TARGET else "NULL" for c in app_columns]
            counts["test"] = _load(con, "_cd_test", headers["test"], app_types, test_cols)
            _check_test(con, test.name, train.name)
            _check_loaded(con, schema.APPLICATION, "_cd_test", test.name)
            con.execute(f"INSERT INTO {schema.APPLICATION} SELECT * FROM _cd_test")
            con.execute("DROP TABLE _cd_test")
            done += sizes["test"]
        counts[schema.APPLICATION] = counts["train"] + counts.get("test", 0)
        for table, file_name in schema.CSV_FILES.items():
            if table not in headers:
                counts[table] = 0
                continue
            _report(progress, 0.6 * done / total, f"reading {file_name}")
            types = dict(schema.TABLES[table])
            counts[table] = _load(
                con, table, headers[table], types, [quote(c) for c in schema.columns(table)]
            )
            _check_loaded(con, table, table, file_name)
            done += sizes[table]
        _report(progress, 0.6, "checking keys")
        _check_keys(con)
        write_meta(
            con,
            {
                "kind": "homecredit",
                "schema_version": "1",
                "source": str(folder.resolve()),
                "imported_at": _now(),
                "clients": str(counts[schema.APPLICATION]),
            },
        )
        build_features(con, _scaled(progress, 0.62, 0.98))
        _report(progress, 0.99, "writing the store")
    _report(progress, 1.0, "import finished")
    return {k: v for k, v in counts.items() if k not in ("train", "test")} | {
        "application_train": counts["train"],
        "application_test": counts.get("test", 0),
    }


def _check_application(con: duckdb.DuckDBPyConnection, name: str) -> None:
    app = schema.APPLICATION
    if _first(con, f"SELECT 1 FROM {app} WHERE SK_ID_CURR IS NULL LIMIT 1"):
        raise InputError(f"{name}: a row has no SK_ID_CURR")
    dup = _first(
        con, f"SELECT SK_ID_CURR FROM {app} GROUP BY 1 HAVING COUNT(*) > 1 ORDER BY 1 LIMIT 1"
    )
    if dup:
        raise InputError(f"{name}: client SK_ID_CURR {dup[0]} appears more than once")
    bad = _first(
        con,
        f"SELECT SK_ID_CURR, TARGET FROM {app} WHERE TARGET IS NULL OR TARGET NOT IN (0, 1) "
        "ORDER BY 1 LIMIT 1",
    )
    if bad:
        raise InputError(f"{name}: TARGET of client {bad[0]} is {bad[1]}, it must be 0 or 1")


def _check_test(con: duckdb.DuckDBPyConnection, name: str, train_name: str) -> None:
    if _first(con, "SELECT 1 FROM _cd_test WHERE SK_ID_CURR IS NULL LIMIT 1"):
        raise InputError(f"{name}: a row has no SK_ID_CURR")
    dup = _first(
        con, "SELECT SK_ID_CURR FROM _cd_test GROUP BY 1 HAVING COUNT(*) > 1 ORDER BY 1 LIMIT 1"
    )
    if dup:
        raise InputError(f"{name}: client SK_ID_CURR {dup[0]} appears more than once")
    both = _first(
        con,
        f"SELECT t.SK_ID_CURR FROM _cd_test t JOIN {schema.APPLICATION} a USING (SK_ID_CURR) "
        "ORDER BY 1 LIMIT 1",
    )
    if both:
        raise InputError(f"{name}: client SK_ID_CURR {both[0]} is also in {train_name}")


def _check_keys(con: duckdb.DuckDBPyConnection) -> None:
    for table, key in (
        (schema.BUREAU, "SK_ID_BUREAU"),
        (schema.PREVIOUS_APPLICATION, "SK_ID_PREV"),
    ):
        dup = _first(
            con,
            f"SELECT {key} FROM {quote(table)} GROUP BY 1 HAVING COUNT(*) > 1 ORDER BY 1 LIMIT 1",
        )
        if dup:
            raise InputError(f"{schema.CSV_FILES[table]}: {key} {dup[0]} appears more than once")


# --------------------------------------------------------------------------- bring your own


def import_table(
    csv_path: str | Path,
    store_path: str | Path,
    id_column: str,
    target_column: str | None = None,
    dictionary_path: str | Path | None = None,
    progress: Progress = None,
) -> DataDictionary:
    """Load a bank's own client table (any schema) into ``store_path`` and build its features.

    One row per client, ``id_column`` unique; ``target_column`` (0/1, 1 =
    defaulted) when known. Numeric columns become numeric features, text
    columns with few levels categorical ones (codes by level frequency);
    identifiers and free text are kept in ``application`` but not used.
    Labels come from ``dictionary_path`` (CSV or JSON) or from the column
    names. Returns the inferred dictionary, also stored in ``store_meta``.
    """
    from creditdesk.store.table_import import load_client_table

    path = Path(csv_path)
    header = read_header(path, comma_only=False)
    with staged_store(store_path) as con:
        drop_tables(
            con,
            [*schema.TABLES, schema.FEATURES, FEATURE_VECTORS, CLIENT_AGGREGATES, *STALE_TABLES,
             "client_table"],
        )
        dictionary, facts = load_client_table(
            con, header, id_column, target_column, dictionary_path, _scaled(progress, 0.0, 0.7)
        )
        write_meta(
            con,
            {
                "kind": "table",
                "schema_version": "1",
                "source": str(path.resolve()),
                "imported_at": _now(),
                **facts,
                "dictionary": dictionary.to_json(),
            },
        )
        build_features(con, _scaled(progress, 0.7, 0.98))
        _report(progress, 0.99, "writing the store")
    _report(progress, 1.0, "import finished")
    return dictionary
