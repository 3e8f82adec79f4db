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


def test_a_tampered_bundle_fails_the_bundle_check(tmp_path):
    import shutil

    from creditdesk.paths import model_dir

    if not (model_dir() / "MANIFEST.sha256").exists():
        pytest.skip("no shipped model bundle yet")
    bundle = tmp_path / "model"
    shutil.copytree(model_dir(), bundle)
    card = bundle / "bundle.json"
    card.write_bytes(card.read_bytes().replace(b'"threshold"', b'"threshold" ', 1))
    code, lines = _run("--bundle", str(bundle))
    assert code == 1
    assert any(line.startswith("FAIL bundle: ") for line in lines), lines


# --------------------------------------------------------------------------- the whole path


@pytest.mark.slow
@pytest.mark.gui
def test_selftest_passes_on_a_fresh_install():
    """No default store yet (CREDITDESK_HOME is empty): the self-test builds a small one."""
    code, lines = _run()
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
import json, sys
from creditdesk.cli import main
code = main(["--selftest"])
json.dump({"code": code, "modules": sorted(sys.modules)}, open(sys.argv[1], "w"))
"""


@pytest.mark.slow
@pytest.mark.gui
def test_selftest_imports_nothing_the_frozen_app_leaves_out(tmp_path):
    """What the spec excludes must never be imported on the self-test path, which walks
    store, bundle, scoring, window, sheet and drift report: otherwise the frozen app
    would fail where the checkout works."""
    out = tmp_path / "modules.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CREDITDESK_HOME=str(tmp_path / "home"))
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(out)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.exists(), done.stdout + done.stderr
    result = json.loads(out.read_text())
    assert result["code"] == 0, done.stdout + done.stderr
    loaded = set(result["modules"])
    excluded = _spec_excludes()
    offending = sorted(m for m in loaded for ex in excluded if m == ex or m.startswith(ex + "."))
    assert offending == []
