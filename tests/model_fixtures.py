"""MODEL area test helpers: a small synthetic "table" store and a bundle trained on it.

The synthetic store needs no generator: a features table with a few numeric
columns, one categorical (integer codes) and one flag, missing values, an
outcome drawn from a known logistic model, the oracle probabilities, and the
table's own dictionary in store_meta (as a bring-your-own import writes it).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import numpy as np

from creditdesk.store.dictionary import DataDictionary, FieldSpec

SEGMENTS = ("retail", "salaried", "self-employed")


def synthetic_dictionary() -> DataDictionary:
    return DataDictionary(
        [
            FieldSpec("income", source="table", dtype="float", label_en="Monthly income",
                      label_fr="Revenu mensuel", unit="money", min=500.0, max=20000.0,
                      editable=True, step=50.0),
            FieldSpec("loan_amount", source="table", dtype="float", label_en="Loan amount",
                      label_fr="Montant du prêt", unit="money", min=1000.0, max=60000.0,
                      editable=True, step=100.0),
            FieldSpec("debt_ratio", source="table", dtype="float", label_en="Debt ratio",
                      label_fr="Taux d'endettement", unit="ratio", min=0.0, max=1.5,
                      describe_en="Debts are {value} of income (portfolio median {median})",
                      describe_fr="Les dettes représentent {value} du revenu (médiane {median})"),
            FieldSpec("age", source="table", dtype="int", label_en="Age", label_fr="Âge",
                      unit="years", min=18, max=90),
            FieldSpec("score_ext", source="table", dtype="float", label_en="External score",
                      label_fr="Score externe", unit="score", min=0.0, max=1.0),
            FieldSpec("segment", source="table", dtype="category", label_en="Segment",
                      label_fr="Segment", categories=SEGMENTS, editable=True),
            FieldSpec("has_guarantor", source="table", dtype="bool", label_en="Guarantor",
                      label_fr="Garant", unit="flag", editable=True),
        ],
        pipeline="table",
    )


def make_table_store(path: Path, n: int = 4000, seed: int = 0, labelled_fraction: float = 0.9) -> Path:
    """A bring-your-own-shaped store: features + oracle + store_meta with its dictionary."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    income = np.round(rng.lognormal(7.8, 0.5, n).clip(500, 20000), 0)
    loan = np.round(rng.lognormal(9.5, 0.6, n).clip(1000, 60000), -2)
    debt = rng.beta(2, 5, n) * 1.2
    age = rng.integers(18, 80, n)
    ext = rng.beta(4, 3, n)
    seg = rng.integers(0, 3, n).astype(float)
    guar = (rng.random(n) < 0.3).astype(float)
    logit = (-1.7 + 1.8 * (debt - 0.35) - 3.0 * (ext - 0.57) + 0.9 * np.log(loan / (12 * income))
             - 0.015 * (age - 40) + 0.4 * (seg == 2) - 0.5 * guar)
    pd_true = 1 / (1 + np.exp(-logit))
    target = (rng.random(n) < pd_true).astype(float)
    ext[rng.random(n) < 0.1] = np.nan  # missing external scores
    labelled = rng.random(n) < labelled_fraction
    target[~labelled] = np.nan
    ids = np.arange(200000, 200000 + n, dtype=np.int64)
    frame = pd.DataFrame({
        "SK_ID_CURR": ids, "TARGET": pd.array(np.where(labelled, target, np.nan)).astype("Int64"),
        "income": income, "loan_amount": loan, "debt_ratio": debt, "age": age.astype(float),
        "score_ext": ext, "segment": seg, "has_guarantor": guar,
    })
    oracle = pd.DataFrame({"SK_ID_CURR": ids, "pd": pd_true})
    con = duckdb.connect(str(path))
    try:
        con.register("frame_rows", frame)
        con.register("oracle_rows", oracle)
        con.execute("CREATE TABLE features AS SELECT * FROM frame_rows")
        con.execute("CREATE TABLE oracle AS SELECT * FROM oracle_rows")
        con.execute("CREATE TABLE store_meta (key VARCHAR, value VARCHAR)")
        con.execute("INSERT INTO store_meta VALUES ('kind', 'table'), ('dictionary', ?), ('seed', ?)",
                    [synthetic_dictionary().to_json(), str(seed)])
    finally:
        con.close()
    return path


def train_small(store: Path, out: Path, **kwargs) -> object:
    from creditdesk.training.pipeline import train

    options = {"seed": 7, "max_rounds": 80, "reference_rows": 1500, "importance_rows": 300}
    options.update(kwargs)
    return train(store, out, **options)


def corrupt_manifest(bundle: Path) -> None:
    """Rewrite the manifest so it matches the files as they are now (a forger's move)."""
    import hashlib

    lines = []
    for name in ("model.txt", "bundle.json", "reference.parquet"):
        digest = hashlib.sha256((bundle / name).read_bytes()).hexdigest()
        lines.append(f"{digest}  {name}\n")
    (bundle / "MANIFEST.sha256").write_text("".join(lines))


def edit_card(bundle: Path, change) -> None:
    """Apply ``change(card)`` to bundle.json and re-sign the manifest."""
    card = json.loads((bundle / "bundle.json").read_text())
    change(card)
    (bundle / "bundle.json").write_text(json.dumps(card))
    corrupt_manifest(bundle)


def make_generated_store(path: Path, n: int = 5000, seed: int = 3) -> Path:
    """A small Home Credit-shaped store from the data generator."""
    from creditdesk.data.generator import generate_store

    generate_store(path, n, seed)
    return path
