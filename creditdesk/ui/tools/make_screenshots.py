"""Regenerate the README screenshots: ``python -m creditdesk.ui.tools.make_screenshots --store S [--bundle B]``.

Each screenshot is ``creditdesk --screenshot`` (offscreen) of one panel in one
language and theme, written to ``resources/screenshots/``. ``--every`` takes
every panel in both languages (and the dark theme once per language) for a
review, ``--out DIR`` writes elsewhere.
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
PANELS = ("score", "explain", "compare", "whatif", "portfolio")


def every_shot() -> tuple[tuple[str, str, str, str], ...]:
    """Every panel in both languages, light, plus the score and what-if panels dark."""
    light = [(f"{p}-{lang}.png", p, lang, "light") for lang in ("en", "fr") for p in PANELS]
    dark = [
        (f"{p}-dark-{lang}.png", p, lang, "dark")
        for lang in ("en", "fr")
        for p in ("score", "whatif")
    ]
    return tuple(light + dark)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--bundle")
    parser.add_argument("--client", type=int)
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder (default {OUT})")
    parser.add_argument("--every", action="store_true", help="every panel in both languages")
    args = parser.parse_args(argv)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    shots = every_shot() if args.every else SHOTS
    for name, panel, lang, theme in shots:
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
                str(out / name),
            ]
            if args.bundle:
                cmd += ["--bundle", args.bundle]
            if args.client:
                cmd += ["--client", str(args.client)]
            env = {**os.environ, "CREDITDESK_HOME": home, "QT_QPA_PLATFORM": "offscreen"}
            subprocess.run(cmd, cwd=ROOT, env=env, check=True)
    print(f"wrote {len(shots)} screenshots to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
