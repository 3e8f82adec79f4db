"""``creditdesk --selftest``: the checks, their output, the socket guard, and that the
self-test path imports nothing the PyInstaller spec leaves out of the frozen app."""

from __future__ import annotations

import ast
import io
import json
import os
import socket
import subprocess
import sys

import pytest

from creditdesk import selftest
from creditdesk.cli import build_parser, main
from tests.packaging.conftest import PACKAGING, ROOT


def _args(*argv: str):
    return build_parser().parse_args(["--selftest", *argv])


@pytest.fixture
def shipped_bundle():
    from creditdesk.paths import model_dir

    if not (model_dir() / "MANIFEST.sha256").exists():
        pytest.skip("no shipped model bundle in model/ yet")
    return model_dir()


def _run(*argv: str) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = selftest.run_selftest(_args(*argv), out=out)
    return code, out.getvalue().splitlines()


# --------------------------------------------------------------------------- socket guard


def test_guard_refuses_and_records_non_loopback_connections():
    with selftest.OfflineGuard() as guard:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            with pytest.raises(selftest.NetworkRefusedError):
                sock.connect(("192.0.2.1", 443))
            with pytest.raises(selftest.NetworkRefusedError):
                sock.connect_ex(("2001:db8::1", 443, 0, 0))
        finally:
            sock.close()
        with pytest.raises(selftest.NetworkRefusedError):
            socket.getaddrinfo("telemetry.example.org", 443)
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            with pytest.raises(selftest.NetworkRefusedError):
                udp.sendto(b"x", ("192.0.2.1", 53))
        finally:
            udp.close()
    assert len(guard.attempts) == 4


def test_guard_lets_loopback_through_and_uninstalls_cleanly():
    before = (socket.socket.connect, socket.getaddrinfo)
    with selftest.OfflineGuard() as guard:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            client.connect(server.getsockname())
        finally:
            client.close()
            server.close()
        socket.getaddrinfo("localhost", 80)
    assert guard.attempts == []
    assert (socket.socket.connect, socket.getaddrinfo) == before


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "offscreen"),
        ({"DISPLAY": ":0"}, None),
        ({"WAYLAND_DISPLAY": "wayland-0"}, None),
        ({"QT_QPA_PLATFORM": "xcb"}, "xcb"),
    ],
)
def test_offscreen_only_without_a_display(monkeypatch, env, expected):
    monkeypatch.setattr(sys, "platform", "linux")
    environ = dict(env)
    selftest._use_offscreen_without_display(environ)
    assert environ.get("QT_QPA_PLATFORM") == expected


# --------------------------------------------------------------------------- failures


def test_a_failing_check_prints_fail_and_skips_the_rest(tmp_path):
    code, lines = _run("--store", str(tmp_path / "missing.duckdb"))
    assert code == 1
    assert lines[0].startswith("CreditDesk ")
    assert lines[1].startswith("ok   guard")
    assert lines[2].startswith("FAIL store: ")
    assert "missing.duckdb" in lines[2]
    skipped = [line.split()[1] for line in lines if line.startswith("skip ")]
    assert skipped == [name for name, _ in selftest.CHECKS[2:]]
    assert lines[-1].startswith("self-test FAILED")


def test_cli_routes_selftest_and_returns_its_status(tmp_path, capsys):
    assert main(["--selftest", "--store", str(tmp_path / "missing.duckdb")]) == 1
    assert "FAIL store: " in capsys.readouterr().out


def test_a_tampered_bundle_fails_the_bundle_check(tmp_path, shipped_bundle):
    import shutil

    bundle = tmp_path / "model"
    shutil.copytree(shipped_bundle, bundle)
    card = bundle / "bundle.json"
    card.write_bytes(card.read_bytes().replace(b'"threshold"', b'"threshold" ', 1))
    code, lines = _run("--bundle", str(bundle))
    assert code == 1
    assert any(line.startswith("FAIL bundle: ") for line in lines), lines


# --------------------------------------------------------------------------- the whole path


@pytest.mark.slow
@pytest.mark.gui
def test_selftest_passes_on_a_fresh_install(shipped_bundle):
    """No default store yet (CREDITDESK_HOME is empty): the self-test builds a small one.

    Run as a user runs it, in its own process: the self-test starts and quits a whole
    QApplication, which must not share a process with the other GUI tests.
    """
    done = subprocess.run([sys.executable, "-m", "creditdesk", "--selftest"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    code, lines = done.returncode, done.stdout.splitlines()
    assert code == 0, "\n".join(lines)
    checks = [line for line in lines if line.startswith(("ok ", "FAIL", "skip"))]
    assert [line.split()[1] for line in checks] == [name for name, _ in selftest.CHECKS]
    assert all(line.startswith("ok   ") for line in checks)
    assert any(line.startswith("ok   bundle   sha256 ") for line in lines)
    assert "generated" in next(line for line in lines if line.startswith("ok   store"))
    assert lines[-1].startswith("self-test passed")


def _spec_excludes() -> list[str]:
    tree = ast.parse((PACKAGING / "creditdesk.spec").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == "excludes" for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError("no excludes list in the spec")


_CHILD = """
import importlib.machinery, json, sys

EXCLUDED = json.loads(sys.argv[2])


class FrozenLikePathFinder(importlib.machinery.PathFinder):
    # What PyInstaller leaves out is not there, as in the frozen app: not importable, and
    # importlib.util.find_spec() says None (optional imports then take their fallback).
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if any(name == ex or name.startswith(ex + ".") for ex in EXCLUDED):
            return None
        return super().find_spec(name, path, target)


sys.meta_path[:] = [
    FrozenLikePathFinder if f is importlib.machinery.PathFinder else f for f in sys.meta_path
]
from creditdesk.cli import main

sys.exit(main(["--selftest"]))
"""


@pytest.mark.slow
@pytest.mark.gui
def test_selftest_passes_without_what_the_frozen_app_leaves_out(tmp_path, shipped_bundle):
    """Every module the spec excludes made unimportable, as in the frozen app: the self-test
    path (store, bundle, scoring, window, sheet, drift report) must still pass, or the
    frozen app would fail where the checkout works."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CREDITDESK_HOME=str(tmp_path / "home"))
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, "-", json.dumps(_spec_excludes())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert "self-test passed" in done.stdout
