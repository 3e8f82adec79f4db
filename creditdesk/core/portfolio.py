"""Portfolio queries for the desktop application, in DuckDB SQL and numpy (no Qt).

Everything the client list and the comparison and portfolio panels show comes
from here: one page of the client list, distributions of a feature split by
outcome and by decision, scatter samples or densities, nearest neighbours,
cohort filters and portfolio statistics. Each function takes an open DuckDB
connection and plain values and returns plain values, so it can run in a
worker thread, a test or a notebook; nothing loads the whole store in memory.

Tables used (see creditdesk.store.schema): ``application`` (raw fields, or
``client_table`` for a bring-your-own table), ``features`` (SK_ID_CURR, TARGET,
numeric features) and ``scores`` (SK_ID_CURR, model_hash, probability,
decision). Outcome: TARGET 1 = defaulted, 0 = repaid, NULL = not known yet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from creditdesk.store.schema import APPLICATION, FEATURES, ID, TARGET

SCORES = "scores"
CLIENT_TABLE = "client_table"

#: raw categorical fields offered as client-list filters (when the store has them)
LIST_FILTER_FIELDS = (
    "NAME_CONTRACT_TYPE",
    "CODE_GENDER",
    "NAME_INCOME_TYPE",
    "NAME_EDUCATION_TYPE",
)
#: raw categorical fields of the cohort filter; ``AGE_BAND`` is derived from DAYS_BIRTH
COHORT_FIELDS = ("CODE_GENDER", "NAME_EDUCATION_TYPE", "NAME_INCOME_TYPE", "NAME_CONTRACT_TYPE")
AGE_BAND = "AGE_BAND"
#: age bands in years, [low, high)
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("20-29", 0, 30),
    ("30-39", 30, 40),
    ("40-49", 40, 50),
    ("50-59", 50, 60),
    ("60+", 60, 200),
)
SORT_KEYS = ("id", "score")


def q(name: str) -> str:
    """A SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


# --------------------------------------------------------------------------- store layout


def table_names(con) -> set[str]:
    rows = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    return {r[0] for r in rows}


def table_columns(con, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


@dataclass(frozen=True)
class StoreLayout:
    """Which tables and columns a store offers (read once per opened store)."""

    raw_table: str | None
    raw_columns: tuple[str, ...]
    feature_columns: tuple[str, ...]
    has_scores: bool

    def has_raw(self, column: str) -> bool:
        return self.raw_table is not None and column in self.raw_columns

    @property
    def list_filters(self) -> tuple[str, ...]:
        return tuple(c for c in LIST_FILTER_FIELDS if self.has_raw(c))

    @property
    def cohort_fields(self) -> tuple[str, ...]:
        fields = [c for c in COHORT_FIELDS if self.has_raw(c)]
        if self.has_raw("DAYS_BIRTH"):
            fields.append(AGE_BAND)
        return tuple(fields)


def store_layout(con) -> StoreLayout:
    names = table_names(con)
    raw = APPLICATION if APPLICATION in names else CLIENT_TABLE if CLIENT_TABLE in names else None
    raw_cols = tuple(table_columns(con, raw)) if raw else ()
    feats = (
        tuple(c for c in table_columns(con, FEATURES) if c not in (ID, TARGET))
        if FEATURES in names
        else ()
    )
    return StoreLayout(raw, raw_cols, feats, SCORES in names)


def has_scores_for(con, model_hash: str) -> bool:
    if SCORES not in table_names(con):
        return False
    row = con.execute(
        f"SELECT count(*) FROM {SCORES} WHERE model_hash = ?", [model_hash]
    ).fetchone()
    return bool(row and row[0])


def category_levels(con, layout: StoreLayout, column: str) -> list[str]:
    """Levels of a raw categorical field present in the store, most frequent first."""
    if column == AGE_BAND:
        return [b[0] for b in AGE_BANDS]
    if not layout.has_raw(column):
        return []
    rows = con.execute(
        f"SELECT {q(column)} AS v, count(*) AS n FROM {q(layout.raw_table)} "
        f"WHERE {q(column)} IS NOT NULL GROUP BY v ORDER BY n DESC, v"
    ).fetchall()
    return [str(r[0]) for r in rows]


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True)
class Cohort:
    """A subset of the portfolio: raw field -> level (``AGE_BAND`` -> band label)."""

    levels: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, mapping: dict[str, str | None] | None) -> Cohort:
        items = sorted((k, v) for k, v in (mapping or {}).items() if v not in (None, ""))
        return cls(tuple(items))

    def as_dict(self) -> dict[str, str]:
        return dict(self.levels)

    def __bool__(self) -> bool:
        return bool(self.levels)


def _cohort_sql(
    cohort: Cohort | None, layout: StoreLayout, alias: str = "a"
) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    for column, level in cohort.levels if cohort else ():
        if column == AGE_BAND:
            band = next((b for b in AGE_BANDS if b[0] == level), None)
            if band is None or not layout.has_raw("DAYS_BIRTH"):
                continue
            where.append(
                f"(-{alias}.DAYS_BIRTH / 365.25) >= ? AND (-{alias}.DAYS_BIRTH / 365.25) < ?"
            )
            params += [band[1], band[2]]
        elif layout.has_raw(column):
            where.append(f"CAST({alias}.{q(column)} AS VARCHAR) = ?")
            params.append(level)
    return where, params


def _base_from(
    layout: StoreLayout, model_hash: str | None, need_raw: bool
) -> tuple[str, list[Any]]:
    """FROM clause over features f [+ raw a] [+ scores s for the model]."""
    sql = f"{q(FEATURES)} f"
    params: list[Any] = []
    if need_raw and layout.raw_table:
        sql += f" JOIN {q(layout.raw_table)} a USING ({ID})"
    if layout.has_scores and model_hash:
        sql += f" LEFT JOIN (SELECT {ID}, probability, decision FROM {SCORES} WHERE model_hash = ?) s USING ({ID})"
        params.append(model_hash)
    return sql, params


# --------------------------------------------------------------------------- client list


@dataclass(frozen=True)
class ClientQuery:
    """What the client list shows: search by id, filters, sort order."""

    search: str = ""
    decision: str | None = None  # "accept" | "refuse" | None (all)
    filters: tuple[tuple[str, str], ...] = ()  # raw field -> level
    sort: str = "id"  # "id" | "score"
    descending: bool = False
    model_hash: str | None = None


@dataclass(frozen=True)
class ClientRow:
    client_id: int
    probability: float | None
    decision: str | None
    target: int | None  # 1 defaulted, 0 repaid, None unknown
    contract: str | None


def _list_where(query: ClientQuery, layout: StoreLayout) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    text = query.search.strip()
    if text:
        if not text.isdigit():
            where.append("FALSE")
        else:
            where.append(f"CAST(f.{ID} AS VARCHAR) LIKE ?")
            params.append(text + "%")
    if query.decision in ("accept", "refuse"):
        if layout.has_scores and query.model_hash:
            where.append("s.decision = ?")
            params.append(query.decision)
        else:
            where.append("FALSE")
    w, p = _cohort_sql(Cohort(query.filters), layout)
    return where + w, params + p


def _list_from(query: ClientQuery, layout: StoreLayout) -> tuple[str, list[Any]]:
    need_raw = bool(query.filters) or layout.has_raw("NAME_CONTRACT_TYPE")
    return _base_from(layout, query.model_hash, need_raw)


def count_clients(con, layout: StoreLayout, query: ClientQuery) -> int:
    need_raw = bool(query.filters)
    frm, p0 = _base_from(layout, query.model_hash, need_raw)
    where, p1 = _list_where(query, layout)
    sql = f"SELECT count(*) FROM {frm}" + (" WHERE " + " AND ".join(where) if where else "")
    return int(con.execute(sql, p0 + p1).fetchone()[0])


def client_page(
    con, layout: StoreLayout, query: ClientQuery, offset: int, limit: int
) -> list[ClientRow]:
    """Rows ``offset`` .. ``offset + limit`` of the client list, in the query's order."""
    frm, p0 = _list_from(query, layout)
    where, p1 = _list_where(query, layout)
    scored = layout.has_scores and bool(query.model_hash)
    prob = "s.probability" if scored else "NULL"
    dec = "s.decision" if scored else "NULL"
    contract = (
        "a.NAME_CONTRACT_TYPE"
        if layout.has_raw("NAME_CONTRACT_TYPE") and layout.raw_table
        else "NULL"
    )
    direction = "DESC" if query.descending else "ASC"
    if query.sort == "score" and scored:
        order = f"s.probability {direction} NULLS LAST, f.{ID}"
    else:
        order = f"f.{ID} {direction}"
    sql = (
        f"SELECT f.{ID}, {prob}, {dec}, f.{TARGET}, {contract} FROM {frm}"
        + (" WHERE " + " AND ".join(where) if where else "")
        + f" ORDER BY {order} LIMIT ? OFFSET ?"
    )
    rows = con.execute(sql, [*p0, *p1, int(limit), int(offset)]).fetchall()
    return [
        ClientRow(
            int(r[0]),
            None if r[1] is None else float(r[1]),
            r[2],
            None if r[3] is None else int(r[3]),
            None if r[4] is None else str(r[4]),
        )
        for r in rows
    ]


def first_client(con) -> int | None:
    row = con.execute(f"SELECT min({ID}) FROM {q(FEATURES)}").fetchone()
    return None if row is None or row[0] is None else int(row[0])


def client_exists(con, client_id: int) -> bool:
    row = con.execute(
        f"SELECT count(*) FROM {q(FEATURES)} WHERE {ID} = ?", [int(client_id)]
    ).fetchone()
    return bool(row[0])


def application_record(con, layout: StoreLayout, client_id: int) -> dict[str, Any]:
    """The client's raw application fields as plain Python values (None = missing).

    A plain DuckDB row (no pandas), so the first client can be shown before
    pandas is imported.
    """
    if layout.raw_table is None:
        return {}
    cur = con.execute(f"SELECT * FROM {q(layout.raw_table)} WHERE {ID} = ?", [int(client_id)])
    row = cur.fetchone()
    if row is None:
        return {}
    names = [d[0] for d in cur.description]
    out = {}
    for name, value in zip(names, row, strict=True):
        if isinstance(value, float) and math.isnan(value):
            value = None
        out[name] = value
    return out


def client_target(con, client_id: int) -> int | None:
    row = con.execute(
        f"SELECT {TARGET} FROM {q(FEATURES)} WHERE {ID} = ?", [int(client_id)]
    ).fetchone()
    return None if row is None or row[0] is None else int(row[0])


# --------------------------------------------------------------------------- distributions


@dataclass
class Distribution:
    """Histogram of one feature over the (cohort of the) portfolio.

    ``edges`` has one more entry than each count array. For a categorical
    feature the bins are its integer codes (edges at code ± 0.5).
    """

    feature: str
    edges: np.ndarray
    by_outcome: dict[str, np.ndarray]  # "repaid", "defaulted", "unknown"
    by_decision: dict[str, np.ndarray]  # "accept", "refuse"
    n: int
    n_missing: int
    client_value: float | None = None
    client_percentile: float | None = (
        None  # share of the cohort at or below the client's value, 0..100
    )


def feature_distribution(
    con,
    layout: StoreLayout,
    feature: str,
    *,
    cohort: Cohort | None = None,
    model_hash: str | None = None,
    bins: int = 40,
    categorical: bool = False,
    client_value: float | None = None,
) -> Distribution:
    """Counts of ``feature`` by outcome and by decision, over the cohort."""
    if feature not in layout.feature_columns:
        raise KeyError(feature)
    need_raw = bool(cohort)
    frm, p0 = _base_from(layout, model_hash, need_raw)
    where, p1 = _cohort_sql(cohort, layout)
    expr = f"CAST(f.{q(feature)} AS DOUBLE)"
    scored = layout.has_scores and bool(model_hash)
    base_params = p0 + p1
    if categorical:
        row = con.execute(
            f"SELECT min({expr}), max({expr}), count({expr}), count(*) FROM {frm}"
            + (" WHERE " + " AND ".join(where) if where else ""),
            base_params,
        ).fetchone()
        lo, hi, n, total = row
        if lo is None:
            edges = np.array([-0.5, 0.5])
        else:
            edges = np.arange(math.floor(lo) - 0.5, math.floor(hi) + 1.0, 1.0)
    else:
        lo, hi, n, total = _finite_range_simple(con, frm, base_params, where, expr)
        if lo is None or hi is None:
            edges = np.array([0.0, 1.0])
        else:
            if client_value is not None and math.isfinite(client_value):
                lo, hi = min(lo, client_value), max(hi, client_value)
            if hi <= lo:
                hi = lo + 1.0
            edges = np.linspace(lo, hi, bins + 1)
    nb = len(edges) - 1
    lo_e, width = float(edges[0]), float(edges[1] - edges[0])
    bin_expr = (
        f"least(greatest(CAST(floor(({expr} - {lo_e!r}) / {width!r}) AS INTEGER), 0), {nb - 1})"
    )
    dec = "s.decision" if scored else "NULL"
    sql = (
        f"SELECT {bin_expr} AS b, f.{TARGET} AS t, {dec} AS d, count(*) FROM {frm} WHERE "
        + " AND ".join([*where, f"{expr} IS NOT NULL", f"isfinite({expr})"])
        + " GROUP BY ALL"
    )
    by_outcome = {k: np.zeros(nb) for k in ("repaid", "defaulted", "unknown")}
    by_decision = {k: np.zeros(nb) for k in ("accept", "refuse")}
    for b, t, d, c in con.execute(sql, base_params).fetchall():
        key = "unknown" if t is None else "defaulted" if int(t) == 1 else "repaid"
        by_outcome[key][int(b)] += c
        if d in by_decision:
            by_decision[d][int(b)] += c
    dist = Distribution(feature, edges, by_outcome, by_decision, int(n), int(total) - int(n))
    if client_value is not None and math.isfinite(client_value):
        dist.client_value = float(client_value)
        dist.client_percentile = percentile_of(con, layout, feature, client_value, cohort=cohort)
    return dist


def _finite_range_simple(con, frm: str, params: list[Any], where: list[str], expr: str):
    w_all = " WHERE " + " AND ".join(where) if where else ""
    sql = (
        f"SELECT quantile_cont({expr}, 0.005) FILTER (WHERE isfinite({expr})), "
        f"quantile_cont({expr}, 0.995) FILTER (WHERE isfinite({expr})), "
        f"count({expr}) FILTER (WHERE isfinite({expr})), count(*) FROM {frm}{w_all}"
    )
    return con.execute(sql, params).fetchone()


def percentile_of(
    con, layout: StoreLayout, feature: str, value: float, *, cohort: Cohort | None = None
) -> float | None:
    """Share (0..100) of the cohort whose ``feature`` is at or below ``value`` (missing values excluded)."""
    frm, p0 = _base_from(layout, None, bool(cohort))
    where, p1 = _cohort_sql(cohort, layout)
    expr = f"CAST(f.{q(feature)} AS DOUBLE)"
    sql = f"SELECT count(*) FILTER (WHERE {expr} <= ?), count({expr}) FROM {frm}" + (
        " WHERE " + " AND ".join(where) if where else ""
    )
    below, n = con.execute(sql, [float(value), *p0, *p1]).fetchone()
    return None if not n else 100.0 * below / n


# --------------------------------------------------------------------------- scatter


@dataclass
class Scatter:
    """Two features over the cohort: a sample of points, or a 2-D density when large."""

    x_feature: str
    y_feature: str
    n: int  # rows in the cohort with both values
    x: np.ndarray = field(default_factory=lambda: np.zeros(0))
    y: np.ndarray = field(default_factory=lambda: np.zeros(0))
    target: np.ndarray = field(default_factory=lambda: np.zeros(0))  # 1, 0, or -1 unknown
    density: np.ndarray | None = None  # (nx, ny) counts when ``n`` exceeds the sample size
    x_edges: np.ndarray | None = None
    y_edges: np.ndarray | None = None

    @property
    def sampled(self) -> bool:
        return len(self.x) < self.n


def scatter_sample(
    con,
    layout: StoreLayout,
    x_feature: str,
    y_feature: str,
    *,
    cohort: Cohort | None = None,
    max_points: int = 5000,
    density_bins: int = 0,
    seed: int = 7,
) -> Scatter:
    """A reproducible random sample of at most ``max_points`` clients with both values.

    With ``density_bins`` > 0 and more rows than ``max_points``, also returns a
    2-D histogram of the whole cohort (computed in SQL) for a density layer.
    """
    for name in (x_feature, y_feature):
        if name not in layout.feature_columns:
            raise KeyError(name)
    frm, p0 = _base_from(layout, None, bool(cohort))
    where, p1 = _cohort_sql(cohort, layout)
    xe, ye = f"CAST(f.{q(x_feature)} AS DOUBLE)", f"CAST(f.{q(y_feature)} AS DOUBLE)"
    where = [*where, f"isfinite({xe})", f"isfinite({ye})"]
    wsql = " WHERE " + " AND ".join(where)
    n = int(con.execute(f"SELECT count(*) FROM {frm}{wsql}", p0 + p1).fetchone()[0])
    # deterministic pseudo-random order: hash of the id with a seed
    sql = (
        f"SELECT {xe}, {ye}, coalesce(f.{TARGET}, -1) FROM {frm}{wsql} "
        f"ORDER BY hash(f.{ID} + {int(seed)}) LIMIT {int(max_points)}"
    )
    cols = [np.asarray(c) for c in con.execute(sql, p0 + p1).fetchnumpy().values()]
    out = Scatter(
        x_feature,
        y_feature,
        n,
        np.asarray(cols[0], dtype=float),
        np.asarray(cols[1], dtype=float),
        np.asarray(cols[2], dtype=float),
    )
    if density_bins and n > max_points:
        qs = con.execute(
            f"SELECT quantile_cont({xe}, 0.005), quantile_cont({xe}, 0.995), "
            f"quantile_cont({ye}, 0.005), quantile_cont({ye}, 0.995) FROM {frm}{wsql}",
            p0 + p1,
        ).fetchone()
        x0, x1, y0, y1 = (float(v) for v in qs)
        x1 = x1 if x1 > x0 else x0 + 1.0
        y1 = y1 if y1 > y0 else y0 + 1.0
        nb = int(density_bins)
        dx, dy = (x1 - x0) / nb, (y1 - y0) / nb
        bx = f"least(greatest(CAST(floor(({xe} - {x0!r}) / {dx!r}) AS INTEGER), 0), {nb - 1})"
        by = f"least(greatest(CAST(floor(({ye} - {y0!r}) / {dy!r}) AS INTEGER), 0), {nb - 1})"
        grid = np.zeros((nb, nb))
        for i, j, c in con.execute(
            f"SELECT {bx}, {by}, count(*) FROM {frm}{wsql} GROUP BY ALL", p0 + p1
        ).fetchall():
            grid[int(i), int(j)] = c
        out.density = grid
        out.x_edges = np.linspace(x0, x1, nb + 1)
        out.y_edges = np.linspace(y0, y1, nb + 1)
    return out


# --------------------------------------------------------------------------- similar clients


@dataclass(frozen=True)
class SimilarClient:
    client_id: int
    distance: float
    probability: float | None
    decision: str | None
    target: int | None


def similar_clients(
    con,
    layout: StoreLayout,
    client_id: int,
    features: list[str],
    *,
    k: int = 10,
    cohort: Cohort | None = None,
    model_hash: str | None = None,
    values: dict[str, float | None] | None = None,
) -> list[SimilarClient]:
    """The ``k`` nearest clients to ``client_id`` on ``features``, standardised.

    Each feature is centred and scaled by its portfolio mean and standard
    deviation; a missing value counts as the mean (distance 0 on that axis).
    ``values`` overrides the client's own feature values (e.g. simulated ones).
    """
    feats = [f for f in features if f in layout.feature_columns]
    if not feats:
        return []
    stats_sql = ", ".join(
        f"avg(CAST({q(f)} AS DOUBLE)), stddev_pop(CAST({q(f)} AS DOUBLE))" for f in feats
    )
    stats = con.execute(f"SELECT {stats_sql} FROM {q(FEATURES)}").fetchone()
    means = [stats[2 * i] for i in range(len(feats))]
    sds = [stats[2 * i + 1] for i in range(len(feats))]
    own = con.execute(
        f"SELECT {', '.join(q(f) for f in feats)} FROM {q(FEATURES)} WHERE {ID} = ?",
        [int(client_id)],
    ).fetchone()
    if own is None:
        return []
    own = list(own)
    if values:
        own = [
            values.get(f, v) if values.get(f, v) is not None else None
            for f, v in zip(feats, own, strict=True)
        ]
    terms = []
    params: list[Any] = []
    for f, m, s, v in zip(feats, means, sds, own, strict=True):
        if m is None or not s or v is None or (isinstance(v, float) and not math.isfinite(v)):
            continue
        terms.append(f"pow((coalesce(CAST(f.{q(f)} AS DOUBLE), ?) - ?) / ?, 2)")
        params += [float(m), float(v), float(s)]
    if not terms:
        return []
    frm, p0 = _base_from(layout, model_hash, bool(cohort))
    where, p1 = _cohort_sql(cohort, layout)
    where = [*where, f"f.{ID} <> ?"]
    scored = layout.has_scores and bool(model_hash)
    sql = (
        f"SELECT f.{ID}, sqrt({' + '.join(terms)}) AS dist, "
        f"{'s.probability' if scored else 'NULL'}, {'s.decision' if scored else 'NULL'}, f.{TARGET} "
        f"FROM {frm} WHERE {' AND '.join(where)} ORDER BY dist, f.{ID} LIMIT {int(k)}"
    )
    rows = con.execute(sql, [*params, *p0, *p1, int(client_id)]).fetchall()
    return [
        SimilarClient(
            int(r[0]),
            float(r[1]),
            None if r[2] is None else float(r[2]),
            r[3],
            None if r[4] is None else int(r[4]),
        )
        for r in rows
    ]


# --------------------------------------------------------------------------- portfolio


@dataclass
class PortfolioStats:
    """The scored portfolio at the model's threshold."""

    n_clients: int
    n_scored: int
    n_accepted: int
    approval_rate: float | None
    expected_cost: float | None  # per client, in units of the bundle's costs
    expected_default_rate_accepted: float | None  # mean PD of accepted clients
    observed_default_rate: float | None  # among clients with a known outcome
    score_edges: np.ndarray
    score_counts: dict[str, np.ndarray]  # "accept", "refuse"


def portfolio_stats(
    con,
    layout: StoreLayout,
    model_hash: str,
    threshold: float,
    cost_fn: float,
    cost_fp: float,
    *,
    bins: int = 50,
    cohort: Cohort | None = None,
) -> PortfolioStats:
    """Approval rate, expected cost and the score histogram by decision.

    Expected cost per client uses the calibrated probabilities: an accepted
    client costs ``cost_fn`` × PD (a default let through), a refused one
    ``cost_fp`` × (1 − PD) (a good client turned away).
    """
    edges = np.linspace(0.0, 1.0, bins + 1)
    counts = {"accept": np.zeros(bins), "refuse": np.zeros(bins)}
    frm, p0 = _base_from(layout, model_hash, bool(cohort))
    where, p1 = _cohort_sql(cohort, layout)
    wsql = " WHERE " + " AND ".join(where) if where else ""
    n_clients = int(con.execute(f"SELECT count(*) FROM {frm}{wsql}", p0 + p1).fetchone()[0])
    if not (layout.has_scores and model_hash):
        return PortfolioStats(n_clients, 0, 0, None, None, None, None, edges, counts)
    t = float(threshold)
    row = con.execute(
        f"SELECT count(s.probability), count(*) FILTER (WHERE s.probability < ?), "
        f"avg(CASE WHEN s.probability < ? THEN ? * s.probability ELSE ? * (1 - s.probability) END), "
        f"avg(s.probability) FILTER (WHERE s.probability < ?), avg(f.{TARGET}) "
        f"FROM {frm}{wsql}",
        [t, t, float(cost_fn), float(cost_fp), t, *p0, *p1],
    ).fetchone()
    n_scored, n_acc, cost, pd_acc, observed = row
    b = f"least(CAST(floor(s.probability * {bins}) AS INTEGER), {bins - 1})"
    hist_where = [*where, "s.probability IS NOT NULL"]
    for i, acc, c in con.execute(
        f"SELECT {b}, s.probability < ?, count(*) FROM {frm} WHERE {' AND '.join(hist_where)} GROUP BY ALL",
        [t, *p0, *p1],
    ).fetchall():
        counts["accept" if acc else "refuse"][int(i)] += c
    n_scored = int(n_scored or 0)
    return PortfolioStats(
        n_clients,
        n_scored,
        int(n_acc or 0),
        (n_acc / n_scored) if n_scored else None,
        None if cost is None else float(cost),
        None if pd_acc is None else float(pd_acc),
        None if observed is None else float(observed),
        edges,
        counts,
    )


@dataclass
class CostCurve:
    thresholds: np.ndarray
    cost: np.ndarray  # mean cost per client at each threshold
    source: str  # "validation" (the bundle's figures) or "reference" (its reference sample)


def cost_curve_from_metrics(metrics: dict[str, Any]) -> CostCurve | None:
    """The cost-per-client-versus-threshold curve of the bundle's validation set, if recorded.

    Training stores ``metrics["valid_cost_curve"] = {"thresholds": [...],
    "cost_per_client": [...], "cost": [...]}``.
    """
    curve = metrics.get("valid_cost_curve")
    if not isinstance(curve, dict):
        return None
    try:
        t = np.asarray(curve["thresholds"], dtype=float)
        c = np.asarray(curve.get("cost_per_client", curve.get("cost")), dtype=float)
    except (TypeError, KeyError, ValueError):
        return None
    if t.ndim != 1 or t.shape != c.shape or len(t) < 2:
        return None
    return CostCurve(t, c, "validation")
