"""What several benchmarks share: the store to measure on."""

from __future__ import annotations

import tempfile
from pathlib import Path


def store_or_generated(store: str | None, clients: int, seed: int = 7) -> str:
    """``store`` if given, else a freshly generated store of ``clients`` clients (temp folder)."""
    if store is not None:
        return store
    from creditdesk.data.generator import generate_store

    path = str(Path(tempfile.mkdtemp()) / "bench.duckdb")
    print(f"generating {clients:,} clients (seed {seed}) into {path} ...")
    generate_store(path, clients, seed)
    return path
