"""The ``application`` table: one row per client, the 122 columns of application_train.

Every client first gets a latent risk ``z`` (standard normal, higher = riskier) and a
behaviour score correlated with it; external scores, social-circle defaults and the
companion tables' payment behaviour are drawn from those, so the fields a model sees
carry the signal. Marginals follow /work/shared/HOMECREDIT.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from creditdesk.data import catalog
from creditdesk.data.drift import Scenario
from creditdesk.data.sampling import (
    NOT_APPLICABLE_DAYS,
    Cat,
    draw_cat,
    draw_codes,
    draw_rows,
    negbin,
    normalise,
    round_to,
    sigmoid,
)

AGE_MIN, AGE_SPAN = 20.5, 48.6  # ages 20.5 .. 69.1
PENSION_AGE = 56.8


@dataclass
class Population:
    """The clients of one chunk: latent quantities plus the application columns."""

    ids: np.ndarray
    z: np.ndarray  # latent risk, N(0, 1)
    behaviour: np.ndarray  # payment behaviour, correlated 0.75 with z
    age: np.ndarray  # years
    no_job: np.ndarray  # pensioners and unemployed: DAYS_EMPLOYED = 365243
    years_employed: np.ndarray  # NaN when no_job
    base_income: np.ndarray  # before any drift (history amounts use it)
    ext_true: np.ndarray  # (n, 3) external scores before masking / provider shift
    columns: dict[str, np.ndarray | Cat] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.ids)


def _regions() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """81 fixed regions: relative population, share of clients, rating (1 best .. 3)."""
    rng = np.random.default_rng(20180517)
    pop = np.clip(np.exp(rng.normal(np.log(0.0188), 0.6, 81)), 0.00029, 0.0725)
    pop[[0, 1]] = 0.0725, 0.00029
    pop = np.round(np.sort(pop)[::-1], 6)
    weight = rng.uniform(0.5, 1.5, 81)
    weight /= weight.sum()
    rating = np.full(81, 2)
    cum_top = np.cumsum(weight)
    rating[cum_top <= 0.105] = 1
    cum_bottom = np.cumsum(weight[::-1])[::-1]
    rating[(cum_bottom <= 0.157) & (rating == 2)] = 3
    return pop, weight, rating


REGION_POP, REGION_WEIGHT, REGION_RATING = _regions()


def draw_applications(rng: np.random.Generator, ids: np.ndarray, sc: Scenario) -> Population:
    n = len(ids)
    z = rng.standard_normal(n)
    behaviour = 0.75 * z + 0.66 * rng.standard_normal(n)
    cols: dict[str, np.ndarray | Cat] = {"SK_ID_CURR": ids.astype(np.int64)}

    # --- who: contract, gender, age, family ---------------------------------------------------
    contract = draw_cat(rng, n, catalog.CONTRACT_TYPE)
    revolving = contract.codes == contract.code("Revolving loans")
    gender = draw_cat(rng, n, catalog.GENDER)
    male = gender.codes == gender.code("M")
    if sc.age_shift_years:
        mean = (43.9 + sc.age_shift_years - AGE_MIN) / AGE_SPAN
        a, b = mean * 4.0, (1 - mean) * 4.0
    else:
        a, b = 1.49, 1.60
    age = AGE_MIN + AGE_SPAN * rng.beta(a, b, n)
    cols["DAYS_BIRTH"] = -np.round(age * 365.25).astype(np.int64)

    own_car = rng.random(n) < np.where(male, 0.55, 0.23)
    cols["NAME_CONTRACT_TYPE"] = contract
    cols["CODE_GENDER"] = gender
    cols["FLAG_OWN_CAR"] = Cat(np.where(own_car, 1, 0).astype(np.int16), ("N", "Y"))
    cols["FLAG_OWN_REALTY"] = Cat((rng.random(n) < 0.694).astype(np.int16), ("N", "Y"))
    car_age = np.round(rng.gamma(1.8, 6.0, n))
    car_age = np.where(rng.random(n) < 0.02, rng.choice([64.0, 65.0], n), np.minimum(car_age, 69))
    cols["OWN_CAR_AGE"] = np.where(own_car, car_age, np.nan)

    fam_levels = tuple(catalog.FAMILY_STATUS)
    base = normalise(list(catalog.FAMILY_STATUS.values()))
    probs = np.tile(base, (n, 1))
    probs[:, 1] *= 0.45 + 3.4 * np.exp(-(age - AGE_MIN) / 9.0)  # single: the young
    probs[:, 4] *= 0.1 + 7.0 * np.exp((age - 69.0) / 9.0)  # widow: the old
    family = Cat(draw_rows(rng, probs).astype(np.int16), fam_levels)
    cols["NAME_FAMILY_STATUS"] = family
    any_child = rng.random(n) < 0.05 + 0.52 * np.exp(-(((age - 35.0) / 12.0) ** 2))
    kids = 1 + draw_codes(rng, n, [0.66, 0.29, 0.04, 0.007, 0.002, 0.0008, 0.0002])
    children = np.where(any_child, kids, 0).astype(np.int64)
    cols["CNT_CHILDREN"] = children
    partner = family.isin("Married", "Civil marriage")
    cols["CNT_FAM_MEMBERS"] = (children + 1 + partner).astype(np.float64)
    cols["NAME_TYPE_SUITE"] = draw_cat(rng, n, catalog.NAME_TYPE_SUITE)
    housing_p = np.tile(normalise(list(catalog.HOUSING.values())), (n, 1))
    housing_p[:, 1] *= 0.3 + 7.0 * np.exp(-(age - AGE_MIN) / 7.0)  # with parents
    cols["NAME_HOUSING_TYPE"] = Cat(draw_rows(rng, housing_p).astype(np.int16), tuple(catalog.HOUSING))

    # --- education, work ----------------------------------------------------------------------
    edu_p = np.tile(normalise(list(catalog.EDUCATION.values())), (n, 1))
    edu_p[:, 1] *= np.exp(-0.25 * z)  # higher education: a little less risky on average
    education = Cat(draw_rows(rng, edu_p).astype(np.int16), tuple(catalog.EDUCATION))
    cols["NAME_EDUCATION_TYPE"] = education

    pensioner = rng.random(n) < 0.012 + 0.93 * sigmoid((age - PENSION_AGE) / 1.6)
    work_levels = tuple(catalog.INCOME_TYPE_WORKING)
    work_type = draw_codes(rng, n, list(catalog.INCOME_TYPE_WORKING.values()))
    income_levels = (*work_levels, "Pensioner")
    income_type = np.where(pensioner, len(work_levels), work_type).astype(np.int16)
    cols["NAME_INCOME_TYPE"] = Cat(income_type, income_levels)
    no_job = pensioner | (income_type == income_levels.index("Unemployed"))
    state = income_type == income_levels.index("State servant")

    mu = np.log(1213.0) + 0.03 * (age - 40.0)
    days_emp = np.exp(mu + 1.55 * rng.standard_normal(n))
    days_emp = np.clip(days_emp, 1.0, (age - 18.0) * 365.25)
    years_employed = np.where(no_job, np.nan, days_emp / 365.25)
    cols["DAYS_EMPLOYED"] = np.where(no_job, NOT_APPLICABLE_DAYS, -np.round(days_emp)).astype(np.int64)

    occ_names = tuple(catalog.OCCUPATION)
    w = np.array([catalog.OCCUPATION[k][0] for k in occ_names], dtype=np.float64)
    male_share = np.array([catalog.OCCUPATION[k][1] for k in occ_names])
    occ_m = draw_codes(rng, n, w * male_share)
    occ_f = draw_codes(rng, n, w * (1 - male_share))
    occupation = np.where(male, occ_m, occ_f).astype(np.int16)
    occupation[no_job | (rng.random(n) < 0.16)] = -1
    cols["OCCUPATION_TYPE"] = Cat(occupation, occ_names)

    org_names = (*catalog.ORGANIZATION, "XNA")
    org_w = np.array(list(catalog.ORGANIZATION.values()), dtype=np.float64)
    state_mask = np.array([k in catalog.STATE_ORGANIZATIONS for k in catalog.ORGANIZATION])
    org_private = draw_codes(rng, n, np.where(state_mask, org_w * 0.35, org_w))
    org_state = draw_codes(rng, n, np.where(state_mask, org_w, 0.0))
    org = np.where(state, org_state, org_private)
    org = np.where(no_job, len(org_names) - 1, org).astype(np.int16)
    cols["ORGANIZATION_TYPE"] = Cat(org, org_names)

    # --- region -------------------------------------------------------------------------------
    region = rng.choice(len(REGION_POP), size=n, p=REGION_WEIGHT)
    rating = REGION_RATING[region]
    city_rating = np.where(rng.random(n) < 0.08, np.clip(rating + rng.choice([-1, 1], n), 1, 3), rating)
    cols["REGION_POPULATION_RELATIVE"] = REGION_POP[region]
    cols["REGION_RATING_CLIENT"] = rating.astype(np.int64)
    cols["REGION_RATING_CLIENT_W_CITY"] = city_rating.astype(np.int64)

    # --- amounts --------------------------------------------------------------------------------
    occ_income = {"Managers": 0.3, "High skill tech staff": 0.15, "IT staff": 0.3, "Accountants": 0.1,
                  "Laborers": -0.08, "Low-skill Laborers": -0.25, "Cleaning staff": -0.25,
                  "Cooking staff": -0.2, "Sales staff": -0.1, "Waiters/barmen staff": -0.2}
    occ_effect = np.zeros(len(occ_names) + 1)
    for k, v in occ_income.items():
        occ_effect[occ_names.index(k)] = v
    log_income = (
        np.log(139000.0)
        + 0.22 * (education.codes == education.code("Higher education"))
        + 0.15 * male
        - 0.30 * pensioner
        + 0.10 * (income_type == income_levels.index("Commercial associate"))
        + occ_effect[occupation]
        + np.select([rating == 1, rating == 3], [0.3, -0.15], 0.0)
        - 0.04 * z
        + 0.40 * rng.standard_normal(n)
    )
    raw_income = np.maximum(np.exp(log_income), 25650.0)
    base_income = _round_income(rng, raw_income)
    income = _round_income(rng, raw_income * sc.income_factor) if sc.income_factor != 1.0 else base_income
    cols["AMT_INCOME_TOTAL"] = income

    credit, annuity, goods = _loan_amounts(rng, raw_income, revolving, sc.credit_factor)
    cols["AMT_CREDIT"] = credit
    cols["AMT_ANNUITY"] = annuity
    cols["AMT_GOODS_PRICE"] = goods

    # --- dates and contact flags ------------------------------------------------------------
    adult_days = (age - 18.0) * 365.25
    cols["DAYS_REGISTRATION"] = -np.round(adult_days * rng.beta(1.4, 1.4, n))
    cols["DAYS_ID_PUBLISH"] = -np.round(np.minimum(adult_days, 7197) * rng.beta(2.2, 2.2, n)).astype(np.int64)
    cols["FLAG_MOBIL"] = np.ones(n, dtype=np.int64)
    cols["FLAG_EMP_PHONE"] = (~no_job).astype(np.int64)
    cols["FLAG_WORK_PHONE"] = ((~no_job) & (rng.random(n) < 0.24)).astype(np.int64)
    cols["FLAG_CONT_MOBILE"] = (rng.random(n) < 0.998).astype(np.int64)
    cols["FLAG_PHONE"] = (rng.random(n) < np.where(pensioner, 0.45, 0.245)).astype(np.int64)
    cols["FLAG_EMAIL"] = (rng.random(n) < 0.0567).astype(np.int64)
    cols["WEEKDAY_APPR_PROCESS_START"] = draw_cat(rng, n, catalog.WEEKDAY)
    cols["HOUR_APPR_PROCESS_START"] = np.clip(np.round(rng.normal(12.06, 3.27, n)), 0, 23).astype(np.int64)
    working = ~no_job
    reg_not_live = rng.random(n) < 0.015
    cols["REG_REGION_NOT_LIVE_REGION"] = reg_not_live.astype(np.int64)
    reg_not_work_region = working & (rng.random(n) < 0.062)
    cols["REG_REGION_NOT_WORK_REGION"] = reg_not_work_region.astype(np.int64)
    cols["LIVE_REGION_NOT_WORK_REGION"] = (reg_not_work_region & (rng.random(n) < 0.8)).astype(np.int64)
    young = np.exp(-(age - AGE_MIN) / 15.0)
    cols["REG_CITY_NOT_LIVE_CITY"] = (rng.random(n) < 0.03 + 0.12 * young).astype(np.int64)
    reg_not_work_city = working & (rng.random(n) < 0.2 + 0.15 * young)
    cols["REG_CITY_NOT_WORK_CITY"] = reg_not_work_city.astype(np.int64)
    cols["LIVE_CITY_NOT_WORK_CITY"] = (
        working & (rng.random(n) < np.where(reg_not_work_city, 0.7, 0.04))
    ).astype(np.int64)

    # --- external scores ----------------------------------------------------------------------
    age_std = (age - 43.9) / 12.0
    ext_true = _external_scores(rng, z, age_std)
    cols["EXT_SOURCE_1"] = np.where(rng.random(n) < sc.ext1_missing, np.nan, ext_true[:, 0])
    cols["EXT_SOURCE_2"] = np.where(rng.random(n) < sc.ext2_missing, np.nan, ext_true[:, 1])
    shifted = np.clip(ext_true[:, 2] + sc.ext3_shift, 0.0005, 0.896)
    cols["EXT_SOURCE_3"] = np.where(rng.random(n) < sc.ext3_missing, np.nan, shifted)

    cols.update(_building(rng, n, REGION_POP[region]))
    cols.update(_social_circle(rng, n, z))
    phone = rng.gamma(1.0, 1300.0, n) * np.exp(-0.15 * z)
    cols["DAYS_LAST_PHONE_CHANGE"] = np.where(rng.random(n) < 0.122, 0.0, -np.minimum(np.round(phone), 4292))
    cols.update(_documents(rng, n, revolving))
    cols.update(_bureau_requests(rng, n))

    return Population(ids=ids, z=z, behaviour=behaviour, age=age, no_job=no_job,
                      years_employed=years_employed, base_income=base_income,
                      ext_true=ext_true, columns=cols)


def _round_income(rng: np.random.Generator, x: np.ndarray) -> np.ndarray:
    """Incomes are mostly multiples of 22,500 (monthly salaries x 12), some of 4,500, a few exact."""
    u = rng.random(len(x))
    coarse = np.maximum(round_to(x, 22500.0), 22500.0)
    out = np.where(u < 0.70, coarse, np.where(u < 0.9, round_to(x, 4500.0), round_to(x, 50.0)))
    return np.maximum(out, 25650.0)


def _loan_amounts(rng: np.random.Generator, income: np.ndarray, revolving: np.ndarray,
                  factor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Goods price, credit (goods plus insurance) and annuity (credit x payment rate)."""
    n = len(income)
    goods = np.exp(np.log(490000.0) + 0.7 * np.log(income / 147150.0) + 0.6 * rng.standard_normal(n))
    # larger loans run longer, so annuities vary less than credits
    terms = np.array([6, 10, 12, 18, 24, 30, 36, 48, 60])
    shift = np.clip(np.round(3.5 * np.log(goods / 450000.0) + rng.normal(0, 0.9, n)), -4, 4).astype(int)
    term = terms[np.clip(draw_codes(rng, n, [0.02, 0.06, 0.2, 0.1, 0.2, 0.05, 0.2, 0.1, 0.07]) + shift, 0, 8)]
    r = rng.uniform(0.009, 0.025, n)
    rate = r / (1.0 - (1.0 + r) ** -term)
    markup = np.where(rng.random(n) < 0.35, 1.0, 1.0 + rng.uniform(0.04, 0.27, n))
    burden = goods * markup * rate / income
    cap = 0.42 + 0.25 * rng.random(n)
    goods = np.where(burden > cap, goods * cap / burden, goods) * factor
    goods = np.where(rng.random(n) < 0.7, round_to(goods, 22500.0), round_to(goods, 4500.0))
    goods = np.clip(goods, 40500.0, 4.05e6)
    credit = np.clip(np.round(goods * markup * 2) / 2, 45000.0, 4.05e6)
    annuity = np.round(credit * rate * 2) / 2

    limit = np.clip(round_to(income * rng.uniform(0.4, 2.2, n), 22500.0), 45000.0, 1.35e6)
    limit = np.clip(round_to(limit * factor, 22500.0), 45000.0, 4.05e6)
    card_rate = np.where(rng.random(n) < 0.9, 0.05, 0.1)
    credit = np.where(revolving, limit, credit)
    annuity = np.where(revolving, limit * card_rate, annuity)
    goods = np.where(revolving, np.where(rng.random(n) < 0.0095, np.nan, limit), goods)
    annuity = np.where(rng.random(n) < 4e-5, np.nan, annuity)
    return credit, annuity, goods


def _external_scores(rng: np.random.Generator, z: np.ndarray, age_std: np.ndarray) -> np.ndarray:
    """EXT_SOURCE_1/2/3 on their real quantiles, each loading on -z (and on age)."""
    n = len(z)
    out = np.empty((n, 3))
    # EXT_SOURCE_1: symmetric on the logit scale, strongly tied to age
    s1 = -0.45 * z + 0.50 * age_std + np.sqrt(1 - 0.45**2 - 0.5**2) * rng.standard_normal(n)
    out[:, 0] = np.clip(sigmoid(0.024 + 1.05 * s1), 0.0146, 0.963)
    # EXT_SOURCE_2: left-skewed, capped near 0.855
    s2 = -0.50 * z + 0.08 * age_std + np.sqrt(1 - 0.5**2 - 0.08**2) * rng.standard_normal(n)
    out[:, 1] = sigmoid(np.where(s2 > 0, 0.266 + 1.5 * np.tanh(0.62 * s2 / 1.5), 0.266 + 1.046 * s2))
    # EXT_SOURCE_3: mildly left-skewed, capped near 0.896
    s3 = -0.50 * z + 0.20 * age_std + np.sqrt(1 - 0.5**2 - 0.2**2) * rng.standard_normal(n)
    out[:, 2] = sigmoid(np.where(s3 > 0, 0.14 + 2.0 * np.tanh(0.84 * s3 / 2.0), 0.14 + 0.99 * s3))
    return np.round(out, 6)


def _building(rng: np.random.Generator, n: int, region_pop: np.ndarray) -> dict[str, np.ndarray | Cat]:
    """The 47 building columns from one latent building size per client; a measure's
    _AVG/_MODE/_MEDI are missing together."""
    cols: dict[str, np.ndarray | Cat] = {}
    present = rng.random(n) < catalog.BUILDING_PRESENT
    size = rng.standard_normal(n) + 0.3 * (np.log(region_pop) + 4.2)
    floors_levels = np.array(list(catalog.FLOORS), dtype=np.float64)
    floors = floors_levels[draw_codes(rng, n, list(catalog.FLOORS.values()))]
    for name, (missing, median, spread, zeros) in catalog.BUILDING_MEASURES.items():
        has = present & (rng.random(n) < (1 - missing) / catalog.BUILDING_PRESENT)
        eps = 0.8 * size + 0.6 * rng.standard_normal(n)
        if name in ("YEARS_BEGINEXPLUATATION", "YEARS_BUILD"):
            value = 1.0 - (1.0 - median) * np.exp(-spread * eps)
        elif name == "FLOORSMAX":
            value = floors / 24.0
        elif name == "FLOORSMIN":
            value = np.where(rng.random(n) < 0.7, floors, np.maximum(1, np.floor(floors * rng.random(n)))) / 24.0
        else:
            value = median * np.exp(spread * eps)
            if zeros:
                value = np.where(rng.random(n) < zeros, 0.0, value)
            if name == "ELEVATORS":
                value = round_to(value, 0.04)
        value = np.clip(value, 0.0, 1.0)
        mode = np.where(rng.random(n) < 0.4, value * np.exp(0.08 * rng.standard_normal(n)), value)
        medi = np.where(rng.random(n) < 0.5, value * np.exp(0.03 * rng.standard_normal(n)), value)
        for suffix, v in (("AVG", value), ("MODE", mode), ("MEDI", medi)):
            cols[f"{name}_{suffix}"] = np.where(has, np.round(np.clip(v, 0.0, 1.0), 4), np.nan)
    total = np.clip(0.0688 * np.exp(0.7 * (0.8 * size + 0.6 * rng.standard_normal(n))), 0.0, 1.0)
    has_total = present & (rng.random(n) < (1 - 0.483) / catalog.BUILDING_PRESENT)
    cols["TOTALAREA_MODE"] = np.where(has_total, np.round(total, 4), np.nan)
    for col, weights in (("FONDKAPREMONT_MODE", catalog.FONDKAPREMONT),
                         ("HOUSETYPE_MODE", catalog.HOUSETYPE),
                         ("WALLSMATERIAL_MODE", catalog.WALLSMATERIAL),
                         ("EMERGENCYSTATE_MODE", catalog.EMERGENCYSTATE)):
        observed = {k: v for k, v in weights.items() if k is not None}
        share_present = sum(observed.values()) / sum(weights.values())
        cat = draw_cat(rng, n, observed)
        keep = present & (rng.random(n) < share_present / catalog.BUILDING_PRESENT)
        cols[col] = Cat(np.where(keep, cat.codes, -1).astype(np.int16), cat.levels)
    return cols


def _social_circle(rng: np.random.Generator, n: int, z: np.ndarray) -> dict[str, np.ndarray]:
    obs30 = negbin(rng, 1.42, 0.5, n).astype(np.float64)
    p_def = np.clip(0.085 * np.exp(0.45 * z), 0, 0.9)
    def30 = rng.binomial(obs30.astype(np.int64), p_def).astype(np.float64)
    obs60 = obs30 + rng.poisson(0.01, n)
    def60 = rng.binomial(def30.astype(np.int64), 0.7).astype(np.float64)
    missing = rng.random(n) < 0.0033
    return {k: np.where(missing, np.nan, v) for k, v in (
        ("OBS_30_CNT_SOCIAL_CIRCLE", obs30), ("DEF_30_CNT_SOCIAL_CIRCLE", def30),
        ("OBS_60_CNT_SOCIAL_CIRCLE", obs60), ("DEF_60_CNT_SOCIAL_CIRCLE", def60))}


def _documents(rng: np.random.Generator, n: int, revolving: np.ndarray) -> dict[str, np.ndarray]:
    """One main document (3, 6, 8 or 5; revolving loans never carry document 3), rare others."""
    docs = {k: np.zeros(n, dtype=np.int64) for k in range(2, 22)}
    main_cash = draw_codes(rng, n, [0.785, 0.066, 0.058, 0.0166, 0.0744])  # 3, 6, 8, 5, none
    main_card = draw_codes(rng, n, [0.0, 0.3, 0.3, 0.0, 0.4])
    main = np.where(revolving, main_card, main_cash)
    for code, doc in enumerate((3, 6, 8, 5)):
        docs[doc][main == code] = 1
    for doc, share in catalog.RARE_DOCUMENTS.items():
        docs[doc] = (rng.random(n) < share).astype(np.int64)
    return {f"FLAG_DOCUMENT_{k}": v for k, v in docs.items()}


def _bureau_requests(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    missing = rng.random(n) < 0.135
    req = {
        "HOUR": (rng.random(n) < 0.005) * 1.0,
        "DAY": (rng.random(n) < 0.005) * (1.0 + rng.poisson(0.1, n)),
        "WEEK": (rng.random(n) < 0.032) * (1.0 + rng.poisson(0.05, n)),
        "MON": negbin(rng, 0.27, 0.15, n).astype(np.float64),
        "QRT": negbin(rng, 0.27, 0.3, n).astype(np.float64),
        "YEAR": np.minimum(negbin(rng, 1.9, 1.2, n), 25).astype(np.float64),
    }
    return {f"AMT_REQ_CREDIT_BUREAU_{k}": np.where(missing, np.nan, v) for k, v in req.items()}
