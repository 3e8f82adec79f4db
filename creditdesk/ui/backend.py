"""The application's links to the Qt-free layers, in one place.

Each function here is a plain call into core, store, data or reports, meant
to run on a worker thread (see ``workers.TaskRunner``). Nothing here imports
Qt. Heavy libraries are imported inside the functions, so the window can
show before they load.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from creditdesk.errors import StoreError

#: the demo store built at first start when there is no default store
DEFAULT_STORE_CLIENTS = 30_000
DEFAULT_STORE_SEED = 2026
#: DuckDB buffer pool of the desktop application (database-wide, shared by its cursors)
DUCKDB_MEMORY_LIMIT = "160MB"


@dataclass
class Services:
    """An opened store with the model that scores it."""

    store_path: Path
    con: Any  # duckdb.DuckDBPyConnection, used from the db worker thread only
    read_only: bool
    bundle: Any  # creditdesk.core.bundle.Bundle
    dictionary: Any  # creditdesk.store.dictionary.DataDictionary
    scoring: Any  # creditdesk.core.scoring.ScoringService
    layout: Any  # creditdesk.core.portfolio.StoreLayout
    scored: bool  # the scores table holds this model's scores
    editable: list = field(
        default_factory=list
    )  # FieldSpec of the what-if fields present in the store
    first_client: int | None = (
        None  # the client to show first (the one asked for, else the first one)
    )
    #: why the store is read-only (another program holds it, file permissions...), if it is
    read_only_reason: str | None = None

    @property
    def model_hash(self) -> str:
        return self.bundle.model_hash

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.con.close()


#: set by ``run_app`` only (never in a test process, where other areas need LightGBM whole)
LEAN_START = False


def import_lightgbm_quickly() -> None:
    """In the desktop process, import LightGBM without its optional scikit-learn and pandas layers.

    The application only calls ``lightgbm.Booster.predict`` on numpy arrays
    (``ScoringService`` converts frames itself), so LightGBM's scikit-learn
    estimators and its pandas support are dead weight at start-up: about
    0.8 s and 100 MB (pandas brings pyarrow). scikit-learn and pandas stay
    importable for whatever needs them later (what-if, reports).
    """
    if "lightgbm" in sys.modules or not LEAN_START:
        return
    blocked = [name for name in ("sklearn", "pandas") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import lightgbm  # noqa: F401
    finally:
        for name in blocked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


def open_store(path: str | Path):
    """Open a client store (a ``store.connection.StoreHandle``).

    When another instance holds the store, the handle is read-only and its
    ``reason`` says why; a damaged or foreign file raises ``NotAStoreError``.
    """
    from creditdesk.store.connection import open_store as _open

    return _open(Path(path))


def check_bundle(bundle_path: str | Path | None) -> None:
    """Load and verify the model bundle (its SHA-256 manifest); BundleError when it is refused.

    Called before any long work that would need the model at its end (building
    the demo store): a refused bundle stops everything at once, never a fallback.
    """
    import_lightgbm_quickly()
    from creditdesk.core.bundle import load_bundle

    load_bundle(bundle_path)


def open_services(
    store_path: str | Path,
    bundle_path: str | Path | None,
    wanted_client: int | None = None,
    progress=None,
) -> Services:
    """Open the store, load and verify the model, build the scoring service, pick the first client."""
    from creditdesk.core import portfolio

    if progress:
        progress(0.05, "store")
    con = open_store(store_path)
    try:
        # DuckDB keeps what it reads in its buffer pool up to 80% of the RAM by default; the
        # desktop reads pages, one client and a few aggregates: a small pool keeps RSS low.
        con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
        layout = portfolio.store_layout(con)
        if progress:
            progress(0.2, "model")
        import_lightgbm_quickly()
        from creditdesk.core import whatif
        from creditdesk.core.bundle import load_bundle
        from creditdesk.core.clients import ClientStore
        from creditdesk.core.scoring import ScoringService

        bundle = load_bundle(bundle_path)
        scoring = ScoringService(bundle, ClientStore(con))
        dictionary = scoring.dictionary
        scored = portfolio.has_scores_for(con, bundle.model_hash)
        editable = whatif.editable_fields(scoring)
        first = None
        if wanted_client is not None and portfolio.client_exists(con, int(wanted_client)):
            first = int(wanted_client)
        if first is None:
            first = portfolio.first_client(con)
    except BaseException:
        with contextlib.suppress(Exception):
            con.close()
        raise
    if progress:
        progress(1.0, "ready")
    return Services(
        Path(store_path),
        con,
        bool(con.read_only),
        bundle,
        dictionary,
        scoring,
        layout,
        scored,
        editable,
        first,
        read_only_reason=con.reason if con.read_only else None,
    )


def build_default_store(path: str | Path, bundle_path: str | Path | None, progress=None) -> Path:
    """Generate the demo store (30,000 synthetic clients, seed 2026) and score it."""
    from creditdesk.data.generator import generate_store

    def part(lo: float, hi: float):
        if progress is None:
            return None
        return lambda f, m="": progress(lo + (hi - lo) * float(f), m)

    check_bundle(bundle_path)  # a refused model stops the build before minutes of generation
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    generate_store(path, DEFAULT_STORE_CLIENTS, DEFAULT_STORE_SEED, progress=part(0.0, 0.8))
    score_store(path, bundle_path, progress=part(0.8, 1.0))
    return path


def rebuild_default_store(
    path: str | Path, bundle_path: str | Path | None, keep_as: str | Path, progress=None
) -> Path:
    """Replace a damaged default store by a new demo store; the damaged file moves to ``keep_as``.

    Its write-ahead log moves with it (replayed onto the new store, it would
    damage that one too). Nothing is moved while the model is refused or
    while another program holds the file.
    """
    import os

    from creditdesk.store.connection import ensure_not_in_use

    check_bundle(bundle_path)
    path, keep_as = Path(path), Path(keep_as)
    ensure_not_in_use(path)
    for old, new in ((path, keep_as), (_wal(path), _wal(keep_as))):
        if old.exists():
            try:
                os.replace(old, new)
            except OSError as exc:
                raise StoreError(
                    f"cannot move the damaged store {old} aside: {exc.strerror or exc}"
                ) from exc
    return build_default_store(path, bundle_path, progress=progress)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def score_store(path: str | Path, bundle_path: str | Path | None, progress=None) -> None:
    """Score every client of the store with the model (writes the ``scores`` table)."""
    import_lightgbm_quickly()
    from creditdesk.core.bundle import load_bundle
    from creditdesk.core.clients import ClientStore
    from creditdesk.core.scoring import ScoringService

    con = open_store(path)
    try:
        if con.read_only:
            raise StoreError(f"client store {path} is open read-only; cannot write scores")
        service = ScoringService(load_bundle(bundle_path), ClientStore(con))
        service.score_portfolio(con, progress=progress)
    finally:
        with contextlib.suppress(Exception):
            con.close()


def score_portfolio_on(cursor, scoring, progress=None) -> None:
    """Score the open store through its own cursor (runs on the jobs thread)."""
    scoring.score_portfolio(cursor, progress=progress)


def record_decision(
    con, *, services: Services, assessment, officer: str, decision: str, justification: str
) -> int:
    """Write the officer's decision on the client's original assessment to the decision log.

    A decision that differs from the model's is an override and needs a
    justification (the log refuses it otherwise with an InputError).
    """
    from creditdesk.store import audit

    override = decision != assessment.decision
    return audit.record(
        con,
        officer=audit.default_officer(officer),
        client_id=int(assessment.client_id),
        event="override" if override else "shown",
        model_name=services.bundle.name,
        model_version=services.bundle.version,
        model_hash=services.bundle.model_hash,
        features=assessment.values,
        probability=float(assessment.probability),
        model_decision=assessment.decision,
        final_decision=decision,
        justification=justification or None,
    )


def decision_history(con, client_id: int) -> list[dict]:
    from creditdesk.store import audit

    return list(audit.history(con, int(client_id)))


def recorded_decision(con, client_id: int, model_hash: str) -> dict | None:
    """The officer's latest decision on this client under this model ("shown" or "override")."""
    for row in reversed(decision_history(con, client_id)):
        if row["event"] in ("shown", "override") and row["model_hash"] == model_hash:
            return row
    return None
