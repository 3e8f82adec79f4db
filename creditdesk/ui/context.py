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

    def __init__(self, settings: Settings, qsettings=None, dialogs: DialogService | None = None,
                 translations: Translations | None = None, parent: QObject | None = None) -> None:
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
    def set_services(self, services) -> None:
        old = self.services
        self.services = services
        self.session.set_services(services)
        self.servicesChanged.emit(services)
        if old is not None and old is not services:
            # the old connection is only ever used on the db thread: close it there
            self.db.submit(old.close)

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
