"""Builds ``data/dictionary.json``, the shipped data dictionary.

Hand-written labels (in :mod:`creditdesk.store.dictionary_labels`), patterns for
the families (building block ``_AVG/_MODE/_MEDI``, ``FLAG_DOCUMENT_N``,
credit-bureau enquiries) and the aggregate features, whose labels are composed
from the family, the source column and the aggregation of
:data:`creditdesk.store.features_sql.FAMILIES`. Category lists are in the
pipeline's encoding order (code i = level i), most frequent level first.

Run ``python -m creditdesk.store.dictionary_build`` to rewrite the file,
``--check`` to verify it is up to date (the test suite does that).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from creditdesk.store import features_sql, schema
from creditdesk.store.dictionary import DataDictionary, FieldSpec
from creditdesk.store.dictionary_labels import (
    AGGREGATE_DESCRIBE,
    APPLICATION_FIELDS,
    BUILDING_MEASURES,
    BUILDING_STATS,
    CATEGORIES,
    COMPANION_COLUMNS,
    DAYS_UNIT,
    DERIVED_FIELDS,
    ENQUIRY_PERIODS,
    FAMILY_LABELS,
)


def _application_entry(name: str, dtype_sql: str) -> tuple[str, str, str, dict]:
    if name in APPLICATION_FIELDS:
        entry = APPLICATION_FIELDS[name]
        return entry if len(entry) == 4 else (entry[0], entry[1], "flag", {"dtype": "int"})
    if name.startswith("FLAG_DOCUMENT_"):
        n = name.rsplit("_", 1)[1]
        return (f"Provided document {n}", f"Document {n} fourni", "flag", {"dtype": "int"})
    if name.startswith("AMT_REQ_CREDIT_BUREAU_"):
        en, fr = ENQUIRY_PERIODS[name.rsplit("_", 1)[1]]
        return (
            f"Credit bureau enquiries: {en}",
            f"Consultations du bureau de crédit : {fr}",
            "count",
            {"min": 0, "max": 300},
        )
    measure, stat = name.rsplit("_", 1)
    if measure in BUILDING_MEASURES and stat in BUILDING_STATS:
        (m_en, m_fr), (s_en, s_fr) = BUILDING_MEASURES[measure], BUILDING_STATS[stat]
        return (
            f"Building: {m_en} ({s_en}, normalised)",
            f"Immeuble : {m_fr} ({s_fr}, normalisée)",
            "normalised",
            {"min": 0, "max": 1},
        )
    if name.endswith("_MODE") and name in CATEGORIES:
        labels = {
            "FONDKAPREMONT_MODE": (
                "Building: repair fund account",
                "Immeuble : compte du fonds de travaux",
            ),
            "HOUSETYPE_MODE": ("Building: housing type", "Immeuble : type d'habitat"),
            "WALLSMATERIAL_MODE": ("Building: wall material", "Immeuble : matériau des murs"),
            "EMERGENCYSTATE_MODE": ("Building: emergency state", "Immeuble : état d'urgence"),
        }
        return (*labels[name], "", {})
    raise KeyError(f"no dictionary entry for application field {name} ({dtype_sql})")


def _spec(
    name: str, source: str, label_en: str, label_fr: str, unit: str, extra: dict
) -> FieldSpec:
    kwargs = dict(extra)
    kwargs.setdefault("dtype", "float")
    if name in CATEGORIES:
        levels = CATEGORIES[name]
        kwargs.update(
            dtype="category",
            categories=tuple(v for v, _, _ in levels),
            category_labels_en=tuple(e for _, e, _ in levels),
            category_labels_fr=tuple(f for _, _, f in levels),
        )
        if kwargs.get("editable"):
            kwargs.update(min=0, max=len(levels) - 1, step=1)
    if unit == "money":
        kwargs.setdefault("min", 0)
    if unit == "ratio" and "display_unit_en" not in kwargs:
        kwargs.update(display_unit_en="%", display_unit_fr="%")
    if unit == "days" and "display_scale" not in kwargs:
        kwargs.update(DAYS_UNIT)
    return FieldSpec(
        name=name, source=source, label_en=label_en, label_fr=label_fr, unit=unit, **kwargs
    )


_AGG = {
    "MIN": ("lowest", "minimum"),
    "MAX": ("highest", "maximum"),
    "MEAN": ("average", "moyenne"),
    "SUM": ("total", "total"),
}
_AGG_FLIPPED = {"MIN": _AGG["MAX"], "MAX": _AGG["MIN"]}  # shown with a negative scale


#: reason-code sentences of some aggregates
def _companion(source: str, column: str) -> tuple[str, str, str, dict]:
    entry = COMPANION_COLUMNS.get((source, column)) or COMPANION_COLUMNS.get(("*", column))
    if entry is None:
        raise KeyError(f"no label for {source}.{column}")
    return entry


def aggregate_specs() -> list[FieldSpec]:
    """One FieldSpec per aggregate feature, labels composed from family, column and statistic."""
    out = []
    for fam in features_sql.FAMILIES:
        source = features_sql.ROW_SOURCE[fam.rows]
        f_en, f_fr, c_en, c_fr = FAMILY_LABELS[fam.prefix]
        name = fam.prefix + "COUNT"
        d_en, d_fr = AGGREGATE_DESCRIBE.get(name, ("", ""))
        out.append(
            FieldSpec(
                name=name,
                source=source,
                dtype="float",
                label_en=f"{f_en}: {c_en}",
                label_fr=f"{f_fr} : {c_fr}",
                unit="count",
                min=0,
                describe_en=d_en,
                describe_fr=d_fr,
            )
        )
        for column, aggs in fam.aggs:
            col_en, col_fr, unit, extra = _companion(source, column)
            extra = dict(extra)
            describe = {k: extra.pop(k) for k in ("describe_en", "describe_fr") if k in extra}
            for agg in aggs:
                name = f"{fam.prefix}{column}_{agg}"
                if unit == "ratio" and column.startswith("IS_"):
                    label_en, label_fr = f"{f_en}: {col_en}", f"{f_fr} : {col_fr}"
                else:
                    words = (
                        _AGG_FLIPPED
                        if (extra.get("display_scale") or 0) < 0 and agg in _AGG_FLIPPED
                        else _AGG
                    )
                    a_en, a_fr = words[agg]
                    label_en, label_fr = f"{f_en}: {col_en} ({a_en})", f"{f_fr} : {col_fr} ({a_fr})"
                d_en, d_fr = AGGREGATE_DESCRIBE.get(
                    name, (describe.get("describe_en", ""), describe.get("describe_fr", ""))
                )
                out.append(
                    _spec(
                        name,
                        source,
                        label_en,
                        label_fr,
                        unit,
                        {**extra, "describe_en": d_en, "describe_fr": d_fr},
                    )
                )
    return out


def build_dictionary() -> DataDictionary:
    """The shipped dictionary: raw application fields, derived features, aggregates."""
    fields = []
    for name, dtype_sql in schema.TABLES[schema.APPLICATION]:
        label_en, label_fr, unit, extra = _application_entry(name, dtype_sql)
        extra = dict(extra)
        if dtype_sql == "BIGINT":
            extra.setdefault("dtype", "int")
        fields.append(_spec(name, "application", label_en, label_fr, unit, extra))
    for name, (label_en, label_fr, unit, extra) in DERIVED_FIELDS.items():
        fields.append(_spec(name, "derived", label_en, label_fr, unit, extra))
    fields.extend(aggregate_specs())
    return DataDictionary(fields, pipeline="homecredit")


def main(argv: list[str] | None = None) -> int:
    from creditdesk.paths import dictionary_path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is not up to date")
    parser.add_argument("--out", type=Path, default=dictionary_path())
    args = parser.parse_args(argv)
    text = build_dictionary().to_json()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(
                f"{args.out} is out of date: run python -m creditdesk.store.dictionary_build",
                file=sys.stderr,
            )
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(build_dictionary())} fields)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
