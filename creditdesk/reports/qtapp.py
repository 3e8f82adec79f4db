"""A QGuiApplication for painting when none is running (CLI, scripts, tests)."""

from __future__ import annotations

import os
import sys


def ensure_gui_app():
    """Return the running Qt application, creating an offscreen QGuiApplication if there is none.

    Painting text needs Qt's font database, which needs a Gui application. On a
    machine without a display (server, CI, SSH) the offscreen platform is chosen
    unless the user already picked one.
    """
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is not None:
        return app
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QGuiApplication(sys.argv[:1] or ["creditdesk"])
