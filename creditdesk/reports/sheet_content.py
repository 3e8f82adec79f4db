"""What an explanation sheet says, gathered once, in one language, without Qt.

The PDF and the HTML render the same :class:`SheetContent`, so both carry
the same facts word for word (the tests compare them).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from creditdesk.reports.texts import check_lang, date_time, margin_sentence, percent, text

if TYPE_CHECKING:
    from creditdesk.core.scoring import Assessment, ScoringService
    from creditdesk.reports.painters import ContributionItem

#: application fields shown on the sheet, in this order (those the store has)
KEY_FIELDS = (
    "NAME_CONTRACT_TYPE",
    "AMT_CREDIT",
    "AMT_ANNUITY",
    "AMT_GOODS_PRICE",
    "AMT_INCOME_TOTAL",
    "NAME_INCOME_TYPE",
    "DAYS_EMPLOYED",
    "OCCUPATION_TYPE",
    "DAYS_BIRTH",
    "NAME_FAMILY_STATUS",
    "CNT_CHILDREN",
    "NAME_EDUCATION_TYPE",
    "NAME_HOUSING_TYPE",
    "FLAG_OWN_REALTY",
)
CHART_ROWS = 9  # contribution bars on the sheet, the "other items" bar included


@dataclass(frozen=True)
class Override:
    """An officer's decision that differs from the model's, with its reason."""

    decision: str  # "accept" | "refuse"
    justification: str


@dataclass(frozen=True)
class Reason:
    text: str
    raises_risk: bool


@dataclass
class SheetContent:
    """Every fact and sentence of one client's sheet, in ``lang``."""

    lang: str
    client_id: int
    created_at: datetime
    officer: str
    probability: float
    threshold: float
    model_decision: str  # "accept" | "refuse"
    final_decision: str
    override: Override | None
    fields: list[tuple[str, str]]  # (label, formatted value)
    reasons: list[Reason]
    contributions: list[ContributionItem]
    path_feasible: bool | None  # None when accepted (no path needed)
    path_message: str
    path_changes: list[tuple[str, str, str]]  # (label, current, needed)
    path_probability: float | None
    model_name: str
    model_version: str
    model_hash: str
    cost_ratio: float
    entry_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    # ---- sentences shared by both renderings

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    @property
    def title(self) -> str:
        return self.t("sheet.title")

    @property
    def subtitle(self) -> str:
        return f"{self.t('sheet.client', client=self.client_id)} · {self.issued}"

    @property
    def issued(self) -> str:
        return self.t("sheet.issued", date=date_time(self.created_at, self.lang))

    def decision_word(self, decision: str | None = None) -> str:
        return self.t(f"decision.{decision or self.final_decision}")

    def decision_rows(self) -> list[tuple[str, str]]:
        rows = [
            (self.t("decision.pd"), percent(self.probability, self.lang)),
            (self.t("decision.threshold"), percent(self.threshold, self.lang)),
            (
                self.t("decision.margin"),
                margin_sentence(self.probability, self.threshold, self.lang),
            ),
        ]
        if self.override is not None:
            rows.append((self.t("decision.model_outcome"), self.decision_word(self.model_decision)))
        return rows

    @property
    def short_hash(self) -> str:
        return self.model_hash[:12]

    def footer_lines(self) -> list[str]:
        entry = f"#{self.entry_id}" if self.entry_id is not None else self.t("footer.entry_none")
        return [
            self.t(
                "footer.model",
                name=self.model_name,
                version=self.model_version,
                short=self.short_hash,
            ),
            self.t("footer.hash", hash=self.model_hash),
            f"{self.t('footer.generated', date=date_time(self.created_at, self.lang), officer=self.officer)}"
            f" · {self.t('footer.entry', entry=entry)}",
        ]

    @property
    def about(self) -> str:
        ratio = f"{self.cost_ratio:g}:1" if self.lang == "en" else f"{self.cost_ratio:g} : 1"
        return self.t("about.text", threshold=percent(self.threshold, self.lang), ratio=ratio)

    @property
    def override_sentence(self) -> str:
        return self.t(
            "override.text",
            model=self.decision_word(self.model_decision),
            final=self.decision_word(self.final_decision),
        )


def contribution_items(
    assessment: Assessment, bundle: Any, lang: str, rows: int = CHART_ROWS
) -> list[ContributionItem]:
    """The ``rows - 1`` largest contributions, then one bar summing all the others.

    Labels and the client's values come from the bundle's FieldSpecs, in
    ``lang``; each bar carries the feature's global importance. The screen's
    charts (explanation, what-if) are built with the same function.
    """
    from creditdesk.reports.painters import ContributionItem

    specs = {s.name: s for s in bundle.features}
    importance = bundle.global_importance
    top = assessment.top(len(assessment.feature_names))
    shown, rest = top[: rows - 1], top[rows - 1 :]
    if len(rest) == 1:  # a single leftover is shown as itself
        shown, rest = top, []
    items = []
    for name, value, contribution in shown:
        spec = specs.get(name)
        label = spec.label(lang) if spec is not None else name
        value_text = _format(spec, value, lang)
        items.append(ContributionItem(label, value_text, contribution, importance.get(name)))
    if rest:
        total = sum(c for _, _, c in rest)
        items.append(
            ContributionItem(text("contrib.other", lang, count=len(rest)), "", total, None, True)
        )
    return items


def _format(spec: Any, value: Any, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return text("value.missing", lang)
    if spec is None:
        return f"{value:g}" if isinstance(value, float) else str(value)
    return spec.format_value(value, lang)


def _override(value: Any) -> Override | None:
    if value is None:
        return None
    if isinstance(value, Override):
        return value
    if isinstance(value, Mapping):
        return Override(str(value["decision"]), str(value.get("justification", "")))
    return Override(str(value.decision), str(value.justification))


def build_content(
    service: ScoringService,
    client_id: int,
    *,
    lang: str = "en",
    officer: str,
    override: Override | Mapping[str, str] | None = None,
    assessment: Assessment | None = None,
    created_at: datetime | None = None,
    n_reasons: int = 4,
) -> SheetContent:
    """Gather one client's facts from the scoring service, in ``lang``."""
    check_lang(lang)
    bundle = service.bundle
    assessment = assessment if assessment is not None else service.assess_client(client_id)
    model_decision = assessment.decision
    chosen = _override(override)
    if chosen is not None and chosen.decision == model_decision:
        chosen = None  # agreeing with the model is not an override
    final = chosen.decision if chosen is not None else model_decision

    specs = {s.name: s for s in bundle.features}
    fields = _application_fields(service, int(client_id), lang, specs, assessment)
    reasons = [
        Reason(r.text, r.contribution > 0)
        for r in service.reasons(assessment, lang=lang, n=n_reasons)
    ]
    items = contribution_items(assessment, bundle, lang)

    path_feasible: bool | None = None
    path_message = ""
    path_changes: list[tuple[str, str, str]] = []
    path_probability = None
    if model_decision == "refuse":
        path = service.path_to_approval(int(client_id))
        path_feasible = bool(path.feasible)
        if path_feasible:  # the sheet's own sentence, then the changes as a table
            path_message = text("path.feasible", lang)
            dictionary = service.dictionary
            for name, (old, new) in path.changes.items():
                spec = specs.get(name) or dictionary.get(name)
                path_changes.append(
                    (spec.label(lang), _format(spec, old, lang), _format(spec, new, lang))
                )
            path_probability = getattr(path, "probability", None)
        else:  # the service's honest "no path", with the best probability reached
            path_message = path.message(lang)

    return SheetContent(
        lang=lang,
        client_id=int(client_id),
        created_at=(created_at or datetime.now().astimezone()).replace(microsecond=0),
        officer=officer,
        probability=float(assessment.probability),
        threshold=float(assessment.threshold),
        model_decision=model_decision,
        final_decision=final,
        override=chosen,
        fields=fields,
        reasons=reasons,
        contributions=items,
        path_feasible=path_feasible,
        path_message=path_message,
        path_changes=path_changes,
        path_probability=path_probability,
        model_name=bundle.name,
        model_version=bundle.version,
        model_hash=bundle.model_hash,
        cost_ratio=bundle.cost_fn / bundle.cost_fp,
    )


def _application_fields(
    service: ScoringService,
    client_id: int,
    lang: str,
    specs: Mapping[str, Any],
    assessment: Assessment,
) -> list[tuple[str, str]]:
    """Key application fields (label, value); for bring-your-own tables, the most important features."""
    store = service.store
    row: dict[str, Any] = {}
    if (
        store is not None
        and service.bundle.pipeline == "homecredit"
        and store.has_table("application")
    ):
        row = store.application_row(client_id)
    if row:
        dictionary = service.dictionary
        return [
            (dictionary.get(name).label(lang), _format(dictionary.get(name), row.get(name), lang))
            for name in KEY_FIELDS
            if name in row
        ]
    ranked: Sequence[str] = sorted(
        assessment.feature_names, key=lambda n: -service.bundle.global_importance.get(n, 0.0)
    )[: len(KEY_FIELDS)]
    index = {n: i for i, n in enumerate(assessment.feature_names)}
    out = []
    for name in ranked:
        spec = specs.get(name)
        value = float(assessment.values[index[name]])
        out.append((spec.label(lang) if spec else name, _format(spec, value, lang)))
    return out
