"""GUI fixtures: one small generated store and a bundle per session, a fresh window per test.

The window uses the test's own settings file and a scripted dialog service;
at teardown it is closed and the test fails if a worker thread or an active
timer survives.
"""

from __future__ import annotations

import argparse
import os
import threading

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

N_CLIENTS = 3000
SEED = 11


@pytest.fixture(scope="session")
def ui_store(tmp_path_factory):
    from creditdesk.data.generator import generate_store

    path = tmp_path_factory.mktemp("ui_store") / "clients.duckdb"
    generate_store(path, N_CLIENTS, SEED)
    return path


@pytest.fixture(scope="session")
def ui_bundle(tmp_path_factory, ui_store):
    """The shipped bundle when it loads, else a tiny one trained on the session store."""
    from creditdesk import paths
    from creditdesk.core.bundle import load_bundle
    from creditdesk.errors import BundleError

    try:
        load_bundle(paths.model_dir())
        return paths.model_dir()
    except BundleError:
        pass
    from creditdesk.training.pipeline import train

    out = tmp_path_factory.mktemp("ui_bundle") / "bundle"
    train(ui_store, out, max_rounds=40)
    return out


def _worker_threads() -> list[str]:
    return [
        t.name for t in threading.enumerate() if t.name.startswith("creditdesk-") and t.is_alive()
    ]


@pytest.fixture
def make_window(qtbot, tmp_path, ui_store, ui_bundle):
    """Build, show and start main windows; close them and check for leaks at teardown."""
    from PySide6.QtCore import QSettings, QTimer

    from creditdesk.ui.app import build_window
    from creditdesk.ui.dialogs import ScriptedDialogs

    made = []

    def make(lang: str = "en", client: int | None = None, store=None, size=(1280, 820)):
        dialogs = ScriptedDialogs()
        qs = QSettings(str(tmp_path / f"settings-{len(made)}.ini"), QSettings.Format.IniFormat)
        args = argparse.Namespace(
            store=str(store or ui_store),
            bundle=str(ui_bundle),
            lang=lang,
            client=client,
            panel=None,
            screenshot=None,
        )
        ctx, window = build_window(args, dialogs=dialogs, qsettings=qs)
        window.resize(*size)
        window.show()
        window.start(store or ui_store, client_id=client)
        made.append((ctx, window))
        qtbot.waitUntil(lambda: ctx.session.current is not None and idle(ctx), timeout=60_000)
        return ctx, window

    yield make

    for ctx, window in made:
        window.close()
        active = [t for t in ctx.findChildren(QTimer) + window.findChildren(QTimer) if t.isActive()]
        assert not active, (
            f"timers left running: {[(t.parent().__class__.__name__, t.objectName(), t.interval()) for t in active]}"
        )
        window.deleteLater()
    qtbot.wait(10)
    assert not _worker_threads(), f"worker threads left running: {_worker_threads()}"


def idle(ctx) -> bool:
    """No queued work, no pending what-if, reasons known."""
    s = ctx.session
    return (
        not ctx.db.pending
        and not ctx.jobs.pending
        and not s.busy
        and s.client is not None
        and s.reasons_ready
    )


@pytest.fixture
def wait_idle(qtbot):
    def wait(ctx, timeout=30_000):
        qtbot.waitUntil(lambda: idle(ctx), timeout=timeout)

    return wait


@pytest.fixture
def tampered_bundle(tmp_path, ui_bundle):
    """A copy of the session bundle with one byte of model.txt changed (the manifest refuses it)."""
    import shutil

    bundle = tmp_path / "tampered"
    shutil.copytree(ui_bundle, bundle)
    model = bundle / "model.txt"
    data = bytearray(model.read_bytes())
    middle = len(data) // 2
    data[middle] = ord("7") if data[middle] != ord("7") else ord("8")
    model.write_bytes(bytes(data))
    return bundle
