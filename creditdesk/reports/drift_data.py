"""Where the drift report's rows come from: the current clients (store, file or frame), sampled.

Sampling is uniform without replacement, seeded (numpy's default generator),
and chosen on positions or client ids before any feature column is read, so
a 300k-row store is never loaded whole.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from creditdesk.errors import InputError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from creditdesk.core.bundle import Bundle


def sample_index(n: int, size: int, seed: int) -> np.ndarray:
    """Sorted positions of a uniform sample without replacement (all rows when n <= size)."""
    import numpy as np

    if n <= size:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=size, replace=False))


def _from_store(path: Path, names: Sequence[str], size: int, seed: int) -> tuple[pd.DataFrame, int]:
    """Sample the store's ``features`` table on client ids, then read only those rows."""
    import pandas as pd

    from creditdesk.store.connection import open_store

    handle = open_store(path, read_only=True)
    try:
        con = handle.con if hasattr(handle, "con") else handle
        tables = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
            ).fetchall()
        }
        if "features" not in tables:
            raise InputError(
                f"{path} has no features table; build it with `creditdesk data build-features`"
            )
        present = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'features' "
                "AND table_catalog = current_database()"
            ).fetchall()
        }
        ids = con.execute("SELECT SK_ID_CURR FROM features ORDER BY SK_ID_CURR").fetchnumpy()[
            "SK_ID_CURR"
        ]
        chosen = pd.DataFrame({"SK_ID_CURR": ids[sample_index(len(ids), size, seed)]})
        cols = ", ".join(f'CAST(f."{n}" AS DOUBLE) AS "{n}"' for n in names if n in present)
        con.register("_cd_drift_ids", chosen)
        try:
            frame = con.execute(
                f"SELECT {cols} FROM _cd_drift_ids i JOIN features f USING (SK_ID_CURR) ORDER BY i.SK_ID_CURR"
            ).df()
        finally:
            con.unregister("_cd_drift_ids")
        return frame, len(ids)
    finally:
        handle.close()


def _from_file(path: Path, names: Sequence[str], bundle: Bundle) -> pd.DataFrame:
    """A CSV or Parquet file of feature rows, or of raw application rows (features derived)."""
    import pandas as pd

    suffix = path.suffix.lower()
    wanted = set(names)
    try:
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            header = pq.read_schema(path).names
            only = [c for c in header if c in wanted] if wanted <= set(header) else None
            frame = pd.read_parquet(path, columns=only)
        elif suffix in (".csv", ".gz", ".txt"):
            header = list(pd.read_csv(path, nrows=0).columns)
            only = [c for c in header if c in wanted] if wanted <= set(header) else None
            frame = pd.read_csv(path, usecols=only, low_memory=False)
        else:
            raise InputError(f"{path}: choose a .duckdb store, a .csv or a .parquet file")
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"{path} cannot be read ({exc.__class__.__name__}: {exc})") from exc
    if all(n in frame.columns for n in names):
        return frame[list(names)]
    if bundle.pipeline == "homecredit" and "AMT_INCOME_TOTAL" in header:
        from creditdesk.store.features import application_features

        derived = application_features(frame, None)  # no companion tables: aggregates stay missing
        return derived[[n for n in names if n in derived.columns]]
    missing = [n for n in names if n not in frame.columns]
    raise InputError(
        f"{path} lacks {len(missing)} of the model's features (e.g. {', '.join(missing[:3])}); "
        "give the features table or raw application rows"
    )


def load_current(
    current: pd.DataFrame | str | os.PathLike,
    bundle: Bundle,
    sample_size: int,
    seed: int,
) -> tuple[pd.DataFrame, int, str]:
    """The current rows to compare (model features, sampled), their count before sampling, a description."""
    import pandas as pd

    names = list(bundle.feature_names)
    if isinstance(current, pd.DataFrame):
        missing = [n for n in names if n not in current.columns]
        if missing:
            raise InputError(f"the current data lacks model feature(s) {', '.join(missing[:3])}")
        n = len(current)
        frame = current.iloc[sample_index(n, sample_size, seed)][names]
        return frame.reset_index(drop=True), n, f"data frame ({n:,} rows)"
    path = Path(current).expanduser()
    if not path.exists():
        raise InputError(f"{path} does not exist")
    if path.suffix.lower() in (".duckdb", ".db", ".ddb"):
        frame, n = _from_store(path, names, sample_size, seed)
        return frame, n, f"store {path.name} ({n:,} clients)"
    frame = _from_file(path, names, bundle)
    n = len(frame)
    frame = frame.iloc[sample_index(n, sample_size, seed)].reset_index(drop=True)
    return frame, n, f"file {path.name} ({n:,} rows)"
