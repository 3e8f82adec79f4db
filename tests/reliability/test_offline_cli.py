"""Offline guarantee: the CLI's main commands succeed with no network at all (``unshare -n``),
and importing the drift report module keeps Evidently's telemetry off without opening a socket."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import textwrap

import pytest

from tests.reliability.conftest import REPO, cli_env, run_cli


def _unshare_works() -> str | None:
    """None when ``unshare -n`` can cut the network here, else why not."""
    if shutil.which("unshare") is None:
        return "unshare is not installed"
    try:
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unshare -n failed: {exc}"
    if probe.returncode != 0:
        return f"unshare -n is not permitted here: {probe.stderr.strip()[:200]}"
    return None


UNSHARE_PROBLEM = _unshare_works()


def _commands() -> set[str]:
    from creditdesk.cli import build_parser

    parser = build_parser()
    for action in parser._actions:
        if action.__class__.__name__ == "_SubParsersAction":
            return set(action.choices)
    return set()


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def test_the_network_is_really_gone_under_unshare():
    if UNSHARE_PROBLEM:
        pytest.skip(UNSHARE_PROBLEM)
    probe = textwrap.dedent("""
        import socket, sys
        s = socket.socket()
        s.settimeout(3)
        try:
            s.connect(("1.1.1.1", 53))
        except OSError as exc:
            print("refused", exc.errno)
            sys.exit(0)
        print("connected")
        sys.exit(1)
    """)
    result = subprocess.run(["unshare", "-n", sys.executable, "-c", probe],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and result.stdout.startswith("refused"), result.stdout


@pytest.mark.slow
@pytest.mark.skipif(UNSHARE_PROBLEM is not None, reason=UNSHARE_PROBLEM or "")
def test_main_commands_succeed_with_the_network_cut(tmp_path):
    commands = _commands()
    missing = {"data", "train", "score", "model", "audit"} - commands
    if missing or not _has("creditdesk.data.generator"):
        pytest.skip(f"commands not there yet: {', '.join(sorted(missing)) or 'data generate'}")

    def offline(*args, timeout=300):
        result = run_cli(*args, prefix=("unshare", "-n"), timeout=timeout)
        assert result.returncode == 0, f"{' '.join(map(str, args))}:\n{result.stderr[-3000:]}"
        assert "Traceback" not in result.stderr
        return result

    store = tmp_path / "offline.duckdb"
    offline("data", "generate", "--clients", "1500", "--seed", "3", "--out", store)
    bundle = tmp_path / "bundle"
    offline("train", "--store", store, "--out", bundle, "--max-rounds", "30")
    import duckdb

    con = duckdb.connect(str(store), read_only=True)
    client = con.execute("SELECT min(SK_ID_CURR) FROM features").fetchone()[0]
    con.close()
    scored = offline("score", "--client", client, "--store", store, "--bundle", bundle)
    assert f"client {client}" in scored.stdout
    offline("model", "info", "--bundle", bundle)
    if "sheet" in commands and _sheet_ready():
        html, pdf = tmp_path / "sheet.html", tmp_path / "sheet.pdf"
        offline("sheet", "--client", client, "--store", store, "--bundle", bundle,
                "--html", html, "--pdf", pdf)
        assert html.stat().st_size > 0 and pdf.stat().st_size > 0
    if "drift" in commands and _drift_ready():
        drifted = tmp_path / "drifted.duckdb"
        offline("data", "generate", "--clients", "1500", "--seed", "4", "--drift", "income_inflation",
                "--out", drifted)
        reports = tmp_path / "drift"
        offline("drift", "--store", drifted, "--bundle", bundle, "--out", reports,
                "--sample", "1000")
        assert list(reports.rglob("*.html"))
    verified = offline("audit", "verify", "--store", store)
    assert verified.stdout.startswith("OK:")


def _sheet_ready() -> bool:
    return _has("creditdesk.reports.sheet")


def _drift_ready() -> bool:
    return _has("creditdesk.reports.drift")


TELEMETRY_PROBE = textwrap.dedent("""
    import json, os, sys
    os.environ.pop("DO_NOT_TRACK", None)
    import ipaddress
    events, local = [], []
    def loopback(address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, (bytes, str)) and host in ("localhost", b"localhost", "", None):
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except (TypeError, ValueError):
            return False
    def hook(event, args):
        if not event.startswith("socket.") or event == "socket.__new__":
            return
        target = args[1] if event in ("socket.bind", "socket.connect", "socket.sendto") else (
            args[0] if args else None)
        (local if loopback(target) else events).append([event, repr(args)[:200]])
    sys.addaudithook(hook)
    import creditdesk.reports.drift
    import evidently  # noqa: F401  (whatever the module imported lazily, import it now)
    from evidently import Report  # noqa: F401
    print(json.dumps({"dnt": os.environ.get("DO_NOT_TRACK"), "events": events, "local": local}))
""")


@pytest.mark.skipif(not _has("creditdesk.reports.drift"), reason="REPORTS' drift module not there yet")
def test_drift_import_keeps_telemetry_off_and_opens_no_socket():
    env = cli_env()
    env.pop("DO_NOT_TRACK", None)
    result = subprocess.run([sys.executable, "-c", TELEMETRY_PROBE], capture_output=True, text=True,
                            env=env, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["dnt"] == "1"
    # loopback-only probes are allowed (urllib3 binds ::1 at import to test IPv6 support)
    assert seen["events"] == [], seen["events"]


@pytest.mark.skipif(UNSHARE_PROBLEM is not None, reason=UNSHARE_PROBLEM or "")
def test_a_sqlite_file_as_target_store_triggers_no_extension_download(tmp_path):
    import sqlite3

    from tests.corpus.make_corpus import table_text

    target = tmp_path / "target.duckdb"
    sqlite = sqlite3.connect(target)
    sqlite.execute("CREATE TABLE a (x)")
    sqlite.commit()
    sqlite.close()
    table = tmp_path / "table.csv"
    table.write_text(table_text())
    result = run_cli("data", "import-table", table, "--id", "client_id", "--target", "defaulted",
                     "--store", target, prefix=("unshare", "-n"))
    assert result.returncode != 0
    assert "download" not in result.stderr.lower(), result.stderr[-1000:]
    assert "extensions.duckdb.org" not in result.stderr, result.stderr[-1000:]


@pytest.mark.skipif(UNSHARE_PROBLEM is not None, reason=UNSHARE_PROBLEM or "")
def test_open_store_on_a_sqlite_file_triggers_no_extension_download(tmp_path):
    import sqlite3

    target = tmp_path / "target.duckdb"
    sqlite = sqlite3.connect(target)
    sqlite.execute("CREATE TABLE a (x)")
    sqlite.commit()
    sqlite.close()
    result = run_cli("audit", "verify", "--store", target, prefix=("unshare", "-n"))
    assert result.returncode == 2
    assert "SQLite database" in result.stderr and "download" not in result.stderr.lower()
