"""Build CreditDesk's installers for the operating system this runs on.

    python packaging/build.py                 # icons, freeze, installers, frozen self-test
    python packaging/build.py freeze selftest # only some steps, in this order

Steps:
  icons      .ico (Windows), .icns (macOS) and the PNG sizes for Linux, from resources/icons/
  freeze     PyInstaller one-folder bundle from packaging/creditdesk.spec, then a size report
  installer  Linux .deb + .tar.gz (+ AppImage if appimagetool is on PATH); Windows Inno Setup
             setup.exe + portable .zip; macOS .dmg (hdiutil)
  selftest   the frozen app's ``--selftest`` with QT_QPA_PLATFORM=offscreen, a throw-away user
             folder and, on Linux, the network cut (``unshare -n``)

Everything lands in packaging/dist/, named with creditdesk.__version__; a JSON summary
(build-summary-<platform>.json) records durations, sizes and artefacts. The same script
runs here and in CI (.github/workflows/build.yml): CI has no step of its own.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUILD = HERE / "build"
DIST = HERE / "dist"
ICONS = BUILD / "icons"
SPEC = HERE / "creditdesk.spec"
STEPS = ("icons", "freeze", "installer", "selftest")


def _load_sibling(name: str):
    """Import packaging/<name>.py by path: packaging/ is no Python package (the name is
    taken by PyPI's ``packaging``), and sys.path stays untouched."""
    spec = importlib.util.spec_from_file_location(
        f"creditdesk_packaging_{name}", HERE / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


installers = _load_sibling("installers")

# --------------------------------------------------------------------------- pure helpers


def read_version(init_file: Path = ROOT / "creditdesk" / "__init__.py") -> str:
    """``__version__`` from the package's ``__init__`` without importing it."""
    match = re.search(
        r'^__version__\s*=\s*["\']([^"\']+)["\']', init_file.read_text(encoding="utf-8"), re.M
    )
    if not match:
        raise SystemExit(f"no __version__ in {init_file}")
    return match.group(1)


def numeric_version(version: str) -> tuple[int, int, int, int]:
    """Four integers for Windows version resources: '1.2.3rc1' -> (1, 2, 3, 0)."""
    release = re.match(r"^\s*v?(\d+(?:\.\d+)*)", version)
    numbers = [int(n) for n in release.group(1).split(".")][:4] if release else []
    a, b, c, d = [*numbers, 0, 0, 0, 0][:4]
    return a, b, c, d


def platform_tag(system: str | None = None, machine: str | None = None) -> str:
    """'linux-x86_64', 'windows-x64', 'macos-arm64', ...: the OS/CPU part of artefact names."""
    system = (system or platform.system()).lower()
    machine = (machine or platform.machine()).lower()
    cpu = {"amd64": "x86_64", "x86_64": "x86_64", "aarch64": "arm64", "arm64": "arm64"}.get(
        machine, machine
    )
    if system.startswith("win"):
        return f"windows-{'x64' if cpu == 'x86_64' else cpu}"
    if system == "darwin":
        return f"macos-{cpu}"
    return f"{system}-{cpu}"


def frozen_app(dist: Path = DIST, system: str | None = None) -> Path:
    """The bundle the spec produced: folder (Linux, Windows) or .app (macOS)."""
    system = (system or platform.system()).lower()
    if system == "darwin":
        return dist / "CreditDesk.app"
    if system.startswith("win"):
        return dist / "CreditDesk"
    return dist / "creditdesk"


def frozen_cli(dist: Path = DIST, system: str | None = None) -> Path:
    """The frozen executable that prints (sub-commands, --selftest)."""
    system = (system or platform.system()).lower()
    if system == "darwin":
        return dist / "CreditDesk.app" / "Contents" / "MacOS" / "CreditDesk"
    if system.startswith("win"):
        return dist / "CreditDesk" / "creditdesk-cli.exe"
    return dist / "creditdesk" / "creditdesk"


def tree_size(path: Path) -> int:
    """Bytes of the regular files under ``path`` (symlinks not followed, not counted twice)."""
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            item = Path(folder) / name
            if not item.is_symlink():
                total += item.stat().st_size
    return total


def largest_items(root: Path, n: int = 15) -> list[tuple[int, str]]:
    """The ``n`` largest entries of the bundle: each top-level item of its library folder
    (``_internal`` or ``Contents/Frameworks``) taken whole, and the executables beside it
    (which carry the compressed archive of every Python module)."""
    inner = root
    for candidate in (
        root / "_internal",
        root / "Contents" / "Frameworks",
        root / "Contents" / "Resources",
    ):
        if candidate.is_dir():
            inner = candidate
            break
    entries = list(inner.iterdir())
    for base in (root, root / "Contents" / "MacOS"):
        if base != inner and base.is_dir():
            entries += [p for p in base.iterdir() if p.is_file()]
    sizes: list[tuple[int, str]] = []
    for entry in entries:
        if entry.is_symlink():
            continue
        size = tree_size(entry) if entry.is_dir() else entry.stat().st_size
        sizes.append((size, entry.relative_to(root).as_posix()))
    return sorted(sizes, reverse=True)[:n]


def windows_version_info(version: str) -> str:
    """PyInstaller ``--version-file`` text: the Properties > Details tab of the .exe files."""
    nums = numeric_version(version)
    strings = {
        "CompanyName": "CreditDesk",
        "FileDescription": "CreditDesk - offline credit decisions",
        "FileVersion": version,
        "InternalName": "CreditDesk",
        "OriginalFilename": "CreditDesk.exe",
        "ProductName": "CreditDesk",
        "ProductVersion": version,
    }
    string_structs = ",\n          ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={nums}, prodvers={nums}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
          {string_structs}])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def selftest_command(
    exe: Path,
    offline: bool = True,
    system: str | None = None,
    euid: int | None = None,
    unshare: str | None = None,
) -> list[str]:
    """The command running the frozen self-test; on Linux inside a network namespace with
    no interface but loopback (``unshare -n`` as root, ``unshare -rn`` otherwise)."""
    system = (system or platform.system()).lower()
    command = [str(exe), "--selftest"]
    if offline and system == "linux":
        unshare = unshare if unshare is not None else shutil.which("unshare")
        if unshare:
            euid = os.geteuid() if euid is None else euid
            return [unshare, "-n" if euid == 0 else "-rn", *command]
    return command


def format_size(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


# --------------------------------------------------------------------------- steps


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    print("+", " ".join(str(c) for c in command), flush=True)
    return subprocess.run(command, check=True, **kwargs)


def step_icons(summary: dict) -> None:
    made = installers.make_icons(ROOT / "resources" / "icons", ICONS)
    summary["icons"] = sorted(p.relative_to(ICONS).as_posix() for p in made)


def step_freeze(summary: dict) -> None:
    BUILD.mkdir(parents=True, exist_ok=True)
    (BUILD / "windows_version_info.txt").write_text(
        windows_version_info(summary["version"]), encoding="utf-8"
    )
    _run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(BUILD / "pyinstaller"),
            str(SPEC),
        ],
        cwd=ROOT,
    )
    app = frozen_app()
    size = tree_size(app)
    items = largest_items(app)
    summary["bundle"] = {"path": str(app), "bytes": size, "largest": items}
    print(f"bundle {app}: {format_size(size)}")
    for nbytes, name in items:
        print(f"  {format_size(nbytes):>12}  {name}")


def step_installer(summary: dict) -> None:
    version, tag = summary["version"], summary["platform"]
    system = platform.system().lower()
    if system == "linux":
        made = [
            installers.make_tarball(frozen_app(), DIST, version, tag, ICONS),
            installers.make_deb(frozen_app(), DIST, version, ICONS),
        ]
        if shutil.which("appimagetool"):
            made.append(installers.make_appimage(frozen_app(), DIST, version, tag, ICONS))
        else:
            print("appimagetool not on PATH: no AppImage (the .deb and the tarball are built)")
    elif system == "darwin":
        made = [installers.make_dmg(frozen_app(), DIST, version, tag)]
    elif system.startswith("win"):
        made = [
            installers.make_inno_setup(
                frozen_app(),
                DIST,
                version,
                numeric_version(version),
                ICONS / "creditdesk.ico",
                HERE / "windows",
            ),
            installers.make_zip(frozen_app(), DIST, version, tag),
        ]
    else:
        raise SystemExit(f"no installer recipe for {platform.system()}")
    summary["artifacts"] = {p.name: p.stat().st_size for p in made}


def step_selftest(summary: dict) -> None:
    exe = frozen_cli()
    with tempfile.TemporaryDirectory(prefix="creditdesk-home-") as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CREDITDESK_HOME=home, DO_NOT_TRACK="1")
        command = selftest_command(exe)
        if (
            command[0] != str(exe)
            and subprocess.run([*command[:2], "true"], capture_output=True).returncode
        ):
            print("unshare cannot create a network namespace here: running without it")
            command = selftest_command(exe, offline=False)
        print("+", " ".join(command), flush=True)
        t0 = time.perf_counter()
        done = subprocess.run(
            command, env=env, capture_output=True, encoding="utf-8", errors="replace"
        )
        elapsed = time.perf_counter() - t0
    output = done.stdout + (f"\n[stderr]\n{done.stderr}" if done.returncode and done.stderr else "")
    print(output)
    (DIST / f"selftest-{summary['platform']}.txt").write_text(output, encoding="utf-8")
    summary["selftest"] = {
        "command": command,
        "returncode": done.returncode,
        "seconds": round(elapsed, 1),
        "network_namespace": command[0] != str(exe),
    }
    if done.returncode:
        raise SystemExit(f"frozen self-test failed (exit {done.returncode})")


STEP_FUNCTIONS = {
    "icons": step_icons,
    "freeze": step_freeze,
    "installer": step_installer,
    "selftest": step_selftest,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "steps",
        nargs="*",
        metavar="STEP",
        help=f"steps to run, in this order: {' '.join(STEPS)} (default: all)",
    )
    args = parser.parse_args(argv)
    unknown = sorted(set(args.steps) - set(STEPS))
    if unknown:
        parser.error(f"unknown step(s) {', '.join(unknown)}; choose from {', '.join(STEPS)}")
    steps = args.steps or list(STEPS)
    DIST.mkdir(parents=True, exist_ok=True)
    summary: dict = {
        "version": read_version(),
        "platform": platform_tag(),
        "python": sys.version.split()[0],
        "steps": {},
    }
    summary_file = DIST / f"build-summary-{summary['platform']}.json"
    if summary_file.exists():  # keep what earlier steps of this version recorded
        previous = json.loads(summary_file.read_text(encoding="utf-8"))
        if previous.get("version") == summary["version"]:
            summary = {**previous, **{k: summary[k] for k in ("version", "platform", "python")}}
    for name in STEPS:
        if name not in steps:
            continue
        print(f"== {name}", flush=True)
        t0 = time.perf_counter()
        try:
            STEP_FUNCTIONS[name](summary)
        finally:
            summary["steps"][name] = round(time.perf_counter() - t0, 1)
            summary_file.write_text(json.dumps(summary, indent=2), encoding="utf-8")
        print(f"== {name} done in {summary['steps'][name]:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
