"""Explanation sheets: one client's decision explained, as PDF and/or HTML, in English or French.

``write_sheet`` is the one entry point (GUI: File ▸ Export explanation
sheet…; CLI: ``creditdesk sheet``). It ties every sheet to the decision log:
the footer names the log entry of the decision it explains (given by the
caller, or recorded here), and each file written is logged as an
"exported" entry carrying the file's SHA-256.

Language: the sheet's words come from :mod:`creditdesk.reports.texts`
(both languages complete), not from Qt's installed translator, because the
sheet's language is chosen per export and may differ from the interface's.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from creditdesk.errors import InputError
from creditdesk.reports.sheet_content import Override, SheetContent, build_content
from creditdesk.reports.texts import check_lang

if TYPE_CHECKING:
    from creditdesk.core.scoring import Assessment, ScoringService

Progress = Callable[[float, str], None]

__all__ = ["Override", "SheetResult", "default_officer", "write_sheet", "write_sheets"]


@dataclass(frozen=True)
class SheetResult:
    """What was written for one client, and where it sits in the decision log."""

    client_id: int
    lang: str
    probability: float
    decision: str  # final decision (the officer's when overridden)
    model_hash: str
    created_at: str  # ISO 8601, local time with offset
    pdf_path: Path | None = None
    html_path: Path | None = None
    pdf_sha256: str | None = None
    html_sha256: str | None = None
    pdf_pages: int | None = None
    decision_entry_id: int | None = None  # the entry printed in the footer
    export_entry_ids: tuple[int, ...] = field(default_factory=tuple)

    @property
    def paths(self) -> list[Path]:
        return [p for p in (self.pdf_path, self.html_path) if p is not None]


def default_officer(preference: str | None = None) -> str:
    """The officer's name: the preference if set, else the OS user (the decision log's rule)."""
    from creditdesk.store.audit import default_officer as officer_name

    return officer_name(preference)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _target(path: str | os.PathLike, suffix: str) -> Path:
    out = Path(path).expanduser()
    if out.is_dir():
        raise InputError(f"{out} is a folder: give a file name ending in {suffix}")
    if not out.parent.exists():
        raise InputError(f"folder {out.parent} does not exist")
    return out


def _atomic(out: Path, write: Callable[[Path], Any]) -> Any:
    """Write through a temporary sibling file, then rename: never a half-written sheet."""
    fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=out.suffix, dir=out.parent)
    os.close(fd)
    try:
        result = write(Path(tmp))
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result


# ------------------------------------------------------------------ decision log (one call site)


def _log(
    service: ScoringService,
    event: str,
    content: SheetContent,
    assessment: Assessment,
    export_hash: str | None = None,
) -> int | None:
    """Append one entry to the store's decision log; return its id (None without a store)."""
    store = getattr(service, "store", None)
    if store is None:
        return None
    from creditdesk.store import audit

    return audit.record(
        store.con,
        officer=content.officer,
        client_id=content.client_id,
        event=event,
        model_name=content.model_name,
        model_version=content.model_version,
        model_hash=content.model_hash,
        features=assessment.values,
        probability=content.probability,
        model_decision=content.model_decision,
        # "shown" and "exported" entries carry the decision on the sheet too (the officer's
        # when overridden): the export of an overridden decision is logged as that decision
        final_decision=content.final_decision,
        justification=content.override.justification
        if event == "override" and content.override
        else None,
        export_hash=export_hash,
    )


# ------------------------------------------------------------------ entry points


def write_sheet(
    service: ScoringService,
    client_id: int,
    *,
    pdf_path: str | os.PathLike | None = None,
    html_path: str | os.PathLike | None = None,
    lang: str = "en",
    officer: str | None = None,
    override: Override | Mapping[str, str] | None = None,
    decision_entry_id: int | None = None,
    log: bool = True,
    progress: Progress | None = None,
) -> SheetResult:
    """Write one client's explanation sheet as PDF and/or HTML.

    ``decision_entry_id``: the log entry of the decision on screen (the GUI
    passes it); when None and ``log`` is true, the decision is logged here
    first ("shown", or "override" with its justification). Each file written
    is then logged as "exported" with its SHA-256. ``log=False`` writes no
    log entry (previews, tests); the footer then says "not recorded".
    Needs a Qt Gui application (:func:`creditdesk.reports.qtapp.ensure_gui_app`).
    """
    if pdf_path is None and html_path is None:
        raise InputError("give a PDF file, an HTML file or both")
    try:
        check_lang(lang)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    pdf = _target(pdf_path, ".pdf") if pdf_path is not None else None
    html = _target(html_path, ".html") if html_path is not None else None
    chosen = Override(**override) if isinstance(override, Mapping) else override
    if chosen is not None:
        if chosen.decision not in ("accept", "refuse"):
            raise InputError(
                f"override decision must be 'accept' or 'refuse', not {chosen.decision!r}"
            )
        if not chosen.justification or not chosen.justification.strip():
            raise InputError("an override needs a justification")

    def step(fraction: float, message: str) -> None:
        if progress is not None:
            progress(fraction, message)  # may raise Cancelled

    step(0.0, f"client {client_id}: scoring")
    assessment = service.assess_client(client_id)
    content = build_content(
        service,
        client_id,
        lang=lang,
        officer=default_officer(officer),
        override=chosen,
        assessment=assessment,
    )
    step(0.3, f"client {client_id}: recording the decision")
    if decision_entry_id is None and log:
        event = "override" if content.override is not None else "shown"
        decision_entry_id = _log(service, event, content, assessment)
    content.entry_id = decision_entry_id

    from creditdesk.reports.qtapp import ensure_gui_app

    ensure_gui_app()
    pages = None
    if pdf is not None:
        from creditdesk.reports.sheet_pdf import write_pdf

        step(0.4, f"client {client_id}: writing {pdf.name}")
        pages = _atomic(pdf, lambda tmp: write_pdf(content, tmp))
    if html is not None:
        from creditdesk.reports.sheet_html import write_html

        step(0.7, f"client {client_id}: writing {html.name}")
        _atomic(html, lambda tmp: write_html(content, tmp))

    hashes = {p: _sha256(p) for p in (pdf, html) if p is not None}
    exports: list[int] = []
    if log:
        for digest in hashes.values():
            entry = _log(service, "exported", content, assessment, export_hash=digest)
            if entry is not None:
                exports.append(entry)
    step(1.0, f"client {client_id}: done")
    return SheetResult(
        client_id=content.client_id,
        lang=lang,
        probability=content.probability,
        decision=content.final_decision,
        model_hash=content.model_hash,
        created_at=content.created_at.isoformat(),
        pdf_path=pdf,
        html_path=html,
        pdf_sha256=hashes.get(pdf) if pdf else None,
        html_sha256=hashes.get(html) if html else None,
        pdf_pages=pages,
        decision_entry_id=decision_entry_id,
        export_entry_ids=tuple(exports),
    )


def write_sheets(
    service: ScoringService,
    client_ids: Iterable[int],
    out_dir: str | os.PathLike,
    *,
    lang: str = "en",
    formats: tuple[str, ...] = ("pdf", "html"),
    officer: str | None = None,
    log: bool = True,
    progress: Progress | None = None,
) -> list[SheetResult]:
    """One sheet per client into ``out_dir`` (``client-<id>-<lang>.pdf|html``)."""
    ids = list(client_ids)
    out = Path(out_dir).expanduser()
    out.mkdir(parents=True, exist_ok=True)
    bad = [f for f in formats if f not in ("pdf", "html")]
    if bad or not formats:
        raise InputError(f"formats must be pdf and/or html, not {', '.join(bad) or 'nothing'}")
    store = getattr(service, "store", None)
    unknown = [cid for cid in ids if store is not None and not store.exists(cid)]
    if unknown:  # before writing anything: a list with a typo should not leave half a batch
        shown = ", ".join(str(c) for c in unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise InputError(f"{len(unknown)} client id(s) not in the store: {shown}")
    results = []
    for n, cid in enumerate(ids):
        if progress is not None:
            progress(n / max(len(ids), 1), f"client {cid}")
        stem = out / f"client-{cid}-{lang}"
        results.append(
            write_sheet(
                service,
                cid,
                lang=lang,
                officer=officer,
                log=log,
                pdf_path=stem.with_suffix(".pdf") if "pdf" in formats else None,
                html_path=stem.with_suffix(".html") if "html" in formats else None,
            )
        )
    if progress is not None:
        progress(1.0, f"{len(results)} sheets written")
    return results
