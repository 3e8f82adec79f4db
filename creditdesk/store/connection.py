"""Opening a client store: one place that tells a CreditDesk store from anything else.

``open_store`` refuses, with a message an officer can act on, a missing file,
a damaged or truncated DuckDB file, something that is not DuckDB at all (a
text file, random bytes, a SQLite database) and a DuckDB file that holds no
CreditDesk tables. The GUI answers those with "open another store / rebuild
the default one".

A second running instance cannot share the first one's write lock: DuckDB
locks the file exclusively for a writer and refuses even readers from other
processes. The second instance then works on a read-only *snapshot* (a copy
of the file and its write-ahead log taken at open time) and says so through
``StoreHandle.read_only`` and ``StoreHandle.reason`` (the status bar).

Encryption at rest: DuckDB 2.0 stores encrypted files (``ATTACH ...
(ENCRYPTION_KEY ...)``), but writes them only with its OpenSSL crypto module
from the ``httpfs`` extension; the built-in module reads only. Without httpfs
installed locally (CreditDesk never downloads extensions), an encrypted store
opens read-only and the handle says why.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from creditdesk.errors import StoreError

#: any one of these tables makes a DuckDB file a CreditDesk store
STORE_MARKER_TABLES = ("store_meta", "application", "client_table", "features")

_DUCKDB_MAGIC = b"DUCK"  # bytes 8..12 of every DuckDB database file
_SQLITE_MAGIC = b"SQLite format 3\x00"
_HEADER_BYTES = 3 * 4096  # DuckDB's main header + two database headers
_ENCRYPTED_ALIAS = "creditdesk_store"
#: DuckDB settings that keep it from installing or loading extensions by itself (a SQLite
#: file, an encrypted or extension-typed database would otherwise make it download one)
NO_EXTENSION_DOWNLOADS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


class NotAStoreError(StoreError):
    """The file exists but is not a readable CreditDesk store (damaged, foreign, not DuckDB).

    The GUI answers it with "open another store / rebuild the default one".
    """


@dataclass
class StoreHandle:
    """An open store: the DuckDB connection plus whether (and why) it is read-only.

    Attribute access falls through to the connection, so a handle can be used
    where a ``duckdb.DuckDBPyConnection`` is expected (``handle.execute(...)``,
    ``handle.sql(...)``, ``handle.begin()``...); ``handle.con`` is the raw one.
    """

    con: duckdb.DuckDBPyConnection
    path: Path
    read_only: bool
    reason: str | None = None  # why the store is read-only when the caller asked to write
    snapshot_path: Path | None = None  # the copy being read when another process holds the lock
    encrypted: bool = False
    _closed: bool = field(default=False, repr=False)

    def __getattr__(self, name: str) -> Any:
        if name in ("con", "__setstate__") or name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.con, name)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self.con.close()
        finally:
            if self.snapshot_path is not None:
                shutil.rmtree(self.snapshot_path.parent, ignore_errors=True)

    def __enter__(self) -> StoreHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def raw_connection(con: StoreHandle | duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The DuckDB connection behind a handle (or the connection itself)."""
    return con.con if isinstance(con, StoreHandle) else con


def is_read_only(con: StoreHandle | duckdb.DuckDBPyConnection) -> bool:
    return bool(getattr(con, "read_only", False))


def open_store(
    path: str | Path,
    read_only: bool = False,
    *,
    passphrase: str | None = None,
) -> StoreHandle:
    """Open the CreditDesk store at ``path``; StoreError if it is missing, damaged or foreign.

    When another process holds the store open for writing, the store is opened
    read-only on a snapshot and ``handle.reason`` says so.
    """
    path = Path(path).expanduser()
    _check_file(path)
    # temporary files of an import or generation killed before it finished
    from creditdesk.store.staging import remove_stale_staging_files

    remove_stale_staging_files(path)
    if passphrase is not None:
        handle = _open_encrypted(path, read_only, passphrase)
    else:
        handle = _open_plain(path, read_only)
    try:
        _check_is_creditdesk_store(handle, path)
    except BaseException:
        handle.close()
        raise
    return handle


# -- the file itself -------------------------------------------------------------------------


def _not_a_store(path: Path, why: str) -> NotAStoreError:
    return NotAStoreError(f"{path} is not a CreditDesk store ({why})")


def _check_file(path: Path) -> None:
    if not path.exists():
        raise StoreError(f"store {path} does not exist")
    if path.is_dir():
        raise _not_a_store(path, "it is a folder")
    try:
        with path.open("rb") as fh:
            head = fh.read(64)
    except OSError as exc:
        raise StoreError(f"store {path} cannot be read ({exc.strerror or exc})") from exc
    if not head:
        raise _not_a_store(path, "the file is empty")
    if head.startswith(_SQLITE_MAGIC):
        raise _not_a_store(path, "it is a SQLite database, not DuckDB")
    if head[8:12] != _DUCKDB_MAGIC:
        kind = "a text file" if _looks_like_text(head) else "unrecognised content"
        raise _not_a_store(path, f"{kind}, not a DuckDB database")


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# -- connecting ------------------------------------------------------------------------------


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    for prefix in ("IO Error: ", "Connection Error: ", "Catalog Error: ", "Invalid Input Error: "):
        text = text.removeprefix(prefix)
    return text


def _lock_holder(message: str) -> str | None:
    match = re.search(r"\(PID (\d+)\)", message)
    return match.group(1) if match else None


def connect(
    target: str | Path = ":memory:",
    read_only: bool = False,
    config: dict[str, Any] | None = None,
) -> duckdb.DuckDBPyConnection:
    """``duckdb.connect`` with extension autoinstall and autoload off: every CreditDesk
    connection goes through here (tests/store/test_offline_connect.py checks it).

    The settings are given at connect time, not SET afterwards: DuckDB reads the
    file (and would fetch ``sqlite_scanner`` for a SQLite file) while connecting.
    When this process already holds the file through a connection made with other
    settings (DuckDB refuses a second configuration for one file), that
    connection's instance is shared and the settings are applied to it.
    """
    settings = {**(config or {}), **NO_EXTENSION_DOWNLOADS}
    try:
        return duckdb.connect(str(target), read_only=read_only, config=settings)
    except duckdb.ConnectionException as exc:
        if "different configuration" not in str(exc):
            raise
        # the file is already open (and so already read) in this process
        con = duckdb.connect(str(target), read_only=read_only)
    try:
        for name, value in NO_EXTENSION_DOWNLOADS.items():
            con.execute(f"SET {name} = {str(value).lower()}")
    except BaseException:
        con.close()
        raise
    return con


def _connect(target: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    return connect(target, read_only)


def _open_plain(path: Path, read_only: bool) -> StoreHandle:
    if not read_only and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        handle = _open_plain(path, True)
        handle.reason = "read-only: you may read this store but not change it (file permissions)"
        return handle
    try:
        return StoreHandle(_connect(str(path), read_only), path, read_only)
    except duckdb.Error as exc:
        message = str(exc)
        if "Could not set lock" in message or "Conflicting lock" in message:
            holder = _lock_holder(message)
            who = f"another program (PID {holder})" if holder else "another program"
            return _open_snapshot(path, f"{who} has this store open for writing")
        if "different configuration" in message:
            # this process already has the store open the other way round: share that instance
            try:
                con = _connect(str(path), not read_only)
            except duckdb.Error as again:
                raise StoreError(f"store {path} cannot be opened ({_first_line(again)})") from again
            if read_only:
                return StoreHandle(con, path, True)
            return StoreHandle(con, path, True,
                               reason="this store is already open read-only in this window")
        if "without a key" in message:
            raise StoreError(f"store {path} is encrypted: a passphrase is needed") from exc
        raise _not_a_store(path, f"damaged DuckDB file: {_first_line(exc)}") from exc


def _open_snapshot(path: Path, why: str) -> StoreHandle:
    """Copy the store (and its write-ahead log) aside and open the copy read-only."""
    folder = Path(tempfile.mkdtemp(prefix="creditdesk-snapshot-"))
    copy = folder / path.name
    last_error: BaseException | None = None
    for _attempt in range(3):  # the writer may checkpoint while we copy: try again
        try:
            shutil.copyfile(path, copy)
            wal = path.with_name(path.name + ".wal")
            copy_wal = copy.with_name(copy.name + ".wal")
            copy_wal.unlink(missing_ok=True)
            if wal.exists():
                shutil.copyfile(wal, copy_wal)
            con = _connect(str(copy), True)
        except (OSError, duckdb.Error) as exc:
            last_error = exc
            continue
        return StoreHandle(con, path, True, reason=f"read-only: {why}", snapshot_path=copy)
    shutil.rmtree(folder, ignore_errors=True)
    raise StoreError(f"store {path} is in use by another program and could not be read "
                     f"({_first_line(last_error) if last_error else 'unknown reason'})")


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _open_encrypted(path: Path, read_only: bool, passphrase: str) -> StoreHandle:
    if not passphrase:
        raise StoreError("the store passphrase is empty")
    con = _connect(":memory:", False)
    # OpenSSL crypto (httpfs) is needed to write encrypted files; when it is not installed
    # locally, reading still works with DuckDB's built-in module
    with contextlib.suppress(duckdb.Error):
        con.execute("LOAD httpfs")

    def attach(ro: bool) -> None:
        options = f"ENCRYPTION_KEY {_sql_string(passphrase)}" + (", READ_ONLY" if ro else "")
        con.execute(f"ATTACH {_sql_string(str(path))} AS {_ENCRYPTED_ALIAS} ({options})")
        con.execute(f"USE {_ENCRYPTED_ALIAS}")

    reason = None
    try:
        try:
            attach(read_only)
        except duckdb.Error as exc:
            if read_only or "crypto module" not in str(exc):
                raise
            attach(True)
            reason = ("read-only: this installation can read encrypted stores but not write them "
                      "(DuckDB's OpenSSL crypto module, from the httpfs extension, is not installed)")
    except duckdb.Error as exc:
        con.close()
        message = str(exc)
        if "Wrong encryption key" in message:
            raise StoreError(f"wrong passphrase for store {path}") from exc
        if "Could not set lock" in message or "Conflicting lock" in message:
            raise StoreError(f"store {path} is open in another program") from exc
        raise _not_a_store(path, f"cannot be opened encrypted: {_first_line(exc)}") from exc
    return StoreHandle(con, path, read_only or reason is not None, reason=reason, encrypted=True)


# -- is it ours? -----------------------------------------------------------------------------


def _check_is_creditdesk_store(handle: StoreHandle, path: Path) -> None:
    try:
        tables = {
            row[0]
            for row in handle.con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
            ).fetchall()
        }
        size = handle.con.execute(
            "SELECT * FROM pragma_database_size() WHERE database_name = current_database()"
        ).fetchone()
    except duckdb.Error as exc:
        raise _not_a_store(path, f"damaged DuckDB file: {_first_line(exc)}") from exc
    if size is not None and not handle.encrypted:
        block_size, total_blocks, used_blocks = int(size[2]), int(size[3]), int(size[4])
        del total_blocks
        on_disk = (handle.snapshot_path or path).stat().st_size
        if on_disk < _HEADER_BYTES + used_blocks * block_size:
            raise _not_a_store(path, f"the file is truncated ({on_disk} bytes, "
                                     f"{used_blocks} blocks of {block_size} expected)")
    if not tables.intersection(STORE_MARKER_TABLES):
        found = ", ".join(sorted(tables)[:5]) or "no tables"
        raise _not_a_store(path, f"a DuckDB database without CreditDesk tables: {found}")


def ensure_not_in_use(path: str | Path) -> None:
    """StoreError if another program has the store open.

    For code that replaces a store file (import, generation, rebuild): a
    program holding the old file keeps writing to it after the rename, and
    those writes (decision-log entries) are lost. Call it before staging;
    the window between this check and the rename stays small but not zero.
    This process's own connections are not seen: close them first.
    """
    path = Path(path).expanduser()
    if not path.exists() or path.is_dir():
        return
    try:
        con = connect(path)
    except duckdb.Error as exc:
        message = str(exc)
        if "Could not set lock" in message or "Conflicting lock" in message:
            holder = _lock_holder(message)
            who = f"another program (PID {holder})" if holder else "another program"
            raise StoreError(f"store {path} is open in {who}; close it before replacing the "
                             "store") from exc
        return  # damaged or foreign: the caller's own checks say so
    con.close()


def store_tables(con: StoreHandle | duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the tables in the store, sorted."""
    rows = raw_connection(con).execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "ORDER BY table_name"
    ).fetchall()
    return [r[0] for r in rows]
