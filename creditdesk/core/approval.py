"""Path to approval: the smallest change to editable fields that brings the score under the threshold.

Greedy coordinate search on a small grid per editable field (ranges from the
dictionary; immutable fields are never candidates). Each step scores every
single-field move from the current proposal in one batch (one pass of the
store's feature SQL over a multi-row frame, one ``booster.predict``): if some
moves reach the threshold the smallest of them wins, else the move with the
best drop in log-odds per unit of change is taken. A found proposal is then
shrunk field by field towards the original values. Candidates are scored
through the same feature function as :meth:`ScoringService.what_if`, so the
probability reported is the score of exactly the proposed edits.
Change size = sum over fields of |Δ| / (max − min); a category change counts 1.

"None within the allowed ranges" is an honest answer from this search: the
grid and greedy order may in rare cases miss a combination that would pass.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from creditdesk.core.scoring import ScoringService
    from creditdesk.store.dictionary import FieldSpec

MAX_STEPS = 5
FRACTIONS = (0.05, 0.15, 0.3, 0.5, 0.75, 1.0)  # of the way to the range's end, each direction
#: The applicant's circumstances count three times a change of the loan's own terms: an officer
#: can restructure a loan (amount, annuity, goods price, product) on the spot, while "earn more"
#: or "have fewer children" is no advice. They stay eligible when nothing else is enough.
APPLICANT_FACTS = frozenset({
    "AMT_INCOME_TOTAL", "DAYS_EMPLOYED", "CNT_CHILDREN", "CNT_FAM_MEMBERS",
    "FLAG_OWN_CAR", "FLAG_OWN_REALTY",
})
APPLICANT_FACT_WEIGHT = 3.0
SHRINK = tuple(np.round(np.linspace(0.0, 0.9, 10), 2))  # fractions of a change kept when shrinking


@dataclass(frozen=True)
class PathToApproval:
    """The proposal (or the honest absence of one) for one client."""

    feasible: bool
    changes: dict[str, tuple[Any, Any]]  # field -> (old, new), raw store values
    probability: float  # after the changes (or the best reached when not feasible)
    original_probability: float
    threshold: float
    change_size: float
    already_accepted: bool = False
    specs: dict[str, FieldSpec] = field(default_factory=dict, repr=False, compare=False)

    def message(self, lang: str = "en") -> str:
        from creditdesk.core.scoring import percent

        fr = lang == "fr"

        def pct(p: float) -> str:
            return percent(p, lang)

        if self.already_accepted:
            return (f"Déjà accepté : probabilité {pct(self.probability)} sous le seuil {pct(self.threshold)}."
                    if fr else
                    f"Already accepted: probability {pct(self.probability)} is under the threshold "
                    f"{pct(self.threshold)}.")
        if not self.feasible:
            return ("Aucune modification des champs modifiables dans leurs plages autorisées ne fait passer "
                    f"la probabilité sous le seuil {pct(self.threshold)} (meilleure atteinte : "
                    f"{pct(self.probability)})."
                    if fr else
                    "No change to the editable fields within their allowed ranges brings the probability "
                    f"under the threshold {pct(self.threshold)} (best reached: {pct(self.probability)}).")
        lines = []
        for name, (old, new) in self.changes.items():
            spec = self.specs.get(name)
            label = spec.label(lang) if spec else name
            show = (lambda v, s=spec: s.format_value(v, lang)) if spec else str
            lines.append(f"{label} : {show(old)} → {show(new)}" if fr else f"{label}: {show(old)} → {show(new)}")
        head = (f"Probabilité {pct(self.original_probability)} → {pct(self.probability)} "
                f"(seuil {pct(self.threshold)}) en modifiant :"
                if fr else
                f"Probability {pct(self.original_probability)} → {pct(self.probability)} "
                f"(threshold {pct(self.threshold)}) by changing:")
        return "\n".join([head, *(f"- {line}" for line in lines)])

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "feasible": self.feasible,
            "already_accepted": self.already_accepted,
            "changes": {k: {"old": _plain(o), "new": _plain(n)} for k, (o, n) in self.changes.items()},
            "probability": self.probability,
            "original_probability": self.original_probability,
            "threshold": self.threshold,
            "change_size": self.change_size,
            "message": self.message(lang),
        }


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


# --------------------------------------------------------------------------- candidates


@dataclass
class _Field:
    spec: FieldSpec
    original: Any
    values: list[Any]  # candidate new values
    low: float = 0.0
    high: float = 1.0
    weight: float = 1.0

    def size(self, value: Any) -> float:
        """How big a change this is: share of the field's range, times the field's weight."""
        weight = self.weight
        if _same(value, self.original):
            return 0.0
        if self.spec.dtype in ("category", "bool"):
            return weight
        if _missing(self.original) or _missing(value):
            return 0.5 * weight
        return weight * abs(float(value) - float(self.original)) / (self.high - self.low)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _same(a: Any, b: Any) -> bool:
    if _missing(a) or _missing(b):
        return _missing(a) and _missing(b)
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return float(a) == float(b)


def _snap(spec: FieldSpec, value: float, low: float, high: float) -> float:
    step = spec.step if spec.step else (1.0 if spec.dtype == "int" else None)
    if step:
        value = round(value / step) * step
        if value > high:
            value -= step
        if value < low:
            value += step
        if spec.dtype == "int":
            value = float(round(value))
    return min(max(value, low), high)


def _candidate_field(spec: FieldSpec, original: Any, weighted: bool = True) -> _Field | None:
    field = _candidate_values(spec, original)
    if field is not None and weighted and spec.name in APPLICANT_FACTS:
        field.weight = APPLICANT_FACT_WEIGHT
    return field


def _candidate_values(spec: FieldSpec, original: Any) -> _Field | None:
    if spec.dtype == "category":
        levels = [lv for lv in (spec.categories or ()) if not _same(lv, original)]
        return _Field(spec, original, levels) if levels else None
    if spec.dtype == "bool":
        if _missing(original):
            return _Field(spec, original, [0, 1])
        return _Field(spec, original, [1 - int(original)])
    if spec.min is None or spec.max is None or not spec.max > spec.min:
        return None  # no range to respect: never propose a value for it
    low, high = float(spec.min), float(spec.max)
    if _missing(original):
        raw = list(np.linspace(low, high, 9))
    else:
        base = min(max(float(original), low), high)
        raw = [base + f * (high - base) for f in FRACTIONS] + [base - f * (base - low) for f in FRACTIONS]
    values: list[Any] = []
    for v in raw:
        snapped = _snap(spec, float(v), low, high)
        if spec.dtype == "int":
            snapped = int(snapped)
        if not _same(snapped, original) and snapped not in values:
            values.append(snapped)
    return _Field(spec, original, values, low, high) if values else None


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return np.log(p / (1 - p))


# --------------------------------------------------------------------------- search


def find_path_to_approval(service: ScoringService, client_id: int) -> PathToApproval:
    """Search the smallest allowed change that brings ``client_id`` under the threshold."""
    from creditdesk.core import whatif

    threshold = service.threshold
    base = service.assess_client(client_id)
    specs = {s.name: s for s in whatif.editable_fields(service)}
    if not base.refused:
        return PathToApproval(True, {}, base.probability, base.probability, threshold, 0.0,
                              already_accepted=True, specs=specs)
    originals, evaluate = _evaluator(service, client_id, list(specs))
    lowest = base.probability
    # loan terms first (weighted sizes); the greedy search is a heuristic, so before answering
    # "none within the ranges" it tries again with every field at the same weight
    for weighted in (True, False):
        fields = {
            name: f for name, s in specs.items()
            if (f := _candidate_field(s, originals[name], weighted)) is not None
        }
        best, probability = _greedy(fields, evaluate, threshold, base.probability)
        if best is not None:
            break
        lowest = min(lowest, probability)
    if best is None:  # lowest: the lowest probability reached
        return PathToApproval(False, {}, lowest, base.probability, threshold, 0.0, specs=specs)
    best, probability = _shrink(best, probability, fields, evaluate, threshold)
    whatif.validate_edits(service, best)  # the sliders' own rules: editable, in range
    changes = {k: (fields[k].original, v) for k, v in best.items()}
    size = sum(fields[k].size(v) for k, v in best.items())
    return PathToApproval(True, changes, probability, base.probability, threshold, size, specs=specs)


Evaluate = Callable[[Sequence[Mapping[str, Any]]], np.ndarray]


def _evaluator(service: ScoringService, client_id: int, names: list[str]) -> tuple[dict[str, Any], Evaluate]:
    """The client's current values of the editable fields and a batch scorer of edit sets."""
    from creditdesk.core import whatif

    if service.bundle.pipeline == "table":
        x0 = service._require_store().feature_vector(client_id)
        index = {n: i for i, n in enumerate(service.feature_names)}
        originals: dict[str, Any] = {}
        for name in names:
            spec = service.bundle.spec(name)
            v = float(x0[index[name]])
            if spec.dtype == "category":
                originals[name] = None if math.isnan(v) else spec.categories[int(v)]
            else:
                originals[name] = None if math.isnan(v) else v

        def evaluate(rows: Sequence[Mapping[str, Any]]) -> np.ndarray:
            X = np.tile(x0, (len(rows), 1))
            for r, edits in enumerate(rows):
                for name, value in edits.items():
                    spec = service.bundle.spec(name)
                    if value is None:
                        X[r, index[name]] = np.nan
                    elif spec.dtype == "category":
                        X[r, index[name]] = spec.code_of(value)
                    else:
                        X[r, index[name]] = float(value)
            return service.predict(X)

        return originals, evaluate

    app, agg = service._client_rows(client_id)
    row = app.iloc[0]
    originals = {n: (None if _is_na(row[n]) else _plain(row[n])) for n in names}

    def evaluate(rows: Sequence[Mapping[str, Any]]) -> np.ndarray:
        frame = whatif.edited_applications(app, rows)
        return service.predict(whatif.features_for(service, frame, agg))

    return originals, evaluate


def _is_na(value: Any) -> bool:
    import pandas as pd

    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _moves(current: dict[str, Any], fields: dict[str, _Field]) -> list[dict[str, Any]]:
    rows = []
    for name, f in fields.items():
        for value in f.values:
            if name in current and _same(current[name], value):
                continue
            rows.append({**current, name: value})
    return rows


def _size(edits: Mapping[str, Any], fields: dict[str, _Field]) -> float:
    return sum(fields[k].size(v) for k, v in edits.items())


def _greedy(
    fields: dict[str, _Field], evaluate: Evaluate, threshold: float, p0: float
) -> tuple[dict[str, Any] | None, float]:
    """(passing edits or None, lowest probability seen)."""
    current: dict[str, Any] = {}
    p_current = lowest = p0
    for _ in range(MAX_STEPS):
        rows = _moves(current, fields)
        if not rows:
            break
        probs = evaluate(rows)
        lowest = min(lowest, float(probs.min()))
        sizes = np.array([_size(r, fields) for r in rows])
        under = np.flatnonzero(probs < threshold)
        if len(under):
            pick = under[np.lexsort((probs[under], sizes[under]))[0]]
            return rows[pick], float(probs[pick])
        gain = _logit(np.array([p_current]))[0] - _logit(probs)
        extra = np.maximum(sizes - _size(current, fields), 1e-9)
        rate = np.where(gain > 1e-9, gain / extra, -np.inf)
        pick = int(np.argmax(rate))
        if not np.isfinite(rate[pick]):
            break
        current, p_current = rows[pick], float(probs[pick])
    return None, lowest


def _shrink(
    edits: dict[str, Any], probability: float, fields: dict[str, _Field], evaluate: Evaluate, threshold: float
) -> tuple[dict[str, Any], float]:
    """Move each change back towards the original while staying under the threshold.

    One batch holds, for every changed field, its partial moves (others kept);
    each field takes its smallest passing move, and the combination is checked
    in a second batch (kept only if it still passes).
    """
    rows: list[dict[str, Any]] = []
    owners: list[str] = []
    for name, target in edits.items():
        f = fields[name]
        others = {k: v for k, v in edits.items() if k != name}
        if f.spec.dtype in ("category", "bool") or _missing(f.original) or _missing(target):
            tries: list[Any] = [f.original]  # only: can the change be dropped?
        else:
            start = min(max(float(f.original), f.low), f.high)
            tries = []
            for t in SHRINK:
                value = _snap(f.spec, start + t * (float(target) - start), f.low, f.high)
                tries.append(int(value) if f.spec.dtype == "int" else value)
        for value in tries:
            rows.append(others if _same(value, f.original) else {**others, name: value})
            owners.append(name)
    if not rows:
        return edits, probability
    probs = evaluate(rows)
    combined = dict(edits)
    for name in edits:  # rows of each field run from "no change" upwards: first pass is smallest
        for row, owner, p in zip(rows, owners, probs, strict=True):
            if owner == name and p < threshold:
                if name in row:
                    combined[name] = row[name]
                else:
                    combined.pop(name, None)
                break
    if combined == edits:
        return edits, probability
    if combined:
        p_combined = float(evaluate([combined])[0])
        if p_combined < threshold:
            return combined, p_combined
    # interactions undid the combination: take the best single-field shrink instead
    passing = [i for i, p in enumerate(probs) if p < threshold and rows[i]]
    if not passing:
        return edits, probability
    best = min(passing, key=lambda i: _size(rows[i], fields))
    if _size(rows[best], fields) < _size(edits, fields):
        return rows[best], float(probs[best])
    return edits, probability
