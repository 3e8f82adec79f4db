"""Regenerate the README screenshots: ``python -m creditdesk.ui.tools.make_screenshots --store S [--bundle B]``.

Each screenshot is ``creditdesk --screenshot`` (offscreen) of one panel in one
language and theme, written to ``resources/screenshots/``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
OUT = ROOT / "resources" / "screenshots"
#: (file name, panel, language, theme)
SHOTS = (
    ("score-en.png", "score", "en", "light"),
    ("explain-en.png", "explain", "en", "light"),
    ("compare-fr.png", "compare", "fr", "light"),
    ("whatif-fr.png", "whatif", "fr", "light"),
    ("portfolio-en.png", "portfolio", "en", "light"),
    ("explain-dark-fr.png", "explain", "fr", "dark"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--bundle")
    parser.add_argument("--client", type=int)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, panel, lang, theme in SHOTS:
        with tempfile.TemporaryDirectory() as home:
            Path(home, "settings.ini").write_text(f"[ui]\ntheme={theme}\n", encoding="utf-8")
            cmd = [
                sys.executable,
                "-m",
                "creditdesk",
                "--store",
                args.store,
                "--panel",
                panel,
                "--lang",
                lang,
                "--screenshot",
                str(OUT / name),
            ]
            if args.bundle:
                cmd += ["--bundle", args.bundle]
            if args.client:
                cmd += ["--client", str(args.client)]
            env = {**os.environ, "CREDITDESK_HOME": home, "QT_QPA_PLATFORM": "offscreen"}
            subprocess.run(cmd, cwd=ROOT, env=env, check=True)
    print(f"wrote {len(SHOTS)} screenshots to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
