"""What every window and panel shares: workers, the session, language, theme, dialogs.

Panels receive the context and listen to its signals; they never reach into
each other. Long work goes through ``ctx.db`` (store reads and scoring, one
thread) or ``ctx.jobs`` (store builds, imports, batch scoring, exports).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from creditdesk.ui.dialogs import DialogService
from creditdesk.ui.i18n import Translations
from creditdesk.ui.session import ClientSession
from creditdesk.ui.settings import Settings, save_settings
from creditdesk.ui.theme import ChartPalette, apply_theme, chart_palette
from creditdesk.ui.workers import TaskRunner


class AppContext(QObject):
    languageChanged = Signal(str)
    themeChanged = Signal(str)
    #: a store and model were opened (backend.Services) or closed (None)
    servicesChanged = Signal(object)
    #: the open store's scores for the current model were (re)written
    scoresChanged = Signal()
    #: a short message for the status bar
    status = Signal(str)

    def __init__(
        self,
        settings: Settings,
        qsettings=None,
        dialogs: DialogService | None = None,
        translations: Translations | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.qsettings = qsettings
        self.dialogs = dialogs or DialogService()
        self.translations = translations or Translations()
        self.db = TaskRunner("db", self)
        self.jobs = TaskRunner("jobs", self)
        self.session = ClientSession(self.db, self)
        self.services = None
        self.lang = settings.language or "en"
        self.theme = settings.theme or "light"
        self.palette: ChartPalette = chart_palette(self.theme)

    # ------------------------------------------------------------------ language and theme
    def set_language(self, lang: str) -> None:
        """Switch the interface language live: widgets retranslate on Qt's LanguageChange."""
        self.lang = lang if lang in ("en", "fr") else "en"
        self.settings.language = self.lang
        self.translations.install(self.lang)
        self.languageChanged.emit(self.lang)

    def set_theme(self, theme: str) -> None:
        app = QApplication.instance()
        self.palette = apply_theme(app, theme) if app is not None else chart_palette(theme)
        self.theme = self.palette.name
        self.settings.theme = self.theme
        self.themeChanged.emit(self.theme)

    @property
    def dark(self) -> bool:
        return self.theme == "dark"

    # ------------------------------------------------------------------ store and model
    def set_services(self, services, first_client: int | None = None) -> None:
        """Make ``services`` the open store; the first client starts loading before anything else."""
        old = self.services
        self.services = services
        self.session.set_services(services)
        if services is not None and first_client is not None:
            self.session.show_client(first_client)
        self.servicesChanged.emit(services)
        if old is not None and old is not services:
            # the old connection is only ever used on the db thread: close it there
            self.db.submit(old.close)

    # ------------------------------------------------------------------ early open
    def preopen(self, store_path, bundle_path, wanted_client: int | None) -> None:
        """Start opening the store and the model before the window is built (faster start-up)."""
        from creditdesk.ui import backend

        self._early = {
            "path": str(store_path),
            "done": False,
            "value": None,
            "error": None,
            "then": None,
        }
        early = self._early

        def finish(kind: str, value) -> None:
            early["done"], early[kind] = True, value
            if early["then"] is not None:
                on_result, on_error = early["then"]
                (on_result if kind == "value" else on_error)(value)

        self.db.submit(
            backend.open_services,
            str(store_path),
            bundle_path,
            wanted_client,
            key="open",
            on_result=lambda v: finish("value", v),
            on_error=lambda e: finish("error", e),
        )

    def claim_preopened(self, store_path, on_result, on_error) -> bool:
        """Hand the early open of ``store_path`` (if one was started) to the window's callbacks."""
        early = getattr(self, "_early", None)
        if early is None or early["path"] != str(store_path):
            return False
        self._early = None
        if early["done"]:
            (on_result(early["value"]) if early["error"] is None else on_error(early["error"]))
        else:
            early["then"] = (on_result, on_error)
        return True

    def save_settings(self) -> None:
        if self.qsettings is not None:
            save_settings(self.qsettings, self.settings)

    def shutdown(self) -> None:
        """Stop the workers and close the store (window close, end of a test)."""
        self.session.stop()
        self.jobs.shutdown(wait=True)
        self.db.cancel_all()
        services, self.services = self.services, None
        if services is not None:
            self.db.submit(services.close)
        self.db.shutdown(wait=True, cancel=False)
