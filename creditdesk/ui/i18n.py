"""Interface language: Qt translators for CreditDesk's strings and Qt's own.

Sources are ``resources/i18n/creditdesk_<lang>.ts`` (Qt Linguist), compiled to
``.qm`` by ``python -m creditdesk.ui.tools.build_translations``. English is
the source language; French ships complete. Installing a translator makes Qt
send a LanguageChange event to every widget, which retranslates itself.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

LANGUAGES = ("en", "fr")


def system_language() -> str:
    """The language the system locale asks for, if CreditDesk has it (else English)."""
    for name in QLocale.system().uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return "en"


class Retranslatable:
    """Mixin for widgets whose texts follow the language: ``retranslate()`` on LanguageChange.

    Put it first among the bases (``class Panel(Retranslatable, QWidget)``).
    """

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class Translations:
    """Keeps the installed translators so a language switch can replace them."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = "en"

    def install(self, language: str) -> bool:
        """Switch to ``language``; returns False when its compiled catalogue is missing."""
        from creditdesk.paths import resources_dir

        app = QCoreApplication.instance()
        for tr in self._installed:
            app.removeTranslator(tr)
        self._installed.clear()
        self.language = language if language in LANGUAGES else "en"
        QLocale.setDefault(
            QLocale(QLocale.Language.French if self.language == "fr" else QLocale.Language.English)
        )
        ok = True
        own = QTranslator(app)
        if own.load(f"creditdesk_{self.language}", str(resources_dir() / "i18n")):
            app.installTranslator(own)
            self._installed.append(own)
        else:
            ok = self.language == "en"
        qt = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if self.language != "en" and qt.load(f"qtbase_{self.language}", qt_dir):
            app.installTranslator(qt)
            self._installed.append(qt)
        return ok
