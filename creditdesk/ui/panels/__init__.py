"""The panels of the main window (score, explanation, comparison, what-if, portfolio)."""
