"""The desktop application (PySide6 widgets, pyqtgraph charts); the only layer with widgets."""
