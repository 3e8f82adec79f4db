"""Vectorised sampling building blocks shared by the generator's table modules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

#: DAYS_* value the real files use for "not applicable" (pensioners' DAYS_EMPLOYED, open loans)
NOT_APPLICABLE_DAYS = 365243
DAYS_PER_MONTH = 30.4375


@dataclass(frozen=True)
class Cat:
    """A categorical column: integer codes into ``levels``, -1 for a missing value."""

    codes: np.ndarray
    levels: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.codes)

    def code(self, level: str) -> int:
        return self.levels.index(level)

    def isin(self, *levels: str) -> np.ndarray:
        wanted = [self.levels.index(v) for v in levels if v in self.levels]
        return np.isin(self.codes, wanted)

    def take(self, index: np.ndarray) -> Cat:
        return Cat(self.codes[index], self.levels)


def sigmoid(x: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))


def normalise(weights: Sequence[float]) -> np.ndarray:
    p = np.asarray(weights, dtype=np.float64)
    return p / p.sum()


def draw_cat(rng: np.random.Generator, n: int, weights: Mapping[str | None, float]) -> Cat:
    """Draw ``n`` values with the given shares; a ``None`` key is the missing share."""
    names = list(weights)
    p = normalise([weights[k] for k in names])
    picks = rng.choice(len(names), size=n, p=p)
    levels = tuple(k for k in names if k is not None)
    mapping = np.array([levels.index(k) if k is not None else -1 for k in names], dtype=np.int16)
    return Cat(mapping[picks], levels)


def draw_rows(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One category index per row of ``probs`` (rows need not sum exactly to 1)."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(len(probs)) * cum[:, -1]
    return np.minimum((u[:, None] > cum).sum(axis=1), probs.shape[1] - 1)


def draw_codes(rng: np.random.Generator, n: int, weights: Sequence[float]) -> np.ndarray:
    return rng.choice(len(weights), size=n, p=normalise(weights))


def ragged(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For groups of ``counts`` rows: each row's group index and its position inside the group."""
    counts = np.asarray(counts, dtype=np.int64)
    parent = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    pos = np.arange(len(parent), dtype=np.int64) - starts[parent]
    return parent, pos


def negbin(rng: np.random.Generator, mean: np.ndarray | float, shape: float, size: int) -> np.ndarray:
    """Over-dispersed counts (Poisson with a Gamma-distributed rate)."""
    lam = rng.gamma(shape, 1.0, size) * (np.asarray(mean, dtype=np.float64) / shape)
    return rng.poisson(lam)


def round_to(x: np.ndarray, step: float) -> np.ndarray:
    return np.round(np.asarray(x) / step) * step


def per_group_mean(parent: np.ndarray, values: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean of ``values`` per group (NaN where a group has no row) and the row count."""
    counts = np.bincount(parent, minlength=n).astype(np.float64)
    sums = np.bincount(parent, weights=values.astype(np.float64), minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / counts, np.nan), counts


def per_group_max(parent: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros(n)
    np.maximum.at(out, parent, values)
    return out
