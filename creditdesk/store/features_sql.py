"""The "simple features" family as data and SQL text (no database work here).

What the pipeline computes is declared once, in this module: which application
fields are kept, how the derived ratios are written, and which aggregates of
the companion tables exist (:data:`FAMILIES`). The SQL run by
:mod:`creditdesk.store.features`, the labels in the data dictionary
(:mod:`creditdesk.store.dictionary_build`) and the pandas reference used by the
benchmark all read these declarations, so they cannot drift apart.

Conventions (those of the public "LightGBM with simple features" kernel):
DAYS_EMPLOYED = 365243 is a sentinel (no employment, mostly pensioners): it
becomes NULL and DAYS_EMPLOYED_ANOM = 1; the same sentinel in the previous
applications' DAYS_* columns becomes NULL; a division by zero gives NULL, never
infinity; an instalment without a payment date counts 0 days late or early
(the kernel's ``x if x > 0 else 0``); a client without rows in a companion
table gets COUNT 0 and NULL for every other aggregate of that table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from creditdesk.store import schema

DAYS_SENTINEL = 365243

#: categorical application fields: encoded to 0..k-1 by the dictionary's category order
APP_CATEGORICAL: tuple[str, ...] = (
    "NAME_CONTRACT_TYPE",
    "CODE_GENDER",
    "FLAG_OWN_CAR",
    "FLAG_OWN_REALTY",
    "NAME_TYPE_SUITE",
    "NAME_INCOME_TYPE",
    "NAME_EDUCATION_TYPE",
    "NAME_FAMILY_STATUS",
    "NAME_HOUSING_TYPE",
    "OCCUPATION_TYPE",
    "WEEKDAY_APPR_PROCESS_START",
    "ORGANIZATION_TYPE",
    "FONDKAPREMONT_MODE",
    "HOUSETYPE_MODE",
    "WALLSMATERIAL_MODE",
    "EMERGENCYSTATE_MODE",
)

#: application fields left out of the features: near-constant flags, the rarely
#: provided documents (FLAG_DOCUMENT_3 is kept), the building block's _MODE/_MEDI
#: duplicates of _AVG and the weakest _AVG measures (TOTALAREA_MODE is kept).
_KEPT_BUILDING = {
    "APARTMENTS_AVG",
    "YEARS_BEGINEXPLUATATION_AVG",
    "YEARS_BUILD_AVG",
    "FLOORSMAX_AVG",
    "LIVINGAREA_AVG",
    "TOTALAREA_MODE",
}


def _dropped(column: str) -> bool:
    if column in (schema.ID, schema.TARGET, "FLAG_MOBIL", "FLAG_CONT_MOBILE"):
        return True
    if column.startswith("FLAG_DOCUMENT_"):
        return column != "FLAG_DOCUMENT_3"
    building = column.endswith(("_AVG", "_MODE", "_MEDI")) and column not in APP_CATEGORICAL
    return building and column not in _KEPT_BUILDING


#: application fields carried into the features (categoricals encoded), in file order
APP_KEPT: tuple[str, ...] = tuple(c for c in schema.columns(schema.APPLICATION) if not _dropped(c))
APP_DROPPED: tuple[str, ...] = tuple(
    c
    for c in schema.columns(schema.APPLICATION)
    if _dropped(c) and c not in (schema.ID, schema.TARGET)
)

#: derived application features: name -> SQL expression over the cleaned row
#: (DAYS_EMPLOYED already has the sentinel replaced by NULL)
APP_DERIVED: dict[str, str] = {
    "DAYS_EMPLOYED_ANOM": "DAYS_EMPLOYED_ANOM",
    "DAYS_EMPLOYED_PERC": "DAYS_EMPLOYED / NULLIF(DAYS_BIRTH, 0)",
    "INCOME_CREDIT_PERC": "AMT_INCOME_TOTAL / NULLIF(AMT_CREDIT, 0)",
    "INCOME_PER_PERSON": "AMT_INCOME_TOTAL / NULLIF(CNT_FAM_MEMBERS, 0)",
    "ANNUITY_INCOME_PERC": "AMT_ANNUITY / NULLIF(AMT_INCOME_TOTAL, 0)",
    "PAYMENT_RATE": "AMT_ANNUITY / NULLIF(AMT_CREDIT, 0)",
    "CREDIT_GOODS_RATIO": "AMT_CREDIT / NULLIF(AMT_GOODS_PRICE, 0)",
    "EXT_SOURCES_MEAN": (
        "(COALESCE(EXT_SOURCE_1, 0) + COALESCE(EXT_SOURCE_2, 0) + COALESCE(EXT_SOURCE_3, 0))"
        " / NULLIF((EXT_SOURCE_1 IS NOT NULL)::INT + (EXT_SOURCE_2 IS NOT NULL)::INT"
        " + (EXT_SOURCE_3 IS NOT NULL)::INT, 0)"
    ),
}

APP_FEATURES: tuple[str, ...] = APP_KEPT + tuple(APP_DERIVED)

#: the raw application columns the application-level features read
APP_INPUTS: tuple[str, ...] = (schema.ID, schema.TARGET, *APP_KEPT)


def quote(name: str) -> str:
    """A SQL identifier, quoted (names may carry spaces or clash with keywords)."""
    return '"' + name.replace('"', '""') + '"'


def literal(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def encode_sql(column: str, categories: Sequence[str]) -> str:
    """``column`` as its 0-based position in ``categories`` (NULL if missing or unknown)."""
    if not categories:
        return "CAST(NULL AS DOUBLE)"
    levels = ", ".join(literal(v) for v in categories)
    return f"CAST(NULLIF(list_position([{levels}], {quote(column)}), 0) - 1 AS DOUBLE)"


def application_sql(relation: str, categories: dict[str, Sequence[str]]) -> str:
    """SELECT computing the application-level features of every row of ``relation``.

    ``relation`` is any table or view with the application columns;
    ``categories`` gives each categorical field's levels in encoding order.
    Output: SK_ID_CURR, TARGET, then :data:`APP_FEATURES` (all DOUBLE).
    """
    out = [
        f"CAST({quote(schema.ID)} AS BIGINT) AS {quote(schema.ID)}",
        f"CAST({quote(schema.TARGET)} AS BIGINT) AS {quote(schema.TARGET)}",
    ]
    for column in APP_KEPT:
        if column in APP_CATEGORICAL:
            out.append(f"{encode_sql(column, categories.get(column, ()))} AS {quote(column)}")
        else:
            out.append(f"CAST({quote(column)} AS DOUBLE) AS {quote(column)}")
    for name, expr in APP_DERIVED.items():
        out.append(f"CAST({expr} AS DOUBLE) AS {quote(name)}")
    inputs = ", ".join(quote(c) for c in APP_INPUTS if c != "DAYS_EMPLOYED")
    cleaned = (
        f"SELECT {inputs}, "
        f"CASE WHEN DAYS_EMPLOYED = {DAYS_SENTINEL} THEN NULL ELSE DAYS_EMPLOYED END AS DAYS_EMPLOYED, "
        f"CASE WHEN DAYS_EMPLOYED = {DAYS_SENTINEL} THEN 1 ELSE 0 END AS DAYS_EMPLOYED_ANOM "
        f"FROM {relation}"
    )
    return f"SELECT {', '.join(out)} FROM ({cleaned}) AS app"


# --------------------------------------------------------------------------- aggregates


@dataclass(frozen=True)
class Family:
    """One group of aggregate features: ``{prefix}COUNT`` and ``{prefix}{column}_{AGG}``."""

    prefix: str
    rows: str  # name of the per-row relation (see ROW_SQL)
    where: str | None
    aggs: tuple[tuple[str, tuple[str, ...]], ...]

    def columns(self) -> list[str]:
        names = [f"{self.prefix}COUNT"]
        for column, aggs in self.aggs:
            names.extend(f"{self.prefix}{column}_{agg}" for agg in aggs)
        return names


#: per-row relations the families aggregate: each adds the derived columns of the kernel.
ROW_SQL: dict[str, str] = {
    "bureau_rows": f"""
        SELECT b.*,
               CASE WHEN b.CREDIT_ACTIVE = 'Active' THEN 1.0 ELSE 0.0 END AS IS_ACTIVE,
               bb.BB_MONTHS_BALANCE_MIN, bb.BB_MONTHS_COUNT, bb.BB_DPD_MONTHS,
               bb.BB_DPD_MONTHS / NULLIF(bb.BB_MONTHS_COUNT, 0) AS BB_DPD_SHARE
        FROM {quote(schema.BUREAU)} AS b
        LEFT JOIN (
            SELECT SK_ID_BUREAU,
                   CAST(MIN(MONTHS_BALANCE) AS DOUBLE) AS BB_MONTHS_BALANCE_MIN,
                   CAST(COUNT(*) AS DOUBLE) AS BB_MONTHS_COUNT,
                   CAST(COUNT(*) FILTER (WHERE STATUS IN ('1', '2', '3', '4', '5')) AS DOUBLE)
                       AS BB_DPD_MONTHS
            FROM {quote(schema.BUREAU_BALANCE)} GROUP BY SK_ID_BUREAU
        ) AS bb USING (SK_ID_BUREAU)""",
    "prev_rows": f"""
        SELECT * REPLACE (
                   NULLIF(DAYS_FIRST_DRAWING, {DAYS_SENTINEL}) AS DAYS_FIRST_DRAWING,
                   NULLIF(DAYS_FIRST_DUE, {DAYS_SENTINEL}) AS DAYS_FIRST_DUE,
                   NULLIF(DAYS_LAST_DUE_1ST_VERSION, {DAYS_SENTINEL}) AS DAYS_LAST_DUE_1ST_VERSION,
                   NULLIF(DAYS_LAST_DUE, {DAYS_SENTINEL}) AS DAYS_LAST_DUE,
                   NULLIF(DAYS_TERMINATION, {DAYS_SENTINEL}) AS DAYS_TERMINATION),
               AMT_APPLICATION / NULLIF(AMT_CREDIT, 0) AS APP_CREDIT_PERC,
               CASE WHEN NAME_CONTRACT_STATUS = 'Refused' THEN 1.0 ELSE 0.0 END AS IS_REFUSED
        FROM {quote(schema.PREVIOUS_APPLICATION)}""",
    "pos_rows": f"""
        SELECT *, CASE WHEN NAME_CONTRACT_STATUS = 'Completed' THEN 1.0 ELSE 0.0 END AS IS_COMPLETED
        FROM {quote(schema.POS_CASH_BALANCE)}""",
    "inst_rows": f"""
        SELECT *,
               AMT_PAYMENT / NULLIF(AMT_INSTALMENT, 0) AS PAYMENT_PERC,
               AMT_INSTALMENT - AMT_PAYMENT AS PAYMENT_DIFF,
               GREATEST(DAYS_ENTRY_PAYMENT - DAYS_INSTALMENT, 0) AS DPD,
               GREATEST(DAYS_INSTALMENT - DAYS_ENTRY_PAYMENT, 0) AS DBD,
               CASE WHEN DAYS_ENTRY_PAYMENT > DAYS_INSTALMENT THEN 1.0 ELSE 0.0 END AS IS_LATE
        FROM {quote(schema.INSTALLMENTS_PAYMENTS)}""",
    "cc_rows": f"""
        SELECT *, AMT_BALANCE / NULLIF(AMT_CREDIT_LIMIT_ACTUAL, 0) AS BALANCE_LIMIT_RATIO
        FROM {quote(schema.CREDIT_CARD_BALANCE)}""",
}

#: which source table each per-row relation reads (for labels and provenance)
ROW_SOURCE: dict[str, str] = {
    "bureau_rows": schema.BUREAU,
    "prev_rows": schema.PREVIOUS_APPLICATION,
    "pos_rows": schema.POS_CASH_BALANCE,
    "inst_rows": schema.INSTALLMENTS_PAYMENTS,
    "cc_rows": schema.CREDIT_CARD_BALANCE,
}

_MMM = ("MIN", "MAX", "MEAN")

FAMILIES: tuple[Family, ...] = (
    Family(
        "BURO_",
        "bureau_rows",
        None,
        (
            ("DAYS_CREDIT", _MMM),
            ("CREDIT_DAY_OVERDUE", ("MAX", "MEAN")),
            ("DAYS_CREDIT_ENDDATE", _MMM),
            ("DAYS_CREDIT_UPDATE", ("MEAN",)),
            ("AMT_CREDIT_MAX_OVERDUE", ("MEAN",)),
            ("CNT_CREDIT_PROLONG", ("SUM",)),
            ("AMT_CREDIT_SUM", ("MAX", "MEAN", "SUM")),
            ("AMT_CREDIT_SUM_DEBT", ("MAX", "MEAN", "SUM")),
            ("AMT_CREDIT_SUM_OVERDUE", ("MEAN",)),
            ("AMT_CREDIT_SUM_LIMIT", ("SUM",)),
            ("AMT_ANNUITY", ("MAX", "MEAN")),
            ("IS_ACTIVE", ("MEAN",)),
            ("BB_MONTHS_BALANCE_MIN", ("MIN",)),
            ("BB_MONTHS_COUNT", ("SUM",)),
            ("BB_DPD_MONTHS", ("SUM",)),
            ("BB_DPD_SHARE", ("MEAN",)),
        ),
    ),
    Family(
        "ACTIVE_",
        "bureau_rows",
        "CREDIT_ACTIVE = 'Active'",
        (
            ("DAYS_CREDIT", ("MEAN",)),
            ("DAYS_CREDIT_ENDDATE", ("MAX",)),
            ("CREDIT_DAY_OVERDUE", ("MAX",)),
            ("AMT_CREDIT_SUM", ("SUM",)),
            ("AMT_CREDIT_SUM_DEBT", ("SUM",)),
            ("AMT_CREDIT_SUM_OVERDUE", ("SUM",)),
            ("AMT_ANNUITY", ("SUM",)),
        ),
    ),
    Family(
        "CLOSED_",
        "bureau_rows",
        "CREDIT_ACTIVE = 'Closed'",
        (
            ("DAYS_CREDIT", ("MAX",)),
            ("DAYS_ENDDATE_FACT", ("MAX",)),
            ("AMT_CREDIT_SUM", ("SUM",)),
            ("AMT_CREDIT_MAX_OVERDUE", ("MAX",)),
            ("BB_DPD_MONTHS", ("SUM",)),
        ),
    ),
    Family(
        "PREV_",
        "prev_rows",
        None,
        (
            ("AMT_ANNUITY", ("MAX", "MEAN")),
            ("AMT_APPLICATION", ("MAX", "MEAN")),
            ("AMT_CREDIT", ("MAX", "MEAN")),
            ("APP_CREDIT_PERC", _MMM),
            ("AMT_DOWN_PAYMENT", ("MAX", "MEAN")),
            ("AMT_GOODS_PRICE", ("MEAN",)),
            ("RATE_DOWN_PAYMENT", ("MEAN",)),
            ("DAYS_DECISION", _MMM),
            ("CNT_PAYMENT", ("MEAN", "SUM")),
            ("DAYS_LAST_DUE_1ST_VERSION", ("MAX",)),
            ("DAYS_TERMINATION", ("MAX",)),
            ("IS_REFUSED", ("MEAN",)),
        ),
    ),
    Family(
        "APPROVED_",
        "prev_rows",
        "NAME_CONTRACT_STATUS = 'Approved'",
        (
            ("AMT_ANNUITY", ("MEAN",)),
            ("AMT_CREDIT", ("MAX", "MEAN")),
            ("APP_CREDIT_PERC", ("MIN", "MEAN")),
            ("DAYS_DECISION", ("MAX",)),
            ("CNT_PAYMENT", ("MEAN",)),
        ),
    ),
    Family(
        "REFUSED_",
        "prev_rows",
        "NAME_CONTRACT_STATUS = 'Refused'",
        (
            ("AMT_APPLICATION", ("MEAN",)),
            ("AMT_CREDIT", ("MEAN",)),
            ("APP_CREDIT_PERC", ("MEAN",)),
            ("DAYS_DECISION", ("MAX",)),
        ),
    ),
    Family(
        "POS_",
        "pos_rows",
        None,
        (
            ("MONTHS_BALANCE", _MMM),
            ("SK_DPD", ("MAX", "MEAN")),
            ("SK_DPD_DEF", ("MAX", "MEAN")),
            ("CNT_INSTALMENT_FUTURE", ("MEAN",)),
            ("IS_COMPLETED", ("MEAN",)),
        ),
    ),
    Family(
        "INSTAL_",
        "inst_rows",
        None,
        (
            ("DPD", ("MAX", "MEAN", "SUM")),
            ("DBD", ("MAX", "MEAN", "SUM")),
            ("PAYMENT_PERC", _MMM),
            ("PAYMENT_DIFF", ("MAX", "MEAN", "SUM")),
            ("AMT_INSTALMENT", ("MAX", "MEAN", "SUM")),
            ("AMT_PAYMENT", ("MAX", "MEAN", "SUM")),
            ("DAYS_ENTRY_PAYMENT", ("MAX",)),
            ("IS_LATE", ("MEAN",)),
        ),
    ),
    Family(
        "CC_",
        "cc_rows",
        None,
        (
            ("MONTHS_BALANCE", ("MIN",)),
            ("AMT_BALANCE", ("MAX", "MEAN")),
            ("AMT_CREDIT_LIMIT_ACTUAL", ("MAX", "MEAN")),
            ("BALANCE_LIMIT_RATIO", ("MAX", "MEAN")),
            ("AMT_DRAWINGS_CURRENT", ("MAX", "MEAN", "SUM")),
            ("AMT_PAYMENT_CURRENT", ("MEAN",)),
            ("AMT_INST_MIN_REGULARITY", ("MEAN",)),
            ("CNT_DRAWINGS_CURRENT", ("MAX", "MEAN")),
            ("SK_DPD", ("MAX", "MEAN")),
            ("SK_DPD_DEF", ("MAX",)),
        ),
    ),
)

_SQL_AGG = {"MIN": "MIN", "MAX": "MAX", "MEAN": "AVG", "SUM": "SUM"}

AGGREGATE_FEATURES: tuple[str, ...] = tuple(n for fam in FAMILIES for n in fam.columns())
COUNT_FEATURES: tuple[str, ...] = tuple(f"{fam.prefix}COUNT" for fam in FAMILIES)

#: every feature column, in the ``features`` table's order (after SK_ID_CURR, TARGET)
FEATURES: tuple[str, ...] = APP_FEATURES + AGGREGATE_FEATURES


#: the per-row relations, in the order their aggregates appear
SOURCES: tuple[str, ...] = tuple(dict.fromkeys(f.rows for f in FAMILIES))


def source_sql(rows: str) -> str:
    """One pass over ``rows`` computing every family reading it (their WHERE as FILTER)."""
    parts = [quote(schema.ID)]
    for family in FAMILIES:
        if family.rows != rows:
            continue
        keep = f" FILTER (WHERE {family.where})" if family.where else ""
        parts.append(f"CAST(COUNT(*){keep} AS DOUBLE) AS {quote(family.prefix + 'COUNT')}")
        for column, aggs in family.aggs:
            for agg in aggs:
                name = f"{family.prefix}{column}_{agg}"
                parts.append(
                    f"CAST({_SQL_AGG[agg]}({quote(column)}){keep} AS DOUBLE) AS {quote(name)}"
                )
    return f"SELECT {', '.join(parts)} FROM {rows} GROUP BY {quote(schema.ID)}"


def features_sql(
    application: str, categories: dict[str, Sequence[str]], source_relations: dict[str, str]
) -> str:
    """SELECT of the whole ``features`` table, ordered by SK_ID_CURR.

    ``source_relations[rows]`` holds ``source_sql(rows)`` for each of :data:`SOURCES`.
    Counts of clients without rows are 0, their other aggregates NULL.
    """
    cols = [f"app.{quote(c)}" for c in (schema.ID, schema.TARGET, *APP_FEATURES)]
    joins = []
    for i, rows in enumerate(SOURCES):
        alias = f"s{i}"
        joins.append(
            f"LEFT JOIN {source_relations[rows]} AS {alias} "
            f"ON {alias}.{quote(schema.ID)} = app.{quote(schema.ID)}"
        )
        for family in FAMILIES:
            if family.rows != rows:
                continue
            for name in family.columns():
                ref = f"{alias}.{quote(name)}"
                cols.append(
                    f"COALESCE({ref}, 0.0) AS {quote(name)}" if name in COUNT_FEATURES else ref
                )
    return (
        f"SELECT {', '.join(cols)} FROM ({application_sql(application, categories)}) AS app "
        f"{' '.join(joins)} ORDER BY app.{quote(schema.ID)}"
    )


def table_sql(relation: str, fields: Sequence[tuple[str, str, Sequence[str] | None]]) -> str:
    """SELECT computing the features of a bring-your-own client table.

    ``fields`` lists (name, dtype, categories) of the feature columns in order:
    categories are encoded like the Home Credit ones, everything else is cast
    to DOUBLE. ``relation`` carries SK_ID_CURR and TARGET (NULL when unknown).
    """
    out = [
        f"CAST({quote(schema.ID)} AS BIGINT) AS {quote(schema.ID)}",
        f"CAST({quote(schema.TARGET)} AS BIGINT) AS {quote(schema.TARGET)}",
    ]
    for name, dtype, categories in fields:
        if dtype == "category":
            out.append(f"{encode_sql(name, categories or ())} AS {quote(name)}")
        else:
            out.append(f"CAST({quote(name)} AS DOUBLE) AS {quote(name)}")
    return f"SELECT {', '.join(out)} FROM {relation}"
