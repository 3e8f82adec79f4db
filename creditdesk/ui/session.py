"""The client on screen and the what-if inputs: one small model that emits change events.

Widgets write to it (``show_client``, ``set_edit``, ``reset_edits``,
``apply_path_to_approval``) and listen to its signals; no widget reads
another widget (napari's evented models).

Scoring runs on the ``db`` worker. While the officer drags a slider, only the
latest inputs are scored: a request arriving while another is being scored
just replaces the pending inputs, and the next request starts as soon as the
previous result is delivered (napari's ``QtDims`` drops frames the same way).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from creditdesk.ui.workers import TaskRunner, describe_error


@dataclass(frozen=True)
class ClientView:
    """What is known about the client on screen (the original application)."""

    client_id: int
    assessment: Any  # creditdesk.core.scoring.Assessment
    application: dict  # raw application fields
    target: int | None  # 1 defaulted, 0 repaid, None unknown
    reasons: dict = field(default_factory=dict)  # lang -> list[ReasonCode]


@dataclass(frozen=True)
class Simulation:
    """The assessment currently shown: the original one, or a what-if result."""

    client_id: int
    assessment: Any
    edits: dict  # raw field -> value that produced ``assessment`` ({} for the original)
    reasons: dict = field(default_factory=dict)

    @property
    def simulated(self) -> bool:
        return bool(self.edits)


def _load_client(services, client_id: int) -> ClientView:
    from creditdesk.core import portfolio

    scoring = services.scoring
    assessment = scoring.assess_client(client_id)
    application = portfolio.application_record(services.con, services.layout, client_id)
    target = portfolio.client_target(services.con, client_id)
    return ClientView(client_id, assessment, application, target)


def _reasons(services, assessment) -> dict:
    """Reason codes in both languages (the first call reads the bundle's reference sample)."""
    return {lang: list(services.scoring.reasons(assessment, lang=lang)) for lang in ("en", "fr")}


def _what_if(services, client_id: int, edits: dict, with_reasons: bool) -> Simulation:
    scoring = services.scoring
    assessment = scoring.what_if(client_id, dict(edits))
    reasons = _reasons(services, assessment) if with_reasons else {}
    return Simulation(client_id, assessment, dict(edits), reasons)


def _warm_up(services, client_id: int) -> None:
    """Load what the first what-if needs (pandas, the client's rows) before the first slider move."""
    import pandas  # noqa: F401

    services.scoring.what_if(client_id, {})


def _path(services, client_id: int):
    return services.scoring.path_to_approval(client_id)


def same_value(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) and math.isnan(a):
            return isinstance(b, float) and math.isnan(b)
        return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12)
    return a == b


class ClientSession(QObject):
    """The client shown, its what-if edits and the assessment currently on screen."""

    #: a client starts loading (its id)
    clientLoading = Signal(int)
    #: the client's original assessment is known (ClientView)
    clientChanged = Signal(object)
    #: the assessment shown changed (Simulation): a new client, or a what-if result
    assessmentChanged = Signal(object)
    #: the reason codes of the assessment shown are known (Simulation, with reasons)
    reasonsChanged = Signal(object)
    #: the what-if inputs changed (dict raw field -> value; empty = original application)
    editsChanged = Signal(dict)
    #: a path to approval was computed (PathToApproval)
    pathFound = Signal(object)
    #: something went wrong (readable message)
    failed = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.services = None
        self.client: ClientView | None = None
        self.current: Simulation | None = None
        self.edits: dict[str, Any] = {}
        self._inflight = False
        self._dirty = False
        #: reason codes are computed once a panel showing them has asked (they read the
        #: bundle's reference sample: kept off the start-up path)
        self.reasons_wanted = False
        self._warmed: int | None = None
        self._kick = QTimer(self)
        self._kick.setSingleShot(True)
        self._kick.setInterval(0)
        self._kick.timeout.connect(self._score_latest)

    # ------------------------------------------------------------------ writes
    def set_services(self, services) -> None:
        self.services = services
        self.client = None
        self.current = None
        self.edits = {}

    def show_client(self, client_id: int) -> None:
        """Load and assess ``client_id`` (the newest request wins)."""
        if self.services is None:
            return
        self._kick.stop()
        self._dirty = False
        self.clientLoading.emit(int(client_id))
        self.runner.submit(
            _load_client,
            self.services,
            int(client_id),
            key="client",
            on_result=self._client_loaded,
            on_error=self._on_error,
        )

    def set_edit(self, name: str, value: Any) -> None:
        """Change one what-if input (raw units); the score follows asynchronously."""
        if self.client is None:
            return
        original = self.client.application.get(name)
        edits = dict(self.edits)
        if same_value(value, original):
            edits.pop(name, None)
        else:
            edits[name] = value
        self._set_edits(edits)

    def set_edits(self, edits: dict[str, Any]) -> None:
        if self.client is None:
            return
        clean = {
            k: v for k, v in edits.items() if not same_value(v, self.client.application.get(k))
        }
        self._set_edits(clean)

    def reset_edits(self) -> None:
        self._set_edits({})

    def apply_path_to_approval(self) -> None:
        """Compute the smallest changes that turn the decision to accept; apply them as edits."""
        if self.client is None:
            return
        client_id = self.client.client_id
        self.runner.submit(
            _path,
            self.services,
            client_id,
            key="path",
            on_result=lambda p: self._path_found(client_id, p),
            on_error=self._on_error,
        )

    def stop(self) -> None:
        """Stop scheduling work (the application is closing)."""
        self._kick.stop()
        self.client = None

    def warm_up(self) -> None:
        """The what-if panel is on screen: prepare the first simulation in the background."""
        if self.client is not None and self._warmed != self.client.client_id:
            self._warmed = self.client.client_id
            self.runner.submit(
                _warm_up,
                self.services,
                self.client.client_id,
                key="warm-up",
                on_error=lambda _e: None,
            )

    # ------------------------------------------------------------------ reads
    def value(self, name: str) -> Any:
        """The what-if value of a raw field (edited or original)."""
        if name in self.edits:
            return self.edits[name]
        return None if self.client is None else self.client.application.get(name)

    def original(self, name: str) -> Any:
        return None if self.client is None else self.client.application.get(name)

    @property
    def busy(self) -> bool:
        return self._inflight or self._kick.isActive()

    # ------------------------------------------------------------------ internals
    def _set_edits(self, edits: dict[str, Any]) -> None:
        if edits == self.edits:
            return
        self.edits = edits
        self.editsChanged.emit(dict(edits))
        self._kick.start()  # coalesce: several edits in one event-loop pass score once

    def _score_latest(self) -> None:
        if self.client is None:
            return
        if self._inflight:
            self._dirty = True  # scored as soon as the running request is delivered
            return
        if not self.edits:
            self._emit_original()
            return
        self._kick.stop()
        self._inflight = True
        self._dirty = False
        client_id = self.client.client_id
        self.runner.submit(
            _what_if,
            self.services,
            client_id,
            dict(self.edits),
            self.reasons_wanted,
            key="whatif",
            on_result=self._simulated,
            on_error=self._whatif_failed,
        )

    def _simulated(self, sim: Simulation) -> None:
        self._inflight = False
        if self.client is None or sim.client_id != self.client.client_id:
            return
        if self._dirty or sim.edits != self.edits:
            self._dirty = False
            self.current = sim
            self.assessmentChanged.emit(sim)  # show the intermediate step, then score the latest
            self._score_latest()
            return
        self.current = sim
        self.assessmentChanged.emit(sim)

    def _whatif_failed(self, exc: BaseException) -> None:
        self._inflight = False
        self._on_error(exc)
        if self._dirty:
            self._dirty = False
            self._score_latest()

    def _emit_original(self) -> None:
        c = self.client
        self.current = Simulation(c.client_id, c.assessment, {}, c.reasons)
        self.assessmentChanged.emit(self.current)
        if self.reasons_wanted and not c.reasons:
            self._load_reasons()

    def _client_loaded(self, view: ClientView) -> None:
        self.client = view
        self.edits = {}
        self._inflight = False
        self._dirty = False
        self.clientChanged.emit(view)
        self.editsChanged.emit({})
        self._emit_original()
        if self.reasons_wanted:
            self._load_reasons()

    def want_reasons(self) -> None:
        """A panel shows reason codes: compute them for what is on screen, and from now on."""
        if self.reasons_wanted:
            return
        self.reasons_wanted = True
        self._load_reasons()

    @property
    def reasons_ready(self) -> bool:
        return not self.reasons_wanted or (self.current is not None and bool(self.current.reasons))

    def _load_reasons(self) -> None:
        sim = self.current
        if sim is None or sim.reasons:
            return
        self.runner.submit(
            _reasons,
            self.services,
            sim.assessment,
            key="reasons",
            on_result=lambda r, s=sim: self._reasons_loaded(s, r),
            on_error=self._on_error,
        )

    def _reasons_loaded(self, sim: Simulation, reasons: dict) -> None:
        if self.client is not None and not sim.simulated and self.client.client_id == sim.client_id:
            self.client = replace(self.client, reasons=reasons)
        if self.current is sim:
            self.current = replace(sim, reasons=reasons)
            self.reasonsChanged.emit(self.current)

    def _path_found(self, client_id: int, path) -> None:
        if self.client is None or self.client.client_id != client_id:
            return
        self.pathFound.emit(path)
        if getattr(path, "feasible", False):
            self.set_edits({name: new for name, (_old, new) in path.changes.items()})

    def _on_error(self, exc: BaseException) -> None:
        self.failed.emit(describe_error(exc))
