"""Score panel: the gauge, the client's application in brief, and the officer's decision."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from creditdesk.reports.sheet_content import KEY_FIELDS
from creditdesk.reports.texts import margin_sentence, percent
from creditdesk.ui import backend
from creditdesk.ui.charts import GaugeWidget
from creditdesk.ui.i18n import Retranslatable
from creditdesk.ui.labels import decision_text, outcome_text
from creditdesk.ui.workers import describe_error


class ScorePanel(Retranslatable, QWidget):
    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.gauge = GaugeWidget()
        self.banner = QLabel()
        self.banner.setObjectName("simulationBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()

        self.summary_box = QGroupBox()
        self.summary = QFormLayout(self.summary_box)
        self.summary.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._summary_rows: list[tuple[QLabel, QLabel]] = []

        self.override = OverrideBox(ctx)

        # the gauge and, under it, the officer's decision; the application's facts beside
        left = QVBoxLayout()
        left.addWidget(self.banner)
        left.addWidget(self.gauge, 1)
        left.addWidget(self.override)
        right = QVBoxLayout()
        right.addWidget(self.summary_box)
        right.addStretch(1)
        body = QWidget()
        row = QHBoxLayout(body)
        row.addLayout(left, 3)
        row.addLayout(right, 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        ctx.session.clientChanged.connect(lambda _v: self._fill_summary())
        ctx.session.assessmentChanged.connect(self._show)
        ctx.themeChanged.connect(lambda _t: self._style())
        self.retranslate()

    def retranslate(self) -> None:
        self.summary_box.setTitle(self.tr("Application"))
        self.gauge.setAccessibleName(self.tr("Probability of default gauge"))
        self._style()
        self._fill_summary()
        current = self.ctx.session.current
        if current is not None:
            self._show(current)

    def _style(self) -> None:
        self.gauge.set_style(self.ctx.lang, self.ctx.dark)

    def _show(self, sim) -> None:
        a = sim.assessment
        self.gauge.set_value(a.probability, a.threshold)
        if sim.simulated:
            self.banner.setText(
                self.tr(
                    "Simulated application (what-if): %1 field(s) changed. "
                    "The officer's decision below is recorded on the original "
                    "application."
                ).replace("%1", str(len(sim.edits)))
            )
            self.banner.show()
        else:
            self.banner.hide()

    def _fill_summary(self) -> None:
        view = self.ctx.session.client
        services = self.ctx.services
        while self.summary.rowCount():
            self.summary.removeRow(0)
        if view is None or services is None:
            return
        lang = self.ctx.lang
        a = view.assessment
        rows = [
            (self.tr("Client"), str(view.client_id)),
            (self.tr("Model decision"), decision_text(a.decision)),
            (self.tr("Probability of default"), percent(a.probability, lang)),
            (self.tr("Threshold"), percent(a.threshold, lang)),
            (self.tr("Margin"), margin_sentence(a.probability, a.threshold, lang)),
            (self.tr("Past loan outcome"), outcome_text(view.target)),
        ]
        dictionary = services.dictionary
        for name in KEY_FIELDS:  # the same fields, in the same order, as the sheet
            if name in view.application:
                spec = dictionary.get(name)
                rows.append((spec.label(lang), spec.format_value(view.application[name], lang)))
        for label, value in rows:
            value_label = QLabel(value)
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value_label.setWordWrap(True)
            self.summary.addRow(QLabel(label + " :" if lang == "fr" else label + ":"), value_label)


class OverrideBox(Retranslatable, QGroupBox):
    """The officer's decision: the model's one by default; a different one needs a justification."""

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.accept_button = QRadioButton()
        self.refuse_button = QRadioButton()
        self.group = QButtonGroup(self)
        self.group.addButton(self.accept_button)
        self.group.addButton(self.refuse_button)
        self.officer = QLineEdit(ctx.settings.officer)
        self.justification = QPlainTextEdit()
        self.justification.setTabChangesFocus(True)
        self.justification.setMinimumHeight(60)
        self.justification.setMaximumHeight(96)
        self.record_button = QPushButton()
        self.record_button.setObjectName("recordDecision")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.history = QListWidget()
        self.history.setMaximumHeight(84)

        self.officer_label = QLabel()
        self.officer_label.setBuddy(self.officer)
        self.just_label = QLabel()
        self.just_label.setBuddy(self.justification)
        self.history_label = QLabel()
        self.history_label.setBuddy(self.history)
        choices = QHBoxLayout()
        choices.addWidget(self.accept_button)
        choices.addWidget(self.refuse_button)
        choices.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(self.officer_label)
        layout.addWidget(self.officer)
        layout.addWidget(self.just_label)
        layout.addWidget(self.justification)
        record = QHBoxLayout()
        record.addWidget(self.note, 1)
        record.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(record)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history)

        self.record_button.clicked.connect(self.record)
        self.group.buttonToggled.connect(lambda *_: self._update_note())
        self.officer.editingFinished.connect(self._officer_changed)
        ctx.session.clientChanged.connect(self._client_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Officer's decision"))
        self.accept_button.setText(decision_text("accept"))
        self.refuse_button.setText(decision_text("refuse"))
        self.officer_label.setText(self.tr("&Officer"))
        self.just_label.setText(self.tr("&Justification (required when you differ from the model)"))
        self.justification.setAccessibleName(self.tr("Justification"))
        self.officer.setAccessibleName(self.tr("Officer name"))
        self.record_button.setText(self.tr("&Record decision"))
        self.history_label.setText(self.tr("Decisions recorded for this client"))
        self._update_note()
        self._load_history()

    # ------------------------------------------------------------------ state
    def chosen(self) -> str | None:
        if self.accept_button.isChecked():
            return "accept"
        if self.refuse_button.isChecked():
            return "refuse"
        return None

    def set_choice(self, decision: str) -> None:
        (self.accept_button if decision == "accept" else self.refuse_button).setChecked(True)

    def _client_changed(self, view) -> None:
        self.set_choice(view.assessment.decision)
        self.justification.clear()
        self._update_note()
        self._load_history()

    def _update_note(self) -> None:
        view = self.ctx.session.client
        if view is None:
            self.note.setText("")
            self.record_button.setEnabled(False)
            return
        self.record_button.setEnabled(True)
        if self.chosen() != view.assessment.decision:
            self.note.setText(
                self.tr(
                    "This overrides the model's decision (%1): a written justification is required."
                ).replace("%1", decision_text(view.assessment.decision))
            )
        else:
            self.note.setText(self.tr("Same as the model's decision."))

    def _officer_changed(self) -> None:
        self.ctx.settings.officer = self.officer.text().strip()

    # ------------------------------------------------------------------ recording
    def record(self) -> None:
        """Record the chosen decision in the store's decision log (refused without a justification
        when it differs from the model's)."""
        view = self.ctx.session.client
        services = self.ctx.services
        if view is None or services is None:
            return
        decision = self.chosen()
        text = self.justification.toPlainText().strip()
        if decision != view.assessment.decision and not text:
            self.ctx.dialogs.warning(
                self.tr("Justification required"),
                self.tr(
                    "Your decision differs from the model's. Write why in the justification "
                    "box before recording it."
                ),
            )
            self.justification.setFocus()
            return
        self._officer_changed()
        officer = self.ctx.settings.officer
        self.record_button.setEnabled(False)
        self.ctx.db.submit(
            _record,
            services,
            view.assessment,
            officer,
            decision,
            text,
            key="record",
            on_result=self._recorded,
            on_error=self._failed,
        )

    def _recorded(self, entry: int) -> None:
        self.record_button.setEnabled(True)
        self.justification.clear()
        self.ctx.status.emit(
            self.tr("Decision recorded in the decision log (entry %1).").replace("%1", str(entry))
        )
        self._load_history()

    def _failed(self, exc: BaseException) -> None:
        self.record_button.setEnabled(True)
        self.ctx.dialogs.error(self.tr("Decision not recorded"), describe_error(exc))

    def _load_history(self) -> None:
        view = self.ctx.session.client
        services = self.ctx.services
        if view is None or services is None:
            self.history.clear()
            return
        client_id = view.client_id
        self.ctx.db.submit(
            backend.decision_history,
            services.con,
            client_id,
            key="history",
            on_result=lambda rows: self._show_history(client_id, rows),
            on_error=lambda _e: self.history.clear(),
        )

    def _show_history(self, client_id: int, rows: list[dict]) -> None:
        view = self.ctx.session.client
        if view is None or view.client_id != client_id:
            return
        self.history.clear()
        for row in reversed(rows):
            if row.get("event") not in ("shown", "override"):
                continue
            when = str(row.get("ts", ""))[:16].replace("T", " ")
            final = decision_text(row.get("final_decision"))
            text = f"{when} — {row.get('officer', '')} — {final}"
            if row.get("event") == "override":
                text += " (" + self.tr("override") + f"): {row.get('justification') or ''}"
            self.history.addItem(text)
        if not self.history.count():
            self.history.addItem(self.tr("None yet"))


def _record(services, assessment, officer, decision, justification) -> int:
    return backend.record_decision(
        services.con,
        services=services,
        assessment=assessment,
        officer=officer,
        decision=decision,
        justification=justification,
    )
