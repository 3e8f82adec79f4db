"""Update the Qt Linguist sources and compile them: ``python -m creditdesk.ui.tools.build_translations``.

1. ``pyside6-lupdate`` collects every ``tr()`` / ``QCoreApplication.translate``
   string of ``creditdesk/ui`` into ``resources/i18n/creditdesk_<lang>.ts``
   (existing translations are kept; strings no longer used are dropped).
2. Translate new strings in Qt Linguist (``pyside6-linguist``) or in the XML.
3. ``pyside6-lrelease`` compiles each ``.ts`` to the ``.qm`` shipped beside it.

``--check`` exits 1 when a French string is unfinished or missing (used by the tests).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
UI = ROOT / "creditdesk" / "ui"
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("en", "fr")


def _tool(name: str) -> str:
    exe = shutil.which(f"pyside6-{name}")
    if exe:
        return exe
    import PySide6

    candidate = Path(PySide6.__file__).parent / name
    if candidate.exists():
        return str(candidate)
    raise SystemExit(f"pyside6-{name} not found: install PySide6 (its tools ship with it)")


def sources() -> list[Path]:
    return sorted(p for p in UI.rglob("*.py") if "tools" not in p.parts)


def update() -> None:
    I18N.mkdir(parents=True, exist_ok=True)
    files = [str(p.relative_to(ROOT)) for p in sources()]
    for lang in LANGUAGES:
        ts = I18N / f"creditdesk_{lang}.ts"
        cmd = [
            _tool("lupdate"),
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            "en",
            "-target-language",
            lang,
            *files,
            "-ts",
            str(ts.relative_to(ROOT)),
        ]
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)


def fill_english() -> None:
    """English is the source language: its catalogue maps every string to itself."""
    ts = I18N / "creditdesk_en.ts"
    tree = ET.parse(ts)
    for message in tree.iter("message"):
        source = message.find("source")
        translation = message.find("translation")
        numerus = message.get("numerus") == "yes"
        if translation is None or numerus:
            continue
        translation.text = source.text
        translation.attrib.pop("type", None)
    tree.write(ts, encoding="utf-8", xml_declaration=True)


def release() -> None:
    for lang in LANGUAGES:
        ts = I18N / f"creditdesk_{lang}.ts"
        qm = I18N / f"creditdesk_{lang}.qm"
        subprocess.run(
            [_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT, check=True
        )


def unfinished(lang: str = "fr") -> list[str]:
    """Source strings of ``lang`` without a finished translation."""
    tree = ET.parse(I18N / f"creditdesk_{lang}.ts")
    out = []
    for message in tree.iter("message"):
        translation = message.find("translation")
        if (
            translation is None
            or translation.get("type") in ("unfinished", "vanished", "obsolete")
            or not (translation.text or "").strip()
        ):
            out.append(message.findtext("source") or "")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only report unfinished French strings"
    )
    args = parser.parse_args(argv)
    if not args.check:
        update()
        fill_english()
        release()
    missing = unfinished("fr")
    for text in missing:
        print(f"unfinished fr: {text!r}", file=sys.stderr)
    return 1 if (missing and args.check) else 0


if __name__ == "__main__":
    raise SystemExit(main())
