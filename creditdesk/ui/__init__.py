"""The desktop application (PySide6 widgets, pyqtgraph charts); the only layer with widgets."""

from creditdesk.ui import qt_compat as _qt_compat  # noqa: F401  (PySide6 6.12.0 emit defect)
