"""Read one client's data from the store: feature vector, raw application, aggregates.

Queries are parameterised and select only the columns asked for; every
public method raises :class:`InputError` for an unknown client id and
:class:`StoreError` when the store lacks a table or a column the model needs.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from creditdesk.errors import InputError, StoreError
from creditdesk.store.features import CLIENT_AGGREGATES, FEATURE_VECTORS
from creditdesk.store.schema import APPLICATION, FEATURES, ID, TARGET

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

AGGREGATES = CLIENT_AGGREGATES


def quote(name: str) -> str:
    """A DuckDB identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


class ClientStore:
    """One store's clients as seen by the scoring service.

    ``feature_names`` fixes the order of :meth:`feature_vector` (the bundle's
    model order); by default all feature columns in table order.
    """

    #: recently read feature rows kept in memory (LRU): the panels of the window ask for
    #: the same client several times, and a DuckDB read of a 200-column row costs
    #: milliseconds where the cached copy costs microseconds.
    CACHED_ROWS = 512

    def __init__(self, con: duckdb.DuckDBPyConnection, feature_names: Sequence[str] | None = None):
        self.con = con
        self._ids: np.ndarray | None = None
        self._rows: OrderedDict[int, np.ndarray] = OrderedDict()
        here = "WHERE database_name = current_database()"
        self._tables = {
            r[0] for r in con.execute(f"SELECT table_name FROM duckdb_tables() {here}").fetchall()
        } | {r[0] for r in con.execute(f"SELECT view_name FROM duckdb_views() {here}").fetchall()}
        if FEATURES not in self._tables:
            raise StoreError(
                "the store has no features table; build it with `creditdesk data build-features`"
            )
        self._feature_columns = self.columns(FEATURES)
        self.feature_names: list[str] = []
        self._vector_sql = ""
        self.use_features(feature_names or [c for c in self._feature_columns if c not in (ID, TARGET)])

    # ------------------------------------------------------------------ schema

    def has_table(self, table: str) -> bool:
        return table in self._tables

    def columns(self, table: str) -> list[str]:
        rows = self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "AND table_catalog = current_database() ORDER BY ordinal_position",
            [table],
        ).fetchall()
        return [r[0] for r in rows]

    def use_features(self, names: Sequence[str]) -> None:
        """Fix the feature order of :meth:`feature_vector` (raises StoreError if any is absent)."""
        present = set(self._feature_columns)
        missing = [n for n in names if n not in present]
        if missing:
            raise StoreError(
                f"the store's features table lacks {len(missing)} model feature(s) "
                f"(e.g. {missing[0]}); rebuild it with `creditdesk data build-features` "
                "or use the bundle trained on this store"
            )
        self.feature_names = list(names)
        self._rows.clear()
        stored = [c for c in self._feature_columns if c not in (ID, TARGET)]
        if FEATURE_VECTORS in self._tables:
            # one DOUBLE[] column per client (built with the features table): a point
            # lookup reads one column, not ~200; pick the model's features out of it
            position = {n: i for i, n in enumerate(stored)}
            self._vector_pick = np.array([position[n] for n in self.feature_names], dtype=np.intp)
            self._vector_sql = f"SELECT v FROM {FEATURE_VECTORS} WHERE {ID} = ?"
        else:  # a store written before the vectors existed
            self._vector_pick = None
            cols = ", ".join(f"CAST({quote(n)} AS DOUBLE)" for n in self.feature_names)
            self._vector_sql = f"SELECT {cols} FROM {FEATURES} WHERE {ID} = ?"

    def invalidate(self) -> None:
        """Forget cached ids and feature rows (call after the features table was rebuilt)."""
        self._ids = None
        self._rows.clear()

    # ------------------------------------------------------------------ clients

    def exists(self, client_id: int) -> bool:
        return self._position(_as_id(client_id)) is not None

    def _sorted_ids(self) -> np.ndarray:
        if self._ids is None:
            self._ids = self.client_ids()
        return self._ids

    def _position(self, client_id: int) -> int | None:
        ids = self._sorted_ids()
        pos = int(np.searchsorted(ids, client_id))
        return pos if pos < len(ids) and ids[pos] == client_id else None

    def client_ids(self, limit: int | None = None) -> np.ndarray:
        sql = f"SELECT {ID} FROM {FEATURES} ORDER BY {ID}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.con.execute(sql).fetchnumpy()[ID].astype(np.int64)

    def count(self) -> int:
        return int(first_row(self.con, f"SELECT count(*) FROM {FEATURES}")[0])

    def feature_vector(self, client_id: int) -> np.ndarray:
        """The client's model features as float64 (NaN = missing), in model order."""
        cid = _as_id(client_id)
        row = self._rows.get(cid)
        if row is None:
            values = first_row(self.con, self._vector_sql, [cid])
            if values is None:
                raise InputError(f"client {client_id} is not in the store")
            if self._vector_pick is not None:
                values = values[0]
            row = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
            if self._vector_pick is not None:
                row = row[self._vector_pick]
            self._rows[cid] = row
            while len(self._rows) > self.CACHED_ROWS:
                self._rows.popitem(last=False)
        else:
            self._rows.move_to_end(cid)
        return row.copy()

    def prefetch(self, client_ids: Sequence[int]) -> None:
        """Read many clients' rows in one query into the cache (e.g. the visible page of a list)."""
        wanted = [int(c) for c in client_ids if int(c) not in self._rows][: self.CACHED_ROWS]
        if not wanted:
            return
        for cid, row in zip(wanted, self.feature_matrix(wanted), strict=True):
            self._rows[cid] = row
        while len(self._rows) > self.CACHED_ROWS:
            self._rows.popitem(last=False)

    def feature_matrix(self, client_ids: Sequence[int]) -> np.ndarray:
        """Feature rows for several clients, in the order given (InputError if one is unknown)."""
        import pandas as pd

        ids = pd.DataFrame({ID: np.asarray(client_ids, dtype=np.int64)})
        ids["_pos"] = np.arange(len(ids))
        cols = ", ".join(f"CAST(f.{quote(n)} AS DOUBLE) AS {quote(n)}" for n in self.feature_names)
        self.con.register("_cd_ids", ids)
        try:
            got = self.con.execute(
                f"SELECT i._pos, {cols} FROM _cd_ids i JOIN {FEATURES} f USING ({ID}) ORDER BY i._pos"
            ).fetchnumpy()
        finally:
            self.con.unregister("_cd_ids")
        if len(got["_pos"]) != len(ids):
            known = set(got["_pos"].tolist())
            bad = next(int(c) for p, c in enumerate(ids[ID]) if p not in known)
            raise InputError(f"client {bad} is not in the store")
        if not self.feature_names:
            return np.empty((len(ids), 0))
        return np.column_stack([_float_column(got[n]) for n in self.feature_names])

    def target(self, client_id: int) -> int | None:
        """The known outcome (1 defaulted, 0 repaid) or None for a pending application."""
        row = first_row(self.con, f"SELECT {TARGET} FROM {FEATURES} WHERE {ID} = ?", [_as_id(client_id)])
        if row is None:
            raise InputError(f"client {client_id} is not in the store")
        return None if row[0] is None else int(row[0])

    def application_frame(self, client_id: int) -> pd.DataFrame:
        """The raw application row (one-row DataFrame, store column types)."""
        if APPLICATION not in self._tables:
            raise StoreError("the store has no application table")
        frame = self.con.execute(
            f"SELECT * FROM {APPLICATION} WHERE {ID} = ?", [_as_id(client_id)]
        ).df()
        if frame.empty:
            raise InputError(f"client {client_id} has no application in the store")
        return frame

    def aggregate_frame(self, client_id: int) -> pd.DataFrame | None:
        """The client's aggregate feature row (one-row DataFrame), or None when the store has none."""
        if AGGREGATES not in self._tables:
            return None
        frame = self.con.execute(
            f"SELECT * FROM {AGGREGATES} WHERE {ID} = ?", [_as_id(client_id)]
        ).df()
        return frame

    def application_row(self, client_id: int) -> dict[str, Any]:
        """The raw application fields as plain Python values (None = missing)."""
        return _frame_row(self.application_frame(client_id))

    def aggregate_row(self, client_id: int) -> dict[str, Any]:
        frame = self.aggregate_frame(client_id)
        if frame is None or frame.empty:
            return {}
        return _frame_row(frame)


def first_row(con: Any, sql: str, params: Sequence[Any] | None = None) -> tuple | None:
    """The first row of a query, with the result fully consumed.

    DuckDB 2 keeps a result opened by ``fetchone()`` pending on the connection
    and then refuses relation queries (``con.sql``) until it is consumed.
    """
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def _as_id(client_id: Any) -> int:
    try:
        value = int(client_id)
    except (TypeError, ValueError):
        raise InputError(f"client id {client_id!r} is not a whole number") from None
    if value != client_id and not isinstance(client_id, str):
        raise InputError(f"client id {client_id!r} is not a whole number")
    return value


def _float_column(values: Any) -> np.ndarray:
    """A fetched column as float64 with NaN for NULL (DuckDB returns masked arrays)."""
    if isinstance(values, np.ma.MaskedArray):
        return values.astype(np.float64).filled(np.nan)
    return np.asarray(values, dtype=np.float64)


def _frame_row(frame: pd.DataFrame) -> dict[str, Any]:
    import pandas as pd

    out: dict[str, Any] = {}
    for name, value in frame.iloc[0].items():
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            out[name] = None
        elif hasattr(value, "item"):
            out[name] = value.item()
        else:
            out[name] = value
    return out
