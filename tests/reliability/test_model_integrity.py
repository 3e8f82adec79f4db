"""A tampered model bundle stops every entry point with a clear message: never a fallback.

A copy of a trained bundle gets one byte of ``model.txt`` flipped (or the
file cut short); the CLI's ``score``, ``sheet``, ``model info``, ``drift``,
the self-test and the GUI's start-up path (``ui.backend.open_services``) must
exit non-zero, say the bundle was refused, write no output file and log no
decision.
"""

from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.reliability.conftest import run_cli, sha256_file

BUNDLE_WORDS = ("bundle", "model", "manifest", "sha-256", "sha256", "tamper")


def _flip_a_byte(bundle):
    model = bundle / "model.txt"
    data = bytearray(model.read_bytes())
    middle = len(data) // 2
    data[middle] = ord("7") if data[middle] != ord("7") else ord("8")
    model.write_bytes(bytes(data))


def _cut_short(bundle):
    model = bundle / "model.txt"
    model.write_bytes(model.read_bytes()[: model.stat().st_size // 3])


TAMPERING = {"one byte flipped in model.txt": _flip_a_byte, "model.txt cut short": _cut_short}


@pytest.fixture(params=list(TAMPERING))
def tampered(request, tmp_path, homecredit_bundle, homecredit_store):
    bundle = tmp_path / "bundle"
    shutil.copytree(homecredit_bundle, bundle)
    TAMPERING[request.param](bundle)
    store = tmp_path / "store.duckdb"
    shutil.copyfile(homecredit_store, store)
    con = duckdb.connect(str(store), read_only=True)
    client = con.execute("SELECT min(SK_ID_CURR) FROM features").fetchone()[0]
    con.close()
    return bundle, store, client


def _refused(result, *, gui: bool = False) -> str:
    text = (result.stderr + result.stdout).strip()
    assert result.returncode != 0, f"accepted a tampered bundle:\n{text[-2000:]}"
    assert "Traceback" not in text, text[-3000:]
    lowered = text.lower()
    assert any(word in lowered for word in BUNDLE_WORDS), text[-2000:]
    if not gui:
        lines = [ln for ln in result.stderr.strip().splitlines() if ln.strip()]
        assert lines and lines[-1].startswith("creditdesk: error: "), result.stderr[-2000:]
    return text


def test_untampered_copy_scores(tmp_path, homecredit_bundle, homecredit_store):
    """Control: the same command line with the intact bundle works."""
    con = duckdb.connect(str(homecredit_store), read_only=True)
    client = con.execute("SELECT min(SK_ID_CURR) FROM features").fetchone()[0]
    con.close()
    result = run_cli("score", "--client", client, "--store", homecredit_store,
                     "--bundle", homecredit_bundle)
    assert result.returncode == 0, result.stderr[-2000:]


def test_score_refuses(tampered):
    bundle, store, client = tampered
    result = run_cli("score", "--client", client, "--store", store, "--bundle", bundle)
    _refused(result)
    assert "probability" not in result.stdout


def test_model_info_refuses(tampered):
    bundle, _, _ = tampered
    _refused(run_cli("model", "info", "--bundle", bundle))


def test_sheet_refuses_and_logs_nothing(tampered, tmp_path):
    bundle, store, client = tampered
    before = sha256_file(store)
    out = tmp_path / "sheet.html"
    result = run_cli("sheet", "--client", client, "--html", out, "--store", store, "--bundle", bundle)
    _refused(result)
    assert not out.exists()
    assert sha256_file(store) == before


def test_drift_refuses(tampered, tmp_path):
    bundle, store, _ = tampered
    result = run_cli("drift", "--store", store, "--bundle", bundle, "--out", tmp_path / "drift")
    _refused(result)


def test_selftest_refuses(tampered):
    bundle, store, _ = tampered
    result = run_cli("--selftest", "--bundle", bundle, "--store", store, timeout=300)
    _refused(result, gui=True)


def test_gui_start_path_refuses(tampered):
    """The GUI's start worker runs ui.backend.open_services: it must raise, not fall back.

    (The offscreen ``--screenshot`` run with a refused bundle, which exits at once with the
    refusal, is tested in tests/ui/test_store_and_model_errors.py.)
    """
    from creditdesk.errors import BundleError

    backend = pytest.importorskip("creditdesk.ui.backend")
    bundle, store, _ = tampered
    before = sha256_file(store)
    with pytest.raises(BundleError) as info:
        backend.open_services(store, bundle)
    assert any(word in str(info.value).lower() for word in BUNDLE_WORDS)
    assert "\n" not in str(info.value)
    assert sha256_file(store) == before
