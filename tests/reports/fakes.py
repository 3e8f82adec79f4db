"""A small stand-in for the scoring service, so sheet layout tests need no trained model."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from creditdesk.core.scoring import Assessment, decide

MODEL_HASH = "3f9a2c417be04d51a8e6c0d2b9f1e7a45c6d8e9f0a1b2c3d4e5f60718293a4b5"


@dataclass(frozen=True)
class Spec:
    name: str
    label_en: str
    label_fr: str
    unit: str = ""

    def label(self, lang: str) -> str:
        return self.label_fr if lang == "fr" else self.label_en

    def format_value(self, value, lang: str) -> str:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return "manquant" if lang == "fr" else "missing"
        if isinstance(value, str):
            return value
        if self.unit == "money":
            out = f"{value:,.0f}"
            return out.replace(",", "\u202f") + " €" if lang == "fr" else "€" + out
        if self.unit == "years":
            return f"{abs(value) / 365.25:.1f} " + ("ans" if lang == "fr" else "years")
        return f"{value:g}"


FEATURES = [
    Spec("EXT_SOURCE_3", "External score 3", "Score externe 3"),
    Spec("EXT_SOURCE_2", "External score 2", "Score externe 2"),
    Spec("CREDIT_TO_GOODS", "Credit / goods price", "Crédit / prix du bien"),
    Spec("DAYS_BIRTH", "Age", "Âge", "years"),
    Spec("DAYS_EMPLOYED", "Employment length", "Ancienneté", "years"),
    Spec("AMT_ANNUITY", "Annuity", "Annuité", "money"),
    Spec("AMT_CREDIT", "Credit amount", "Montant du crédit", "money"),
    Spec("AMT_INCOME_TOTAL", "Income", "Revenu", "money"),
    Spec("ANNUITY_TO_INCOME", "Annuity / income", "Annuité / revenu"),
    Spec("CNT_CHILDREN", "Children", "Enfants"),
    Spec("REGION_RATING", "Region rating", "Note de la région"),
    Spec("BUREAU_COUNT", "Credits at the bureau", "Crédits au bureau"),
]
RAW = [
    Spec("NAME_CONTRACT_TYPE", "Contract type", "Type de contrat"),
    Spec("AMT_GOODS_PRICE", "Goods price", "Prix du bien", "money"),
    Spec("NAME_INCOME_TYPE", "Income type", "Type de revenu"),
    Spec("NAME_FAMILY_STATUS", "Family status", "Situation familiale"),
]


@dataclass(frozen=True)
class Reason:
    feature: str
    contribution: float
    text: str


class Path:
    def __init__(self, feasible: bool):
        self.feasible = feasible
        self.changes = (
            {"AMT_CREDIT": (450_000.0, 310_000.0), "AMT_ANNUITY": (24_700.0, 17_000.0)}
            if feasible
            else {}
        )
        self.probability = 0.082 if feasible else None

    def message(self, lang: str) -> str:
        if not self.feasible:
            return "Aucun changement réaliste." if lang == "fr" else "No realistic change would do."
        return (
            "En réduisant le montant du crédit, la demande serait acceptée."
            if lang == "fr"
            else "With a smaller credit, the application would be accepted."
        )


class Dictionary:
    def __init__(self):
        self._specs = {s.name: s for s in FEATURES + RAW}

    def get(self, name: str) -> Spec:
        return self._specs.get(name) or Spec(name, name.title(), name.title())


class Bundle:
    name = "creditdesk-pd"
    version = "2026-11-25-3f9a2c41"
    model_hash = MODEL_HASH
    threshold = 0.091
    cost_fn = 10.0
    cost_fp = 1.0
    pipeline = "homecredit"

    def __init__(self):
        self.features = FEATURES
        self.feature_names = [s.name for s in FEATURES]
        self.global_importance = {s.name: 0.5 / (i + 1) for i, s in enumerate(FEATURES)}


class Store:
    con = None

    def __init__(self, rows):
        self.rows = rows

    def has_table(self, name):
        return name == "application"

    def application_row(self, client_id):
        return self.rows[client_id]


class FakeService:
    """Client 100001 is refused (path feasible), 100002 accepted, 100003 refused (no path)."""

    def __init__(self):
        self.bundle = Bundle()
        self.dictionary = Dictionary()
        rng = np.random.default_rng(7)
        self._contrib = {
            100001: np.array(
                [0.62, -0.41, 0.31, -0.22, 0.18, 0.09, 0.07, -0.05, 0.04, 0.02, -0.01, 0.03]
            ),
            100002: np.array(
                [-0.55, -0.38, 0.12, 0.2, -0.1, 0.02, -0.03, 0.01, 0.0, -0.02, 0.01, 0.0]
            ),
            100003: rng.normal(0, 0.3, len(FEATURES)) + 0.1,
        }
        self._pd = {100001: 0.234, 100002: 0.046, 100003: 0.61}
        self.store = Store(
            {
                cid: {
                    "NAME_CONTRACT_TYPE": "Cash loans",
                    "AMT_CREDIT": 450_000.0,
                    "AMT_ANNUITY": 24_700.0,
                    "AMT_GOODS_PRICE": 405_000.0,
                    "AMT_INCOME_TOTAL": 135_000.0,
                    "NAME_INCOME_TYPE": "Working",
                    "DAYS_EMPLOYED": -1_200,
                    "DAYS_BIRTH": -12_400,
                    "NAME_FAMILY_STATUS": "Married",
                    "CNT_CHILDREN": 1,
                }
                for cid in self._pd
            }
        )

    def assess_client(self, client_id: int) -> Assessment:
        p = self._pd[client_id]
        c = self._contrib[client_id]
        values = np.linspace(0.1, 12, len(FEATURES))
        return Assessment(
            client_id,
            p,
            float(np.log(p / (1 - p))),
            decide(p, self.bundle.threshold),
            self.bundle.threshold,
            tuple(self.bundle.feature_names),
            values,
            c,
            -2.4,
        )

    def reasons(self, assessment, lang="en", n=4):
        out = []
        for name, _value, contribution in assessment.top(n):
            spec = self.dictionary.get(name)
            if lang == "fr":
                verb = "augmente" if contribution > 0 else "réduit"
                out.append(
                    Reason(name, contribution, f"{spec.label('fr')} {verb} le risque estimé.")
                )
            else:
                verb = "raises" if contribution > 0 else "lowers"
                out.append(
                    Reason(name, contribution, f"{spec.label('en')} {verb} the estimated risk.")
                )
        return out

    def path_to_approval(self, client_id):
        return Path(client_id == 100001)
