"""The user's settings: one versioned schema, stored through QSettings at the UI edge.

The file is an INI file in the user's CreditDesk folder (``paths.user_data_dir()``),
so tests and portable installs get their own settings with ``CREDITDESK_HOME``.
Unknown keys are ignored; a missing or malformed value falls back to its default;
a file written by an older schema is migrated on load and rewritten on save.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

SCHEMA_VERSION = 1
LANGUAGES = ("en", "fr")
THEMES = ("light", "dark")


@dataclass
class Settings:
    """What CreditDesk remembers between runs."""

    geometry: bytes = b""
    window_state: bytes = b""
    last_store: str = ""
    last_client: int | None = None
    language: str = ""  # "" until the first start picks one from the system locale
    theme: str = "light"
    officer: str = ""
    last_panel: str = "score"


def settings_path() -> Path:
    from creditdesk.paths import user_data_dir

    return user_data_dir() / "settings.ini"


def open_qsettings(path: str | Path | None = None) -> QSettings:
    return QSettings(str(path or settings_path()), QSettings.Format.IniFormat)


def _to_bytes(value) -> bytes:
    if isinstance(value, QByteArray):
        return bytes(value.data())
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return b""


def load_settings(qs: QSettings) -> Settings:
    """Read the settings, migrating older schema versions and dropping bad values."""
    out = Settings()
    try:
        version = int(qs.value("schema_version", 0) or 0)
    except (TypeError, ValueError):
        version = 0
    # version 0 is a file without a schema (never written by a release): same keys as 1.
    # A newer version is read for the keys this release understands.
    del version
    out.geometry = _to_bytes(qs.value("window/geometry"))
    out.window_state = _to_bytes(qs.value("window/state"))
    out.last_store = str(qs.value("store/last", "") or "")
    try:
        raw = qs.value("store/last_client")
        out.last_client = int(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        out.last_client = None
    lang = str(qs.value("ui/language", "") or "")
    out.language = lang if lang in LANGUAGES else ""
    theme = str(qs.value("ui/theme", "light") or "light")
    out.theme = theme if theme in THEMES else "light"
    out.officer = str(qs.value("officer/name", "") or "")
    out.last_panel = str(qs.value("ui/panel", "score") or "score")
    return out


def save_settings(qs: QSettings, settings: Settings) -> None:
    qs.setValue("schema_version", SCHEMA_VERSION)
    qs.setValue("window/geometry", QByteArray(settings.geometry))
    qs.setValue("window/state", QByteArray(settings.window_state))
    qs.setValue("store/last", settings.last_store)
    qs.setValue(
        "store/last_client", "" if settings.last_client is None else int(settings.last_client)
    )
    qs.setValue("ui/language", settings.language)
    qs.setValue("ui/theme", settings.theme)
    qs.setValue("officer/name", settings.officer)
    qs.setValue("ui/panel", settings.last_panel)
    qs.sync()
