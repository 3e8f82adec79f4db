"""packaging/build.py and installers.py: names, commands, layouts and recipe files.

No PyInstaller run here (that is packaging/build.py's job, minutes long); these
check the pure parts that decide what gets built and what it is called.
"""

from __future__ import annotations

import ast
import configparser
import os
import plistlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import creditdesk
from tests.packaging.conftest import PACKAGING, ROOT

# --------------------------------------------------------------------------- version and names


def test_version_is_read_without_importing_the_package(build):
    assert build.read_version() == creditdesk.__version__


def test_read_version_refuses_a_file_without_one(build, tmp_path):
    init = tmp_path / "__init__.py"
    init.write_text('"""no version here"""\n')
    with pytest.raises(SystemExit):
        build.read_version(init)


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2.3.4", (1, 2, 3, 4)),
        ("2.0rc1", (2, 0, 0, 0)),
        ("1.4.0.dev3+g12ab", (1, 4, 0, 0)),
        ("10", (10, 0, 0, 0)),
        ("1.2.3.4.5", (1, 2, 3, 4)),
    ],
)
def test_numeric_version_gives_four_integers(build, version, expected):
    assert build.numeric_version(version) == expected


@pytest.mark.parametrize(
    ("system", "machine", "tag"),
    [
        ("Linux", "x86_64", "linux-x86_64"),
        ("Linux", "aarch64", "linux-arm64"),
        ("Windows", "AMD64", "windows-x64"),
        ("Darwin", "arm64", "macos-arm64"),
        ("Darwin", "x86_64", "macos-x86_64"),
    ],
)
def test_platform_tag(build, system, machine, tag):
    assert build.platform_tag(system, machine) == tag


def test_frozen_paths_match_the_spec_names(build, tmp_path):
    assert build.frozen_cli(tmp_path, "Linux") == tmp_path / "creditdesk" / "creditdesk"
    assert build.frozen_cli(tmp_path, "Windows") == tmp_path / "CreditDesk" / "creditdesk-cli.exe"
    assert (
        build.frozen_cli(tmp_path, "Darwin")
        == tmp_path / "CreditDesk.app/Contents/MacOS/CreditDesk"
    )
    spec = (PACKAGING / "creditdesk.spec").read_text(encoding="utf-8")
    for name in ('"creditdesk-cli"', '"CreditDesk"', '"creditdesk"', '"CreditDesk.app"'):
        assert name in spec


def test_windows_version_info_is_a_pyinstaller_version_structure(build):
    text = build.windows_version_info("1.2.3rc1")

    def record(kind):
        return lambda *args, **kwargs: (kind, args, kwargs)

    names = [
        "VSVersionInfo",
        "FixedFileInfo",
        "StringFileInfo",
        "StringTable",
        "StringStruct",
        "VarFileInfo",
        "VarStruct",
    ]
    value = eval(text, {n: record(n) for n in names})  # the way PyInstaller reads it
    assert value[0] == "VSVersionInfo"
    fixed = value[2]["ffi"]
    assert fixed[2]["filevers"] == (1, 2, 3, 0)
    assert "StringStruct('ProductVersion', '1.2.3rc1')" in text


# --------------------------------------------------------------------------- sizes


posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symlinks and exec bits")
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux recipe")


@posix_only
def test_tree_size_and_largest_items_count_files_once(build, tmp_path):
    app = tmp_path / "creditdesk"
    inner = app / "_internal"
    (inner / "PySide6").mkdir(parents=True)
    (inner / "PySide6" / "libQt6Core.so.6").write_bytes(b"x" * 3000)
    (inner / "libpython3.11.so.1.0").write_bytes(b"x" * 2000)
    (inner / "base_library.zip").write_bytes(b"x" * 100)
    (inner / "alias.so").symlink_to("libpython3.11.so.1.0")
    (app / "creditdesk").write_bytes(b"x" * 10)
    assert build.tree_size(app) == 5110
    items = build.largest_items(app, n=2)
    assert items == [(3000, "_internal/PySide6"), (2000, "_internal/libpython3.11.so.1.0")]


def test_format_size(build):
    assert build.format_size(248_400_000) == "248.4 MB"


# --------------------------------------------------------------------------- self-test command


def test_selftest_runs_in_a_network_namespace_on_linux(build):
    exe = Path("/x/creditdesk")
    assert build.selftest_command(exe, system="Linux", euid=0, unshare="/usr/bin/unshare") == [
        "/usr/bin/unshare",
        "-n",
        "/x/creditdesk",
        "--selftest",
    ]
    # without root, a user namespace maps the caller to root inside it
    assert build.selftest_command(exe, system="Linux", euid=1000, unshare="/usr/bin/unshare")[
        :2
    ] == ["/usr/bin/unshare", "-rn"]
    assert build.selftest_command(exe, system="Linux", offline=False) == [
        "/x/creditdesk",
        "--selftest",
    ]
    assert build.selftest_command(exe, system="Windows") == ["/x/creditdesk", "--selftest"]
    assert build.selftest_command(exe, system="Darwin") == ["/x/creditdesk", "--selftest"]


def test_build_refuses_an_unknown_step(build):
    with pytest.raises(SystemExit):
        build.main(["frezee"])


# --------------------------------------------------------------------------- Linux recipes


def _fake_bundle(tmp_path: Path) -> Path:
    app = tmp_path / "dist" / "creditdesk"
    (app / "_internal" / "model").mkdir(parents=True)
    (app / "_internal" / "model" / "bundle.json").write_text("{}")
    exe = app / "creditdesk"
    exe.write_text("#!/bin/sh\necho creditdesk\n")
    exe.chmod(0o755)
    return app


def _fake_icons(installers, tmp_path: Path) -> Path:
    pil = pytest.importorskip("PIL.Image")
    src = tmp_path / "icons-src"
    src.mkdir()
    image = pil.new("RGBA", (1024, 1024), (20, 90, 160, 255))
    for x in range(300, 700):
        for y in range(300, 340):
            image.putpixel((x, y), (255, 255, 255, 255))
    image.save(src / "creditdesk-1024.png")
    pil.new("RGBA", (16, 16), (255, 0, 0, 255)).save(src / "creditdesk-16.png")
    out = tmp_path / "icons"
    installers.make_icons(src, out)
    return out


def test_icons_in_every_size_each_os_wants(installers, tmp_path):
    from PIL import Image

    out = _fake_icons(installers, tmp_path)
    with Image.open(out / "creditdesk.ico") as ico:
        assert {(s, s) for s in installers.ICO_SIZES} <= set(ico.info["sizes"])
        ico.size = (16, 16)
        ico.load()
        assert ico.getpixel((8, 8))[:3] == (255, 0, 0)  # the artist's 16 px PNG, not a downscale
    with Image.open(out / "creditdesk.icns") as icns:
        sizes = {size[0] * size[2] for size in icns.info["sizes"]}
        assert set(installers.ICNS_SIZES) <= sizes
    for size in installers.LINUX_ICON_SIZES:
        with Image.open(out / "hicolor" / f"{size}x{size}" / "apps" / "creditdesk.png") as png:
            assert png.size == (size, size)


def test_icons_from_an_svg_are_rendered_at_each_size(installers, tmp_path):
    pytest.importorskip("PIL.Image")
    pytest.importorskip("PySide6.QtSvg")
    src = tmp_path / "svg"
    src.mkdir()
    (src / "creditdesk.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        '<rect x="4" y="4" width="56" height="56" rx="10" fill="#1f5fa0"/></svg>'
    )
    images = installers.icon_images(src, (16, 256))
    assert images[16].size == (16, 16)
    assert images[256].getpixel((128, 128))[:3] == (0x1F, 0x5F, 0xA0)
    assert images[256].getpixel((0, 0))[3] == 0  # transparent corner


def test_no_icon_sources_means_no_icons_not_a_crash(installers, tmp_path):
    pytest.importorskip("PIL.Image")
    assert installers.make_icons(tmp_path / "missing", tmp_path / "out") == []


def test_deb_control_file(installers):
    text = installers.deb_control("0.1.0", "amd64", 250_000, ["libc6 (>= 2.36)", "libgl1"])
    fields = dict(
        line.split(": ", 1)
        for line in text.splitlines()
        if ": " in line and not line.startswith(" ")
    )
    assert fields["Package"] == "creditdesk"
    assert fields["Version"] == "0.1.0"
    assert fields["Architecture"] == "amd64"
    assert fields["Installed-Size"] == "250000"
    assert fields["Depends"] == "libc6 (>= 2.36), libgl1"
    continuation = [line for line in text.splitlines() if line.startswith(" ")]
    assert continuation and all(len(line) <= 80 for line in continuation)
    assert text.endswith("\n")


@pytest.mark.parametrize(("machine", "arch"), [("x86_64", "amd64"), ("aarch64", "arm64")])
def test_deb_architecture(installers, machine, arch):
    assert installers.deb_architecture(machine) == arch


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb is Debian's")
def test_deb_layout_builds_a_valid_package(installers, tmp_path):
    app = _fake_bundle(tmp_path)
    icons = _fake_icons(installers, tmp_path)
    root = tmp_path / "root"
    installers.deb_layout(root, app, icons)
    assert os.readlink(root / "usr/bin/creditdesk") == "../../opt/creditdesk/creditdesk"
    assert (root / "usr/bin/creditdesk").resolve() == (root / "opt/creditdesk/creditdesk").resolve()
    assert (root / "usr/share/applications/creditdesk.desktop").exists()
    assert (root / "usr/share/icons/hicolor/256x256/apps/creditdesk.png").exists()
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN/control").write_text(installers.deb_control("0.1.0", "amd64", 1, []))
    deb = tmp_path / "creditdesk_0.1.0_amd64.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(root), str(deb)],
        check=True,
        capture_output=True,
    )
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    assert "./opt/creditdesk/creditdesk" in listing
    assert "root/root" in listing
    version = subprocess.run(
        ["dpkg-deb", "--field", str(deb), "Version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert version == "0.1.0"


@posix_only
def test_tarball_carries_the_desktop_entry(installers, tmp_path):
    import tarfile

    app = _fake_bundle(tmp_path)
    out = installers.make_tarball(app, tmp_path, "0.1.0", "linux-x86_64", tmp_path / "no-icons")
    assert out.name == "CreditDesk-0.1.0-linux-x86_64.tar.gz"
    with tarfile.open(out) as tar:
        names = tar.getnames()
        mode = tar.getmember("CreditDesk-0.1.0/creditdesk").mode
    assert "CreditDesk-0.1.0/creditdesk.desktop" in names
    assert mode & 0o111


@linux_only
def test_appdir_layout(installers, tmp_path):
    app = _fake_bundle(tmp_path)
    icons = _fake_icons(installers, tmp_path)
    appdir = tmp_path / "CreditDesk.AppDir"
    installers.appdir_layout(appdir, app, icons)
    assert os.access(appdir / "AppRun", os.X_OK)
    assert (appdir / "creditdesk.desktop").exists()
    assert os.readlink(appdir / ".DirIcon") == "creditdesk.png"
    assert (appdir / "usr/lib/creditdesk/creditdesk").exists()
    done = subprocess.run([str(appdir / "AppRun")], capture_output=True, text=True)
    assert done.stdout.strip() == "creditdesk"


def test_desktop_entry(tmp_path):
    path = PACKAGING / "linux" / "creditdesk.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(path, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"] == "creditdesk"  # the /usr/bin link the .deb installs
    assert desktop["Icon"] == "creditdesk"  # the hicolor icon name the .deb installs
    assert desktop["Terminal"] == "false"
    assert desktop["Categories"].endswith(";")
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(path)], check=True)


# --------------------------------------------------------------------------- macOS and Windows recipes


def test_info_plist_matches_the_spec(installers):
    with (PACKAGING / "macos" / "Info.plist").open("rb") as fh:
        info = plistlib.load(fh)
    assert info["CFBundleExecutable"] == "CreditDesk"
    assert info["CFBundleIconFile"] == "creditdesk.icns"
    assert info["CFBundleIdentifier"].count(".") >= 2
    assert info["NSHighResolutionCapable"] is True
    assert set(info["CFBundleLocalizations"]) == {"en", "fr"}


def test_dmg_command(installers, tmp_path):
    command = installers.hdiutil_command(tmp_path / "stage", tmp_path / "x.dmg", "0.1.0")
    assert command[:2] == ["hdiutil", "create"]
    assert command[command.index("-volname") + 1] == "CreditDesk 0.1.0"
    assert command[command.index("-format") + 1] == "UDZO"


def test_inno_setup_script_is_a_per_user_install_with_shortcuts():
    text = (PACKAGING / "windows" / "creditdesk.iss").read_text(encoding="utf-8")
    setup = dict(re.findall(r"^(\w+)=(.*)$", text, flags=re.M))
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"].startswith("{autopf}")
    assert setup["OutputBaseFilename"] == "{#AppName}-{#AppVersion}-windows-x64-setup"
    assert re.search(r"^Name: \"\{autoprograms\}", text, flags=re.M)  # Start menu
    assert re.search(r"^Name: \"\{autodesktop\}.*Tasks: desktopicon", text, flags=re.M)
    assert "UninstallDisplayIcon" in setup
    assert 'Name: "french"' in text


def test_inno_setup_command(installers, tmp_path):
    command = installers.inno_setup_command(
        "ISCC.exe",
        tmp_path / "c.iss",
        tmp_path / "app",
        tmp_path / "dist",
        "0.1.0",
        (0, 1, 0, 0),
        tmp_path / "none.ico",
    )
    assert "/DAppVersion=0.1.0" in command
    assert "/DAppNumericVersion=0.1.0.0" in command
    assert not any(c.startswith("/DIconFile") for c in command)  # missing icon: left out
    assert command[-1].endswith("c.iss")


# --------------------------------------------------------------------------- the spec


def _spec_list(name: str) -> list[str]:
    tree = ast.parse((PACKAGING / "creditdesk.spec").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"no {name} list in the spec")


def test_spec_excludes_what_the_app_does_not_run_and_keeps_what_it_does():
    excludes = set(_spec_list("excludes"))
    assert {
        "shap",
        "numba",
        "llvmlite",
        "statsmodels",
        "IPython",
        "tkinter",
        "pytest",
        "hypothesis",
        "torch",
        "PySide6.QtWebEngineCore",
        "PySide6.QtQml",
        "PySide6.QtNetwork",
    } <= excludes
    # imported by Evidently's drift preset or by the app itself: excluding them breaks the report
    assert not excludes & {
        "scipy",
        "sklearn",
        "plotly",
        "nltk",
        "litestar",
        "lightgbm",
        "duckdb",
        "pyarrow",
        "pandas",
        "numpy",
        "pyqtgraph",
        "evidently",
        "PySide6.QtSvg",
        "PySide6.QtWidgets",
        "PySide6.QtGui",
        "PySide6.QtCore",
    }


def test_spec_ships_the_application_files():
    spec = (PACKAGING / "creditdesk.spec").read_text(encoding="utf-8")
    for needed in (
        '"model"',
        '"monitoring"',
        '"dictionary.json"',
        '"resources"',
        'collect_data_files(\n    "evidently"',
        'collect_dynamic_libs("lightgbm")',
        'collect_submodules("creditdesk")',
    ):
        assert needed in spec, needed
    compile(spec, "creditdesk.spec", "exec")


def test_gitignore_keeps_build_output_out_of_the_repository():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "packaging/build/" in ignored and "packaging/dist/" in ignored


def test_no_application_module_imports_what_the_spec_excludes():
    """Static twin of the frozen-like self-test: covers every command (train, import, ...),
    not only the self-test's path."""
    excluded = _spec_list("excludes")
    hits = []
    for path in sorted((ROOT / "creditdesk").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            else:
                continue
            hits += [
                f"{path.relative_to(ROOT)}:{node.lineno} imports {name}"
                for name in names
                if any(name == ex or name.startswith(ex + ".") for ex in excluded)
            ]
    assert hits == []
