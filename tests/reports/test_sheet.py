"""Explanation sheets: the PDF and the HTML say the same facts, in English and in French,
and each export is tied to the decision log."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser

import duckdb
import pytest

from creditdesk.cli import main
from creditdesk.reports.offline import external_resources
from creditdesk.reports.sheet import Override, write_sheet
from creditdesk.reports.texts import percent
from tests.reports.conftest import pdf_pages
from tests.reports.fakes import MODEL_HASH

WORDS = {
    "en": {
        "refuse": "Refused",
        "accept": "Accepted",
        "title": "Credit decision — explanation sheet",
        "path": "Path to approval",
        "officer": "Claire Martin",
    },
    "fr": {
        "refuse": "Refusé",
        "accept": "Accepté",
        "title": "Décision de crédit — fiche d'explication",
        "path": "Conditions d'accord",
        "officer": "Claire Martin",
    },
}


class _Page(HTMLParser):
    """Visible text, tags and image sources of an HTML page."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.images: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("style", "script"):
            self._skip += 1
        if tag == "img":
            self.images.append(dict(attrs).get("src", ""))

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def norm(text: str) -> str:
    """Whitespace collapsed (narrow no-break spaces included), as the extracted texts are."""
    return " ".join(text.split())


def parse(path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    page.flat = " ".join(" ".join(page.text).split())
    return page


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_refused_client_sheet_pdf_and_html_carry_the_same_facts(tmp_path, fake_service, lang):
    w = WORDS[lang]
    result = write_sheet(
        fake_service,
        100001,
        pdf_path=tmp_path / "s.pdf",
        html_path=tmp_path / "s.html",
        lang=lang,
        officer=w["officer"],
        log=False,
    )
    assert result.pdf_pages == 2
    pages = pdf_pages(result.pdf_path)
    assert len(pages) == 2
    html = parse(result.html_path)
    reasons = [r.text for r in fake_service.reasons(fake_service.assess_client(100001), lang=lang)]
    facts = [
        w["title"],
        "100001",
        w["refuse"],
        percent(0.234, lang),
        percent(0.091, lang),
        w["path"],
        MODEL_HASH,
        MODEL_HASH[:12],
        w["officer"],
        *reasons,
    ]
    pdf_text = " ".join(pages)
    for fact in map(norm, facts):
        assert fact in pdf_text, (lang, fact)
        assert fact in html.flat, (lang, fact)
    assert w["refuse"] in pages[0] and MODEL_HASH in pages[0] and MODEL_HASH in pages[1]
    # the two languages do not leak into each other
    other = WORDS["fr" if lang == "en" else "en"]
    assert other["title"] not in pdf_text and other["title"] not in html.flat


def test_html_sheet_is_one_self_contained_file(tmp_path, fake_service):
    result = write_sheet(fake_service, 100002, html_path=tmp_path / "s.html", lang="fr", log=False)
    text = result.html_path.read_text(encoding="utf-8")
    page = parse(result.html_path)
    assert external_resources(text) == []
    assert not {"script", "link", "iframe", "object", "embed", "a"} & set(page.tags)
    assert "@font-face" not in text and "@import" not in text
    assert len(page.images) == 2 and all(
        src.startswith("data:image/png;base64,") for src in page.images
    )
    assert (
        "Accepté" in page.flat and WORDS["fr"]["path"] not in page.flat
    )  # accepted: no path section
    assert (
        result.pdf_path is None and result.html_sha256 == hashlib.sha256(text.encode()).hexdigest()
    )


def test_override_is_shown_with_its_justification(tmp_path, fake_service):
    reason = "Le client a apporté une garantie hypothécaire."
    result = write_sheet(
        fake_service,
        100003,
        pdf_path=tmp_path / "o.pdf",
        html_path=tmp_path / "o.html",
        lang="fr",
        override=Override("accept", reason),
        log=False,
    )
    assert result.decision == "accept"
    pdf_text = " ".join(pdf_pages(result.pdf_path))
    html = parse(result.html_path).flat
    for fact in map(norm, (reason, "Décision du chargé de clientèle", "« Refusé » en « Accepté »")):
        assert fact in pdf_text and fact in html
    assert "Aucun changement réaliste" in html  # the service's own "no path" message


def test_bad_requests_are_refused_before_anything_is_written(tmp_path, fake_service):
    from creditdesk.errors import InputError

    with pytest.raises(InputError):
        write_sheet(fake_service, 100001, log=False)
    with pytest.raises(InputError):
        write_sheet(fake_service, 100001, pdf_path=tmp_path / "x.pdf", lang="de", log=False)
    with pytest.raises(InputError):
        write_sheet(
            fake_service,
            100001,
            pdf_path=tmp_path / "x.pdf",
            override=Override("accept", " "),
            log=False,
        )
    with pytest.raises(InputError):
        write_sheet(fake_service, 100001, pdf_path=tmp_path / "missing" / "x.pdf", log=False)
    assert list(tmp_path.iterdir()) == []


def _log(store):
    con = duckdb.connect(str(store), read_only=True)
    try:
        return con.execute(
            "SELECT entry_id, event, client_id, officer, export_hash FROM decision_log "
            "ORDER BY entry_id"
        ).fetchall()
    finally:
        con.close()


def test_cli_sheet_writes_both_files_and_logs_the_decision_and_each_export(
    tmp_path, table_model, writable_store, capsys
):
    pdf, html = tmp_path / "c.pdf", tmp_path / "c.html"
    code = main(
        [
            "sheet",
            "--client",
            "200007",
            "--pdf",
            str(pdf),
            "--html",
            str(html),
            "--lang",
            "fr",
            "--store",
            str(writable_store),
            "--bundle",
            str(table_model["bundle"]),
            "--officer",
            "Claire Martin",
        ]
    )
    assert code == 0, capsys.readouterr().err
    rows = _log(writable_store)
    assert [r[1] for r in rows] == ["shown", "exported", "exported"]
    assert {r[4] for r in rows[1:]} == {
        hashlib.sha256(p.read_bytes()).hexdigest() for p in (pdf, html)
    }
    assert all(r[2] == 200007 and r[3] == "Claire Martin" for r in rows)
    pages = pdf_pages(pdf)
    assert len(pages) == 2
    entry = f"Entrée du journal des décisions #{rows[0][0]}"
    assert entry in pages[0] and entry in parse(html).flat
    from creditdesk.core.bundle import load_bundle

    assert load_bundle(table_model["bundle"]).model_hash in pages[0]


def test_cli_sheets_for_a_list_of_clients(tmp_path, table_model, writable_store, capsys):
    ids = tmp_path / "ids.txt"
    ids.write_text("# clients to send\n200001\n\n200002\n200003\n")
    out = tmp_path / "sheets"
    code = main(
        [
            "sheet",
            "--clients",
            str(ids),
            "--out-dir",
            str(out),
            "--store",
            str(writable_store),
            "--bundle",
            str(table_model["bundle"]),
        ]
    )
    assert code == 0, capsys.readouterr().err
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        f"client-{c}-en.{ext}" for c in (200001, 200002, 200003) for ext in ("html", "pdf")
    ]
    assert len([r for r in _log(writable_store) if r[1] == "exported"]) == 6
    assert re.search(r"100%", capsys.readouterr().err)  # the progress bar ran to the end


def test_cli_sheet_unknown_client_is_a_clear_error(tmp_path, table_model, writable_store, capsys):
    code = main(
        [
            "sheet",
            "--client",
            "999",
            "--pdf",
            str(tmp_path / "x.pdf"),
            "--store",
            str(writable_store),
            "--bundle",
            str(table_model["bundle"]),
        ]
    )
    assert code == 2
    assert "999" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_cli_sheets_refuse_a_list_with_an_unknown_client_before_writing(
    tmp_path, table_model, writable_store, capsys
):
    ids = tmp_path / "ids.txt"
    ids.write_text("200001\n12345\n")
    out = tmp_path / "sheets"
    code = main(
        [
            "sheet",
            "--clients",
            str(ids),
            "--out-dir",
            str(out),
            "--store",
            str(writable_store),
            "--bundle",
            str(table_model["bundle"]),
        ]
    )
    assert code == 2 and "12345" in capsys.readouterr().err
    assert not any(out.iterdir())


def test_exporting_an_overridden_decision_logs_the_officers_decision(
    tmp_path, table_model, writable_store
):
    """Every entry of an export (the override, then each file) carries the sheet's final decision."""
    from creditdesk.core.bundle import load_bundle
    from creditdesk.core.clients import ClientStore
    from creditdesk.core.scoring import ScoringService
    from creditdesk.store.connection import open_store

    with open_store(writable_store) as con:
        service = ScoringService(load_bundle(table_model["bundle"]), ClientStore(con))
        model = service.assess_client(200007).decision
        officer = "accept" if model == "refuse" else "refuse"
        result = write_sheet(
            service,
            200007,
            pdf_path=tmp_path / "o.pdf",
            html_path=tmp_path / "o.html",
            override=Override(officer, "Guarantor provided; income verified."),
            officer="Claire Martin",
        )
        rows = con.execute(
            "SELECT event, model_decision, final_decision, export_hash FROM decision_log "
            "ORDER BY entry_id"
        ).fetchall()
    assert result.decision == officer
    assert [r[0] for r in rows] == ["override", "exported", "exported"]
    assert all(r[1] == model and r[2] == officer for r in rows), rows
    assert {r[3] for r in rows[1:]} == {result.pdf_sha256, result.html_sha256}
