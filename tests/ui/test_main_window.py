"""The real widgets, driven offscreen: client, gauge, what-if, language, override."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel

from creditdesk.ui import backend
from tests.ui.conftest import idle

pytestmark = pytest.mark.gui


def _select_row(window, qtbot, row: int) -> int:
    """Select ``row`` of the client list like a click would; return its client id."""
    model = window.client_list.model
    qtbot.waitUntil(lambda: model.client_at(row) is not None, timeout=10_000)
    client_id = model.client_at(row)
    sel = window.client_list.view.selectionModel()
    sel.setCurrentIndex(
        model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    return client_id


def test_selected_client_gauge_matches_scoring_service(make_window, qtbot, wait_idle):
    ctx, window = make_window()
    window.client_list.view.scrollToTop()
    client_id = _select_row(window, qtbot, 5)
    qtbot.waitUntil(
        lambda: ctx.session.client is not None and ctx.session.client.client_id == client_id,
        timeout=20_000,
    )
    wait_idle(ctx)
    expected = ctx.services.scoring.assess_client(
        client_id
    )  # the db worker is idle: safe to call here
    gauge = window.panels["score"].gauge
    assert gauge.probability == pytest.approx(expected.probability, abs=1e-12)
    assert gauge.threshold == pytest.approx(ctx.services.bundle.threshold)
    shown_decision = "refuse" if gauge.probability >= gauge.threshold else "accept"
    assert shown_decision == expected.decision == ctx.session.client.assessment.decision
    words = {"accept": "Accept", "refuse": "Refuse"}[expected.decision]
    assert f"model decision: {words}" in window.heading.text()
    # the explanation bars show this client's largest contributions
    items = window.panels["explain"].chart.items
    top_name = expected.feature_names[int(abs(expected.contributions).argmax())]
    assert items[0].label == ctx.services.bundle.spec(top_name).label("en")
    assert items[0].contribution == pytest.approx(
        float(
            expected.contributions.max()
            if expected.contributions.max() >= -expected.contributions.min()
            else expected.contributions.min()
        )
    )


def test_whatif_slider_follows_and_matches_service(make_window, qtbot, wait_idle):
    ctx, window = make_window()
    window.show_panel("whatif")
    panel = window.panels["whatif"]
    editor = next(
        e for e in panel.editors.values() if not e.categorical and e.name.startswith("AMT_")
    )
    client_id = ctx.session.client.client_id
    start = editor.slider.value()
    # a quick drag: many steps in a row, only the latest must count
    for k in range(1, 16):
        editor.slider.setValue(min(editor.slider.maximum(), start + 3 * k))
    final = editor.slider.value()
    assert final != start
    qtbot.waitUntil(
        lambda: idle(ctx) and ctx.session.current.edits == ctx.session.edits, timeout=20_000
    )
    edits = dict(ctx.session.edits)
    assert editor.name in edits
    expected = ctx.services.scoring.what_if(client_id, edits)
    current = ctx.session.current.assessment
    assert current.probability == pytest.approx(expected.probability, abs=1e-12)
    assert panel.gauge.probability == pytest.approx(expected.probability, abs=1e-12)
    assert window.panels["score"].gauge.probability == pytest.approx(
        expected.probability, abs=1e-12
    )
    assert panel.bars.items[0].contribution == pytest.approx(
        float(expected.contributions[abs(expected.contributions).argmax()])
    )
    # the store was not written: the original assessment is unchanged
    assert ctx.services.scoring.assess_client(client_id).probability == pytest.approx(
        ctx.session.client.assessment.probability
    )
    # reset brings the original back
    panel.reset_button.click()
    qtbot.waitUntil(lambda: not ctx.session.current.simulated, timeout=10_000)
    assert panel.gauge.probability == pytest.approx(ctx.session.client.assessment.probability)


def test_language_switch_changes_visible_strings(make_window, qtbot):
    ctx, window = make_window(lang="en")
    assert window.menus["file"].title() == "&File"
    assert window.tabs.tabText(1) == "Explanation"
    assert window.panels["score"].override.record_button.text() == "&Record decision"
    window.actions_by_name["lang_fr"].trigger()
    qtbot.waitUntil(lambda: window.menus["file"].title() == "&Fichier", timeout=5_000)
    assert window.tabs.tabText(1) == "Explication"
    assert window.menus["help"].title() == "Ai&de"
    assert window.panels["score"].override.record_button.text() == "&Enregistrer la décision"
    assert "décision du modèle" in window.heading.text()
    assert window.panels["score"].gauge.lang == "fr"
    window.actions_by_name["lang_en"].trigger()
    qtbot.waitUntil(lambda: window.menus["file"].title() == "&File", timeout=5_000)
    assert ctx.settings.language == "en"


def test_override_needs_a_justification_and_is_logged(make_window, qtbot, wait_idle):
    ctx, window = make_window()
    box = window.panels["score"].override
    view = ctx.session.client
    other = "refuse" if view.assessment.decision == "accept" else "accept"

    def history():
        return backend.decision_history(ctx.services.con, view.client_id)

    before = len(history())
    box.set_choice(other)
    box.justification.setPlainText("   ")
    box.record()
    assert ctx.dialogs.kinds()[-1] == "warning"
    wait_idle(ctx)
    assert len(history()) == before  # refused: nothing recorded

    box.justification.setPlainText("Guarantor provided; income verified on payslips.")
    box.record()
    # the store is only read from the db worker: wait for the panel's own history to follow
    qtbot.waitUntil(lambda: "Guarantor provided" in box.history.item(0).text(), timeout=10_000)
    wait_idle(ctx)
    assert ctx.dialogs.kinds()[-1] == "warning", ctx.dialogs.shown  # no error after the warning
    assert len(history()) == before + 1
    row = history()[-1]
    assert row["event"] == "override"
    assert row["final_decision"] == other
    assert row["model_decision"] == view.assessment.decision
    assert row["justification"].startswith("Guarantor provided")
    assert box.history.count() >= 1


def test_client_list_filters_and_sorts_by_score(make_window, qtbot, wait_idle):
    ctx, window = make_window()
    panel = window.client_list
    total = panel.model.total
    panel.decision.setCurrentIndex(panel.decision.findData("refuse"))
    qtbot.waitUntil(lambda: panel.model.total < total, timeout=10_000)
    qtbot.waitUntil(lambda: panel.model.client_at(0) is not None, timeout=10_000)
    assert all(panel.model._row(i).decision == "refuse" for i in range(min(20, panel.model.total)))
    panel.view.sortByColumn(1, panel.view.horizontalHeader().sortIndicatorOrder().DescendingOrder)
    qtbot.waitUntil(
        lambda: panel.model.query.sort == "score" and panel.model.client_at(1) is not None,
        timeout=10_000,
    )
    probs = [panel.model._row(i).probability for i in range(min(10, panel.model.total))]
    assert probs == sorted(probs, reverse=True)
    panel.search.setText("10001")
    qtbot.waitUntil(lambda: panel.model.query.search == "10001", timeout=5_000)
    wait_idle(ctx)
    qtbot.waitUntil(
        lambda: panel.model.total == 0 or panel.model.client_at(0) is not None, timeout=5_000
    )
    for i in range(panel.model.total):
        assert str(panel.model.client_at(i)).startswith("10001")


def test_export_sheet_runs_in_a_worker_and_writes_pdf_and_html(
    make_window, qtbot, tmp_path, wait_idle
):
    ctx, window = make_window()
    target = tmp_path / "sheet.pdf"
    ctx.dialogs.answers.append(str(target))
    window.actions_by_name["export_sheet"].trigger()
    qtbot.waitUntil(
        lambda: "info" in ctx.dialogs.kinds() or "error" in ctx.dialogs.kinds(), timeout=60_000
    )
    assert ctx.dialogs.kinds()[-1] == "info", ctx.dialogs.shown
    assert target.exists() and target.with_suffix(".html").exists()
    assert target.read_bytes()[:5] == b"%PDF-"
    wait_idle(ctx)


def test_settings_remember_store_client_language_and_panel(make_window, qtbot, tmp_path, ui_store):
    from PySide6.QtCore import QSettings

    from creditdesk.ui.settings import load_settings

    ctx, window = make_window(lang="fr")
    window.show_panel("explain")
    window.close()
    qs = QSettings(ctx.qsettings.fileName(), QSettings.Format.IniFormat)
    saved = load_settings(qs)
    assert saved.language == "fr" and saved.last_panel == "explain"
    assert saved.last_store == str(ui_store) and saved.last_client == ctx.settings.last_client
    assert saved.geometry


def test_a_feasible_path_to_approval_moves_the_sliders(make_window, qtbot, wait_idle):
    from types import SimpleNamespace

    ctx, window = make_window()
    window.show_panel("whatif")
    panel = window.panels["whatif"]
    view = ctx.session.client
    editor = next(
        e for e in panel.editors.values() if not e.categorical and e.name.startswith("AMT_")
    )
    old = view.application[editor.name]
    new = round(old * 0.8)
    path = SimpleNamespace(
        feasible=True,
        changes={editor.name: (old, new)},
        probability=0.01,
        message=lambda lang: "Lower the amount.",
    )
    ctx.session._path_found(view.client_id, path)  # as if path_to_approval had returned it
    qtbot.waitUntil(
        lambda: idle(ctx) and ctx.session.current.edits == {editor.name: new}, timeout=20_000
    )
    assert panel.path_note.text() == "Lower the amount."
    assert editor.spin.value() == pytest.approx(
        editor.spec.to_display(new), rel=1e-6, abs=editor.dstep
    )
    expected = ctx.services.scoring.what_if(view.client_id, {editor.name: new})
    assert panel.gauge.probability == pytest.approx(expected.probability, abs=1e-12)


def test_export_after_an_override_explains_and_logs_the_officers_decision(
    make_window, qtbot, tmp_path, wait_idle
):
    ctx, window = make_window()
    box = window.panels["score"].override
    view = ctx.session.client
    other = "refuse" if view.assessment.decision == "accept" else "accept"
    before = len(backend.decision_history(ctx.services.con, view.client_id))  # shared store
    box.set_choice(other)
    box.justification.setPlainText("Guarantor provided; income verified on payslips.")
    box.record()
    qtbot.waitUntil(lambda: "Guarantor provided" in box.history.item(0).text(), timeout=10_000)
    wait_idle(ctx)
    target = tmp_path / "overridden.pdf"
    ctx.dialogs.answers.append(str(target))
    window.actions_by_name["export_sheet"].trigger()
    qtbot.waitUntil(
        lambda: "info" in ctx.dialogs.kinds() or "error" in ctx.dialogs.kinds(), timeout=60_000
    )
    assert ctx.dialogs.kinds()[-1] == "info", ctx.dialogs.shown
    wait_idle(ctx)
    rows = backend.decision_history(ctx.services.con, view.client_id)[before:]
    assert [r["event"] for r in rows] == ["override", "exported", "exported"]
    assert all(r["final_decision"] == other for r in rows)
    assert "Guarantor provided" in target.with_suffix(".html").read_text(encoding="utf-8")


def test_start_up_objects_are_frozen_once_the_first_client_is_shown(make_window, qtbot):
    import gc

    from creditdesk.ui.app import freeze_after_first_client

    ctx, window = make_window()
    counts = []
    gc.unfreeze()
    try:
        assert any(o is ctx.settings for o in gc.get_objects())  # walked by full passes
        freeze_after_first_client(ctx, counts.append)
        _select_row(window, qtbot, 3)
        qtbot.waitUntil(lambda: bool(counts), timeout=20_000)
        assert counts[0] > 0
        assert not any(o is ctx.settings for o in gc.get_objects())  # not any more
        _select_row(window, qtbot, 4)
        qtbot.waitUntil(lambda: idle(ctx), timeout=20_000)
        assert len(counts) == 1  # once, at start-up
    finally:
        gc.unfreeze()
