"""Per-OS installer recipes and application icons for packaging/build.py.

Each ``make_*`` function takes the frozen one-folder bundle and writes one
artefact to ``dist`` named ``CreditDesk-<version>-<platform>...``; the pure
helpers (control file, AppDir layout, command lines) are what the tests check.
"""

from __future__ import annotations

import io
import os
import platform
import shutil
import stat
import subprocess
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
APP = "CreditDesk"
PACKAGE = "creditdesk"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
#: pixel sizes Pillow's ICNS writer stores (16 pt@2x ... 512 pt@2x; macOS scales for 16/32 pt@1x)
ICNS_SIZES = (32, 64, 128, 256, 512, 1024)
LINUX_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
#: needed at run time though no library links them: the bundled fontconfig reads the
#: system's /etc/fonts configuration, and Qt needs at least one font
DEB_ALWAYS_DEPENDS = ("fontconfig-config", "fonts-dejavu-core | fonts-liberation2")
DESCRIPTION = (
    "Offline credit-decision desktop tool for loan officers",
    "CreditDesk shows a client's calibrated probability of default and the\n"
    "accept/refuse decision at the business-cost threshold, explains it with\n"
    "SHAP contributions, compares the client with the portfolio, recomputes the\n"
    "score live on what-if edits, exports explanation sheets (PDF, HTML) and\n"
    "Evidently drift reports. It embeds its model and client store and never\n"
    "uses the network.",
)

# --------------------------------------------------------------------------- icons


def find_icon_sources(folder: Path) -> tuple[Path | None, dict[int, Path]]:
    """The SVG and the square PNGs (by pixel size) named ``creditdesk*`` in ``folder``."""
    from PIL import Image

    svg = next(iter(sorted(folder.glob(f"{PACKAGE}*.svg"))), None) if folder.is_dir() else None
    pngs: dict[int, Path] = {}
    for path in sorted(folder.rglob(f"{PACKAGE}*.png")) if folder.is_dir() else []:
        with Image.open(path) as image:
            if image.width == image.height:
                pngs.setdefault(image.width, path)
    return svg, pngs


def render_svg(svg: Path, size: int):
    """``svg`` drawn at ``size``×``size`` by Qt's SVG renderer, as a Pillow RGBA image."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    from PySide6.QtWidgets import QApplication

    # an application object for the font database; a QApplication (not a QGuiApplication)
    # so that widgets can still be made later in the same process (tests)
    _app = QApplication.instance() or QApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def icon_images(folder: Path, sizes: tuple[int, ...]) -> dict:
    """One Pillow image per size: the artist's PNG of that size if there is one, else the
    SVG rendered at that size, else the largest PNG scaled down."""
    from PIL import Image

    svg, pngs = find_icon_sources(folder)
    if svg is None and not pngs:
        return {}
    images = {}
    for size in sizes:
        if size in pngs:
            images[size] = Image.open(pngs[size]).convert("RGBA")
        elif svg is not None:
            images[size] = render_svg(svg, size)
        else:
            largest = Image.open(pngs[max(pngs)]).convert("RGBA")
            images[size] = largest.resize((size, size), Image.Resampling.LANCZOS)
    return images


def make_icons(source: Path, out: Path) -> list[Path]:
    """creditdesk.ico (multi-size), creditdesk.icns and hicolor/<n>x<n>/creditdesk.png."""
    out.mkdir(parents=True, exist_ok=True)
    images = icon_images(source, tuple(sorted(set(ICO_SIZES + ICNS_SIZES + LINUX_ICON_SIZES))))
    if not images:
        print(
            f"warning: no {PACKAGE}*.svg or *.png in {source}: building without an application icon"
        )
        return []
    made = []
    ico = out / f"{PACKAGE}.ico"
    images[256].save(
        ico,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != 256],
    )
    made.append(ico)
    icns = out / f"{PACKAGE}.icns"
    images[1024].save(
        icns, format="ICNS", append_images=[images[s] for s in ICNS_SIZES if s != 1024]
    )
    made.append(icns)
    for size in LINUX_ICON_SIZES:
        png = out / "hicolor" / f"{size}x{size}" / "apps" / f"{PACKAGE}.png"
        png.parent.mkdir(parents=True, exist_ok=True)
        images[size].save(png, format="PNG")
        made.append(png)
    svg, _ = find_icon_sources(source)
    if svg is not None:
        scalable = out / "hicolor" / "scalable" / "apps" / f"{PACKAGE}.svg"
        scalable.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(svg, scalable)
        made.append(scalable)
    return made


def _install_icon_theme(icons: Path, share: Path) -> None:
    """Copy icons/hicolor into ``share``/icons/hicolor (no-op without icons)."""
    if (icons / "hicolor").is_dir():
        shutil.copytree(icons / "hicolor", share / "icons" / "hicolor", dirs_exist_ok=True)


# --------------------------------------------------------------------------- Linux


def make_tarball(app: Path, dist: Path, version: str, tag: str, icons: Path) -> Path:
    """CreditDesk-<v>-<tag>.tar.gz: the bundle in CreditDesk-<v>/ with the .desktop file and icon."""
    out = dist / f"{APP}-{version}-{tag}.tar.gz"
    top = f"{APP}-{version}"
    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(app, arcname=top)
        tar.add(HERE / "linux" / f"{PACKAGE}.desktop", arcname=f"{top}/{PACKAGE}.desktop")
        icon = icons / "hicolor" / "256x256" / "apps" / f"{PACKAGE}.png"
        if icon.exists():
            tar.add(icon, arcname=f"{top}/{PACKAGE}.png")
    print(f"wrote {out}")
    return out


def deb_architecture(machine: str | None = None) -> str:
    machine = (machine or platform.machine()).lower()
    return {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(
        machine, machine
    )


def deb_control(
    version: str,
    architecture: str,
    installed_kib: int,
    depends: list[str],
    maintainer: str = "CreditDesk maintainers <creditdesk@example.org>",
) -> str:
    """The DEBIAN/control file (Debian policy 5.3: Version must start with a digit)."""
    summary, body = DESCRIPTION
    long = "\n".join(f" {line}" if line else " ." for line in body.splitlines())
    lines = [
        f"Package: {PACKAGE}",
        f"Version: {version.replace('-', '~')}",
        "Section: misc",
        "Priority: optional",
        f"Architecture: {architecture}",
        f"Maintainer: {maintainer}",
        f"Installed-Size: {installed_kib}",
    ]
    if depends:
        lines.append(f"Depends: {', '.join(depends)}")
    lines.append(f"Description: {summary}\n{long}")
    return "\n".join(lines) + "\n"


def external_libraries(app: Path) -> tuple[set[str], set[str]]:
    """Shared libraries the bundle's ELF files load from the system, and those not found.

    PyInstaller bundles every dependency except the core system ones (libc, libGL,
    X11/xcb, fontconfig, ...); those are what the .deb must depend on.
    """
    bundled = {p.name for p in app.rglob("*") if p.is_file()}
    system: set[str] = set()
    missing: set[str] = set()
    for path in app.rglob("*"):
        if not path.is_file() or path.is_symlink() or not _is_elf(path):
            continue
        done = subprocess.run(["ldd", str(path)], capture_output=True, text=True)
        for line in done.stdout.splitlines():
            parts = line.strip().split()
            if len(parts) >= 3 and parts[1] == "=>":
                name, target = parts[0], parts[2]
                if name in bundled:
                    continue
                if target == "not":
                    missing.add(name)
                else:
                    system.add(os.path.realpath(target))
    return system, missing


def _is_elf(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(4) == b"\x7fELF"


def debian_packages(paths: set[str]) -> list[str]:
    """The Debian packages owning ``paths`` (dpkg-query -S), libc6 with the build's glibc floor."""
    packages: set[str] = set()
    for path in sorted(paths):
        for candidate in (path, path.replace("/usr/lib/", "/lib/", 1)):
            done = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True)
            if done.returncode == 0:
                packages.update(
                    p.split(":")[0].strip() for p in done.stdout.split(": ")[0].split(",")
                )
                break
    packages.update(DEB_ALWAYS_DEPENDS)
    glibc = platform.libc_ver()[1]
    result = sorted(p for p in packages if p != "libc6")
    return [f"libc6 (>= {glibc})" if glibc else "libc6", *result]


def deb_layout(root: Path, app: Path, icons: Path) -> None:
    """The installed tree: /opt/creditdesk, /usr/bin/creditdesk, .desktop entry, icons."""
    shutil.copytree(app, root / "opt" / PACKAGE, symlinks=True)
    bin_dir = root / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / PACKAGE).symlink_to(f"../../opt/{PACKAGE}/{PACKAGE}")
    share = root / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copyfile(
        HERE / "linux" / f"{PACKAGE}.desktop", share / "applications" / f"{PACKAGE}.desktop"
    )
    _install_icon_theme(icons, share)


def make_deb(app: Path, dist: Path, version: str, icons: Path) -> Path:
    """creditdesk_<v>_<arch>.deb built with dpkg-deb (Debian/Ubuntu: apt install ./file.deb)."""
    arch = deb_architecture()
    out = dist / f"{PACKAGE}_{version}_{arch}.deb"
    system, missing = external_libraries(app)
    if missing:
        print(f"warning: libraries not found on the build machine: {', '.join(sorted(missing))}")
    depends = debian_packages(system)
    with tempfile.TemporaryDirectory(prefix="creditdesk-deb-") as tmp:
        root = Path(tmp) / "root"
        deb_layout(root, app, icons)
        kib = (
            sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())
            // 1024
        )
        (root / "DEBIAN").mkdir()
        (root / "DEBIAN" / "control").write_text(
            deb_control(version, arch, kib, depends), encoding="utf-8"
        )
        subprocess.run(
            # zstd: a fifth of xz's time on 500 MB for a few % more; read by dpkg on
            # Debian >= 12 and Ubuntu >= 18.04
            ["dpkg-deb", "--root-owner-group", "-Zzstd", "-z9", "--build", str(root), str(out)],
            check=True,
        )
    print(f"wrote {out} (Depends: {', '.join(depends)})")
    return out


APPRUN = """#!/bin/sh
# AppImage entry point: run the bundled CreditDesk with the arguments given.
HERE="$(dirname "$(readlink -f "$0")")"
exec "$HERE/usr/lib/creditdesk/creditdesk" "$@"
"""


def appdir_layout(appdir: Path, app: Path, icons: Path) -> None:
    """An AppDir (AppRun, .desktop and icon at the top, the bundle in usr/lib/creditdesk)."""
    shutil.copytree(app, appdir / "usr" / "lib" / PACKAGE, symlinks=True)
    apprun = appdir / "AppRun"
    apprun.write_text(APPRUN, encoding="utf-8")
    apprun.chmod(apprun.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    shutil.copyfile(HERE / "linux" / f"{PACKAGE}.desktop", appdir / f"{PACKAGE}.desktop")
    icon = icons / "hicolor" / "256x256" / "apps" / f"{PACKAGE}.png"
    if icon.exists():
        shutil.copyfile(icon, appdir / f"{PACKAGE}.png")
        (appdir / ".DirIcon").symlink_to(f"{PACKAGE}.png")
    _install_icon_theme(icons, appdir / "usr" / "share")


def make_appimage(app: Path, dist: Path, version: str, tag: str, icons: Path) -> Path:
    """CreditDesk-<v>-<tag>.AppImage, when appimagetool is installed (it is not on Debian)."""
    out = dist / f"{APP}-{version}-{tag}.AppImage"
    with tempfile.TemporaryDirectory(prefix="creditdesk-appdir-") as tmp:
        appdir = Path(tmp) / f"{APP}.AppDir"
        appdir_layout(appdir, app, icons)
        env = dict(os.environ, ARCH=platform.machine(), VERSION=version)
        subprocess.run(
            ["appimagetool", "--no-appstream", str(appdir), str(out)], check=True, env=env
        )
    print(f"wrote {out}")
    return out


# --------------------------------------------------------------------------- macOS


def hdiutil_command(staging: Path, out: Path, version: str) -> list[str]:
    return [
        "hdiutil",
        "create",
        "-volname",
        f"{APP} {version}",
        "-srcfolder",
        str(staging),
        "-fs",
        "HFS+",
        "-format",
        "UDZO",
        "-ov",
        str(out),
    ]


def make_dmg(app: Path, dist: Path, version: str, tag: str) -> Path:
    """CreditDesk-<v>-<tag>.dmg: the .app beside a link to /Applications (drag to install)."""
    out = dist / f"{APP}-{version}-{tag}.dmg"
    with tempfile.TemporaryDirectory(prefix="creditdesk-dmg-") as tmp:
        staging = Path(tmp) / APP
        staging.mkdir()
        shutil.copytree(app, staging / app.name, symlinks=True)
        (staging / "Applications").symlink_to("/Applications")
        subprocess.run(hdiutil_command(staging, out, version), check=True)
    identity = os.environ.get("CREDITDESK_CODESIGN_IDENTITY")
    if identity:
        subprocess.run(["codesign", "--force", "--sign", identity, str(out)], check=True)
    print(f"wrote {out}")
    return out


# --------------------------------------------------------------------------- Windows


def find_iscc() -> str:
    """Inno Setup's command-line compiler: on PATH, or where its installer puts it."""
    for name in ("iscc", "ISCC"):
        found = shutil.which(name)
        if found:
            return found
    for base in (
        os.environ.get("PROGRAMFILES(X86)"),
        os.environ.get("PROGRAMFILES"),
        os.environ.get("LOCALAPPDATA") and str(Path(os.environ["LOCALAPPDATA"]) / "Programs"),
    ):
        if base:
            candidate = Path(base) / "Inno Setup 6" / "ISCC.exe"
            if candidate.exists():
                return str(candidate)
    raise SystemExit("Inno Setup 6 (ISCC.exe) not found: install it (choco install innosetup)")


def inno_setup_command(
    iscc: str, iss: Path, app: Path, dist: Path, version: str, numeric: tuple[int, ...], icon: Path
) -> list[str]:
    command = [
        iscc,
        "/Qp",
        f"/DAppVersion={version}",
        f"/DAppNumericVersion={'.'.join(str(n) for n in numeric)}",
        f"/DSourceDir={app}",
        f"/DOutputDir={dist}",
    ]
    if icon.exists():
        command.append(f"/DIconFile={icon}")
    return [*command, str(iss)]


def make_inno_setup(
    app: Path, dist: Path, version: str, numeric: tuple[int, ...], icon: Path, recipes: Path
) -> Path:
    """CreditDesk-<v>-windows-x64-setup.exe (per-user, no administrator rights)."""
    subprocess.run(
        inno_setup_command(
            find_iscc(), recipes / "creditdesk.iss", app, dist, version, numeric, icon
        ),
        check=True,
    )
    out = dist / f"{APP}-{version}-windows-x64-setup.exe"
    print(f"wrote {out}")
    return out


def make_zip(app: Path, dist: Path, version: str, tag: str) -> Path:
    """CreditDesk-<v>-<tag>-portable.zip: the folder, for machines where installing is not allowed."""
    base = dist / f"{APP}-{version}-{tag}-portable"
    return Path(shutil.make_archive(str(base), "zip", root_dir=app.parent, base_dir=app.name))
