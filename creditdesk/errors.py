"""Errors a user may see: each carries one clear, translatable-ready message."""

from __future__ import annotations


class CreditDeskError(Exception):
    """An error with a message meant for the officer, not a traceback."""


class StoreError(CreditDeskError):
    """The client store cannot be opened, read or written as asked."""


class BundleError(CreditDeskError):
    """The model bundle is missing, tampered with, truncated or of an unknown schema."""


class InputError(CreditDeskError):
    """A file, argument or what-if value was rejected at the edge."""


class Cancelled(CreditDeskError):  # noqa: N818  (reads as the event it reports)
    """Long work stopped because the user asked it to."""
