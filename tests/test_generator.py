"""The synthetic Home Credit generator: schema, realism, keys, determinism, drift, atomicity."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from creditdesk.cli import main
from creditdesk.data.drift import SCENARIOS
from creditdesk.data.generator import generate_store
from creditdesk.errors import Cancelled, InputError
from creditdesk.store import schema

CLIENTS = 5000
SEED = 7


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return generate_store(tmp_path_factory.mktemp("gen") / "store.duckdb", CLIENTS, SEED)


@pytest.fixture(scope="module")
def con(store):
    connection = duckdb.connect(str(store), read_only=True)
    yield connection
    connection.close()


def one(con, sql: str):
    return con.execute(sql).fetchone()[0]


def test_seven_tables_with_the_exact_schema_plus_oracle_and_meta(con):
    for table, columns in schema.TABLES.items():
        described = con.execute(f'DESCRIBE "{table}"').fetchall()
        assert [(r[0], r[1]) for r in described] == columns, table
        assert one(con, f'SELECT count(*) FROM "{table}"') > 0, table
    assert [r[:2] for r in con.execute('DESCRIBE "oracle"').fetchall()] == [
        ("SK_ID_CURR", "BIGINT"), ("pd", "DOUBLE")]
    meta = dict(con.execute('SELECT "key", "value" FROM store_meta').fetchall())
    assert meta["kind"] == "generated" and meta["seed"] == str(SEED)
    assert meta["n_clients"] == str(CLIENTS) and meta["drift"] == "none"
    assert {"created_at", "generator_version"} <= meta.keys()


def test_features_are_built_for_every_client(con):
    assert one(con, "SELECT count(*) FROM features") == CLIENTS


def test_ids_holdout_and_oracle(con):
    assert one(con, "SELECT min(SK_ID_CURR) FROM application") == 100002
    assert one(con, "SELECT count(DISTINCT SK_ID_CURR) FROM application") == CLIENTS
    assert one(con, "SELECT count(*) FROM application WHERE TARGET IS NULL") == CLIENTS // 10
    assert one(con, "SELECT count(*) FROM oracle JOIN application USING (SK_ID_CURR)") == CLIENTS
    assert one(con, "SELECT min(pd) > 0 AND max(pd) < 1 FROM oracle")
    # the oracle knows more than chance and less than everything
    auc_proxy = one(con, """SELECT avg(pd) FILTER (WHERE TARGET = 1) / avg(pd) FILTER (WHERE TARGET = 0)
                            FROM application JOIN oracle USING (SK_ID_CURR)""")
    assert 1.8 < auc_proxy < 6


def test_default_rate_is_eight_percent(tmp_path):
    path = generate_store(tmp_path / "big.duckdb", 20000, SEED, build_features=False)
    with duckdb.connect(str(path), read_only=True) as c:
        rate = one(c, "SELECT avg(TARGET) FROM application")
        mean_pd = one(c, "SELECT avg(pd) FROM oracle")
    print(f"default rate {rate:.4f}, mean pd {mean_pd:.4f}")
    assert abs(rate - 0.08) < 0.005
    assert abs(mean_pd - 0.08) < 0.005


def test_missing_rates_and_anomalies(con):
    def missing(col):
        return one(con, f'SELECT avg(("{col}" IS NULL)::INT) FROM application')

    assert abs(missing("EXT_SOURCE_1") - 0.564) < 0.03
    assert missing("EXT_SOURCE_2") < 0.01
    assert abs(missing("EXT_SOURCE_3") - 0.198) < 0.03
    assert abs(missing("OCCUPATION_TYPE") - 0.313) < 0.03
    assert abs(missing("AMT_REQ_CREDIT_BUREAU_YEAR") - 0.135) < 0.03
    assert 0.45 < missing("APARTMENTS_AVG") < 0.72
    # a building measure's three variants are missing on the same rows
    assert one(con, """SELECT count(*) FROM application
                       WHERE (APARTMENTS_AVG IS NULL) <> (APARTMENTS_MODE IS NULL)
                          OR (APARTMENTS_AVG IS NULL) <> (APARTMENTS_MEDI IS NULL)""") == 0
    assert one(con, """SELECT count(*) FROM application
                       WHERE (OWN_CAR_AGE IS NULL) <> (FLAG_OWN_CAR = 'N')""") == 0
    assert one(con, "SELECT count(*) FROM application WHERE CNT_FAM_MEMBERS < CNT_CHILDREN + 1") == 0


def test_pensioners_carry_the_365243_anomaly(con):
    share = one(con, "SELECT avg((DAYS_EMPLOYED = 365243)::INT) FROM application")
    assert abs(share - 0.18) < 0.02
    rows = con.execute("""SELECT DISTINCT NAME_INCOME_TYPE, ORGANIZATION_TYPE, FLAG_EMP_PHONE
                          FROM application WHERE DAYS_EMPLOYED = 365243""").fetchall()
    assert {r[1] for r in rows} == {"XNA"} and {r[2] for r in rows} == {0}
    assert {r[0] for r in rows} <= {"Pensioner", "Unemployed"}
    ages = con.execute("SELECT min(-DAYS_BIRTH) / 365.25, avg(-DAYS_BIRTH) / 365.25, "
                       "max(-DAYS_BIRTH) / 365.25 FROM application").fetchone()
    assert ages[0] >= 20.5 and ages[2] <= 69.2 and abs(ages[1] - 43.9) < 1.5


def test_categorical_shares(con):
    def share(col, level):
        return one(con, f"""SELECT avg(("{col}" = '{level}')::INT) FROM application""")

    assert abs(share("CODE_GENDER", "F") - 0.658) < 0.03
    assert abs(share("NAME_CONTRACT_TYPE", "Cash loans") - 0.905) < 0.02
    assert abs(share("NAME_EDUCATION_TYPE", "Higher education") - 0.243) < 0.03
    assert abs(share("NAME_FAMILY_STATUS", "Married") - 0.639) < 0.03
    assert abs(one(con, "SELECT avg(FLAG_DOCUMENT_3) FROM application") - 0.71) < 0.03
    assert one(con, "SELECT count(DISTINCT ORGANIZATION_TYPE) FROM application") >= 45
    income = con.execute("SELECT quantile_cont(AMT_INCOME_TOTAL, [0.25, 0.5, 0.75]) FROM application").fetchone()[0]
    assert 100000 <= income[0] <= 125000 and 130000 <= income[1] <= 165000 and 180000 <= income[2] <= 225000
    assert one(con, "SELECT median(AMT_ANNUITY / AMT_CREDIT) BETWEEN 0.04 AND 0.06 FROM application")
    assert one(con, "SELECT avg(AMT_CREDIT / AMT_GOODS_PRICE) BETWEEN 1.0 AND 1.2 FROM application")


@pytest.mark.parametrize(("table", "per_client"), [
    (schema.BUREAU, 5.6), (schema.PREVIOUS_APPLICATION, 5.4), (schema.POS_CASH_BALANCE, 33),
    (schema.INSTALLMENTS_PAYMENTS, 44), (schema.CREDIT_CARD_BALANCE, 12.5),
    (schema.BUREAU_BALANCE, 5.6 * 16),
])
def test_companion_rows_per_client(con, table, per_client):
    ratio = one(con, f'SELECT count(*) FROM "{table}"') / CLIENTS
    assert abs(ratio / per_client - 1) < 0.2, (table, ratio)


def test_many_clients_without_history(con):
    def without(table):
        return 1 - one(con, f'SELECT count(DISTINCT SK_ID_CURR) FROM "{table}"') / CLIENTS

    assert 0.10 < without(schema.BUREAU) < 0.18
    assert 0.03 < without(schema.PREVIOUS_APPLICATION) < 0.08
    assert 0.6 < without(schema.CREDIT_CARD_BALANCE) < 0.8


def test_keys_are_consistent(con):
    for table in (schema.BUREAU, schema.PREVIOUS_APPLICATION):
        assert one(con, f"""SELECT count(*) FROM "{table}" t
                            ANTI JOIN application a USING (SK_ID_CURR)""") == 0
    assert one(con, "SELECT count(*) = count(DISTINCT SK_ID_BUREAU) FROM bureau")
    assert one(con, "SELECT count(*) = count(DISTINCT SK_ID_PREV) FROM previous_application")
    assert one(con, "SELECT count(*) FROM bureau_balance ANTI JOIN bureau USING (SK_ID_BUREAU)") == 0
    for table in (schema.POS_CASH_BALANCE, schema.INSTALLMENTS_PAYMENTS, schema.CREDIT_CARD_BALANCE):
        # the same loan belongs to the same client everywhere
        assert one(con, f"""SELECT count(*) FROM "{table}" t
                            ANTI JOIN previous_application p USING (SK_ID_PREV, SK_ID_CURR)""") == 0, table


def test_days_and_amounts_make_sense(con):
    assert one(con, "SELECT max(DAYS_CREDIT) FROM bureau") < 0
    assert one(con, "SELECT count(*) FROM bureau WHERE DAYS_ENDDATE_FACT < DAYS_CREDIT") == 0
    assert one(con, "SELECT max(MONTHS_BALANCE) FROM POS_CASH_balance") < 0
    assert one(con, "SELECT max(MONTHS_BALANCE) FROM credit_card_balance") < 0
    assert one(con, "SELECT max(DAYS_ENTRY_PAYMENT) FROM installments_payments") < 0
    assert one(con, "SELECT count(*) FROM POS_CASH_balance WHERE SK_DPD_DEF > SK_DPD") == 0


def test_risky_clients_behave_worse(con):
    """Late or short instalments, refusals and bureau overdue go with default."""
    rows = con.execute("""
        WITH i AS (SELECT SK_ID_CURR, avg((DAYS_ENTRY_PAYMENT > DAYS_INSTALMENT)::INT) late,
                          avg((AMT_PAYMENT < AMT_INSTALMENT)::INT) short
                   FROM installments_payments GROUP BY 1),
             p AS (SELECT SK_ID_CURR, avg((NAME_CONTRACT_STATUS = 'Refused')::INT) refused
                   FROM previous_application GROUP BY 1),
             b AS (SELECT SK_ID_CURR, max((coalesce(AMT_CREDIT_MAX_OVERDUE, 0) > 0)::INT) overdue
                   FROM bureau GROUP BY 1)
        SELECT a.TARGET, avg(late), avg(short), avg(refused), avg(overdue)
        FROM application a LEFT JOIN i USING (SK_ID_CURR) LEFT JOIN p USING (SK_ID_CURR)
             LEFT JOIN b USING (SK_ID_CURR)
        WHERE a.TARGET IS NOT NULL GROUP BY 1 ORDER BY 1""").fetchall()
    good, bad = rows
    for k in range(1, 5):
        assert bad[k] > good[k], (k, good, bad)
    corr = one(con, "SELECT corr(EXT_SOURCE_3, TARGET) FROM application")
    assert -0.3 < corr < -0.1


def _checksums(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as c:
        return {t: one(c, f'SELECT sum(hash(t)::HUGEINT) FROM "{t}" t')
                for t in (*schema.TABLES, schema.ORACLE)}


def test_same_seed_same_store_other_seed_other_store(tmp_path):
    a = _checksums(generate_store(tmp_path / "a.duckdb", 1500, 11, build_features=False))
    b = _checksums(generate_store(tmp_path / "b.duckdb", 1500, 11, build_features=False))
    c = _checksums(generate_store(tmp_path / "c.duckdb", 1500, 12, build_features=False))
    assert a == b
    assert all(a[t] != c[t] for t in a)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    return generate_store(tmp_path_factory.mktemp("drift") / "base.duckdb", 3000, SEED,
                          build_features=False)


DRIFT_CHECKS = {
    "income_inflation": ("SELECT median(AMT_INCOME_TOTAL), median(AMT_ANNUITY / AMT_INCOME_TOTAL) "
                         "FROM application", (1.2, 1.5)),
    "younger_applicants": ("SELECT avg(-DAYS_BIRTH) / 365.25, avg((DAYS_EMPLOYED = 365243)::INT) "
                           "FROM application", (-1, -1)),
    "missing_external_scores": ("SELECT avg((EXT_SOURCE_1 IS NULL)::INT), "
                                "avg((EXT_SOURCE_3 IS NULL)::INT) FROM application", (1.3, 2.0)),
    "ext_source_3_shift": ("SELECT avg(EXT_SOURCE_3), avg(EXT_SOURCE_2) FROM application", (-1, 0)),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_drift_moves_its_variables(tmp_path, baseline, name):
    sql, _ = DRIFT_CHECKS[name]
    drifted = generate_store(tmp_path / f"{name}.duckdb", 3000, SEED, drift=name, build_features=False)
    with duckdb.connect(str(baseline), read_only=True) as c:
        before = c.execute(sql).fetchone()
    with duckdb.connect(str(drifted), read_only=True) as c:
        after = c.execute(sql).fetchone()
        assert one(c, "SELECT value FROM store_meta WHERE key = 'drift'") == name
    if name == "income_inflation":
        assert after[0] / before[0] > 1.25 and after[1] / before[1] > 1.5
    elif name == "younger_applicants":
        assert 7 < before[0] - after[0] < 13 and after[1] < before[1]
    elif name == "missing_external_scores":
        assert abs(after[0] - 0.80) < 0.03 and abs(after[1] - 0.50) < 0.03
    else:
        assert 0.12 < before[0] - after[0] < 0.18 and abs(after[1] - before[1]) < 0.02


def test_unknown_scenario_lists_the_valid_ones(tmp_path):
    with pytest.raises(InputError) as err:
        generate_store(tmp_path / "x.duckdb", 100, 1, drift="recession")
    assert all(name in str(err.value) for name in SCENARIOS)
    assert not (tmp_path / "x.duckdb").exists()


@pytest.mark.parametrize("clients", [0, -5])
def test_bad_client_count_is_refused(tmp_path, clients):
    with pytest.raises(InputError, match="positive"):
        generate_store(tmp_path / "x.duckdb", clients, 1)


def test_unwritable_destination_is_refused(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        generate_store(tmp_path / "missing" / "x.duckdb", 100, 1)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("existing", [False, True])
def test_interrupted_generation_leaves_the_old_store(tmp_path, existing):
    out = tmp_path / "store.duckdb"
    if existing:
        generate_store(out, 300, 1, build_features=False)
        before = _digest(out)
    calls = []

    def cancel_late(fraction, message):
        calls.append(fraction)
        if fraction > 0.5:
            raise Cancelled("stop")

    with pytest.raises(Cancelled):
        generate_store(out, 300, 2, progress=cancel_late, build_features=False)
    assert calls
    assert sorted(p.name for p in tmp_path.iterdir()) == (["store.duckdb"] if existing else [])
    if existing:
        assert _digest(out) == before


def test_cli_generate(tmp_path, capsys):
    out = tmp_path / "cli.duckdb"
    assert main(["data", "generate", "--clients", "200", "--seed", "3", "--out", str(out),
                 "--no-features", "--holdout", "0.25"]) == 0
    assert "200 clients" in capsys.readouterr().out
    with duckdb.connect(str(out), read_only=True) as c:
        assert one(c, "SELECT count(*) FROM application WHERE TARGET IS NULL") == 50
        assert one(c, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'features'") == 0
    assert main(["data", "generate", "--clients", "0", "--out", str(tmp_path / "z.duckdb")]) == 2
    assert main(["data", "generate", "--clients", "10", "--drift", "nope",
                 "--out", str(tmp_path / "z.duckdb")]) == 2
    err = capsys.readouterr().err
    assert "positive" in err and "income_inflation" in err
