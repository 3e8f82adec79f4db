"""The model bundle: a folder, never a pickle, checked against its SHA-256 manifest.

Layout (schema version 1)::

    model.txt          LightGBM booster, native text format
    bundle.json        card: features with their dictionary spec, threshold, costs,
                       metrics, global importance, training fingerprint, versions
    reference.parquet  sample of training rows: features, TARGET, score
    MANIFEST.sha256    ``sha256sum`` lines over the three files above

Loading reads each file's bytes once, hashes those bytes and parses the same
bytes, so what is checked is what is used. Anything unexpected (missing or
extra file, changed byte, truncated booster, unknown schema, malformed card,
card and booster disagreeing) raises :class:`BundleError` with one clear line.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from creditdesk.errors import BundleError

if TYPE_CHECKING:  # heavy or sibling-layer types, for annotations only
    import lightgbm
    import pandas as pd

    from creditdesk.store.dictionary import FieldSpec

SCHEMA_VERSION = 1
BOOSTER_FILE = "model.txt"
CARD_FILE = "bundle.json"
REFERENCE_FILE = "reference.parquet"
MANIFEST_FILE = "MANIFEST.sha256"
BUNDLE_FILES = (BOOSTER_FILE, CARD_FILE, REFERENCE_FILE)
PIPELINES = ("homecredit", "table")
#: card keys every bundle must carry, with the JSON type each must have
_CARD_KEYS: dict[str, type | tuple[type, ...]] = {
    "schema_version": int,
    "name": str,
    "version": str,
    "created_at": str,
    "pipeline": str,
    "features": list,
    "threshold": (int, float),
    "cost_fn": (int, float),
    "cost_fp": (int, float),
    "num_trees": int,
    "metrics": dict,
    "global_importance": dict,
    "training_fingerprint": dict,
    "library_versions": dict,
}
_MANIFEST_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")
_BOOSTER_END = "end of trees"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- specs


def spec_to_dict(spec: FieldSpec) -> dict[str, Any]:
    """A FieldSpec as plain JSON values."""
    return _json_safe(spec.to_dict())


def spec_from_dict(data: dict[str, Any]) -> FieldSpec:
    """Rebuild a FieldSpec from the card, ignoring keys this version does not know."""
    from creditdesk.store.dictionary import FieldSpec

    return FieldSpec.from_dict(data)


# --------------------------------------------------------------------------- bundle


@dataclass
class Bundle:
    """A verified, loaded model bundle. Built by :func:`load_bundle`."""

    path: Path
    name: str
    version: str
    model_hash: str
    booster: lightgbm.Booster
    features: list[FieldSpec]
    feature_names: list[str]
    threshold: float
    cost_fn: float
    cost_fp: float
    metrics: dict[str, Any]
    global_importance: dict[str, float]
    pipeline: str
    created_at: str
    library_versions: dict[str, str]
    training_fingerprint: dict[str, Any]
    card: dict[str, Any] = field(repr=False)
    manifest: dict[str, str] = field(repr=False)
    _reference: pd.DataFrame | None = field(default=None, repr=False)
    _medians: dict[str, float] | None = field(default=None, repr=False)

    def spec(self, name: str) -> FieldSpec:
        """The dictionary spec of model feature ``name``."""
        for spec in self.features:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @property
    def categorical_features(self) -> list[str]:
        return [s.name for s in self.features if s.dtype == "category"]

    def reference_sample(self) -> pd.DataFrame:
        """Training rows kept for comparisons and drift (features, TARGET, score).

        Read on first use; the bytes are hashed against the manifest before parsing.
        """
        if self._reference is None:
            import io

            import pyarrow.parquet as pq

            data = _read_verified(self.path, REFERENCE_FILE, self.manifest)
            try:
                self._reference = pq.read_table(io.BytesIO(data)).to_pandas()
            except Exception as exc:
                raise BundleError(f"model bundle {self.path}: reference sample unreadable ({exc})") from exc
        return self._reference

    def reference_medians(self) -> dict[str, float]:
        """Typical portfolio value of each model feature in the reference sample.

        The median for numbers, the most frequent code for a categorical
        feature (the smallest on a tie); NaN when the sample has no value.
        Computed once per sample (cached by its SHA-256) from the feature
        columns alone, read one at a time: the sample itself is not kept.
        """
        if self._medians is None:
            key = self.manifest[REFERENCE_FILE]
            cached = _MEDIANS.get(key)
            if cached is None or set(cached) != set(self.feature_names):
                cached = _MEDIANS[key] = self._compute_medians()
            self._medians = dict(cached)
        return self._medians

    def _compute_medians(self) -> dict[str, float]:
        import io

        import numpy as np
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._reference is not None:  # already in memory: no second read
            columns = {n: self._reference[n].to_numpy(dtype=np.float64, na_value=np.nan)
                       for n in self.feature_names if n in self._reference}
            return _medians_of(self.features, columns.get)
        data = _read_verified(self.path, REFERENCE_FILE, self.manifest)
        try:
            sample = pq.ParquetFile(io.BytesIO(data))
            present = set(sample.schema_arrow.names)

            def column(name: str) -> np.ndarray | None:
                if name not in present:
                    return None
                values = sample.read(columns=[name], use_threads=False).column(0)
                return np.asarray(values.to_numpy(), dtype=np.float64)

            return _medians_of(self.features, column)
        except (OSError, ValueError, TypeError) as exc:  # pyarrow's ArrowException derive from these
            raise BundleError(f"model bundle {self.path}: reference sample unreadable ({exc})") from exc
        finally:
            pa.default_memory_pool().release_unused()  # the column buffers, not kept by the pool


#: reference medians by the SHA-256 of the sample they were computed from
_MEDIANS: dict[str, dict[str, float]] = {}


def _medians_of(specs: list[FieldSpec], column: Any) -> dict[str, float]:
    """Median (numbers) or most frequent value (categories) of each ``column(name)``."""
    import numpy as np

    medians: dict[str, float] = {}
    for spec in specs:
        values = column(spec.name)
        values = None if values is None else values[~np.isnan(values)]
        if values is None or not len(values):
            medians[spec.name] = math.nan
        elif spec.dtype == "category":
            levels, counts = np.unique(values, return_counts=True)
            medians[spec.name] = float(levels[int(np.argmax(counts))])
        else:
            medians[spec.name] = float(np.median(values))
    return medians


def load_bundle(path: str | os.PathLike | None = None) -> Bundle:
    """Load and verify the bundle at ``path`` (default: the shipped ``model/``)."""
    from creditdesk import paths

    root = Path(path) if path is not None else paths.model_dir()
    where = f"model bundle {root}"
    if not root.exists():
        raise BundleError(f"{where} not found")
    if not root.is_dir():
        raise BundleError(f"{where} is not a folder")
    manifest = _read_manifest(root)
    booster_bytes = _read_verified(root, BOOSTER_FILE, manifest)
    card_bytes = _read_verified(root, CARD_FILE, manifest)
    _read_verified(root, REFERENCE_FILE, manifest)  # refuse a tampered sample now, parse it later
    card = _parse_card(card_bytes, where)
    specs = _parse_features(card["features"], where)
    names = [s.name for s in specs]
    booster = _parse_booster(booster_bytes, where)
    if booster.num_trees() != card["num_trees"]:
        raise BundleError(
            f"{where}: booster has {booster.num_trees()} trees, card says {card['num_trees']} (truncated?)"
        )
    if list(booster.feature_name()) != names:
        raise BundleError(f"{where}: the card's feature list does not match the booster's features")
    importance = card["global_importance"]
    if set(importance) - set(names):
        raise BundleError(f"{where}: global importance names features the model does not use")
    return Bundle(
        path=root,
        name=card["name"],
        version=card["version"],
        model_hash=sha256_bytes(booster_bytes),
        booster=booster,
        features=specs,
        feature_names=names,
        threshold=float(card["threshold"]),
        cost_fn=float(card["cost_fn"]),
        cost_fp=float(card["cost_fp"]),
        metrics=card["metrics"],
        global_importance={k: float(v) for k, v in importance.items()},
        pipeline=card["pipeline"],
        created_at=card["created_at"],
        library_versions=card["library_versions"],
        training_fingerprint=card["training_fingerprint"],
        card=card,
        manifest=manifest,
    )


def _read_manifest(root: Path) -> dict[str, str]:
    where = f"model bundle {root}"
    try:
        text = (root / MANIFEST_FILE).read_bytes().decode("ascii")
    except FileNotFoundError:
        raise BundleError(f"{where}: {MANIFEST_FILE} is missing; the bundle cannot be verified") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BundleError(f"{where}: {MANIFEST_FILE} is unreadable ({exc})") from exc
    manifest: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _MANIFEST_LINE.match(line)
        if not match:
            raise BundleError(f"{where}: {MANIFEST_FILE} line {number} is malformed")
        digest, name = match.groups()
        if name not in BUNDLE_FILES:
            raise BundleError(f"{where}: {MANIFEST_FILE} lists an unknown file {name!r}")
        if name in manifest:
            raise BundleError(f"{where}: {MANIFEST_FILE} lists {name} twice")
        manifest[name] = digest
    for name in BUNDLE_FILES:
        if name not in manifest:
            raise BundleError(f"{where}: {MANIFEST_FILE} does not cover {name}")
    allowed = {*BUNDLE_FILES, MANIFEST_FILE}
    for entry in sorted(os.listdir(root)):
        if entry.startswith("."):
            continue  # .gitkeep and the like
        if entry not in allowed:
            raise BundleError(f"{where}: unexpected file {entry!r} (not in the manifest)")
    return manifest


def _read_verified(root: Path, name: str, manifest: dict[str, str]) -> bytes:
    try:
        data = (root / name).read_bytes()
    except FileNotFoundError:
        raise BundleError(f"model bundle {root}: {name} is missing") from None
    except OSError as exc:
        raise BundleError(f"model bundle {root}: {name} is unreadable ({exc})") from exc
    if sha256_bytes(data) != manifest[name]:
        raise BundleError(
            f"model bundle {root}: {name} does not match its SHA-256 in the manifest "
            "(modified or corrupted); reinstall or retrain the model"
        )
    return data


def _parse_card(data: bytes, where: str) -> dict[str, Any]:
    try:
        card = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BundleError(f"{where}: {CARD_FILE} is not valid JSON ({exc})") from exc
    if not isinstance(card, dict):
        raise BundleError(f"{where}: {CARD_FILE} is not a JSON object")
    version = card.get("schema_version")
    if version != SCHEMA_VERSION:
        raise BundleError(
            f"{where}: bundle schema version {version!r} is not supported (this CreditDesk reads {SCHEMA_VERSION})"
        )
    for key, kind in _CARD_KEYS.items():
        if key not in card:
            raise BundleError(f"{where}: {CARD_FILE} lacks {key!r}")
        value = card[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise BundleError(f"{where}: {CARD_FILE} has a malformed {key!r}")
    threshold = float(card["threshold"])
    if not (0.0 < threshold < 1.0):
        raise BundleError(f"{where}: threshold {threshold} is outside (0, 1)")
    for key in ("cost_fn", "cost_fp"):
        if not (math.isfinite(card[key]) and card[key] > 0):
            raise BundleError(f"{where}: {key} must be a positive number")
    if card["pipeline"] not in PIPELINES:
        raise BundleError(f"{where}: unknown pipeline {card['pipeline']!r}")
    return card


def _parse_features(items: list[Any], where: str) -> list[FieldSpec]:
    if not items:
        raise BundleError(f"{where}: the card lists no features")
    specs = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise BundleError(f"{where}: malformed feature entry in {CARD_FILE}")
        try:
            specs.append(spec_from_dict(item))
        except (TypeError, ValueError) as exc:
            raise BundleError(f"{where}: feature {item['name']!r} has a malformed spec ({exc})") from exc
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        raise BundleError(f"{where}: the card lists a feature twice")
    return specs


def _parse_booster(data: bytes, where: str) -> lightgbm.Booster:
    import lightgbm

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BundleError(f"{where}: {BOOSTER_FILE} is not a LightGBM text model") from exc
    if not text.startswith("tree\n") or _BOOSTER_END not in text:
        raise BundleError(f"{where}: {BOOSTER_FILE} is truncated or not a LightGBM text model")
    try:
        return lightgbm.Booster(model_str=text)
    except Exception as exc:  # LightGBMError, or ValueError from its parser
        raise BundleError(f"{where}: {BOOSTER_FILE} cannot be loaded ({exc})") from exc


# --------------------------------------------------------------------------- writing


def library_versions() -> dict[str, str]:
    import duckdb
    import lightgbm
    import numpy
    import pandas
    import pyarrow

    from creditdesk import __version__

    return {
        "creditdesk": __version__,
        "python": sys.version.split()[0],
        "lightgbm": lightgbm.__version__,
        "numpy": numpy.__version__,
        "pandas": pandas.__version__,
        "pyarrow": pyarrow.__version__,
        "duckdb": duckdb.__version__,
    }


def write_bundle(
    out_dir: str | os.PathLike,
    *,
    booster: lightgbm.Booster,
    features: list[FieldSpec],
    threshold: float,
    cost_fn: float,
    cost_fp: float,
    metrics: dict[str, Any],
    global_importance: dict[str, float],
    pipeline: str,
    training_fingerprint: dict[str, Any],
    reference: pd.DataFrame,
    name: str = "creditdesk-pd",
    version: str | None = None,
    extra: dict[str, Any] | None = None,
) -> Path:
    """Write a bundle to ``out_dir`` (created or replaced as a whole) and return its path.

    The files are written to a temporary sibling folder first; the old bundle
    is swapped out only once the new one is complete. A non-empty folder that
    is not a bundle is never overwritten.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out_dir)
    check_bundle_target(out)
    names = [s.name for s in features]
    if list(booster.feature_name()) != names:
        raise BundleError("the features given do not match the booster's features")
    if not (0.0 < threshold < 1.0):
        raise BundleError(f"threshold {threshold} is outside (0, 1)")
    if pipeline not in PIPELINES:
        raise BundleError(f"unknown pipeline {pipeline!r}")

    booster_text = booster.model_to_string()
    booster_bytes = booster_text.encode("utf-8")
    model_hash = sha256_bytes(booster_bytes)
    created = datetime.now(UTC).replace(microsecond=0).isoformat()
    card = {
        "schema_version": SCHEMA_VERSION,
        "name": name,
        "version": version or f"{created[:10]}-{model_hash[:8]}",
        "created_at": created,
        "pipeline": pipeline,
        "features": [spec_to_dict(s) for s in features],
        "threshold": float(threshold),
        "cost_fn": float(cost_fn),
        "cost_fp": float(cost_fp),
        "num_trees": booster.num_trees(),
        "metrics": _json_safe(metrics),
        "global_importance": {k: float(v) for k, v in global_importance.items()},
        "training_fingerprint": _json_safe(training_fingerprint),
        "library_versions": library_versions(),
        **(_json_safe(extra) if extra else {}),
    }
    card_bytes = (json.dumps(card, indent=1, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        tmp.chmod(0o755)
        (tmp / BOOSTER_FILE).write_bytes(booster_bytes)
        (tmp / CARD_FILE).write_bytes(card_bytes)
        table = pa.Table.from_pandas(reference.reset_index(drop=True), preserve_index=False)
        pq.write_table(table, tmp / REFERENCE_FILE, compression="zstd")
        lines = [f"{sha256_bytes((tmp / n).read_bytes())}  {n}\n" for n in BUNDLE_FILES]
        (tmp / MANIFEST_FILE).write_text("".join(lines), encoding="ascii")
        install_bundle(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def check_bundle_target(out: Path) -> None:
    """BundleError unless ``out`` is absent, an empty folder or a bundle (which may be replaced)."""
    if out.exists() and not out.is_dir():
        raise BundleError(f"{out} exists and is not a folder")
    if out.exists() and any(not e.startswith(".") for e in os.listdir(out)) and not (out / MANIFEST_FILE).exists():
        raise BundleError(f"{out} is not empty and is not a model bundle; refusing to overwrite it")


def install_bundle(new: Path, out: Path) -> Path:
    """Move the complete bundle folder ``new`` (same file system) to ``out``, replacing the
    bundle there only once the new one is in place beside it."""
    check_bundle_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        old = out.with_name(f".{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
        try:
            new.rename(out)
        except BaseException:
            old.rename(out)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        new.rename(out)
    return out


def _json_safe(value: Any) -> Any:
    """Plain JSON values: numpy scalars to Python, NaN/inf to None, tuples to lists."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # numpy scalar
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
