"""What the window says and offers when the model or the store cannot be used.

A refused (tampered) bundle stops everything with its own message, also in
the ``--screenshot`` mode; a damaged or foreign store offers to open another
one or rebuild the default one; a store held by another program opens
read-only and the status bar says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ui.conftest import idle

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]


def _screenshot(tmp_path, *args: str, home: Path) -> tuple[subprocess.CompletedProcess, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CREDITDESK_HOME": str(home)}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "creditdesk", *args, "--screenshot", str(tmp_path / "shot.png")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result, time.monotonic() - started


def _refused_promptly(result, took: float, tmp_path) -> None:
    assert result.returncode == 2, result.stderr[-2000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("creditdesk: error: model bundle "), result.stderr[-2000:]
    assert "SHA-256" in last and "not ready" not in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "shot.png").exists()
    assert took < 60, f"took {took:.0f} s"


def test_screenshot_with_a_tampered_bundle_exits_with_the_refusal(
    tmp_path, ui_store, tampered_bundle
):
    result, took = _screenshot(
        tmp_path, "--store", str(ui_store), "--bundle", str(tampered_bundle), home=tmp_path / "h"
    )
    _refused_promptly(result, took, tmp_path)


def test_first_start_with_a_tampered_bundle_builds_no_store(tmp_path, tampered_bundle):
    home = tmp_path / "home"
    result, took = _screenshot(tmp_path, "--bundle", str(tampered_bundle), home=home)
    _refused_promptly(result, took, tmp_path)
    assert not (home / "default.duckdb").exists()  # refused before minutes of generation


@pytest.mark.parametrize(
    ("lang", "title"),
    [("en", "The model cannot be used"), ("fr", "Le modèle ne peut pas être utilisé")],
)
def test_a_refused_bundle_has_its_own_title_and_no_fallback(
    make_window, qtbot, tampered_bundle, ui_store, lang, title
):
    ctx, window = make_window(lang=lang)
    services = ctx.services
    window.bundle_path = str(tampered_bundle)
    window.open_store(ui_store)
    qtbot.waitUntil(lambda: "error" in ctx.dialogs.kinds(), timeout=20_000)
    _kind, shown_title, text = ctx.dialogs.shown[-1]
    assert shown_title == title
    assert "model bundle" in text and "Traceback" not in text
    qtbot.waitUntil(lambda: idle(ctx), timeout=10_000)
    assert ctx.services is services  # nothing was swapped in: the refused model scores nothing


def test_a_damaged_store_offers_to_open_another_one(make_window, qtbot, tmp_path, ui_store):
    ctx, window = make_window()
    bad = tmp_path / "broken.duckdb"
    bad.write_bytes(b"this is not a database" * 100)
    other = tmp_path / "other.duckdb"
    shutil.copyfile(ui_store, other)
    ctx.dialogs.answers.extend(["open", str(other)])  # "Open another store…", then the file
    window.open_store(bad)
    qtbot.waitUntil(
        lambda: ctx.services is not None and ctx.services.store_path == other, timeout=30_000
    )
    kind, title, text = ctx.dialogs.shown[0]
    assert (kind, title) == ("choose", "Cannot open the store")
    assert str(bad) in text and "not a CreditDesk store" in text and "Traceback" not in text
    assert ctx.dialogs.kinds() == ["choose", "open_file"]
    qtbot.waitUntil(lambda: idle(ctx), timeout=30_000)


def test_a_damaged_default_store_is_rebuilt_and_kept_aside(
    make_window, qtbot, monkeypatch, wait_idle
):
    from creditdesk.paths import default_store_path
    from creditdesk.ui import backend

    monkeypatch.setattr(backend, "DEFAULT_STORE_CLIENTS", 400)
    ctx, window = make_window()
    default = default_store_path()  # in this test's own CREDITDESK_HOME
    default.parent.mkdir(parents=True, exist_ok=True)
    damaged = b"SQLite format 3\x00" + bytes(4000)
    default.write_bytes(damaged)
    ctx.dialogs.answers.append("default")
    window.open_store(default)
    qtbot.waitUntil(
        lambda: ctx.services is not None and ctx.services.store_path == default, timeout=120_000
    )
    assert ctx.dialogs.shown[0][0] == "choose"
    assert "SQLite" in ctx.dialogs.shown[0][2]
    kept = list(default.parent.glob("default.duckdb.damaged-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    assert ctx.services.layout is not None and not ctx.services.read_only
    wait_idle(ctx, timeout=60_000)
    assert "error" not in ctx.dialogs.kinds(), ctx.dialogs.shown


def test_a_damaged_store_without_an_answer_keeps_the_open_one(make_window, qtbot, tmp_path):
    ctx, window = make_window()
    bad = tmp_path / "foreign.duckdb"
    bad.write_bytes(b"\x00" * 9000)
    shown_before = ctx.session.client.client_id
    window.open_store(bad)  # the scripted dialog answers nothing: Cancel
    qtbot.waitUntil(lambda: "choose" in ctx.dialogs.kinds(), timeout=20_000)
    qtbot.waitUntil(lambda: idle(ctx), timeout=10_000)
    assert ctx.dialogs.kinds() == ["choose"]
    assert ctx.session.client.client_id == shown_before


@pytest.fixture
def locked_store(tmp_path, ui_store):
    """A copy of the store held open for writing by another process."""
    store = tmp_path / "locked.duckdb"
    shutil.copyfile(ui_store, store)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); "
            "print('locked', flush=True); time.sleep(120)",
            str(store),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield store, holder.pid
    finally:
        holder.kill()
        holder.wait(timeout=30)
        holder.stdout.close()


def test_a_store_held_by_another_program_opens_read_only_and_says_so(
    make_window, qtbot, locked_store
):
    store, holder_pid = locked_store
    ctx, window = make_window(store=store)
    services = ctx.services
    assert services.read_only
    assert "another program" in services.read_only_reason
    assert str(holder_pid) in services.read_only_reason
    message = window.statusBar().currentMessage()
    assert "read-only" in message and services.read_only_reason in message
    assert "[read-only]" in window.store_label.text()
    assert services.read_only_reason in window.store_label.toolTip()
    assert "confirm" not in ctx.dialogs.kinds() and "error" not in ctx.dialogs.kinds()
