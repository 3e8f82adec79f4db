"""Start the desktop application (``creditdesk`` with no sub-command).

``run_app(args)`` reads ``args.store``, ``args.bundle``, ``args.lang``,
``args.client``, ``args.panel`` and ``args.screenshot``. With
``--screenshot OUT.png`` the window is rendered offscreen once the first
client is fully shown, saved, and the program exits 0 (1 on a timeout).

Start-up stays lazy: the window shows before LightGBM, pandas and pyqtgraph
are imported; the model and the store open on the db worker.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

#: the screenshot mode's window size (logical pixels)
SCREENSHOT_SIZE = (1440, 900)
SCREENSHOT_TIMEOUT_S = 180.0


def _t0() -> float:
    """When this process started (seconds, time.time()); CREDITDESK_T0 overrides (benchmarks)."""
    override = os.environ.get("CREDITDESK_T0")
    if override:
        return float(override)
    try:  # Linux: the process start time from /proc, in clock ticks since boot
        with open("/proc/self/stat", encoding="ascii") as fh:
            start_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        return time.time() - (uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return time.time()


def make_application(argv: list[str] | None = None):
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from creditdesk import APP_NAME, __version__
    from creditdesk.paths import resources_dir

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(argv or [sys.argv[0] if sys.argv else "creditdesk"])
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName("creditdesk")
    icon = QIcon()
    icons = resources_dir() / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = icons / f"creditdesk-{size}.png"
        if png.exists():
            icon.addFile(str(png))
    if not icon.isNull():
        app.setWindowIcon(icon)
    return app


def build_window(args, *, dialogs=None, qsettings=None, preopen: bool = False):
    """The context and main window for ``args`` (shared by run_app and the tests).

    With ``preopen`` the store and the model start opening on the db worker
    before the window is built (its modules imported), so both overlap.
    """
    from creditdesk.ui.context import AppContext
    from creditdesk.ui.i18n import Translations, system_language
    from creditdesk.ui.settings import load_settings, open_qsettings

    qs = qsettings if qsettings is not None else open_qsettings()
    settings = load_settings(qs)
    lang = getattr(args, "lang", None) or settings.language or system_language()
    ctx = AppContext(settings, qs, dialogs=dialogs, translations=Translations())
    if preopen:
        store, may_build = resolve_store(args, settings)
        if store.exists() or not may_build:
            ctx.preopen(
                store,
                getattr(args, "bundle", None),
                getattr(args, "client", None) or settings.last_client,
            )
    from creditdesk.ui.main_window import MainWindow

    ctx.set_theme(settings.theme)
    ctx.set_language(lang)
    window = MainWindow(ctx, bundle_path=getattr(args, "bundle", None))
    if dialogs is None:
        ctx.dialogs.parent = window
    return ctx, window


def resolve_store(args, settings) -> tuple[Path, bool]:
    """The store to open and whether it may be built (the default one, at first start)."""
    from creditdesk.paths import default_store_path

    if getattr(args, "store", None):
        return Path(args.store).expanduser(), False
    if settings.last_store and Path(settings.last_store).exists():
        return Path(settings.last_store), False
    return default_store_path(), True


def trace(t0: float, what: str) -> None:
    """With CREDITDESK_TRACE=1: print the time since process start and the peak RSS so far."""
    if os.environ.get("CREDITDESK_TRACE"):
        print(f"[{time.time() - t0:6.3f} s, {_peak_rss_mb():4.0f} MB] {what}", file=sys.stderr)


def run_app(args) -> int:
    t0 = _t0()
    trace(t0, "run_app")
    # The desktop scores one client at a time: LightGBM's OpenMP threads only add
    # synchronisation (tens of ms per row when DuckDB's threads are busy too).
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from creditdesk.ui import backend

    backend.LEAN_START = True  # LightGBM without its scikit-learn and pandas layers
    screenshot = getattr(args, "screenshot", None)
    if screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if screenshot:
        os.environ.setdefault("CREDITDESK_NO_BROWSER", "1")
        _quiet_offscreen_warnings()
    app = make_application()
    dialogs = None
    if screenshot:
        from creditdesk.ui.dialogs import ScriptedDialogs

        dialogs = ScriptedDialogs()  # nobody is there to click: record, never block
    trace(t0, "application created")
    ctx, window = build_window(args, dialogs=dialogs, preopen=True)
    trace(t0, "window built")
    ctx.db.idle.connect(lambda: trace(t0, "db worker idle"))
    ctx.servicesChanged.connect(lambda _s: trace(t0, "store and model open"))
    ctx.session.clientChanged.connect(lambda _v: trace(t0, "first client assessed"))
    freeze_after_first_client(ctx, lambda n: trace(t0, f"{n:,} start-up objects frozen"))
    if getattr(args, "panel", None):
        from creditdesk.ui.labels import PANELS

        if args.panel not in PANELS:
            from creditdesk.errors import InputError

            raise InputError(f"unknown panel {args.panel!r} (choose one of {', '.join(PANELS)})")
    store, may_build = resolve_store(args, ctx.settings)
    if screenshot:
        window.resize(*SCREENSHOT_SIZE)
    else:
        window.restore()
    if getattr(args, "panel", None):
        window.show_panel(args.panel)
    window.show()
    trace(t0, "window shown")
    window.start(store, client_id=getattr(args, "client", None), build_if_missing=may_build)
    if screenshot:
        shooter = Screenshot(window, ctx, Path(screenshot), t0)
        shooter.start()
        app.exec()
        return shooter.exit_code
    code = app.exec()
    return int(code)


def freeze_after_first_client(ctx, frozen=None) -> None:
    """Once the first client is on screen, keep the start-up objects out of full collections.

    Qt's wrappers, the model and every module loaded so far live as long as the
    window: ``gc.freeze()`` (:mod:`creditdesk.reports.gc_pauses`) stops the
    collector from walking them, which otherwise froze the event loop
    0.6–1 s per full pass. ``frozen(count)`` is told how many objects that was.
    """
    from PySide6.QtCore import QTimer

    from creditdesk.reports.gc_pauses import freeze_long_lived

    def freeze() -> None:
        count = freeze_long_lived()
        if frozen is not None:
            frozen(count)

    def first(_sim) -> None:
        ctx.session.assessmentChanged.disconnect(first)
        QTimer.singleShot(0, freeze)  # after the panels have taken the client in

    ctx.session.assessmentChanged.connect(first)


class Screenshot:
    """Waits until the first client is fully shown and every worker is idle, then saves the window."""

    def __init__(self, window, ctx, out: Path, t0: float) -> None:
        from PySide6.QtCore import QTimer

        self.window, self.ctx, self.out, self.t0 = window, ctx, out, t0
        self.exit_code = 1
        self.first_shown: float | None = None
        self.quiet = 0
        self.started = time.monotonic()
        self.timer = QTimer()
        self.timer.setInterval(40)
        self.timer.timeout.connect(self._poll)
        ctx.session.assessmentChanged.connect(self._first_client)

    def start(self) -> None:
        self.timer.start()

    def _first_client(self, _sim) -> None:
        if self.first_shown is None:
            self.first_shown = time.time() - self.t0

    def _ready(self) -> bool:
        ctx = self.ctx
        session = ctx.session
        if ctx.services is None or session.client is None or session.current is None:
            return False
        if not session.reasons_ready or ctx.db.pending or ctx.jobs.pending or session.busy:
            return False
        return not self.window.client_list.model.loading

    def _poll(self) -> None:
        from PySide6.QtWidgets import QApplication

        if time.monotonic() - self.started > SCREENSHOT_TIMEOUT_S:
            print(
                f"creditdesk: error: the window was not ready within {SCREENSHOT_TIMEOUT_S:.0f} s",
                file=sys.stderr,
            )
            self._finish(1)
            return
        # an error, or a question nobody is there to answer (a damaged store): stop now
        errors = [
            text
            for kind, _title, text in getattr(self.ctx.dialogs, "shown", [])
            if kind in ("error", "choose")
        ]
        if errors:
            print(f"creditdesk: error: {' '.join(errors[0].split())}", file=sys.stderr)
            self._finish(2)
            return
        self.quiet = self.quiet + 1 if self._ready() else 0
        if self.quiet < 3:  # idle for three polls in a row: every queued repaint has run
            return
        self.timer.stop()
        QApplication.processEvents()
        pixmap = self.window.grab()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        if not pixmap.save(str(self.out)):
            print(f"creditdesk: error: cannot write {self.out}", file=sys.stderr)
            self._finish(1)
            return
        if self.first_shown is not None:
            peak = _peak_rss_mb()
            print(
                f"first client shown after {self.first_shown:.3f} s; peak RSS {peak:.0f} MB; "
                f"saved {self.out}",
                file=sys.stderr,
            )
        self._finish(0)

    def _finish(self, code: int) -> None:
        self.exit_code = code
        self.timer.stop()
        self.window.close()
        from PySide6.QtWidgets import QApplication

        QApplication.instance().exit(code)


def _quiet_offscreen_warnings() -> None:
    """The offscreen platform warns on every window geometry hint: keep stderr readable."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_kind, _context, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def _peak_rss_mb() -> float:
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024
    except (ImportError, OSError):
        return float("nan")
