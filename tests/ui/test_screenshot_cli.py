"""`creditdesk --screenshot`: renders offscreen, saves a PNG and exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_screenshot_of_a_panel_in_french(tmp_path, ui_store, ui_bundle):
    out = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "creditdesk",
            "--store",
            str(ui_store),
            "--bundle",
            str(ui_bundle),
            "--lang",
            "fr",
            "--panel",
            "explain",
            "--screenshot",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    assert out.exists() and out.stat().st_size > 20_000
    assert "first client shown after" in result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1440, 900)
