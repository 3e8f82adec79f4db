"""Replacing a store file safely: build the new one beside it, rename it into place.

Imports and generation write a whole new store. :func:`staged_store` gives them
a connection to a temporary file next to the target (``.NAME.PID.staging``,
plus DuckDB's ``.wal`` and spill folder ``.tmp``) and moves it over the target
(``os.replace``) only when the work succeeded; any error or cancel leaves the
target byte-for-byte as it was. Before anything is written it refuses a target
another program holds open (its later decision-log entries would go to the
replaced file and be lost) and a target that is not a DuckDB store; just before
the rename it checks again and copies the current decision log of the target
into the new file, so the audit trail survives every import and regeneration.

A process killed mid-way leaves its temporary files behind: they are removed by
the next import, generation or opening of that store, once their process is
gone (:func:`remove_stale_staging_files`).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from creditdesk.errors import StoreError
from creditdesk.store.connection import connect, ensure_not_in_use

if TYPE_CHECKING:
    import duckdb

STAGING_SUFFIX = ".staging"
#: what DuckDB adds to a database file name: its write-ahead log and its spill folder
_DUCKDB_SIDE_FILES = ("", ".wal", ".tmp")
_DUCKDB_MAGIC = b"DUCK"  # bytes 8..12 of a DuckDB database file
_SQLITE_MAGIC = b"SQLite format 3\x00"


def staging_path(store: str | Path, pid: int | None = None) -> Path:
    """The temporary file an import or generation of ``store`` by process ``pid`` writes."""
    store = Path(store)
    return store.with_name(f".{store.name}.{os.getpid() if pid is None else pid}{STAGING_SUFFIX}")


def _staging_patterns(name: str) -> list[re.Pattern[str]]:
    side = "(?:" + "|".join(re.escape(s) for s in _DUCKDB_SIDE_FILES if s) + ")?"
    name = re.escape(name)
    return [
        re.compile(rf"\.{name}\.(\d+){re.escape(STAGING_SUFFIX)}{side}"),
        # the names earlier builds used (generator, importer): their litter goes too
        re.compile(rf"{name}\.tmp-(\d+){side}"),
        re.compile(rf"\.{name}\.(\d+)\.importing{side}"),
    ]


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` is running (True when unsure)."""
    if pid <= 0:
        return True
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process on Windows
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: alive, someone else's
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def stale_staging_files(store: str | Path) -> list[Path]:
    """Temporary files of ``store`` left by imports or generations whose process is gone."""
    store = Path(store)
    patterns = _staging_patterns(store.name)
    found = []
    try:
        entries = list(os.scandir(store.parent))
    except OSError:
        return []
    for entry in entries:
        for pattern in patterns:
            match = pattern.fullmatch(entry.name)
            if match and not pid_alive(int(match.group(1))):
                found.append(Path(entry.path))
                break
    return sorted(found)


def remove_stale_staging_files(store: str | Path) -> list[Path]:
    """Delete :func:`stale_staging_files`; return what was removed (never raises)."""
    removed = []
    for path in stale_staging_files(store):
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def _remove_staging(tmp: Path) -> None:
    for suffix in _DUCKDB_SIDE_FILES:
        path = Path(str(tmp) + suffix)
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)


def check_replaceable(target: Path) -> None:
    """StoreError unless ``target`` is absent, empty or a readable DuckDB database that no
    other program holds open.

    A file of anything else (a SQLite database, a spreadsheet, a damaged store)
    is never overwritten or read as a store. Only the header is read before the
    lock check: nothing here writes to a file that is not a DuckDB database.
    """
    import duckdb

    if target.is_dir():
        raise StoreError(f"{target} is a folder, not a store file")
    if not target.exists():
        return
    try:
        with target.open("rb") as fh:
            head = fh.read(64)
    except OSError as exc:
        raise StoreError(f"store {target} cannot be read ({exc.strerror or exc})") from exc
    if not head:
        return
    if head.startswith(_SQLITE_MAGIC) or head[8:12] != _DUCKDB_MAGIC:
        kind = "a SQLite database" if head.startswith(_SQLITE_MAGIC) else "not a DuckDB database"
        raise StoreError(f"{target} is not a CreditDesk store ({kind}); choose another "
                         "file name: nothing was changed")
    ensure_not_in_use(target)
    try:
        connect(target, read_only=True).close()
    except duckdb.Error as exc:
        if "different configuration" in str(exc):  # open in this process: it reads
            return
        if "without a key" in str(exc) or "encrypt" in str(exc).lower():
            raise StoreError(f"{target} is an encrypted store: it cannot be replaced by an "
                             "import or a generation; choose another file name") from exc
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(f"{target} is a damaged store ({first}); nothing was changed") from exc


@contextlib.contextmanager
def staged_store(
    store_path: str | Path,
    *,
    keep_existing: bool = True,
    config: dict[str, Any] | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a new version of ``store_path``, moved into place when the block ends.

    ``keep_existing``: start from a copy of the current store (the importers keep
    the tables of other areas); otherwise from an empty database (generation).
    Either way the current decision log is carried into the new file just
    before the rename. StoreError if another program holds the store or if it
    is not a DuckDB store; nothing is changed then.
    """
    import duckdb

    from creditdesk.store.audit import carry_over

    target = Path(store_path).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging_files(target)
    check_replaceable(target)
    tmp = staging_path(target)
    _remove_staging(tmp)
    target_wal = Path(str(target) + ".wal")
    con = None
    try:
        if keep_existing and target.exists() and target.stat().st_size:
            shutil.copyfile(target, tmp)
            if target_wal.exists():
                shutil.copyfile(target_wal, Path(str(tmp) + ".wal"))
        try:
            con = connect(tmp, config=config)
        except duckdb.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"{target.name}: not a DuckDB client store, cannot write it "
                             f"({first})") from exc
        yield con
        if target.exists() and target.stat().st_size:
            # another program may have opened the store meanwhile: its decisions would be lost
            ensure_not_in_use(target)
            carry_over(target, con)  # the log as it is now, entries logged meanwhile included
        con.execute("CHECKPOINT")
        con.close()
        con = None
        try:
            os.replace(tmp, target)
        except OSError as exc:  # e.g. Windows, while another program holds the old store
            raise StoreError(f"cannot replace {target}: {exc.strerror or exc}; "
                             "close any CreditDesk window using it and try again") from exc
        with contextlib.suppress(FileNotFoundError):
            target_wal.unlink()  # the old log belongs to the replaced file
    finally:
        if con is not None:
            with contextlib.suppress(Exception):
                con.close()
        _remove_staging(tmp)
