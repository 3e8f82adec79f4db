"""Importing client data into a store: the real Home Credit files, or a bank's own table.

Both importers are transactional: they build the new store in a temporary
copy beside the target and move it into place (``os.replace``) only when the
load, the checks and the feature build all succeeded. Any failure, including a
cancel from the progress callback, leaves the target file byte-for-byte as it
was. Tables of other areas in an existing store (decision log, ...) are kept;
``oracle`` and ``scores``, which describe the previous clients, are dropped.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from creditdesk.errors import InputError, StoreError
from creditdesk.store import schema
from creditdesk.store.csv_checks import (
    Header,
    check_columns,
    explain_csv_error,
    read_csv_sql,
    read_header,
)
from creditdesk.store.features import CLIENT_AGGREGATES, build_features, drop_relation
from creditdesk.store.features_sql import quote

if TYPE_CHECKING:
    import duckdb

    from creditdesk.store.dictionary import DataDictionary

Progress = Callable[[float, str], None] | None

#: tables describing the previous population, dropped by any import
STALE_TABLES = (schema.ORACLE, "scores")


def _report(progress: Progress, fraction: float, message: str) -> None:
    if progress is not None:
        progress(fraction, message)


def _scaled(progress: Progress, start: float, end: float) -> Progress:
    if progress is None:
        return None
    return lambda f, msg: progress(start + (end - start) * f, msg)


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


@contextlib.contextmanager
def staged_store(store_path: str | Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a temporary copy of ``store_path``, moved into place on success."""
    import duckdb

    target = Path(store_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.importing")
    tmp_wal = Path(str(tmp) + ".wal")
    target_wal = Path(str(target) + ".wal")
    _remove(tmp)
    _remove(tmp_wal)
    con = None
    try:
        if target.exists():
            shutil.copyfile(target, tmp)
            if target_wal.exists():
                shutil.copyfile(target_wal, tmp_wal)
        try:
            con = duckdb.connect(str(tmp))
        except duckdb.Error as exc:
            raise StoreError(
                f"{target.name}: not a DuckDB client store, cannot import into it "
                f"({str(exc).splitlines()[0]})"
            ) from exc
        yield con
        con.execute("CHECKPOINT")
        con.close()
        con = None
        os.replace(tmp, target)
        _remove(target_wal)  # the old log belongs to the replaced file
    finally:
        if con is not None:
            with contextlib.suppress(Exception):
                con.close()
        _remove(tmp)
        _remove(tmp_wal)


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
        drop_tables(con, [*schema.TABLES, schema.FEATURES, CLIENT_AGGREGATES, *STALE_TABLES])
        for table in schema.TABLES:
            con.execute(schema.create_table_sql(table))
        _report(progress, 0.0, f"reading {train.name}")
        counts["train"] = _load(
            con, schema.APPLICATION, headers["train"], app_types, [quote(c) for c in app_columns]
        )
        if counts["train"] == 0:
            raise InputError(f"{train.name}: the file has a header but no rows")
        _check_application(con, train.name)
        done += sizes["train"]
        if "test" in headers:
            _report(progress, 0.6 * done / total, f"reading {test.name}")
            con.execute(schema.create_table_sql(schema.APPLICATION, "_cd_test"))
            test_cols = [quote(c) if c != schema.TARGET else "NULL" for c in app_columns]
            counts["test"] = _load(con, "_cd_test", headers["test"], app_types, test_cols)
            _check_test(con, test.name, train.name)
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
            con, [*schema.TABLES, schema.FEATURES, CLIENT_AGGREGATES, *STALE_TABLES, "client_table"]
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
