"""Workers, settings and translations: the plumbing under the window."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QSettings

from creditdesk.errors import Cancelled, InputError
from creditdesk.ui.settings import SCHEMA_VERSION, Settings, load_settings, save_settings
from creditdesk.ui.workers import TaskRunner


def test_runner_delivers_on_the_main_thread_and_newest_wins(qtbot):
    runner = TaskRunner("test")
    main = threading.get_ident()
    seen, errors = [], []
    gate = threading.Event()

    def slow(x, progress=None):
        gate.wait(5)
        return x, threading.get_ident()

    runner.submit(slow, 1, key="k", on_result=lambda r: seen.append((r, threading.get_ident())))
    runner.submit(slow, 2, key="k", on_result=lambda r: seen.append((r, threading.get_ident())))
    runner.submit(slow, 3, key="k", on_result=lambda r: seen.append((r, threading.get_ident())))
    gate.set()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=5000)
    assert [r[0][0] for r in seen] == [3]  # 1 was running and dropped, 2 never started
    assert seen[0][1] == main and seen[0][0][1] != main

    def bad():
        raise InputError("no such client")

    runner.submit(bad, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], InputError)
    runner.shutdown()
    assert not [t for t in threading.enumerate() if t.name.startswith("creditdesk-test")]


def test_cancel_reaches_a_running_task_through_progress(qtbot):
    runner = TaskRunner("cancel")
    stopped = threading.Event()

    def long(progress=None):
        try:
            for _ in range(500):
                progress(0.1, "working")
                time.sleep(0.01)
        except Cancelled:
            stopped.set()
            raise
        return "finished"

    results = []
    task = runner.submit(long, on_result=results.append)
    qtbot.wait(50)
    task.cancel()
    assert stopped.wait(5)
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=5000)
    assert results == []
    runner.shutdown()


def test_settings_round_trip_with_a_schema_version(tmp_path):
    qs = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    s = Settings(
        geometry=b"\x01\x02",
        last_store="/x/y.duckdb",
        last_client=100002,
        language="fr",
        theme="dark",
        officer="A. Martin",
        last_panel="whatif",
    )
    save_settings(qs, s)
    again = load_settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert again == s
    assert (
        int(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat).value("schema_version"))
        == SCHEMA_VERSION
    )
    qs.setValue("ui/language", "klingon")
    qs.setValue("ui/theme", "neon")
    qs.setValue("store/last_client", "not a number")
    bad = load_settings(qs)
    assert (bad.language, bad.theme, bad.last_client) == ("", "light", None)


def test_french_catalogue_is_complete_and_compiled():
    from creditdesk.paths import resources_dir
    from creditdesk.ui.tools.build_translations import unfinished

    assert unfinished("fr") == []
    for lang in ("en", "fr"):
        qm = resources_dir() / "i18n" / f"creditdesk_{lang}.qm"
        assert qm.exists() and qm.stat().st_size > 1000


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_source_string_is_in_the_catalogue(lang):
    """A tr() string added to the code but not to the .ts files would show untranslated."""
    import ast
    import xml.etree.ElementTree as ET

    from creditdesk.paths import resources_dir
    from creditdesk.ui.tools.build_translations import sources

    known = {
        m.findtext("source")
        for m in ET.parse(resources_dir() / "i18n" / f"creditdesk_{lang}.ts").iter("message")
    }
    used = set()
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("tr", "translate"):
                args = [
                    a.value
                    for a in node.args
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)
                ]
                if args:
                    used.add(args[-1])
    assert not used - known, sorted(used - known)
