"""Where CreditDesk finds its shipped files and keeps the user's ones.

Shipped files (model bundle, data dictionary, translations, icons) sit at the
repository's top level in a source checkout and under ``sys._MEIPASS`` in the
frozen application. User files (default store, reports, logs) go to the
per-user data folder of the OS.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def install_root() -> Path:
    """Folder holding ``model/``, ``data/``, ``resources/`` and ``monitoring/``."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def model_dir() -> Path:
    return install_root() / "model"


def dictionary_path() -> Path:
    return install_root() / "data" / "dictionary.json"


def resources_dir() -> Path:
    return install_root() / "resources"


def user_data_dir() -> Path:
    """Per-user writable folder (overridable with CREDITDESK_HOME, used by tests)."""
    override = os.environ.get("CREDITDESK_HOME")
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "CreditDesk"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / "CreditDesk"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "creditdesk"
    base.mkdir(parents=True, exist_ok=True)
    return base


def default_store_path() -> Path:
    return user_data_dir() / "default.duckdb"


def reports_dir() -> Path:
    path = user_data_dir() / "reports"
    path.mkdir(parents=True, exist_ok=True)
    return path
