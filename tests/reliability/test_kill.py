"""kill -9 at 20 seeded random moments of a store write: the store is before or after, never between.

Targets: store generation (DATA), the Home Credit CSV import and the
bring-your-own table import (STORE), the batch scoring that writes
``scores`` (MODEL), and the decision log. Each real target is skipped with
a reason while its code is not there yet. A harness self-test proves the
harness does catch a non-transactional writer.
"""

from __future__ import annotations

import importlib.util
import random
import textwrap

import duckdb
import pytest

from creditdesk.store import audit
from creditdesk.store.connection import open_store
from tests.reliability import kill_harness
from tests.reliability.conftest import make_minimal_store

KILLS = 20
REPORTS: list[str] = []


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _assert_never_between(report: kill_harness.KillReport) -> None:
    REPORTS.append(report.summary())
    print(report.summary())
    for outcome in report.outcomes:
        print(f"  +{outcome.delay:.3f}s {'(done) ' if outcome.finished else ''}{outcome.verdict} "
              f"{outcome.detail} {outcome.leftovers or ''}")
    assert len(report.outcomes) == KILLS
    assert not report.between, "\n".join(f"+{o.delay:.3f}s: {o.verdict}: {o.detail}"
                                          for o in report.between)
    # timing varies on a loaded machine: at least a quarter of the kills must land mid-write
    assert sum(not o.finished for o in report.outcomes) >= KILLS // 4, "kills came too late"


# -- the harness has teeth -------------------------------------------------------------------

NON_TRANSACTIONAL = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1])
    print("GO", flush=True)
    for i in range(60):  # 60 separate commits: a kill between them leaves a half-written table
        con.execute(f"INSERT INTO features SELECT 900000 + {i} * 1000 + range, 0, 0.0 FROM range(1000)")
    con.close()
""")


def test_harness_catches_a_non_transactional_writer(tmp_path):
    report = kill_harness.run_kill_test(
        "non-transactional writer", NON_TRANSACTIONAL,
        lambda p: make_minimal_store(p), tmp_path, kills=6, seed=7)
    assert report.between, report.summary()


TRANSACTIONAL = NON_TRANSACTIONAL.replace('print("GO", flush=True)',
                                          'print("GO", flush=True)\ncon.execute("BEGIN")').replace(
    "con.close()", 'con.execute("COMMIT")\ncon.close()')


def test_harness_passes_a_transactional_writer(tmp_path):
    report = kill_harness.run_kill_test(
        "transactional writer", TRANSACTIONAL, lambda p: make_minimal_store(p), tmp_path,
        kills=6, seed=7)
    assert not report.between, report.summary()


# -- the decision log ------------------------------------------------------------------------

AUDIT_SETUP = "import creditdesk.store.audit, creditdesk.store.connection"
AUDIT_LOOP = textwrap.dedent("""
    import sys
    from creditdesk.store import audit
    from creditdesk.store.connection import open_store
    store = open_store(sys.argv[1])
    print("GO", flush=True)
    for i in range(60):
        audit.record(store, officer="k", client_id=100000 + i % 5, event="shown", model_name="m",
                     model_version="1", model_hash="a" * 64, features=[float(i)],
                     probability=i / 60, model_decision="refuse")
    print("DONE", flush=True)
    store.close()
""")


def test_kill_while_logging_decisions_keeps_the_chain_whole(tmp_path):
    """Each entry is its own transaction: any prefix of the 60 entries is valid; a broken chain is not."""
    store = make_minimal_store(tmp_path / "store.duckdb")
    template = store.read_bytes()
    runner = kill_harness.Runner(AUDIT_LOOP, AUDIT_SETUP)
    try:
        store.write_bytes(template)
        _, seconds, code = runner.run(store, None)
        assert code == 0 and seconds
        rng = random.Random(11)
        counts = []
        for i in range(KILLS):
            store.write_bytes(template)
            store.with_name(store.name + ".wal").unlink(missing_ok=True)
            runner.run(store, rng.uniform(0.0, seconds))
            with open_store(store) as handle:
                result = audit.verify(handle)
            assert result.ok, f"kill {i}: {result.message()}"
            counts.append(result.n_rows)
    finally:
        runner.close()
    REPORTS.append(f"decision log: {KILLS} kill points over a {seconds:.2f} s run of 60 entries, "
                   f"entries kept {sorted(counts)}, 0 broken chains")
    assert len(set(counts)) > 3, counts  # the kills did land at different moments


# -- the real writers --------------------------------------------------------------------------

GENERATE_SETUP = "import creditdesk.data.generator, creditdesk.store.features, pyarrow, numpy"
GENERATE = textwrap.dedent("""
    import sys
    from creditdesk.data.generator import generate_store
    print("GO", flush=True)
    generate_store(sys.argv[1], n_clients=1000, seed=5)
    print("DONE", flush=True)
""")


@pytest.mark.slow
@pytest.mark.skipif(not _has("creditdesk.data.generator"), reason="DATA's generator not there yet")
def test_kill_during_generation_over_an_existing_store(tmp_path):
    from creditdesk.data.generator import generate_store

    report = kill_harness.run_kill_test(
        "generate_store (1,000 clients) over an existing store", GENERATE,
        lambda p: generate_store(p, n_clients=300, seed=4), tmp_path,
        setup=GENERATE_SETUP, kills=KILLS, volatile=("store_meta",))
    _assert_never_between(report)


def _generated_store_with_a_log(path):
    from creditdesk.data.generator import generate_store

    generate_store(path, n_clients=300, seed=4)
    with open_store(path) as handle:
        audit.record(handle, officer="k", client_id=100001, event="shown", model_name="m",
                     model_version="1", model_hash="a" * 64, features=[1.0], probability=0.5,
                     model_decision="refuse")


def _log_kept(path) -> str | None:
    with open_store(path, read_only=True) as handle:
        result = audit.verify(handle)
    if not result.ok or result.n_rows != 1:
        return f"decision log after the import: {result.message()}"
    return None


@pytest.mark.skipif(not _has("creditdesk.data.generator"), reason="DATA's generator not there yet")
def test_regenerating_a_store_keeps_its_decision_log(tmp_path):
    from creditdesk.data.generator import generate_store

    path = tmp_path / "store.duckdb"
    _generated_store_with_a_log(path)
    generate_store(path, n_clients=300, seed=5)
    assert _log_kept(path) is None


IMPORT_SETUP = "import creditdesk.store.importer, creditdesk.store.features"
IMPORT_HOMECREDIT = textwrap.dedent("""
    import sys
    from creditdesk.store.importer import import_homecredit
    print("GO", flush=True)
    import_homecredit(sys.argv[2], sys.argv[1])
    print("DONE", flush=True)
""")


def _homecredit_csv_dir(tmp_path):
    """Real-header CSVs for a few thousand clients, written from a generated store."""
    from creditdesk.data.generator import generate_store
    from creditdesk.store import schema

    src = tmp_path / "csv_source.duckdb"
    generate_store(src, n_clients=2000, seed=9)
    out = tmp_path / "homecredit_csv"
    out.mkdir()
    con = duckdb.connect(str(src), read_only=True)
    con.execute(f"COPY (SELECT * EXCLUDE (TARGET) FROM {schema.APPLICATION} WHERE TARGET IS NULL) "
                f"TO '{out / schema.APPLICATION_TEST_CSV}' (HEADER)")
    con.execute(f"COPY (SELECT * FROM {schema.APPLICATION} WHERE TARGET IS NOT NULL) "
                f"TO '{out / schema.APPLICATION_TRAIN_CSV}' (HEADER)")
    for table, name in schema.CSV_FILES.items():
        con.execute(f'COPY (SELECT {", ".join(chr(34) + c + chr(34) for c in schema.columns(table))} '
                    f'FROM "{table}") TO \'{out / name}\' (HEADER)')
    con.close()
    return out


@pytest.mark.slow
@pytest.mark.skipif(not (_has("creditdesk.store.importer") and _has("creditdesk.data.generator")),
                    reason="STORE's importer or DATA's generator not there yet")
def test_kill_during_homecredit_import(tmp_path):
    csv_dir = _homecredit_csv_dir(tmp_path)
    snippet = IMPORT_HOMECREDIT.replace("sys.argv[2]", repr(str(csv_dir)))
    report = kill_harness.run_kill_test(
        "import_homecredit (2,000 clients) over an existing store with a decision log", snippet,
        _generated_store_with_a_log, tmp_path / "kill", setup=IMPORT_SETUP, kills=KILLS,
        volatile=("store_meta",),
        check=_log_kept)
    _assert_never_between(report)


FEATURES_SETUP = "import creditdesk.store.features, creditdesk.store.connection, pandas, pyarrow"
BUILD_FEATURES = textwrap.dedent("""
    import sys
    from creditdesk.store.connection import open_store
    from creditdesk.store.features import build_features
    store = open_store(sys.argv[1])
    print("GO", flush=True)
    build_features(store)
    print("DONE", flush=True)
    store.close()
""")


@pytest.mark.slow
@pytest.mark.skipif(not (_has("creditdesk.store.features") and _has("creditdesk.data.generator")),
                    reason="STORE's features or DATA's generator not there yet")
def test_kill_during_build_features_in_place(tmp_path):
    """Unlike imports (new file, then rename), build-features writes into the open store."""
    from creditdesk.data.generator import generate_store

    report = kill_harness.run_kill_test(
        "build_features in place (1,500 clients)", BUILD_FEATURES,
        lambda p: generate_store(p, n_clients=1500, seed=4, build_features=False), tmp_path,
        setup=FEATURES_SETUP, kills=KILLS, volatile=("store_meta",))
    _assert_never_between(report)


SCORE_SETUP = ("import lightgbm, pandas, pyarrow, creditdesk.core.bundle, creditdesk.core.clients, "
               "creditdesk.core.scoring, creditdesk.store.connection")
SCORE_BATCH = textwrap.dedent("""
    import sys
    from creditdesk.core.bundle import load_bundle
    from creditdesk.core.clients import ClientStore
    from creditdesk.core.scoring import ScoringService
    from creditdesk.store.connection import open_store
    store = open_store(sys.argv[1])
    service = ScoringService(load_bundle(BUNDLE), ClientStore(store))
    print("GO", flush=True)
    service.score_portfolio(store)
    print("DONE", flush=True)
    store.close()
""")


@pytest.mark.slow
def test_kill_during_batch_scoring(tmp_path, scoring_store):
    store_path, bundle_path = scoring_store
    snippet = SCORE_BATCH.replace("BUNDLE", repr(str(bundle_path)))
    report = kill_harness.run_kill_test(
        "score_portfolio (scores table)", snippet,
        lambda p: p.write_bytes(store_path.read_bytes()), tmp_path, setup=SCORE_SETUP, kills=KILLS)
    _assert_never_between(report)


def test_zz_print_kill_summary():
    """Last in the module: the figures for the closing note."""
    print("\n".join(REPORTS))
