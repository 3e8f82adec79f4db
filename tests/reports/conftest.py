"""REPORTS fixtures: a Qt application for painting, a fake scoring service, a small real model,
and PDF text extraction (poppler's pdftotext, or Qt's own PDF reader when poppler is absent)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.model_fixtures import make_table_store, train_small
from tests.reports.fakes import FakeService


@pytest.fixture(autouse=True)
def _gui_app(qapp):
    """Painting text needs a Gui application; pytest-qt's QApplication serves every test."""
    return qapp


@pytest.fixture
def fake_service() -> FakeService:
    return FakeService()


@pytest.fixture(scope="session")
def table_model(tmp_path_factory) -> dict[str, Path]:
    """A small bring-your-own store, a second one drawn the same way, and a bundle trained on the first."""
    root = tmp_path_factory.mktemp("reports_model")
    store = make_table_store(root / "train.duckdb", n=3000, seed=0)
    other = make_table_store(root / "same.duckdb", n=3000, seed=1)
    bundle = root / "bundle"
    train_small(store, bundle, reference_rows=2500)
    return {"store": store, "same": other, "bundle": bundle}


@pytest.fixture
def writable_store(tmp_path, table_model) -> Path:
    """A throw-away copy of the training store (sheets write to its decision log)."""
    target = tmp_path / "store.duckdb"
    shutil.copy(table_model["store"], target)
    return target


def pdf_pages(path: Path) -> list[str]:
    """The text of each page, whitespace collapsed."""
    if shutil.which("pdftotext"):
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode("utf-8")
        pages = out.split("\f")
        if pages and not pages[-1].strip():
            pages = pages[:-1]
    else:  # a machine without poppler-utils: pypdf (pure Python, in the test extra)
        from pypdf import PdfReader

        pages = [page.extract_text() or "" for page in PdfReader(str(path)).pages]
    return [" ".join(p.split()) for p in pages]


SCENARIOS = (
    "income_inflation",
    "younger_applicants",
    "missing_external_scores",
    "ext_source_3_shift",
)


@pytest.fixture(scope="session")
def homecredit_drift(tmp_path_factory) -> dict[str, Path]:
    """A generated Home Credit store, a small model trained on it, and current stores drawn
    by the generator: one from the same population (another seed) and one per drift scenario."""
    from creditdesk.data.generator import generate_store

    root = tmp_path_factory.mktemp("reports_drift")
    out = {"train": generate_store(root / "train.duckdb", 5000, seed=101)}
    out["bundle"] = root / "bundle"
    # A small, strongly regularised model: the bundle's reference scores are in-sample (training
    # rows), and a small model that overfits scores them wider than any new sample of the same
    # population, which Evidently's test on the score would rightly call drift.
    train_small(
        out["train"],
        out["bundle"],
        reference_rows=4000,
        params={"num_leaves": 7, "min_data_in_leaf": 80, "learning_rate": 0.05},
    )
    out["same"] = generate_store(root / "same.duckdb", 4000, seed=202)
    for n, name in enumerate(SCENARIOS):
        out[name] = generate_store(root / f"{name}.duckdb", 4000, seed=303 + n, drift=name)
    return {k: Path(v) for k, v in out.items()}
