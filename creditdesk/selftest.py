"""Installation self-test: ``creditdesk --selftest``, in a checkout and in the frozen app.

It walks the path an officer's first minute takes -- store, model bundle,
scoring, explanation, main window, explanation sheet, drift report -- on the
installed files, with every outbound connection refused, and prints one line
per check::

    ok   store    ...
    ok   bundle   sha256 ...
    FAIL window: <why>

It exits 0 when every check passed, 1 at the first failure (the later checks
are reported as skipped: most need what the failed one should have built).
Everything it writes goes to a temporary folder that it removes; the user's
store is opened read-only. With no display it renders offscreen by itself.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from creditdesk import __version__
from creditdesk.errors import CreditDeskError

#: clients in the store generated when the user has none yet: enough to score,
#: compare and draw drift against, small enough to take a couple of seconds
SELFTEST_CLIENTS = 500
SELFTEST_SEED = 20261125
#: rows on each side of the self-test drift report, and features compared
DRIFT_ROWS = 300
DRIFT_FEATURES = 20
#: a documentation address (TEST-NET-1, RFC 5737): the guard must refuse it before any packet leaves
_PROBE_ADDRESS = ("192.0.2.1", 443)


class NetworkRefusedError(ConnectionRefusedError):
    """A non-loopback connection or name look-up attempted while the self-test ran."""


# --------------------------------------------------------------------------- socket guard


def _is_loopback(address: Any) -> bool:
    if isinstance(address, (str, bytes)):
        return True  # AF_UNIX path (same machine)
    host = address[0] if isinstance(address, tuple) and address else address
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host in (None, "", "localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False  # any other host name would need DNS


class OfflineGuard:
    """Refuses non-loopback ``connect``/``sendto``/name look-ups and records each attempt.

    Python's socket layer is where the application's own code and its
    libraries (Evidently's telemetry client, requests, urllib) would go out;
    ``unshare -n`` around the frozen app covers the native side.
    """

    def __init__(self) -> None:
        self.attempts: list[str] = []
        self._saved: dict[str, Any] = {}

    def _refuse(self, what: str) -> None:
        self.attempts.append(what)
        raise NetworkRefusedError(f"network access refused by the self-test guard: {what}")

    def install(self) -> OfflineGuard:
        guard = self
        real_connect = socket.socket.connect
        real_connect_ex = socket.socket.connect_ex
        real_sendto = socket.socket.sendto
        real_getaddrinfo = socket.getaddrinfo
        self._saved = {
            "connect": real_connect,
            "connect_ex": real_connect_ex,
            "sendto": real_sendto,
            "getaddrinfo": real_getaddrinfo,
        }

        def connect(sock, address):
            if not _is_loopback(address):
                guard._refuse(f"connect to {address!r}")
            return real_connect(sock, address)

        def connect_ex(sock, address):
            if not _is_loopback(address):
                guard._refuse(f"connect to {address!r}")
            return real_connect_ex(sock, address)

        def sendto(sock, data, *args):
            address = args[-1]
            if not _is_loopback(address):
                guard._refuse(f"sendto {address!r}")
            return real_sendto(sock, data, *args)

        def getaddrinfo(host, *args, **kwargs):
            if not _is_loopback((host,)):
                guard._refuse(f"name look-up of {host!r}")
            return real_getaddrinfo(host, *args, **kwargs)

        socket.socket.connect = connect
        socket.socket.connect_ex = connect_ex
        socket.socket.sendto = sendto
        socket.getaddrinfo = getaddrinfo
        return self

    def uninstall(self) -> None:
        if not self._saved:
            return
        socket.socket.connect = self._saved["connect"]
        socket.socket.connect_ex = self._saved["connect_ex"]
        socket.socket.sendto = self._saved["sendto"]
        socket.getaddrinfo = self._saved["getaddrinfo"]
        self._saved = {}

    def __enter__(self) -> OfflineGuard:
        return self.install()

    def __exit__(self, *exc: object) -> None:
        self.uninstall()


# --------------------------------------------------------------------------- checks


class CheckFailedError(Exception):
    """A check found something wrong (as opposed to crashing)."""


@dataclass
class _Run:
    """What the checks hand on to each other."""

    args: argparse.Namespace
    tmp: Path
    guard: OfflineGuard
    store_path: Path | None = None
    con: Any = None
    bundle: Any = None
    service: Any = None
    client_id: int | None = None
    assessment: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


def _check_guard(run: _Run) -> str:
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.connect(_PROBE_ADDRESS)
    except NetworkRefusedError:
        pass
    else:  # pragma: no cover - only if the guard is broken
        raise CheckFailedError(f"a connection to {_PROBE_ADDRESS[0]} was not refused")
    finally:
        probe.close()
    run.guard.attempts.clear()  # the probe itself does not count
    return "socket guard on: non-loopback connections and name look-ups are refused"


def _generate_store(path: Path) -> Path:
    from creditdesk.data.generator import generate_store

    generate_store(path, n_clients=SELFTEST_CLIENTS, seed=SELFTEST_SEED)
    return path


def _open(run: _Run) -> None:
    from creditdesk.store.connection import open_store

    run.con = open_store(run.store_path, read_only=True)


def _check_store(run: _Run) -> str:
    from creditdesk import paths

    asked = getattr(run.args, "store", None)
    note = ""
    if asked:
        path = Path(asked)
        if not path.exists():
            raise CheckFailedError(f"store {path} not found")
    else:
        path = paths.default_store_path()
        if not path.exists():
            path = _generate_store(run.tmp / "selftest.duckdb")
            run.extra["generated"] = True
            note = ", generated: no default store yet"
    run.store_path = path
    _open(run)
    count = run.con.execute("SELECT count(*) FROM features").fetchone()[0]
    if not count:
        raise CheckFailedError(f"store {path} has no client")
    return f"{path} ({count:,} clients{note})"


def _check_bundle(run: _Run) -> str:
    from creditdesk.core.bundle import load_bundle

    run.bundle = load_bundle(getattr(run.args, "bundle", None))
    b = run.bundle
    return (
        f"sha256 {b.model_hash[:16]}... {b.name} {b.version}: {len(b.feature_names)} features, "
        f"threshold {b.threshold:.3f}, manifest verified ({len(b.manifest)} files)"
    )


def _check_manifest(run: _Run) -> str:
    """A copy of the bundle with one changed byte must be refused."""
    import shutil

    from creditdesk.core.bundle import BOOSTER_FILE, load_bundle
    from creditdesk.errors import BundleError

    copy = run.tmp / "tampered-bundle"
    shutil.copytree(run.bundle.path, copy)
    booster = copy / BOOSTER_FILE
    data = bytearray(booster.read_bytes())
    where = len(data) // 2
    data[where] = ord("7") if data[where] != ord("7") else ord("3")
    booster.write_bytes(bytes(data))
    try:
        load_bundle(copy)
    except BundleError:
        return "a copy with one changed byte is refused"
    raise CheckFailedError("a tampered copy of the bundle loaded without complaint")


def _check_score(run: _Run) -> str:
    from creditdesk.core.clients import ClientStore
    from creditdesk.core.scoring import ScoringService

    clients = ClientStore(run.con)
    run.service = ScoringService(run.bundle, clients)
    asked = getattr(run.args, "client", None)
    if asked is not None:
        run.client_id = int(asked)
    else:
        row = run.con.execute("SELECT min(SK_ID_CURR) FROM features").fetchone()
        run.client_id = int(row[0])
    a = run.service.assess_client(run.client_id)
    if not 0.0 <= a.probability <= 1.0:
        raise CheckFailedError(f"probability {a.probability} is not in [0, 1]")
    if a.decision not in ("accept", "refuse"):
        raise CheckFailedError(f"unknown decision {a.decision!r}")
    if a.threshold != run.bundle.threshold:
        raise CheckFailedError(
            f"threshold {a.threshold} is not the bundle's {run.bundle.threshold}"
        )
    run.assessment = a
    return (
        f"client {run.client_id}: probability of default {a.probability:.1%}, "
        f"{a.decision} (threshold {a.threshold:.1%})"
    )


def _check_explain(run: _Run) -> str:
    import math

    a = run.assessment
    total = float(a.base_value) + float(sum(a.contributions))
    if not math.isclose(total, float(a.raw_score), rel_tol=1e-6, abs_tol=1e-6):
        raise CheckFailedError(
            f"contributions sum to {total:.6f}, the raw score is {a.raw_score:.6f}"
        )
    reasons = run.service.reasons(a, lang="en", n=4)
    if not reasons:
        raise CheckFailedError("no reason code")
    top = reasons[0]
    return (
        f"{len(a.contributions)} SHAP contributions add up to the score; first reason: {top.text}"
    )


def _png_is_drawn(path: Path) -> tuple[int, int]:
    """Width and height of the PNG at ``path`` if it holds more than one colour."""
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    if image.isNull() or image.width() < 200 or image.height() < 150:
        raise CheckFailedError(f"{path.name} is empty or too small")
    first = image.pixel(0, 0)
    step_x, step_y = max(1, image.width() // 40), max(1, image.height() // 40)
    for y in range(0, image.height(), step_y):
        for x in range(0, image.width(), step_x):
            if image.pixel(x, y) != first:
                return image.width(), image.height()
    raise CheckFailedError(f"{path.name} is a single colour")


@contextmanager
def _user_folder(folder: Path) -> Iterator[None]:
    """CREDITDESK_HOME pointed at ``folder`` meanwhile: the window's settings stay there."""
    saved = os.environ.get("CREDITDESK_HOME")
    os.environ["CREDITDESK_HOME"] = str(folder)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("CREDITDESK_HOME", None)
        else:
            os.environ["CREDITDESK_HOME"] = saved


def _check_window(run: _Run) -> str:
    """The main window, as ``--screenshot`` draws it, on a store of the self-test's own:
    opening a store for writing scores its portfolio, and the user's is not to change."""
    from creditdesk.ui.app import run_app

    generated = run.extra.get("generated", False)
    store = run.store_path if generated else _generate_store(run.tmp / "window.duckdb")
    client = run.client_id if generated else None
    out = run.tmp / "window.png"
    window_args = argparse.Namespace(**vars(run.args))
    window_args.screenshot = str(out)
    window_args.store = str(store)
    window_args.client = client
    window_args.selftest = False
    if generated:
        run.con.close()  # the window opens this store for writing
    try:
        with _user_folder(run.tmp / "home"):
            os.environ["CREDITDESK_T0"] = repr(time.time())  # its "first client shown" timer
            try:
                code = run_app(window_args)
            finally:
                os.environ.pop("CREDITDESK_T0", None)
    finally:
        if generated:
            _open(run)
            from creditdesk.core.clients import ClientStore
            from creditdesk.core.scoring import ScoringService

            run.service = ScoringService(run.bundle, ClientStore(run.con))
    if code:
        raise CheckFailedError(f"the window exited with status {code}")
    if not out.exists() or out.stat().st_size == 0:
        raise CheckFailedError("no screenshot written")
    width, height = _png_is_drawn(out)
    from PySide6.QtGui import QGuiApplication

    platform = QGuiApplication.platformName() if QGuiApplication.instance() else "?"
    return f"main window drawn, {width}x{height} PNG of {out.stat().st_size // 1024} KB (Qt platform {platform})"


def _check_sheet(run: _Run) -> str:
    from creditdesk.reports.offline import assert_self_contained
    from creditdesk.reports.qtapp import ensure_gui_app
    from creditdesk.reports.sheet import write_sheet

    ensure_gui_app()
    pdf, html = run.tmp / "sheet.pdf", run.tmp / "sheet.html"
    # log=False: the self-test must not add entries to the user's decision log
    result = write_sheet(
        run.service, run.client_id, pdf_path=pdf, html_path=html, lang="en", log=False
    )
    if not pdf.exists() or pdf.read_bytes()[:5] != b"%PDF-":
        raise CheckFailedError("the PDF sheet is missing or not a PDF")
    if str(run.client_id) not in html.read_text(encoding="utf-8"):
        raise CheckFailedError("the HTML sheet does not name the client")
    assert_self_contained(html)
    pages = f"{result.pdf_pages}-page " if result.pdf_pages else ""
    return (
        f"{pages}PDF ({pdf.stat().st_size // 1024} KB) and self-contained HTML "
        f"({html.stat().st_size // 1024} KB) for client {run.client_id}"
    )


def _check_drift(run: _Run) -> str:
    """A small Evidently report: DRIFT_ROWS rows a side, the DRIFT_FEATURES most important
    features (the others are blanked, which the report excludes): enough to prove the
    library, its statistics stack and its inline scripts work here, in seconds."""
    from creditdesk.reports.drift import generate_drift_report
    from creditdesk.reports.offline import assert_self_contained

    bundle = run.bundle
    columns = ", ".join(f'"{c}"' for c in bundle.feature_names)
    current = run.con.execute(f"SELECT {columns} FROM features LIMIT {DRIFT_ROWS}").df()
    ranked = sorted(bundle.feature_names, key=lambda n: -bundle.global_importance.get(n, 0.0))
    for name in ranked[DRIFT_FEATURES:]:
        current[name] = float("nan")
    report = generate_drift_report(
        bundle, current, run.tmp / "drift", sample_size=DRIFT_ROWS, seed=SELFTEST_SEED
    )
    if not report.path.exists() or report.path.stat().st_size == 0:
        raise CheckFailedError("no drift report written")
    assert_self_contained(report.path)  # Evidently's scripts must be inline
    ref_rows, cur_rows = report.compared_rows
    return (
        f"{ref_rows} vs {cur_rows} rows, {len(report.features)} most important features, "
        f"{report.path.stat().st_size / 1e6:.1f} MB self-contained HTML"
    )


def _check_offline(run: _Run) -> str:
    if run.guard.attempts:
        raise CheckFailedError(
            f"{len(run.guard.attempts)} network attempt(s): {run.guard.attempts[0]}"
        )
    return "no network access attempted during the self-test"


CHECKS: list[tuple[str, Callable[[_Run], str]]] = [
    ("guard", _check_guard),
    ("store", _check_store),
    ("bundle", _check_bundle),
    ("manifest", _check_manifest),
    ("score", _check_score),
    ("explain", _check_explain),
    ("window", _check_window),
    ("sheet", _check_sheet),
    ("drift", _check_drift),
    ("offline", _check_offline),
]


# --------------------------------------------------------------------------- runner


def _use_offscreen_without_display(environ: dict[str, str] | os._Environ = os.environ) -> bool:
    """On X11/Wayland systems with no display, draw offscreen; return whether it was set."""
    if environ.get("QT_QPA_PLATFORM"):
        return False
    if sys.platform in ("win32", "darwin"):
        return False
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return False
    environ["QT_QPA_PLATFORM"] = "offscreen"
    return True


@contextmanager
def _scratch_folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(
        prefix="creditdesk-selftest-", ignore_cleanup_errors=True
    ) as tmp:
        yield Path(tmp)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, (CheckFailedError, CreditDeskError)):
        return str(exc)
    return f"{exc.__class__.__name__}: {exc}"


def run_selftest(args: argparse.Namespace | None = None, out: TextIO | None = None) -> int:
    """Run every check in order; 0 when all pass, 1 at the first failure."""
    args = args if args is not None else argparse.Namespace()
    out = out if out is not None else sys.stdout
    if out is sys.stdout and hasattr(out, "reconfigure"):
        out.reconfigure(errors="replace")  # a reason text the console cannot show stays a line
    os.environ.setdefault("DO_NOT_TRACK", "1")
    _use_offscreen_without_display()

    def say(line: str) -> None:
        print(line, file=out, flush=True)

    where = "frozen" if getattr(sys, "frozen", False) else "source"
    say(
        f"CreditDesk {__version__} self-test ({where}, {sys.platform}, Python {sys.version.split()[0]})"
    )
    started = time.perf_counter()
    status = 0
    with _scratch_folder() as tmp, OfflineGuard() as guard:
        run = _Run(args=args, tmp=tmp, guard=guard)
        try:
            for index, (name, check) in enumerate(CHECKS):
                t0 = time.perf_counter()
                try:
                    message = check(run)
                except Exception as exc:
                    say(f"FAIL {name}: {_describe(exc)}")
                    if not isinstance(exc, (CheckFailedError, CreditDeskError)):
                        traceback.print_exc(file=sys.stderr)
                    for later, _ in CHECKS[index + 1 :]:
                        say(f"skip {later}")
                    status = 1
                    break
                say(f"ok   {name:<8} {message} [{time.perf_counter() - t0:.2f} s]")
        finally:
            if run.con is not None:
                run.con.close()  # before the folder goes (Windows keeps open files locked)
    elapsed = time.perf_counter() - started
    if status == 0:
        say(f"self-test passed: {len(CHECKS)} checks in {elapsed:.1f} s")
    else:
        say(f"self-test FAILED after {elapsed:.1f} s")
    return status
