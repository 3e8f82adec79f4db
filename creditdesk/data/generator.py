"""Generate a client store with the Home Credit schema: the seven tables, the oracle's
latent probability of default, store facts, then the engineered features.

The store is written to a temporary file beside ``out`` and renamed onto it only when
complete (:func:`creditdesk.store.staging.staged_store`), so an interrupted run leaves
either the old store or the new one. A store another program holds open is refused,
and the decision log (audit trail) of the store being replaced is carried into the new
one. Clients are drawn in chunks of 50,000 with one random stream per chunk
(deterministic for a seed).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from creditdesk.data.application import Population, draw_applications
from creditdesk.data.balances import draw_balances
from creditdesk.data.bureau import FIRST_BUREAU_ID, draw_bureau
from creditdesk.data.cli_args import add_generate_arguments, run_generate
from creditdesk.data.drift import BASELINE, Scenario, scenario
from creditdesk.data.latent import (
    DEFAULT_RATE,
    calibrate_intercept,
    oracle_probability,
    risk_logit,
)
from creditdesk.data.previous import FIRST_PREV_ID, draw_previous
from creditdesk.data.sampling import Cat, sigmoid
from creditdesk.errors import InputError
from creditdesk.store import schema

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

__all__ = ["add_generate_arguments", "check_request", "generate_store", "run_generate", "simulate_chunk"]

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]

GENERATOR_VERSION = "1.0"
FIRST_CLIENT_ID = 100002
CHUNK_CLIENTS = 50_000
PILOT_CLIENTS = (10_000, 30_000)  # non-drifted clients a drifted store's intercept comes from
MEMORY_LIMIT = "4GB"  # DuckDB's share of the 8 GB budget (it spills to disk beyond)
TABLES_SHARE = 0.7  # progress share of the raw tables when features are built afterwards
_TARGET_STREAM, _HOLDOUT_STREAM, _PILOT_STREAM = 1_000_000, 1_000_001, 1_000_002
COMPANIONS = (schema.BUREAU, schema.BUREAU_BALANCE, schema.PREVIOUS_APPLICATION,
              schema.POS_CASH_BALANCE, schema.INSTALLMENTS_PAYMENTS, schema.CREDIT_CARD_BALANCE)


@dataclass
class Chunk:
    """One chunk of clients: its tables (column -> values) and the risk log-odds."""

    population: Population
    tables: dict[str, dict[str, np.ndarray | Cat]]
    raw_logit: np.ndarray  # noisy log-odds TARGET is drawn from
    signal_logit: np.ndarray  # the same without the unobservable noise (the oracle's input)


def simulate_chunk(rng: np.random.Generator, ids: np.ndarray, sc: Scenario,
                   first_bureau_id: int, first_prev_id: int) -> Chunk:
    pop = draw_applications(rng, ids, sc)
    bureau = draw_bureau(rng, pop, first_bureau_id)
    prev = draw_previous(rng, pop, first_prev_id)
    loans = draw_balances(rng, pop, prev)
    signal, raw = risk_logit(rng, pop, bureau, prev, loans)
    tables = {
        schema.APPLICATION: pop.columns,
        schema.BUREAU: bureau.bureau,
        schema.BUREAU_BALANCE: bureau.balance,
        schema.PREVIOUS_APPLICATION: prev.table,
        schema.POS_CASH_BALANCE: loans.pos,
        schema.INSTALLMENTS_PAYMENTS: loans.instalments,
        schema.CREDIT_CARD_BALANCE: loans.card,
    }
    return Chunk(pop, tables, raw, signal)


def _stream(seed: int, *key: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=key))


def to_arrow(table: str, cols: dict[str, np.ndarray | Cat]) -> pa.Table:
    """Columns in the schema's order and types; NaN and code -1 become NULL."""
    import pyarrow as pa

    arrays = []
    for name, dtype in schema.TABLES[table]:
        values = cols[name]
        if dtype == "VARCHAR":
            if not isinstance(values, Cat):
                raise TypeError(f"{table}.{name} must be categorical")
            codes = values.codes.astype(np.int32)
            arrays.append(pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0),
                                                         pa.array(list(values.levels), pa.string())))
        elif dtype == "BIGINT":
            values = np.asarray(values)
            if values.dtype.kind == "f":
                missing = np.isnan(values)
                arrays.append(pa.array(np.where(missing, 0, values).astype(np.int64), mask=missing))
            else:
                arrays.append(pa.array(values.astype(np.int64)))
        else:
            arrays.append(pa.array(np.asarray(values, dtype=np.float64), from_pandas=True))
    return pa.Table.from_arrays(arrays, names=schema.columns(table))


def _insert(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table) -> None:
    con.register("_chunk", data)
    try:
        con.execute(f'INSERT INTO "{table}" SELECT * FROM _chunk')
    finally:
        con.unregister("_chunk")


def check_request(out: Path, n_clients: int, holdout_fraction: float = 0.1) -> None:
    """InputError if a store of ``n_clients`` cannot be generated at ``out``."""
    if isinstance(n_clients, bool) or not isinstance(n_clients, int | np.integer) or n_clients <= 0:
        raise InputError(f"the number of clients must be a positive whole number, not {n_clients!r}")
    if not 0.0 <= holdout_fraction < 1.0:
        raise InputError(f"the held-out share must be between 0 and 1, not {holdout_fraction!r}")
    folder = out.parent
    if not folder.is_dir():
        raise InputError(f"cannot write {out}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise InputError(f"cannot write {out}: folder {folder} is not writable")
    if out.is_dir():
        raise InputError(f"cannot write {out}: it is a folder")


def _pilot_intercept(seed: int, n_clients: int) -> float:
    """Intercept of the non-drifted population, so a drifted store keeps the same risk function."""
    pilot = min(max(n_clients, PILOT_CLIENTS[0]), PILOT_CLIENTS[1])
    raws = []
    for k in range(0, pilot, CHUNK_CLIENTS):
        size = min(CHUNK_CLIENTS, pilot - k)
        ids = FIRST_CLIENT_ID + k + np.arange(size, dtype=np.int64)
        raws.append(simulate_chunk(_stream(seed, _PILOT_STREAM, k), ids, BASELINE, 0, 0).raw_logit)
    return calibrate_intercept(np.concatenate(raws), DEFAULT_RATE)


def _write_tables(con: duckdb.DuckDBPyConnection, n_clients: int, seed: int, sc: Scenario,
                  holdout_fraction: float, report: Progress) -> dict[str, str]:
    for table in (*schema.TABLES, schema.ORACLE, schema.STORE_META):
        con.execute(f'DROP TABLE IF EXISTS "{table}"')
    for table in schema.TABLES:
        con.execute(schema.create_table_sql(table))
    con.execute(f'CREATE TABLE "{schema.ORACLE}" ("SK_ID_CURR" BIGINT, "pd" DOUBLE)')
    con.execute(f'CREATE TABLE "{schema.STORE_META}" ("key" VARCHAR, "value" VARCHAR)')

    report(0.0, "drawing clients")
    applications, raws, signals = [], [], []
    next_bureau, next_prev = FIRST_BUREAU_ID, FIRST_PREV_ID
    for index, start in enumerate(range(0, n_clients, CHUNK_CLIENTS)):
        size = min(CHUNK_CLIENTS, n_clients - start)
        ids = FIRST_CLIENT_ID + start + np.arange(size, dtype=np.int64)
        chunk = simulate_chunk(_stream(seed, index), ids, sc, next_bureau, next_prev)
        for table in COMPANIONS:
            _insert(con, table, to_arrow(table, chunk.tables[table]))
        next_bureau += len(chunk.tables[schema.BUREAU]["SK_ID_BUREAU"])
        next_prev += len(chunk.tables[schema.PREVIOUS_APPLICATION]["SK_ID_PREV"])
        app = chunk.tables[schema.APPLICATION]
        app["TARGET"] = np.full(size, np.nan)
        applications.append(app)
        raws.append(chunk.raw_logit)
        signals.append(chunk.signal_logit)
        report((start + size) / n_clients * 0.95, f"clients {start + size:,}/{n_clients:,}")

    raw = np.concatenate(raws)
    ids = FIRST_CLIENT_ID + np.arange(n_clients, dtype=np.int64)
    held_out = np.zeros(n_clients, dtype=bool)
    held_out[_stream(seed, _HOLDOUT_STREAM).permutation(n_clients)[:round(holdout_fraction * n_clients)]] = True
    u = _stream(seed, _TARGET_STREAM).random(n_clients)
    if sc is BASELINE:
        labelled = ~held_out
        intercept = calibrate_intercept(raw[labelled], DEFAULT_RATE, u[labelled])
    else:
        report(0.95, "calibrating on the non-drifted population")
        intercept = _pilot_intercept(seed, n_clients)
    pd = sigmoid(intercept + raw)
    target = np.where(held_out, np.nan, (u < pd).astype(np.float64))

    import pyarrow as pa

    report(0.97, "writing applications")
    start = 0
    for app in applications:
        app["TARGET"] = target[start:start + len(app["SK_ID_CURR"])]
        start += len(app["SK_ID_CURR"])
        _insert(con, schema.APPLICATION, to_arrow(schema.APPLICATION, app))
    oracle = oracle_probability(intercept, np.concatenate(signals))
    _insert(con, schema.ORACLE, pa.table({"SK_ID_CURR": ids, "pd": oracle}))
    labelled_rate = float(np.nanmean(target)) if (~held_out).any() else float("nan")
    return {
        "intercept": f"{intercept:.6f}",
        "default_rate": f"{labelled_rate:.6f}",
        "mean_pd": f"{oracle.mean():.6f}",
        "holdout_fraction": f"{holdout_fraction}",
        "holdout_clients": str(int(held_out.sum())),
    }


def generate_store(out_path: str | os.PathLike[str], n_clients: int, seed: int,
                   drift: str | None = None, holdout_fraction: float = 0.1,
                   progress: Progress | None = None, build_features: bool = True) -> Path:
    """Write a generated store to ``out_path`` (replacing it atomically) and return its path.

    ``n_clients`` application rows (ids from 100002), ``holdout_fraction`` of them without
    TARGET; ``drift`` names a scenario of :data:`creditdesk.data.drift.SCENARIOS`;
    ``build_features`` runs :func:`creditdesk.store.features.build_features` before the
    rename. ``progress`` receives (fraction, message) and may raise
    :class:`~creditdesk.errors.Cancelled` to stop: the old store, if any, is left untouched.
    The decision log of the store being replaced is kept. Raises InputError for a bad
    request, StoreError if ``out_path`` cannot be replaced (another program holds it
    open, or it is not a DuckDB store).
    """
    out = Path(out_path).expanduser().resolve()
    sc = scenario(drift)
    check_request(out, n_clients, holdout_fraction)
    seed = int(seed)
    share = TABLES_SHARE if build_features else 1.0

    def report(fraction: float, message: str) -> None:
        if progress is not None:
            progress(min(fraction, 1.0) * share, message)

    def report_features(fraction: float, message: str) -> None:
        if progress is not None:
            progress(share + (1.0 - share) * min(fraction, 1.0), message)

    from creditdesk.store.staging import staged_store

    started = time.monotonic()
    with staged_store(out, keep_existing=False, config={"memory_limit": MEMORY_LIMIT}) as con:
        facts = _write_tables(con, n_clients, seed, sc, holdout_fraction, report)
        meta = {
            "kind": "generated",
            "seed": str(seed),
            "n_clients": str(n_clients),
            "drift": sc.name,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "generator_version": GENERATOR_VERSION,
            **facts,
        }
        con.executemany(f'INSERT INTO "{schema.STORE_META}" VALUES (?, ?)', list(meta.items()))
        if build_features:
            from creditdesk.store.features import build_features as build

            report_features(0.0, "building features")
            build(con, report_features)
    log.info("generated %s clients into %s in %.1f s", n_clients, out, time.monotonic() - started)
    if progress is not None:
        progress(1.0, "done")
    return out

