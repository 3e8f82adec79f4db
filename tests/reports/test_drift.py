"""Drift reports: quiet on a same-distribution sample, loud and well ranked on each scenario,
self-contained HTML, a summary for the reports list, the same function behind both commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from creditdesk.core.bundle import load_bundle
from creditdesk.errors import Cancelled, InputError
from creditdesk.reports.drift import generate_drift_report, list_reports, psi
from creditdesk.reports.offline import external_resources

REPO = Path(__file__).resolve().parents[2]
FAST = {"report_features": 20}  # fewer charts in the HTML: the verdicts cover every feature anyway


def test_psi_is_zero_for_the_same_sample_and_grows_with_a_shift():
    rng = np.random.default_rng(0)
    a = rng.beta(2, 12, 20_000)
    assert psi(a, a) == pytest.approx(0.0, abs=1e-12)
    assert psi(a, rng.beta(2, 12, 20_000)) < 0.01
    assert psi(a, a * 1.5) > 0.1
    assert psi(a, a * 1.5) < psi(a, a * 2.5)
    assert np.isnan(psi(a, np.array([np.nan])))


def test_the_offline_check_sees_what_a_browser_would_fetch():
    page = (
        '<link rel="stylesheet" href="https://cdn.example/x.css"><img src="//cdn.example/y.png">'
        '<style>@import url("https://f.example/z.css");</style><script src="http://s.example/a.js"></script>'
        '<a href="https://docs.example">a link is not a resource</a>'
        '<script>var u = "https://plotly.com/";</script><img src="data:image/png;base64,AAAA">'
    )
    found = external_resources(page)
    assert len([f for f in found if "example" in f]) == 5 and not any(
        "docs" in f or "plotly" in f for f in found
    )


# ---------------------------------------------------------------- Home Credit scenarios


@pytest.fixture(scope="module")
def hc(homecredit_drift):
    return {**homecredit_drift, "model": load_bundle(homecredit_drift["bundle"])}


@pytest.fixture(scope="module")
def reports(hc, tmp_path_factory):
    """One report per current population (each costs a few seconds: computed once)."""
    out = tmp_path_factory.mktemp("drift_reports")
    return {
        name: generate_drift_report(hc["model"], hc[name], out, config=FAST)
        for name in (
            "same",
            "income_inflation",
            "younger_applicants",
            "missing_external_scores",
            "ext_source_3_shift",
        )
    }


def _top(report, n=20):
    return {f.name for f in report.features if f.importance_rank <= n}


def test_no_drift_on_a_sample_of_the_same_population(reports):
    r = reports["same"]
    assert r.drift_share < 0.05 and not r.dataset_drift
    assert not {f.name for f in r.drifted_features} & _top(r), [f.name for f in r.drifted_features]
    assert r.score_psi < 0.1 and not r.score_psi_alert and not r.score_test.value_drift
    print(
        f"same: share {r.drift_share:.3f}, flagged {[f.name for f in r.drifted_features]}, "
        f"PSI {r.score_psi:.3f}"
    )


EXPECTED = {
    "income_inflation": {
        "AMT_INCOME_TOTAL",
        "AMT_CREDIT",
        "AMT_ANNUITY",
        "AMT_GOODS_PRICE",
        "ANNUITY_INCOME_PERC",
    },
    "younger_applicants": {"DAYS_BIRTH"},
    "missing_external_scores": {"EXT_SOURCE_1", "EXT_SOURCE_3"},
    "ext_source_3_shift": {"EXT_SOURCE_3"},
}


@pytest.mark.parametrize("scenario", sorted(EXPECTED))
def test_each_scenario_flags_its_features_ranked_by_importance(reports, scenario):
    r = reports[scenario]
    flagged = [f.name for f in r.drifted_features]
    assert EXPECTED[scenario] <= set(flagged), flagged
    ranks = [f.importance_rank for f in r.drifted_features]
    assert ranks == sorted(ranks)  # most important first
    importances = [f.importance for f in r.drifted_features]
    assert importances == sorted(importances, reverse=True)
    assert EXPECTED[scenario] <= set(r.in_html)  # charted in Evidently's report too
    html = r.path.read_text(encoding="utf-8")
    assert all(name in html for name in EXPECTED[scenario])
    if (
        scenario == "missing_external_scores"
    ):  # Evidently drops missing values: our missing-share test flags them
        assert all(f.missing_drift for f in r.drifted_features if f.name in EXPECTED[scenario])
    print(
        f"{scenario}: share {r.drift_share:.3f}, PSI {r.score_psi:.3f}, flagged (rank) "
        f"{[(f.name, f.importance_rank) for f in r.drifted_features[:8]]}"
    )


def test_income_inflation_moves_the_score(reports):
    r = reports["income_inflation"]
    assert r.score_psi > 0.1 and r.score_psi_alert
    assert r.score_psi > 3 * reports["same"].score_psi


def test_reports_are_self_contained_and_listed(reports, hc):
    folder = reports["same"].path.parent
    for r in reports.values():
        assert external_resources(r.path.read_text(encoding="utf-8")) == []
        summary = json.loads(r.summary_path.read_text(encoding="utf-8"))
        assert summary["html"] == r.path.name and summary["model"]["hash"] == hc["model"].model_hash
        assert len(summary["features"]) + len(summary["excluded"]) == len(hc["model"].feature_names)
    listed = list_reports(folder)
    assert len(listed) == len(reports)
    assert [e.created_at for e in listed] == sorted((e.created_at for e in listed), reverse=True)
    by_path = {e.path: e for e in listed}
    for r in reports.values():
        assert by_path[r.path].drift_share == pytest.approx(r.drift_share)
        assert by_path[r.path].n_drifted == len(r.drifted_features)


# ---------------------------------------------------------------- inputs, cancel, commands (small model)


def test_current_data_from_a_csv_or_parquet_file(tmp_path, table_model):
    import duckdb

    bundle = load_bundle(table_model["bundle"])
    con = duckdb.connect(str(table_model["same"]), read_only=True)
    frame = con.execute("SELECT * FROM features").df()
    con.close()
    frame.to_csv(tmp_path / "current.csv", index=False)
    frame.to_parquet(tmp_path / "current.parquet", index=False)
    for name in ("current.csv", "current.parquet"):
        r = generate_drift_report(bundle, tmp_path / name, tmp_path / "out")
        assert r.current_rows == len(frame) and r.drift_share < 0.2 and r.score_psi < 0.1
    inflated = frame.assign(income=frame["income"] * 1.8)
    r = generate_drift_report(bundle, inflated, tmp_path / "out")
    assert "income" in [f.name for f in r.drifted_features] and r.features[0].importance_rank == 1
    frame.drop(columns=["income"]).to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(InputError, match="income"):
        generate_drift_report(bundle, tmp_path / "bad.csv", tmp_path / "out")
    with pytest.raises(InputError):
        generate_drift_report(bundle, tmp_path / "nothing.parquet", tmp_path / "out")


def test_sampling_caps_the_rows_compared_and_is_repeatable(tmp_path, table_model):
    bundle = load_bundle(table_model["bundle"])
    a = generate_drift_report(bundle, table_model["same"], tmp_path, sample_size=500, seed=3)
    b = generate_drift_report(bundle, table_model["same"], tmp_path, sample_size=500, seed=3)
    assert a.compared_rows == (500, 500) and a.current_rows == 3000
    assert [f.score for f in a.features] == [f.score for f in b.features]
    assert a.path != b.path  # two reports, two files


def test_cancel_leaves_no_report_behind(tmp_path, table_model):
    bundle = load_bundle(table_model["bundle"])

    def progress(fraction, message):
        if "comparing" in message:
            raise Cancelled("cancelled")

    import gc

    before = gc.get_threshold()
    with pytest.raises(Cancelled):
        generate_drift_report(bundle, table_model["same"], tmp_path, progress=progress)
    assert list(tmp_path.iterdir()) == []
    assert gc.get_threshold() == before  # full collections paused during the report only


def test_cli_drift_and_the_monitoring_script_call_the_same_function(tmp_path, table_model, capsys):
    from creditdesk.cli import main

    code = main(
        [
            "drift",
            "--store",
            str(table_model["same"]),
            "--bundle",
            str(table_model["bundle"]),
            "--out",
            str(tmp_path / "cli"),
            "--json",
        ]
    )
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert (
        summary["kind"] == "creditdesk-drift-report"
        and (tmp_path / "cli" / summary["html"]).exists()
    )

    env = {
        k: v for k, v in os.environ.items() if k != "DO_NOT_TRACK"
    }  # the script must set it itself
    env["CREDITDESK_HOME"] = str(tmp_path / "home")
    probe = (
        "import runpy, sys, os; sys.argv = sys.argv[1:]; "
        "runpy.run_path(sys.argv[0], run_name='__main__')"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            probe,
            str(REPO / "monitoring" / "generate_report.py"),
            "--store",
            str(table_model["same"]),
            "--bundle",
            str(table_model["bundle"]),
            "--out",
            str(tmp_path / "script"),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "drift share" in result.stdout
    assert len(list_reports(tmp_path / "script")) == 1


def test_gc_pauses_postpone_full_collections_and_refreeze_a_frozen_process():
    """One policy for the desktop and the report: full passes wait for the end of the report;
    in a process that froze its start-up objects, the end freezes what the report left too."""
    import gc

    from creditdesk.reports.gc_pauses import (
        POSTPONED_THRESHOLD,
        freeze_long_lived,
        postponed_full_collections,
    )

    before = gc.get_threshold()
    gc.unfreeze()
    try:
        with postponed_full_collections():
            assert gc.get_threshold()[2] >= POSTPONED_THRESHOLD
        assert gc.get_threshold() == before and gc.get_freeze_count() == 0  # never froze: CLI

        frozen = freeze_long_lived()
        assert frozen > 0
        with postponed_full_collections():
            kept = [[n] for n in range(2000)]  # what a report leaves alive (imported modules)
        assert gc.get_threshold() == before
        assert not any(o is kept for o in gc.get_objects())  # frozen with the rest
    finally:
        gc.unfreeze()
