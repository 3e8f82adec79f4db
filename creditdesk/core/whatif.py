"""What-if edits: validated at the edge, applied to copies, never written to the store.

Home Credit bundles take edits of *raw application fields*; the edited rows go
through :func:`creditdesk.store.features.application_features`, the same SQL
that built the store's ``features`` table, so every derived feature (ratios,
per-person income, ...) follows the edit. Table bundles take edits of feature
values directly. One set of rules validates both: known field, editable in the
dictionary, a finite value inside the field's range (a category level for a
categorical field); anything else raises :class:`InputError`.
"""

from __future__ import annotations

import decimal
import math
import numbers
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from creditdesk.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from creditdesk.core.scoring import ScoringService
    from creditdesk.store.dictionary import FieldSpec

def editable_fields(service: ScoringService) -> list[FieldSpec]:
    """Fields an officer may change for this bundle: raw application fields (Home Credit)
    or editable model features (imported tables)."""
    if service.bundle.pipeline == "table":
        return [s for s in service.bundle.features if s.editable]
    columns = set(_application_columns(service))
    return [s for s in service.dictionary.editable() if s.name in columns]


def _application_columns(service: ScoringService) -> list[str]:
    cached = getattr(service, "_application_columns", None)
    if cached is None:
        store = service.store
        cached = store.columns("application") if store is not None and store.has_table("application") else []
        service._application_columns = cached
    return cached


def _spec_for(service: ScoringService, name: str) -> FieldSpec:
    if service.bundle.pipeline == "table":
        try:
            return service.bundle.spec(name)
        except KeyError:
            raise InputError(f"unknown field {_short(name)}") from None
    spec = service.dictionary.fields.get(name)
    if spec is None or name not in _application_columns(service):
        raise InputError(f"unknown application field {_short(name)}")
    return spec


def validate_value(spec: FieldSpec, value: Any) -> Any:
    """The edit as the store holds it (category level, 0/1, number), or InputError."""
    label = spec.label("en")
    if not spec.editable:
        raise InputError(f"{label} ({spec.name}) cannot be changed in a what-if")
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)) and spec.dtype != "bool":
        raise InputError(f"{label} takes a {'level' if spec.dtype == 'category' else 'number'}, "
                         f"not {_short(value)}")
    if spec.dtype == "category":
        levels = spec.categories or ()
        if isinstance(value, str):
            if value not in levels:
                raise InputError(f"{_short(value)} is not a level of {label} ({', '.join(levels)})")
            return value
        number = _finite(spec, value)
        if not number.is_integer() or not 0 <= number < len(levels):
            raise InputError(f"{_short(value)} is not a level code of {label}")
        return levels[int(number)]
    if isinstance(value, str):
        raise InputError(f"{label} takes a number, not {_short(value)}")
    number = _finite(spec, value)
    if spec.dtype == "bool":
        if number not in (0.0, 1.0):
            raise InputError(f"{label} takes 0 or 1, not {_short(value)}")
        return int(number)
    if spec.dtype == "int":  # sliders send display values (years -> days): round, do not refuse
        number = float(math.floor(number + 0.5))
    if (spec.min is not None and number < spec.min) or (spec.max is not None and number > spec.max):
        raise InputError(
            f"{label} = {_show(spec, number)} is outside its allowed range "
            f"[{_show(spec, spec.min)}, {_show(spec, spec.max)}]"
        )
    return int(number) if spec.dtype == "int" else number


#: numbers larger than this are shown as ``1e+308`` rather than with all their digits
_SHOW_LIMIT = 1e15
_REPR_LIMIT = 40


def _show(spec: FieldSpec, number: float | None) -> str:
    """A number for a message: the dictionary's format, or ``:.4g`` when that would be huge."""
    if number is None:
        return spec.format_value(None)
    x = float(number)
    if not math.isfinite(x) or abs(x) >= _SHOW_LIMIT:
        return f"{x:.4g}"
    return spec.format_value(number)


def _short(value: Any) -> str:
    """The offending value for a message, at most a few dozen characters."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _SHOW_LIMIT:
        digits = len(str(abs(value)))
        return f"a {digits}-digit number" if digits > _REPR_LIMIT else str(value)
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__
        text = f"a {type(value).__name__}"
    return text if len(text) <= _REPR_LIMIT else text[: _REPR_LIMIT - 1] + "…"


def _finite(spec: FieldSpec, value: Any) -> float:
    """A plain finite float from a real number (int, float, numpy, Decimal), or InputError.

    Text, bytes, containers and anything else that merely *converts* to a float
    is refused; so are NaN, infinities and numbers too large for a float.
    """
    label = spec.label("en")
    if not isinstance(value, (numbers.Real, decimal.Decimal, np.number, np.bool_)) or isinstance(
        value, (complex, np.complexfloating)
    ):
        raise InputError(f"{label} takes a number, not {_short(value)}")
    try:
        number = float(value)
    except OverflowError:
        raise InputError(f"{label} cannot be {_short(value)}: too large") from None
    except (TypeError, ValueError, ArithmeticError):
        raise InputError(f"{label} takes a number, not {_short(value)}") from None
    if not math.isfinite(number):
        reason = "not a number" if math.isnan(number) else "infinite"
        raise InputError(f"{label} cannot be {_short(value)} ({reason})")
    return number


def validate_edits(service: ScoringService, edits: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(edits, Mapping):
        raise InputError("what-if edits must map field names to values")
    return {name: validate_value(_spec_for(service, name), value) for name, value in edits.items()}


# --------------------------------------------------------------------------- Home Credit


def edited_application(service: ScoringService, app: pd.DataFrame, edits: Mapping[str, Any]) -> pd.DataFrame:
    """A copy of the one-row application with the validated edits applied."""
    return edited_applications(app, [validate_edits(service, edits)])


def edited_applications(app: pd.DataFrame, edit_rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per edit set: the application row repeated, each with its (already valid) edits.

    Columns are replaced whole (never written cell by cell), so store types survive.
    """
    import pandas as pd

    n = len(edit_rows)
    frame = app.iloc[np.zeros(n, dtype=np.int64)].reset_index(drop=True)
    touched = sorted({name for row in edit_rows for name in row})
    for name in touched:
        original = app[name].iloc[0]
        values = [row.get(name, original) for row in edit_rows]
        if any(isinstance(v, str) for v in values) or frame[name].dtype == object:
            frame[name] = pd.Series(values, dtype=object)
        else:
            frame[name] = pd.Series([np.nan if v is None else v for v in values], dtype="float64")
    return frame


def features_for(service: ScoringService, frame: pd.DataFrame, aggregates: pd.DataFrame | None) -> np.ndarray:
    """Model features (n, features) of application rows through the store's own feature SQL.

    The client's single aggregate row applies to every row of ``frame`` (the
    candidate edits of one client); rows come back in ``frame``'s order.
    """
    from creditdesk.store.features import application_features

    out = application_features(frame, aggregates)
    names = list(service.feature_names)
    missing = [c for c in names if c not in out.columns]
    if missing:
        from creditdesk.errors import StoreError

        raise StoreError(f"the feature pipeline does not produce model feature {missing[0]}")
    return out[names].to_numpy(dtype=np.float64, na_value=np.nan)


# --------------------------------------------------------------------------- imported tables


def encode_feature_edits(service: ScoringService, edits: Mapping[str, Any]) -> dict[int, float]:
    """Validated table-pipeline edits as {feature index: stored number} (category -> code)."""
    out: dict[int, float] = {}
    index = {n: i for i, n in enumerate(service.feature_names)}
    for name, value in validate_edits(service, edits).items():
        spec = service.bundle.spec(name)
        if value is None:
            out[index[name]] = math.nan
        elif spec.dtype == "category":
            out[index[name]] = float(spec.code_of(value))
        else:
            out[index[name]] = float(value)
    return out


def edit_feature_vector(service: ScoringService, client_id: int, edits: Mapping[str, Any]) -> np.ndarray:
    """The client's feature vector with the edits applied (table pipeline)."""
    x = service._require_store().feature_vector(client_id).copy()
    for i, value in encode_feature_edits(service, edits).items():
        x[i] = value
    return x
