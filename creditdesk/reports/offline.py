"""Does an HTML file load anything from the network? Checked on every report we write.

What counts is what a browser would fetch: ``src``/``href``/``srcset``/
``poster``/``data`` attributes of elements, ``@import`` and ``url(...)`` in
style sheets and style attributes. URLs that appear inside script text (error
messages, licence comments) are not fetched and are not counted.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from creditdesk.errors import CreditDeskError

_REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*['"]?\s*((?:https?:)?//[^'")\s]+)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(
    r"""@import\s+(?:url\()?\s*['"]?\s*((?:https?:)?//[^'")\s;]+)""", re.IGNORECASE
)
_FETCHING_ATTRS = {
    "src",
    "srcset",
    "poster",
    "data",
    "background",
    "action",
    "formaction",
    "manifest",
}
#: <a href> is a link the reader may follow, not a resource; <link href> is fetched
_HREF_FETCHED_BY = {"link", "use", "image", "base"}


class NotSelfContainedError(CreditDeskError):
    """A report refers to a resource on the network."""


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            if not value:
                continue
            name = name.lower()
            if name in _FETCHING_ATTRS or (
                name in ("href", "xlink:href") and tag in _HREF_FETCHED_BY
            ):
                candidates = (
                    [part.split()[0] for part in value.split(",") if part.strip()]
                    if name == "srcset"
                    else [value]
                )
                self.found += [f"<{tag} {name}={c}>" for c in candidates if _REMOTE.match(c)]
            if name == "style":
                self._css(value, f"<{tag} style>")
            if tag == "meta" and name == "content" and "url=" in value.lower():
                url = value.lower().split("url=", 1)[1]
                if _REMOTE.match(url):
                    self.found.append(f"<meta refresh {url}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._css(data, "<style>")

    def _css(self, css: str, where: str) -> None:
        self.found += [f"{where} url({m})" for m in _CSS_URL.findall(css)]
        self.found += [f"{where} @import {m}" for m in _CSS_IMPORT.findall(css)]


def external_resources(html: str) -> list[str]:
    """Every network resource ``html`` would load (empty when the page is self-contained)."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.found


def assert_self_contained(path: str | Path) -> None:
    """Raise :class:`NotSelfContainedError` naming the first resources the file would fetch."""
    found = external_resources(Path(path).read_text(encoding="utf-8", errors="replace"))
    if found:
        shown = "; ".join(found[:3]) + (f" and {len(found) - 3} more" if len(found) > 3 else "")
        raise NotSelfContainedError(f"{path} needs the network to display: {shown}")
