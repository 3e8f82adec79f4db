"""The decision log: one tamper-evident row per decision shown, exported, overridden or batched.

Each row carries the SHA-256 of the previous row (``prev_hash``; the first row
follows 64 zeros) and its own hash over a canonical serialisation of every
field plus that previous hash (``row_hash``). Editing any field of any row,
deleting, reordering or inserting rows breaks the chain at a row that
``verify`` names. A one-row table ``decision_log_head`` keeps the number of
entries and the last hash, written in the same transaction as each entry, so
dropping the newest rows is noticed too.

What a hash chain cannot do: someone who can write the store *and* knows
this algorithm can rewrite the whole tail consistently. The log makes
tampering evident, not impossible; export it (``export_csv``) to keep a copy
elsewhere.
"""

from __future__ import annotations

import contextlib
import csv
import getpass
import hashlib
import json
import math
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from creditdesk.errors import InputError, StoreError
from creditdesk.store.connection import StoreHandle, is_read_only, raw_connection

TABLE = "decision_log"
HEAD_TABLE = "decision_log_head"
GENESIS_HASH = "0" * 64
HASH_SCHEME = "creditdesk-decision-log-v1"
EVENTS = ("shown", "exported", "override", "batch")
DECISIONS = ("accept", "refuse")

#: column name -> DuckDB type, in hashing and export order
COLUMNS: tuple[tuple[str, str], ...] = (
    ("entry_id", "BIGINT"),
    ("ts", "VARCHAR"),
    ("officer", "VARCHAR"),
    ("client_id", "BIGINT"),
    ("event", "VARCHAR"),
    ("model_name", "VARCHAR"),
    ("model_version", "VARCHAR"),
    ("model_hash", "VARCHAR"),
    ("features_hash", "VARCHAR"),
    ("probability", "DOUBLE"),
    ("model_decision", "VARCHAR"),
    ("final_decision", "VARCHAR"),
    ("justification", "VARCHAR"),
    ("export_hash", "VARCHAR"),
    ("prev_hash", "VARCHAR"),
    ("row_hash", "VARCHAR"),
)
FIELDS = tuple(name for name, _ in COLUMNS)
HASHED_FIELDS = FIELDS[:-1]  # everything but row_hash itself (prev_hash included)

Connection = StoreHandle | duckdb.DuckDBPyConnection


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    n_rows: int
    first_broken_entry_id: int | None = None
    reason: str | None = None

    def message(self) -> str:
        if self.ok:
            return f"OK: {self.n_rows} entries"
        if self.first_broken_entry_id is None:
            return f"BROKEN: {self.reason}"
        return f"BROKEN at entry #{self.first_broken_entry_id}: {self.reason}"


# -- canonical hashes --------------------------------------------------------------------------


def features_hash(values: Iterable[float | None] | np.ndarray) -> str:
    """SHA-256 of a feature vector: float64 little-endian bytes, NaN and -0.0 canonicalised.

    Missing values (None or any NaN payload) all hash as the one quiet NaN
    0x7FF8000000000000; -0.0 hashes as 0.0 (the model cannot tell them apart).
    """
    try:
        arr = np.array(list(values) if not isinstance(values, np.ndarray) else values,
                       dtype=np.float64).ravel()
    except (TypeError, ValueError) as exc:
        raise InputError(f"feature values must be numbers or missing ({exc})") from exc
    arr = arr.astype("<f8", copy=True)
    arr[arr == 0.0] = 0.0
    bits = arr.view("<u8")
    bits[np.isnan(arr)] = 0x7FF8000000000000
    return hashlib.sha256(bits.tobytes()).hexdigest()


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes (the ``export_hash`` of an exported sheet)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def row_hash(row: dict[str, Any]) -> str:
    """The hash a row must carry: SHA-256 over the scheme tag and every field but row_hash."""
    values = []
    for name in HASHED_FIELDS:
        value = row.get(name)
        if isinstance(value, float) and not math.isfinite(value):
            value = repr(value)  # never written by record(); keeps tampered rows hashable
        values.append(value)
    payload = json.dumps([HASH_SCHEME, *values], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# -- who --------------------------------------------------------------------------------------


def default_officer(preference: str | None = None) -> str:
    """The officer's name: the preference if set, else the OS user."""
    if preference and preference.strip():
        return preference.strip()
    try:
        return getpass.getuser()
    except Exception:  # no USER/LOGNAME and no passwd entry (some containers)
        return os.environ.get("USERNAME") or "unknown"


# -- writing ----------------------------------------------------------------------------------


def ensure_tables(con: Connection) -> None:
    """Create the log tables if the store has none yet."""
    raw = raw_connection(con)
    cols = ", ".join(f"{name} {kind}" for name, kind in COLUMNS)
    raw.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} ({cols})")
    raw.execute(f"CREATE TABLE IF NOT EXISTS {HEAD_TABLE} (n_rows BIGINT, head_hash VARCHAR)")


def _has_log(con: Connection) -> bool:
    row = raw_connection(con).execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND table_name = ?",
        [TABLE],
    ).fetchone()
    return bool(row and row[0])


def _clean_text(name: str, value: str | None, *, required: bool) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError(f"the decision log needs a {name.replace('_', ' ')}")
        return None
    if not isinstance(value, str):
        raise InputError(f"{name.replace('_', ' ')} must be text, not {type(value).__name__}")
    return value.strip()


def _validated(
    *,
    officer: str,
    client_id: int | None,
    event: str,
    model_name: str,
    model_version: str,
    model_hash: str,
    features: Iterable[float | None] | np.ndarray | None,
    probability: float | None,
    model_decision: str | None,
    final_decision: str | None,
    justification: str | None,
    export_hash: str | None,
) -> dict[str, Any]:
    if event not in EVENTS:
        raise InputError(f"unknown decision-log event {event!r} (expected one of {', '.join(EVENTS)})")
    per_client = event != "batch"
    if client_id is not None:
        if isinstance(client_id, bool) or not isinstance(client_id, (int, np.integer)):
            raise InputError(f"client id must be a whole number, not {client_id!r}")
        client_id = int(client_id)
    elif per_client:
        raise InputError(f"a {event!r} entry needs a client id")
    if probability is not None:
        try:
            probability = float(probability)
        except (TypeError, ValueError) as exc:
            raise InputError(f"probability must be a number, not {probability!r}") from exc
        if not (math.isfinite(probability) and 0.0 <= probability <= 1.0):
            raise InputError(f"probability must lie between 0 and 1, not {probability!r}")
    elif per_client:
        raise InputError(f"a {event!r} entry needs the probability shown")
    if features is None and per_client:
        raise InputError(f"a {event!r} entry needs the feature vector that was scored")
    for name, value in (("model decision", model_decision), ("final decision", final_decision)):
        if value is not None and value not in DECISIONS:
            raise InputError(f"{name} must be 'accept' or 'refuse', not {value!r}")
    if model_decision is None and per_client:
        raise InputError(f"a {event!r} entry needs the model's decision")
    justification = _clean_text("justification", justification, required=event == "override")
    if event == "override":
        if final_decision is None:
            raise InputError("an override needs the final decision")
    elif event == "shown":
        if final_decision is not None and final_decision != model_decision:
            raise InputError("a final decision different from the model's is an override: "
                             "record it as event 'override' with a justification")
        final_decision = model_decision
    elif final_decision is None:  # an export carries the decision it exports (maybe overridden)
        final_decision = model_decision
    return {
        "officer": _clean_text("officer", officer, required=True),
        "client_id": client_id,
        "event": event,
        "model_name": _clean_text("model_name", model_name, required=True),
        "model_version": _clean_text("model_version", str(model_version)
                                     if model_version is not None else None, required=True),
        "model_hash": _clean_text("model_hash", model_hash, required=True),
        "features_hash": None if features is None else features_hash(features),
        "probability": probability,
        "model_decision": model_decision,
        "final_decision": final_decision,
        "justification": justification,
        "export_hash": _clean_text("export_hash", export_hash, required=False),
    }


def _now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def record(
    con: Connection,
    *,
    officer: str,
    client_id: int | None,
    event: str,
    model_name: str,
    model_version: str,
    model_hash: str,
    features: Iterable[float | None] | np.ndarray | None,
    probability: float | None,
    model_decision: str | None,
    final_decision: str | None = None,
    justification: str | None = None,
    export_hash: str | None = None,
) -> int:
    """Append one decision to the log in its own transaction; return its entry id."""
    row = _validated(
        officer=officer, client_id=client_id, event=event, model_name=model_name,
        model_version=model_version, model_hash=model_hash, features=features,
        probability=probability, model_decision=model_decision,
        final_decision=final_decision, justification=justification, export_hash=export_hash,
    )
    if is_read_only(con):
        why = getattr(con, "reason", None)
        raise StoreError("the decision was not logged: the store is open read-only"
                         + (f" ({why})" if why else ""))
    raw = raw_connection(con)
    last_error: Exception | None = None
    for _attempt in range(5):  # another cursor of this process may append at the same time
        try:
            return _append(raw, row)
        except duckdb.TransactionException as exc:
            last_error = exc
        except duckdb.Error as exc:
            if "read-only" in str(exc):
                raise StoreError("the decision was not logged: the store is open read-only") from exc
            raise StoreError(f"the decision could not be logged ({exc})") from exc
    raise StoreError(f"the decision could not be logged ({last_error})")


def _append(raw: duckdb.DuckDBPyConnection, fields: dict[str, Any]) -> int:
    ensure_tables(raw)
    raw.execute("BEGIN TRANSACTION")
    try:
        last = raw.execute(
            f"SELECT entry_id, row_hash FROM {TABLE} ORDER BY entry_id DESC LIMIT 1"
        ).fetchone()
        entry_id, prev = (int(last[0]) + 1, last[1]) if last else (1, GENESIS_HASH)
        row = {"entry_id": entry_id, "ts": _now_iso(), **fields, "prev_hash": prev}
        row["row_hash"] = row_hash(row)
        placeholders = ", ".join("?" for _ in FIELDS)
        raw.execute(f"INSERT INTO {TABLE} ({', '.join(FIELDS)}) VALUES ({placeholders})",
                    [row[name] for name in FIELDS])
        raw.execute(f"DELETE FROM {HEAD_TABLE}")
        raw.execute(f"INSERT INTO {HEAD_TABLE} VALUES (?, ?)", [entry_id, row["row_hash"]])
        raw.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # a failed COMMIT has already rolled back
            raw.execute("ROLLBACK")
        raise
    return entry_id


def carry_over(old_store: str | Path, con: Connection) -> int:
    """Copy the decision log of the store at ``old_store`` into ``con``'s store; return its size.

    For code that rebuilds a store as a new file and renames it over the old
    one (generation, rebuild of the default store): call it on the new file
    before the rename so the audit trail survives. The copy verifies as the
    original did (hashes do not depend on the file).
    """
    old = Path(old_store)
    if not old.exists():
        return 0
    raw = raw_connection(con)
    alias = "creditdesk_previous_store"
    literal = "'" + str(old).replace("'", "''") + "'"
    try:
        raw.execute(f"ATTACH {literal} AS {alias} (READ_ONLY)")
    except duckdb.Error as exc:
        raise StoreError(f"the decision log of {old} cannot be read to carry it over "
                         f"({str(exc).splitlines()[0]})") from exc
    try:
        tables = {r[0] for r in raw.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ?", [alias]).fetchall()}
        if TABLE not in tables:
            return 0
        ensure_tables(raw)
        raw.execute("BEGIN TRANSACTION")
        try:
            raw.execute(f"DELETE FROM {TABLE}")
            raw.execute(f"INSERT INTO {TABLE} ({', '.join(FIELDS)}) "
                        f"SELECT {', '.join(FIELDS)} FROM {alias}.{TABLE}")
            raw.execute(f"DELETE FROM {HEAD_TABLE}")
            if HEAD_TABLE in tables:
                raw.execute(f"INSERT INTO {HEAD_TABLE} SELECT n_rows, head_hash FROM {alias}.{HEAD_TABLE}")
            raw.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                raw.execute("ROLLBACK")
            raise
        return int(raw.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0])
    finally:
        with contextlib.suppress(duckdb.Error):
            raw.execute(f"DETACH {alias}")


# -- reading ----------------------------------------------------------------------------------


def _rows(con: Connection, where: str = "", params: list[Any] | None = None) -> list[dict[str, Any]]:
    if not _has_log(con):
        return []
    try:
        cur = raw_connection(con).execute(
            f"SELECT {', '.join(FIELDS)} FROM {TABLE} {where} ORDER BY entry_id, row_hash",
            params or [],
        )
        return [dict(zip(FIELDS, values, strict=True)) for values in cur.fetchall()]
    except duckdb.Error as exc:  # a column dropped or renamed behind CreditDesk's back
        raise StoreError(f"the decision log cannot be read ({str(exc).splitlines()[0]})") from exc


def history(con: Connection, client_id: int) -> list[dict[str, Any]]:
    """Every logged decision about one client, oldest first."""
    return _rows(con, "WHERE client_id = ?", [int(client_id)])


def verify(con: Connection) -> VerifyResult:
    """Check every row's hash and the chain; name the first broken row and why."""
    try:
        rows = _rows(con)
    except StoreError as exc:
        return VerifyResult(False, 0, None, f"{exc}: its structure was altered")
    previous_hash = GENESIS_HASH
    for position, row in enumerate(rows):
        expected_id = position + 1
        entry_id = row["entry_id"]
        if entry_id is None:
            return VerifyResult(False, len(rows), expected_id,
                                f"entry #{expected_id} has lost its entry id")
        if row_hash(row) != row["row_hash"]:
            return VerifyResult(False, len(rows), entry_id,
                                f"entry #{entry_id} was altered after it was written "
                                "(its contents no longer match its hash)")
        if entry_id > expected_id:
            return VerifyResult(False, len(rows), expected_id,
                                f"entry #{expected_id} is missing (deleted?): "
                                f"entry #{entry_id} comes after #{expected_id - 1}")
        if entry_id < expected_id:
            return VerifyResult(False, len(rows), entry_id,
                                f"entry #{entry_id} appears more than once")
        if row["prev_hash"] != previous_hash:
            return VerifyResult(False, len(rows), entry_id,
                                f"entry #{entry_id} does not follow entry #{entry_id - 1} "
                                "(rows inserted, deleted or reordered)")
        previous_hash = row["row_hash"]
    return _check_head(con, rows, previous_hash)


def _check_head(con: Connection, rows: list[dict[str, Any]], last_hash: str) -> VerifyResult:
    n = len(rows)
    head = None
    if _has_log(con):
        try:
            found = raw_connection(con).execute(
                f"SELECT n_rows, head_hash FROM {HEAD_TABLE}").fetchall()
        except duckdb.CatalogException:
            found = []
        if len(found) != 1 and n:
            return VerifyResult(False, n, n, "the log's head record is missing or duplicated")
        head = found[0] if found else None
    if head is None:
        return VerifyResult(True, n)
    head_n, head_hash = int(head[0]) if head[0] is not None else -1, head[1]
    if head_n > n:
        return VerifyResult(False, n, n + 1,
                            f"entries #{n + 1} to #{head_n} are missing (log truncated)")
    if head_n < n:
        return VerifyResult(False, n, head_n + 1,
                            f"entry #{head_n + 1} was added outside CreditDesk")
    if head_hash != last_hash:
        return VerifyResult(False, n, n or None,
                            f"entry #{n} does not match the log's head record")
    return VerifyResult(True, n)


def export_csv(con: Connection, out_path: str | Path) -> int:
    """Write the whole log to a CSV file (atomically); return the number of entries.

    Probabilities are written with full precision, so the chain can be
    recomputed from the file alone.
    """
    out = Path(out_path)
    if out.is_dir():
        raise InputError(f"{out} is a folder: give a file name for the export")
    if not out.parent.exists():
        raise InputError(f"folder {out.parent} does not exist")
    rows = _rows(con)
    fd, tmp = tempfile.mkstemp(prefix=".decision-log-", suffix=".csv", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(FIELDS)
            for row in rows:
                writer.writerow(["" if row[f] is None else
                                 repr(row[f]) if isinstance(row[f], float) else row[f]
                                 for f in FIELDS])
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(rows)
