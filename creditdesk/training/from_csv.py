"""`train --csv`: import a bank's own table and train on it, all or nothing.

The table is imported into a *staging copy* of the store (a hidden folder next
to it), the model is trained on that copy and its bundle written to a hidden
folder next to ``out_dir``. Only when training succeeded does the imported
store replace the real one (through the store's own staged replacement: the
decision log is carried over, a store held by another program is refused) and
the bundle move to ``out_dir``. A refused table, a refused training (one
outcome class, too few rows, ...) or a cancel leaves the store byte-for-byte as
it was (or absent) and writes no bundle.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from creditdesk.training.pipeline import TrainingResult, train

Progress = Callable[[float, str], None]
_STAGING_SUFFIX = ".train"
IMPORT_SHARE = 0.15  # of the progress bar


def _part(progress: Progress | None, start: float, end: float) -> Progress | None:
    if progress is None:
        return None

    def report(fraction: float, message: str) -> None:
        progress(start + (end - start) * min(max(fraction, 0.0), 1.0), message)

    return report


def train_from_csv(
    csv_path: str | os.PathLike,
    store_path: str | os.PathLike,
    out_dir: str | os.PathLike,
    *,
    id_column: str,
    target_column: str,
    dictionary_path: str | os.PathLike | None = None,
    progress: Progress | None = None,
    **train_kwargs: Any,
) -> TrainingResult:
    """Import ``csv_path`` into ``store_path`` and train a bundle into ``out_dir`` — or change
    neither. ``progress`` covers both steps (import up to 15%); ``train_kwargs`` go to
    :func:`creditdesk.training.pipeline.train`."""
    from creditdesk.core.bundle import check_bundle_target, install_bundle
    from creditdesk.store.importer import import_table
    from creditdesk.store.staging import check_replaceable

    target = Path(store_path).expanduser()
    out = Path(out_dir).expanduser()
    check_bundle_target(out)  # refuse a bad --out before minutes of work
    check_replaceable(target)  # a foreign, damaged or busy store: refused, nothing written
    target.parent.mkdir(parents=True, exist_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    with _staging_folder(target.parent, target.name) as stage, \
            _staging_folder(out.parent, out.name) as bundle_stage:
        staged = stage / target.name  # same name: the training fingerprint names the store
        if target.exists() and target.stat().st_size:
            shutil.copyfile(target, staged)
            wal = Path(f"{target}.wal")
            if wal.exists():
                shutil.copyfile(wal, Path(f"{staged}.wal"))
        import_table(csv_path, staged, id_column=id_column, target_column=target_column,
                     dictionary_path=dictionary_path, progress=_part(progress, 0.0, IMPORT_SHARE))
        result = train(staged, bundle_stage / out.name, progress=_part(progress, IMPORT_SHARE, 1.0),
                       pipeline="table", **train_kwargs)
        _replace_store(staged, target)
        install_bundle(bundle_stage / out.name, out)
    result.bundle_path = out
    return result


def _replace_store(staged: Path, target: Path) -> None:
    """Put the staged store's contents in place of ``target`` through the store's own
    staged replacement (decision log carried over, busy store refused)."""
    from creditdesk.store.staging import staged_store

    literal = "'" + str(staged).replace("'", "''") + "'"
    with staged_store(target, keep_existing=False) as con:
        name = con.execute("SELECT current_database()").fetchone()[0]
        con.execute(f"ATTACH {literal} AS creditdesk_trained (READ_ONLY)")
        try:
            con.execute(f'COPY FROM DATABASE creditdesk_trained TO "{name.replace(chr(34), chr(34) * 2)}"')
        finally:
            con.execute("DETACH creditdesk_trained")


@contextlib.contextmanager
def _staging_folder(parent: Path, name: str) -> Iterator[Path]:
    """A hidden folder ``.NAME.PID.XXXX.train`` in ``parent``, removed afterwards; folders left
    by killed runs are removed first."""
    pattern = re.compile(rf"\.{re.escape(name)}\.(\d+)\.\w+{re.escape(_STAGING_SUFFIX)}")
    from creditdesk.store.staging import pid_alive

    with contextlib.suppress(OSError):
        for entry in os.scandir(parent):
            match = pattern.fullmatch(entry.name)
            if match and entry.is_dir(follow_symlinks=False) and not pid_alive(int(match.group(1))):
                shutil.rmtree(entry.path, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{name}.{os.getpid()}.", suffix=_STAGING_SUFFIX, dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
