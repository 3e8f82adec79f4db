"""The one scoring service: probability, decision, SHAP contributions, what-if, batch.

Probabilities come from ``booster.predict``; contributions from LightGBM's own
TreeSHAP (``pred_contrib=True``: one column per feature plus the expected
value last, summing to the raw log-odds score). The decision threshold is the
bundle's, never a constant here. The GUI, the CLI, the sheets and batch jobs
all go through :class:`ScoringService`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from creditdesk.errors import InputError, StoreError

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

    from creditdesk.core.approval import PathToApproval
    from creditdesk.core.bundle import Bundle
    from creditdesk.core.clients import ClientStore
    from creditdesk.core.reasons import ReasonCode
    from creditdesk.store.dictionary import DataDictionary

Progress = Callable[[float, str], None]
ACCEPT = "accept"
REFUSE = "refuse"
SCORES_TABLE = "scores"
SMALL_BATCH = 2_000  # rows scored on one thread (see ScoringService._predict)
BATCH_ROWS = 25_000  # clients per batch of iter_scores / score_portfolio (~40 MB of features)
STREAM_ROWS = 8_192  # rows per Arrow record batch streamed out of DuckDB


def percent(probability: float, lang: str = "en", decimals: int = 1) -> str:
    """A probability as officers read it: "12.3%" / "12,3 %"."""
    text = f"{100 * probability:.{decimals}f}"
    return text.replace(".", ",") + "\u202f%" if lang == "fr" else text + "%"


def decide(probability: float, threshold: float) -> str:
    """Refuse when the probability of default reaches the threshold."""
    return REFUSE if probability >= threshold else ACCEPT


@dataclass(frozen=True, eq=False)
class Assessment:
    """One client's (or one edited application's) score and its explanation."""

    client_id: int | None
    probability: float
    raw_score: float
    decision: str
    threshold: float
    feature_names: tuple[str, ...]
    values: np.ndarray
    contributions: np.ndarray  # log-odds SHAP per feature, same order as feature_names
    base_value: float

    @property
    def margin(self) -> float:
        """Threshold minus probability: positive means accepted with that much room."""
        return self.threshold - self.probability

    @property
    def refused(self) -> bool:
        return self.decision == REFUSE

    def top(self, n: int = 10) -> list[tuple[str, float, float]]:
        """The ``n`` largest contributions by size: (feature, value, contribution)."""
        order = np.argsort(-np.abs(self.contributions), kind="stable")[:n]
        return [
            (self.feature_names[i], float(self.values[i]), float(self.contributions[i])) for i in order
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "client_id": self.client_id,
            "probability": self.probability,
            "raw_score": self.raw_score,
            "decision": self.decision,
            "threshold": self.threshold,
            "base_value": self.base_value,
            "contributions": {
                name: {"value": None if math.isnan(v) else float(v), "contribution": float(c)}
                for name, v, c in zip(self.feature_names, self.values, self.contributions, strict=True)
            },
        }


class ScoringService:
    """Scores and explains clients of one store with one bundle.

    ``store`` may be None for scoring plain vectors. ``dictionary`` (default:
    the store's own, else the shipped data dictionary) validates what-if edits.
    """

    def __init__(
        self,
        bundle: Bundle,
        store: ClientStore | None = None,
        dictionary: DataDictionary | None = None,
    ):
        self.bundle = bundle
        self.store = store
        self._booster = bundle.booster
        self._names = tuple(bundle.feature_names)
        self._dictionary = dictionary
        self._whatif_client: int | None = None
        self._whatif_rows: tuple[Any, Any] | None = None
        if store is not None:
            store.use_features(self._names)

    # ------------------------------------------------------------------ basics

    @property
    def threshold(self) -> float:
        return self.bundle.threshold

    @property
    def feature_names(self) -> tuple[str, ...]:
        return self._names

    @property
    def dictionary(self) -> DataDictionary:
        if self._dictionary is None:
            from creditdesk.store.dictionary import DataDictionary

            # the store's own dictionary (bring-your-own tables), else the shipped one
            store = self.store
            self._dictionary = (
                DataDictionary.from_store(store.con) if store is not None else DataDictionary.load()
            )
        return self._dictionary

    def _matrix(self, X: Any) -> np.ndarray:
        if hasattr(X, "columns"):  # DataFrame: reorder by name
            missing = [n for n in self._names if n not in X.columns]
            if missing:
                raise InputError(f"missing model feature(s): {', '.join(missing[:5])}")
            X = X[list(self._names)].to_numpy(dtype=np.float64, na_value=np.nan)
        arr = np.asarray(X, dtype=np.float64)
        if arr.ndim == 1:
            arr = arr.reshape(1, -1)
        if arr.ndim != 2 or arr.shape[1] != len(self._names):
            raise InputError(f"expected {len(self._names)} features per row, got shape {arr.shape}")
        return np.ascontiguousarray(arr)

    def _predict(self, rows: np.ndarray, pred_contrib: bool = False) -> np.ndarray:
        """``booster.predict`` on one thread for small inputs.

        OpenMP's thread team costs more than it saves on a few rows, and on a
        busy machine its barrier waits turn 0.02 ms into tens of milliseconds.
        """
        threads = 1 if len(rows) <= SMALL_BATCH else 0  # 0: LightGBM's default
        return self._booster.predict(rows, pred_contrib=pred_contrib, num_threads=threads)

    def predict(self, X: Any) -> np.ndarray:
        """Probabilities of default for the rows of ``X`` (model feature order or a DataFrame)."""
        return self._predict(self._matrix(X))

    def explain(self, X: Any) -> np.ndarray:
        """TreeSHAP matrix (n, features + 1): log-odds contributions, expected value last."""
        return self._predict(self._matrix(X), pred_contrib=True)

    def decisions(self, probabilities: np.ndarray) -> np.ndarray:
        return np.where(probabilities >= self.threshold, REFUSE, ACCEPT)

    # ------------------------------------------------------------------ one client

    def assess_vector(self, x: Any, client_id: int | None = None) -> Assessment:
        """Score and explain one feature vector."""
        row = self._matrix(x)
        if row.shape[0] != 1:
            raise InputError("assess_vector takes exactly one row")
        probability = float(self._predict(row)[0])
        contrib = self._predict(row, pred_contrib=True)[0]
        return Assessment(
            client_id=client_id,
            probability=probability,
            raw_score=float(contrib.sum()),
            decision=decide(probability, self.threshold),
            threshold=self.threshold,
            feature_names=self._names,
            values=row[0].copy(),
            contributions=contrib[:-1],
            base_value=float(contrib[-1]),
        )

    def assess_many(self, X: Any, client_ids: Sequence[int] | None = None) -> list[Assessment]:
        """Score and explain several rows in one TreeSHAP call."""
        rows = self._matrix(X)
        probs = self._predict(rows)
        contrib = self._predict(rows, pred_contrib=True)
        ids = list(client_ids) if client_ids is not None else [None] * len(rows)
        return [
            Assessment(
                client_id=ids[i],
                probability=float(probs[i]),
                raw_score=float(contrib[i].sum()),
                decision=decide(float(probs[i]), self.threshold),
                threshold=self.threshold,
                feature_names=self._names,
                values=rows[i],
                contributions=contrib[i, :-1],
                base_value=float(contrib[i, -1]),
            )
            for i in range(len(rows))
        ]

    def _require_store(self) -> ClientStore:
        if self.store is None:
            raise StoreError("no client store is open")
        return self.store

    def assess_client(self, client_id: int) -> Assessment:
        """Score and explain a stored client."""
        x = self._require_store().feature_vector(client_id)
        return self.assess_vector(x, client_id=int(client_id))

    # ------------------------------------------------------------------ what-if

    def what_if(self, client_id: int, edits: Mapping[str, float | str | None]) -> Assessment:
        """Score the client's application with ``edits`` applied; the store is never written.

        Home Credit bundles: edits are raw application fields; every derived
        feature is recomputed by the store's own feature function. Table
        bundles: edits are feature values.
        """
        from creditdesk.core import whatif

        if self.bundle.pipeline == "table":
            x = whatif.edit_feature_vector(self, client_id, edits)
            return self.assess_vector(x, client_id=int(client_id))
        app, agg = self._client_rows(client_id)
        frame = whatif.edited_application(self, app, edits)
        x = whatif.features_for(self, frame, agg)
        return self.assess_vector(x, client_id=int(client_id))

    def _client_rows(self, client_id: int) -> tuple[pd.DataFrame, pd.DataFrame | None]:
        """Raw application and aggregate rows, cached for successive what-if calls."""
        cid = int(client_id)
        if self._whatif_client != cid or self._whatif_rows is None:
            store = self._require_store()
            self._whatif_rows = (store.application_frame(cid), store.aggregate_frame(cid))
            self._whatif_client = cid
        return self._whatif_rows

    def forget_client(self) -> None:
        """Drop the what-if cache (after the store changed)."""
        self._whatif_client = None
        self._whatif_rows = None

    # ------------------------------------------------------------------ explanations

    def reasons(self, assessment: Assessment, lang: str = "en", n: int = 4) -> list[ReasonCode]:
        from creditdesk.core.reasons import reason_codes

        return reason_codes(assessment, self.bundle, lang=lang, n=n)

    def path_to_approval(self, client_id: int) -> PathToApproval:
        from creditdesk.core.approval import find_path_to_approval

        return find_path_to_approval(self, client_id)

    # ------------------------------------------------------------------ batch

    def iter_scores(
        self,
        con: duckdb.DuckDBPyConnection,
        progress: Progress | None = None,
        batch_size: int = BATCH_ROWS,
        explain: bool = False,
    ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray | None]]:
        """Every client of the store in id order, by batch: (ids, probabilities, SHAP or None).

        The features table is read one id range of about ``batch_size`` clients
        at a time, streamed through Arrow and put in id order in memory: no
        ORDER BY over the whole table, whose sort would hold every row of
        every feature in DuckDB's memory (an out-of-memory error under the
        desktop's small DuckDB memory limit on a 307,511-client store).
        """
        from creditdesk.store.schema import FEATURES, ID

        batch_size = max(int(batch_size), 1)
        ids = con.execute(f"SELECT {ID} FROM {FEATURES} WHERE {ID} IS NOT NULL").fetchnumpy()[ID]
        ids = np.sort(np.asarray(ids, dtype=np.int64))
        total = len(ids)
        starts = np.unique(ids)[::batch_size]
        done = 0
        for k, low in enumerate(starts):
            high = int(starts[k + 1]) if k + 1 < len(starts) else None
            size = (total if high is None else int(np.searchsorted(ids, high))) - int(np.searchsorted(ids, low))
            batch_ids, rows = self._read_id_range(con, int(low), high, size)
            probs = self._predict(rows)
            contrib = self._predict(rows, pred_contrib=True) if explain else None
            del rows  # not kept while the next range is read
            done += len(batch_ids)
            if progress:
                progress(0.95 * done / max(total, 1), f"scored {done:,} of {total:,}")
            yield batch_ids, probs, contrib

    def _read_id_range(
        self, con: duckdb.DuckDBPyConnection, low: int, high: int | None, size: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Ids (sorted) and feature matrix of the ``size`` clients with ``low <= id < high``.

        Streamed a few thousand rows at a time straight into the matrix; rows
        are reordered only when the table is not stored in id order.
        """
        from creditdesk.core.clients import quote
        from creditdesk.store.schema import FEATURES, ID

        cols = ", ".join(f"CAST({quote(n)} AS DOUBLE) AS {quote(n)}" for n in self._names)
        where = f"{ID} >= ?" + ("" if high is None else f" AND {ID} < ?")
        params = [low] if high is None else [low, high]
        query = con.sql(f"SELECT {ID}, {cols} FROM {FEATURES} WHERE {where}", params=params)
        batch_ids = np.empty(size, dtype=np.int64)
        rows = np.empty((size, len(self._names)), dtype=np.float64)
        at = 0
        for batch in query.to_arrow_reader(STREAM_ROWS):  # DuckDB never holds the whole range
            n = batch.num_rows
            if at + n > size:
                raise StoreError("the features table changed while it was being scored")
            batch_ids[at : at + n] = batch.column(0).to_numpy()
            for i in range(len(self._names)):
                rows[at : at + n, i] = batch.column(i + 1).to_numpy(zero_copy_only=False)
            at += n
        if at != size:
            raise StoreError("the features table changed while it was being scored")
        if size > 1 and not np.all(batch_ids[1:] > batch_ids[:-1]):
            order = np.argsort(batch_ids, kind="stable")
            batch_ids, rows = batch_ids[order], rows[order]
        return batch_ids, rows

    def score_portfolio(
        self,
        con: duckdb.DuckDBPyConnection,
        progress: Progress | None = None,
        batch_size: int = BATCH_ROWS,
    ) -> int:
        """Score every client of the store into ``scores`` (one transaction); return the row count.

        Rows of this bundle's model hash are replaced; other models' rows stay.
        A cancel (``progress`` raising Cancelled) leaves the table untouched.
        Memory: one batch of features at a time plus an id and a probability
        per client (see :meth:`iter_scores`).
        """
        import pyarrow as pa

        from creditdesk.store.schema import ID

        ids: list[np.ndarray] = []
        probs: list[np.ndarray] = []
        for batch_ids, batch_probs, _ in self.iter_scores(con, progress, batch_size):
            ids.append(batch_ids)
            probs.append(batch_probs)
        frame = pa.table({
            ID: np.concatenate(ids) if ids else np.empty(0, dtype=np.int64),
            "probability": np.concatenate(probs) if probs else np.empty(0, dtype=np.float64),
        })
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(
                f"CREATE TABLE IF NOT EXISTS {SCORES_TABLE} ({ID} BIGINT, model_hash VARCHAR, "
                "probability DOUBLE, decision VARCHAR)"
            )
            con.execute(f"DELETE FROM {SCORES_TABLE} WHERE model_hash = ?", [self.bundle.model_hash])
            con.register("_cd_scores", frame)
            try:  # the decision as decide() takes it: refuse when probability >= threshold
                con.execute(
                    f"INSERT INTO {SCORES_TABLE} SELECT {ID}, ?, probability, "
                    f"CASE WHEN probability >= ? THEN '{REFUSE}' ELSE '{ACCEPT}' END FROM _cd_scores",
                    [self.bundle.model_hash, self.threshold],
                )
            finally:
                con.unregister("_cd_scores")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        if progress:
            progress(1.0, f"scored {frame.num_rows:,} clients")
        return frame.num_rows
