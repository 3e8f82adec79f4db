"""The main window: client list on the left, the client's panels on the right, menus.

It opens stores (building the demo store at first start), scores portfolios,
and routes every long job through ``run_job``. Panels talk to the session and
the context, never to each other.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from creditdesk.ui import backend
from creditdesk.ui.client_list import ClientListPanel
from creditdesk.ui.i18n import Retranslatable
from creditdesk.ui.info import TextDialog, about_html, guide_html, model_card_html
from creditdesk.ui.jobs import run_job
from creditdesk.ui.labels import PANELS, decision_text, outcome_text, panel_title
from creditdesk.ui.panels.explain import ExplanationPanel
from creditdesk.ui.panels.score import ScorePanel
from creditdesk.ui.panels.whatif import WhatIfPanel
from creditdesk.ui.workers import describe_error, error_title


class LazyPanel(QWidget):
    """Builds its panel the first time it is shown (keeps pyqtgraph off the start-up path)."""

    def __init__(self, factory, parent=None) -> None:
        super().__init__(parent)
        self.factory = factory
        self.panel: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def build(self) -> QWidget:
        if self.panel is None:
            self.panel = self.factory()
            self.layout().addWidget(self.panel)
        return self.panel

    def showEvent(self, event) -> None:
        if self.panel is None:
            self.build().show()
        super().showEvent(event)


def _compare_panel(ctx):
    from creditdesk.ui.panels.compare import ComparisonPanel

    return ComparisonPanel(ctx)


def _portfolio_panel(ctx):
    from creditdesk.ui.panels.portfolio import PortfolioPanel

    return PortfolioPanel(ctx)


class MainWindow(Retranslatable, QMainWindow):
    def __init__(self, ctx, bundle_path: str | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.bundle_path = bundle_path
        self.setObjectName("CreditDeskMainWindow")
        self.setWindowTitle("CreditDesk")

        # panels
        self.client_list = ClientListPanel(ctx)
        self.heading = QLabel()
        self.heading.setObjectName("clientHeading")
        self.heading.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.panels: dict[str, QWidget] = {
            "score": ScorePanel(ctx),
            "explain": ExplanationPanel(ctx),
            "compare": LazyPanel(lambda: _compare_panel(ctx)),
            "whatif": WhatIfPanel(ctx),
            "portfolio": LazyPanel(lambda: _portfolio_panel(ctx)),
        }
        for name in PANELS:
            self.tabs.addTab(self.panels[name], "")
        right = QWidget()
        r = QVBoxLayout(right)
        r.setContentsMargins(6, 6, 6, 0)
        r.addWidget(self.heading)
        r.addWidget(self.tabs, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.client_list)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([350, 1090])  # French outcomes need the width
        self.setCentralWidget(self.splitter)

        # status bar
        self.store_label = QLabel()
        self.model_label = QLabel()
        self.job_bar = QProgressBar()
        self.job_bar.setMaximumWidth(180)
        self.job_bar.setRange(0, 1000)
        self.job_bar.hide()
        self.statusBar().addPermanentWidget(self.job_bar)
        self.statusBar().addPermanentWidget(self.store_label)
        self.statusBar().addPermanentWidget(self.model_label)

        self._build_actions()
        ctx.status.connect(lambda m: self.statusBar().showMessage(m, 8000))
        ctx.db.failed.connect(self._show_error)
        ctx.jobs.failed.connect(self._show_error)
        ctx.session.failed.connect(self._show_error)
        ctx.session.clientLoading.connect(self._client_loading)
        ctx.session.clientChanged.connect(lambda _v: self._update_heading())
        ctx.session.assessmentChanged.connect(lambda _s: self._update_heading())
        ctx.servicesChanged.connect(self._services_changed)
        self.retranslate()

    # ------------------------------------------------------------------ actions and menus
    def _action(self, slot, shortcut=None, checkable=False) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        if slot is not None:
            action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        a = self.actions_by_name = {}
        a["open"] = self._action(self.choose_store, QKeySequence.StandardKey.Open)
        a["import_hc"] = self._action(self.import_homecredit, "Ctrl+I")
        a["import_table"] = self._action(self.import_table, "Ctrl+Shift+I")
        a["export_sheet"] = self._action(self.export_sheet, "Ctrl+E")
        a["quit"] = self._action(self.close, QKeySequence.StandardKey.Quit)
        a["drift"] = self._action(self.drift_report, "Ctrl+D")
        a["reports"] = self._action(self.open_reports, "Ctrl+Shift+R")
        a["model_card"] = self._action(self.show_model_card, "Ctrl+M")
        a["score_portfolio"] = self._action(self.score_portfolio, "Ctrl+Shift+S")
        a["search"] = self._action(self._focus_search, QKeySequence.StandardKey.Find)
        a["lang_en"] = self._action(lambda: self.ctx.set_language("en"), checkable=True)
        a["lang_fr"] = self._action(lambda: self.ctx.set_language("fr"), checkable=True)
        a["theme_light"] = self._action(lambda: self.ctx.set_theme("light"), checkable=True)
        a["theme_dark"] = self._action(lambda: self.ctx.set_theme("dark"), checkable=True)
        a["guide"] = self._action(self.show_guide, QKeySequence.StandardKey.HelpContents)
        a["about"] = self._action(self.show_about)
        for i, name in enumerate(PANELS, start=1):
            a[f"panel_{name}"] = self._action(
                lambda _c=False, n=name: self.show_panel(n), f"Ctrl+{i}"
            )
        self.lang_group = QActionGroup(self)
        self.theme_group = QActionGroup(self)
        for key in ("lang_en", "lang_fr"):
            self.lang_group.addAction(a[key])
        for key in ("theme_light", "theme_dark"):
            self.theme_group.addAction(a[key])
        a["lang_en" if self.ctx.lang == "en" else "lang_fr"].setChecked(True)
        a["theme_dark" if self.ctx.theme == "dark" else "theme_light"].setChecked(True)

        bar = self.menuBar()
        self.menus = {
            name: bar.addMenu("") for name in ("file", "monitoring", "model", "view", "help")
        }
        m = self.menus
        for key in ("open", "import_hc", "import_table", None, "export_sheet", None, "quit"):
            m["file"].addSeparator() if key is None else m["file"].addAction(a[key])
        m["monitoring"].addAction(a["drift"])
        m["monitoring"].addAction(a["reports"])
        m["model"].addAction(a["model_card"])
        m["model"].addAction(a["score_portfolio"])
        self.lang_menu = m["view"].addMenu("")
        self.lang_menu.addAction(a["lang_en"])
        self.lang_menu.addAction(a["lang_fr"])
        self.theme_menu = m["view"].addMenu("")
        self.theme_menu.addAction(a["theme_light"])
        self.theme_menu.addAction(a["theme_dark"])
        m["view"].addSeparator()
        for name in PANELS:
            m["view"].addAction(a[f"panel_{name}"])
        m["view"].addAction(a["search"])
        m["help"].addAction(a["guide"])
        m["help"].addAction(a["about"])

    def retranslate(self) -> None:
        m, a = self.menus, self.actions_by_name
        m["file"].setTitle(self.tr("&File"))
        m["monitoring"].setTitle(self.tr("&Monitoring"))
        m["model"].setTitle(self.tr("M&odel"))
        m["view"].setTitle(self.tr("&View"))
        m["help"].setTitle(self.tr("&Help"))
        self.lang_menu.setTitle(self.tr("&Language"))
        self.theme_menu.setTitle(self.tr("&Theme"))
        texts = {
            "open": self.tr("&Open store…"),
            "import_hc": self.tr("&Import Home Credit files…"),
            "import_table": self.tr("Import a &table…"),
            "export_sheet": self.tr("&Export explanation sheet…"),
            "quit": self.tr("&Quit"),
            "drift": self.tr("&Generate drift report…"),
            "reports": self.tr("&Reports…"),
            "model_card": self.tr("Model &card"),
            "score_portfolio": self.tr("&Score the portfolio"),
            "search": self.tr("&Search a client"),
            "lang_en": "English",
            "lang_fr": "Français",
            "theme_light": self.tr("&Light"),
            "theme_dark": self.tr("&Dark"),
            "guide": self.tr("Short &guide"),
            "about": self.tr("&About CreditDesk"),
        }
        for key, text in texts.items():
            a[key].setText(text)
        for i, name in enumerate(PANELS):
            self.tabs.setTabText(i, panel_title(name))
            a[f"panel_{name}"].setText(panel_title(name))
        self.tabs.setAccessibleName(self.tr("Client panels"))
        self.client_list.setAccessibleName(self.tr("Client list"))
        self._update_heading()
        self._update_status()

    # ------------------------------------------------------------------ status
    def _update_status(self) -> None:
        services = self.ctx.services
        if services is None:
            self.store_label.setText(self.tr("No store open"))
            self.store_label.setToolTip("")
            self.model_label.setText("")
            self.setWindowTitle("CreditDesk")
            return
        name = services.store_path.name
        ro = "  [" + self.tr("read-only") + "]" if services.read_only else ""
        self.store_label.setText(self.tr("Store: %1").replace("%1", name) + ro)
        self.store_label.setToolTip(
            str(services.store_path)
            + ("\n" + self._read_only_text(services) if services.read_only else "")
        )
        self.model_label.setText(self.tr("Model: %1").replace("%1", services.bundle.version))
        self.setWindowTitle(f"CreditDesk — {name}{ro}")

    def _update_heading(self) -> None:
        session = self.ctx.session
        view, sim = session.client, session.current
        if view is None:
            self.heading.setText(
                self.tr("No client selected") if self.ctx.services is not None else ""
            )
            return
        parts = [
            self.tr("Client %1").replace("%1", str(view.client_id)),
            self.tr("model decision: %1").replace("%1", decision_text(view.assessment.decision)),
            self.tr("past loan outcome: %1").replace("%1", outcome_text(view.target)),
        ]
        if sim is not None and sim.simulated:
            parts.append(
                self.tr("what-if: %1").replace("%1", decision_text(sim.assessment.decision))
            )
        self.heading.setText("  ·  ".join(parts))

    def _client_loading(self, client_id: int) -> None:
        self.statusBar().showMessage(
            self.tr("Loading client %1…").replace("%1", str(client_id)), 3000
        )

    def _show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 15000)
        self.ctx.dialogs.error(self.tr("CreditDesk"), message)

    def show_panel(self, name: str) -> None:
        if name in self.panels:
            self.tabs.setCurrentWidget(self.panels[name])

    def current_panel(self) -> str:
        return PANELS[self.tabs.currentIndex()]

    def panel(self, name: str) -> QWidget:
        widget = self.panels[name]
        return widget.build() if isinstance(widget, LazyPanel) else widget

    def _focus_search(self) -> None:
        self.client_list.search.setFocus()
        self.client_list.search.selectAll()

    # ------------------------------------------------------------------ stores
    def start(
        self, store_path: str | Path, client_id: int | None = None, build_if_missing: bool = False
    ) -> None:
        """Open ``store_path`` (building the demo store first when asked and missing)."""
        path = Path(store_path)
        if not path.exists() and build_if_missing:
            self.build_default_store(path, client_id)
            return
        self.open_store(path, client_id)

    def build_default_store(self, path: Path, client_id: int | None = None) -> None:
        title = self.tr("First start: building a demo store of %1 synthetic clients").replace(
            "%1", f"{backend.DEFAULT_STORE_CLIENTS:,}"
        )
        run_job(
            self.ctx,
            self,
            title,
            backend.build_default_store,
            path,
            self.bundle_path,
            on_result=lambda p: self.open_store(p, client_id),
            key="build-store",
        )

    def open_store(self, path: str | Path, client_id: int | None = None) -> None:
        self.statusBar().showMessage(self.tr("Opening %1…").replace("%1", str(path)))

        def failed(exc: BaseException, path=Path(path)) -> None:
            self._open_failed(exc, path)

        if self.ctx.claim_preopened(path, self._opened, failed):
            return
        wanted = client_id if client_id is not None else self.ctx.settings.last_client
        self.ctx.db.submit(
            backend.open_services,
            str(path),
            self.bundle_path,
            wanted,
            key="open",
            on_result=self._opened,
            on_error=failed,
        )

    def _open_failed(self, exc: BaseException, path: Path) -> None:
        from creditdesk.store.connection import NotAStoreError

        self.statusBar().clearMessage()
        if isinstance(exc, NotAStoreError):
            self._offer_another_store(path, exc)
            return
        self.ctx.dialogs.error(
            error_title(exc, self.tr("Cannot open the store")), describe_error(exc)
        )

    def _offer_another_store(self, path: Path, exc: BaseException) -> None:
        """A damaged or foreign file: open another store, or (re)build the default one."""
        from creditdesk.paths import default_store_path

        default = default_store_path()
        is_default = _same_file(path, default)
        rebuild = is_default or not default.exists()
        choices = [("open", self.tr("Open another store…"))]
        if rebuild:
            choices.append(("default", self.tr("Rebuild the default store")))
            if is_default:
                then = self.tr(
                    "You can open another store, or rebuild the default demo store (the "
                    "damaged file is kept beside it)."
                )
            else:
                then = self.tr(
                    "You can open another store, or build the default demo store at %1."
                ).replace("%1", str(default))
        else:
            choices.append(("default", self.tr("Open the default store")))
            then = self.tr("You can open another store, or the default store (%1).").replace(
                "%1", str(default)
            )
        text = (
            self.tr("CreditDesk cannot use this file as a client store:")
            + f"\n{describe_error(exc)}\n\n{then}"
        )
        answer = self.ctx.dialogs.choose(self.tr("Cannot open the store"), text, choices)
        if answer == "open":
            self.choose_store()
        elif answer == "default" and rebuild:
            self.rebuild_default_store(default)
        elif answer == "default":
            self.open_store(default)

    def rebuild_default_store(self, path: Path) -> None:
        """Build a new demo store at ``path``, keeping the damaged file beside it."""
        from datetime import datetime

        keep_as = path.with_name(f"{path.name}.damaged-{datetime.now():%Y%m%d-%H%M%S}")
        title = self.tr("Rebuilding the default store (%1 synthetic clients)").replace(
            "%1", f"{backend.DEFAULT_STORE_CLIENTS:,}"
        )
        run_job(
            self.ctx,
            self,
            title,
            backend.rebuild_default_store,
            path,
            self.bundle_path,
            keep_as,
            on_result=self.open_store,
            key="build-store",
        )

    def _read_only_text(self, services) -> str:
        text = self.tr("The store is open read-only: decisions cannot be recorded.")
        reason = services.read_only_reason
        return f"{text} ({reason})" if reason else text

    def _opened(self, services) -> None:
        self.ctx.set_services(services, first_client=services.first_client)
        self.ctx.settings.last_store = str(services.store_path)
        if services.read_only:
            # no timeout: it stays until another message replaces it (the store label keeps
            # "[read-only]" and the reason in its tooltip)
            self.statusBar().showMessage(self._read_only_text(services))
        else:
            self.statusBar().showMessage(self.tr("Store opened."), 4000)
        if not services.scored and not services.read_only:
            self.score_portfolio()

    def _services_changed(self, services) -> None:
        self._update_status()
        self._update_heading()
        enabled = services is not None
        for key in ("export_sheet", "drift", "model_card", "score_portfolio"):
            self.actions_by_name[key].setEnabled(enabled)

    def choose_store(self) -> None:
        path = self.ctx.dialogs.open_file(
            self.tr("Open a client store"), self.tr("CreditDesk stores (*.duckdb);;All files (*)")
        )
        if path:
            self.open_store(path)

    def score_portfolio(self) -> None:
        services = self.ctx.services
        if services is None:
            return
        if services.read_only:
            self.ctx.dialogs.warning(
                self.tr("Score the portfolio"),
                self.tr("The store is open read-only: the scores cannot be written."),
            )
            return
        from creditdesk.store.connection import raw_connection

        cursor = raw_connection(services.con).cursor()

        def done(_n) -> None:
            cursor.close()
            services.scored = True
            self.ctx.status.emit(self.tr("Portfolio scored."))
            if self.ctx.services is services:
                self.ctx.scoresChanged.emit()

        def failed(exc) -> None:
            cursor.close()
            self._show_error(describe_error(exc))

        self.job_bar.show()
        self.job_bar.setValue(0)
        self.ctx.jobs.submit(
            backend.score_portfolio_on,
            cursor,
            services.scoring,
            key="score-portfolio",
            on_result=lambda n: (self.job_bar.hide(), done(n)),
            on_error=lambda e: (self.job_bar.hide(), failed(e)),
            on_progress=lambda f, _m: self.job_bar.setValue(int(1000 * f)),
        )
        self.statusBar().showMessage(self.tr("Scoring the portfolio in the background…"), 5000)

    def import_homecredit(self) -> None:
        folder = self.ctx.dialogs.open_directory(self.tr("Folder with the Home Credit CSV files"))
        if not folder:
            return
        out = self.ctx.dialogs.save_file(
            self.tr("New client store"),
            self.tr("CreditDesk stores (*.duckdb)"),
            str(Path(folder) / "homecredit.duckdb"),
        )
        if not out:
            return
        run_job(
            self.ctx,
            self,
            self.tr("Importing the Home Credit files"),
            _import_homecredit,
            folder,
            out,
            self.bundle_path,
            on_result=lambda p: self.open_store(p),
        )

    def import_table(self) -> None:
        csv = self.ctx.dialogs.open_file(
            self.tr("Import a table"), self.tr("CSV files (*.csv);;All files (*)")
        )
        if not csv:
            return
        id_column = self.ctx.dialogs.ask_text(
            self.tr("Import a table"), self.tr("Column holding the client id:"), "SK_ID_CURR"
        )
        if not id_column:
            return
        target = self.ctx.dialogs.ask_text(
            self.tr("Import a table"),
            self.tr("Column holding the past outcome (1 = defaulted), or empty:"),
            "TARGET",
        )
        out = self.ctx.dialogs.save_file(
            self.tr("New client store"),
            self.tr("CreditDesk stores (*.duckdb)"),
            str(Path(csv).with_suffix(".duckdb")),
        )
        if not out:
            return
        run_job(
            self.ctx,
            self,
            self.tr("Importing the table"),
            _import_table,
            csv,
            out,
            id_column,
            target or None,
            on_result=lambda p: self.open_store(p),
        )

    # ------------------------------------------------------------------ exports and reports
    def export_sheet(self) -> None:
        services, view = self.ctx.services, self.ctx.session.client
        if services is None or view is None:
            return
        from creditdesk.paths import reports_dir

        suggested = str(reports_dir() / f"client-{view.client_id}-{self.ctx.lang}.pdf")
        path = self.ctx.dialogs.save_file(
            self.tr("Export explanation sheet"), self.tr("PDF and HTML sheet (*.pdf)"), suggested
        )
        if not path:
            return
        pdf = Path(path).with_suffix(".pdf")
        html = pdf.with_suffix(".html")
        run_job(
            self.ctx,
            self,
            self.tr("Exporting the explanation sheet"),
            _export_sheet,
            services,
            view.client_id,
            pdf,
            html,
            self.ctx.lang,
            self.ctx.settings.officer,
            on_result=self._sheet_written,
        )

    def _sheet_written(self, result) -> None:
        paths = ", ".join(str(p) for p in result.paths)
        self.ctx.status.emit(self.tr("Explanation sheet written: %1").replace("%1", paths))
        self.ctx.dialogs.info(
            self.tr("Export explanation sheet"),
            self.tr("Written:\n%1").replace("%1", "\n".join(str(p) for p in result.paths)),
        )

    def drift_report(self) -> None:
        services = self.ctx.services
        if services is None:
            return
        run_job(
            self.ctx,
            self,
            self.tr("Generating the drift report"),
            _drift_report,
            services.bundle,
            str(services.store_path),
            on_result=self._drift_written,
        )

    def _drift_written(self, report) -> None:
        path = getattr(report, "path", None)
        self.ctx.status.emit(self.tr("Drift report written: %1").replace("%1", str(path)))
        if path is not None and not os.environ.get("CREDITDESK_NO_BROWSER"):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def open_reports(self) -> None:
        from creditdesk.ui.reports_dialog import ReportsDialog

        ReportsDialog(self.ctx, self).exec()

    # ------------------------------------------------------------------ dialogs
    def show_model_card(self) -> None:
        services = self.ctx.services
        if services is None:
            return
        TextDialog(
            self.tr("Model card"), model_card_html(services.bundle, self.ctx.lang), self
        ).exec()

    def show_about(self) -> None:
        bundle = self.ctx.services.bundle if self.ctx.services is not None else None
        TextDialog(self.tr("About CreditDesk"), about_html(bundle), self).exec()

    def show_guide(self) -> None:
        TextDialog(self.tr("Short guide"), guide_html(), self).exec()

    # ------------------------------------------------------------------ settings
    def restore(self) -> None:
        s = self.ctx.settings
        if s.geometry:
            self.restoreGeometry(QByteArray(s.geometry))
        if s.window_state:
            self.splitter.restoreState(QByteArray(s.window_state))
        if s.last_panel in PANELS:
            self.show_panel(s.last_panel)

    def remember(self) -> None:
        s = self.ctx.settings
        s.geometry = bytes(self.saveGeometry().data())
        s.window_state = bytes(self.splitter.saveState().data())
        s.last_panel = self.current_panel()
        if self.ctx.session.client is not None:
            s.last_client = self.ctx.session.client.client_id
        self.ctx.save_settings()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.remember()
        self.statusBar().clearMessage()  # stops the status bar's message timer
        self.ctx.shutdown()
        super().closeEvent(event)


# ---------------------------------------------------------------------- job functions (worker side)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()
    except OSError:
        return False


def _import_homecredit(folder, out, bundle_path, progress=None):
    from creditdesk.store.importer import import_homecredit

    def part(lo, hi):
        return None if progress is None else (lambda f, m="": progress(lo + (hi - lo) * f, m))

    import_homecredit(folder, out, progress=part(0.0, 0.8))
    backend.score_store(out, bundle_path, progress=part(0.8, 1.0))
    return out


def _import_table(csv, out, id_column, target_column, progress=None):
    from creditdesk.store.importer import import_table

    import_table(csv, out, id_column, target_column, progress=progress)
    return out


def _export_sheet(services, client_id, pdf, html, lang, officer, progress=None):
    """Write the sheet through a cursor of its own, off the db thread."""
    from creditdesk.core.clients import ClientStore
    from creditdesk.core.scoring import ScoringService
    from creditdesk.reports.sheet import write_sheet
    from creditdesk.store.connection import raw_connection

    cursor = raw_connection(services.con).cursor()
    try:
        service = ScoringService(services.bundle, ClientStore(cursor), services.dictionary)
        # the sheet explains the decision the officer recorded (an override with its
        # justification); without one, write_sheet records the model's as "shown"
        recorded = backend.recorded_decision(cursor, client_id, services.bundle.model_hash)
        override = None
        if recorded is not None and recorded["event"] == "override":
            override = {
                "decision": recorded["final_decision"],
                "justification": recorded["justification"] or "",
            }
        return write_sheet(
            service,
            client_id,
            pdf_path=pdf,
            html_path=html,
            lang=lang,
            officer=officer or None,
            override=override,
            decision_entry_id=None if recorded is None else int(recorded["entry_id"]),
            progress=progress,
        )
    finally:
        cursor.close()


def _drift_report(bundle, store_path, progress=None):
    from creditdesk.reports.drift import generate_drift_report

    return generate_drift_report(bundle, store_path, progress=progress)
