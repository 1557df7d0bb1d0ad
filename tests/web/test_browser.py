"""The pages as a person uses them: headless Chromium against the real server.

Types a query with Turkish letters, narrows it to letters, opens the hit, follows a
footnote marker (with and without the page's script), and reads the pages on a phone-sized
screen. Every step takes a screenshot; the screenshots are checked for what must be seen
(the yellow of the matched words, the ink of the note's text) by drawing them onto a canvas
in the same browser, next to the page text the step expects.

Debian's ``chromium`` is driven through Playwright's Python API, never a downloaded browser.
Without ``/usr/bin/chromium`` the test is skipped, except under ``CI``, where it must run.
"""

from __future__ import annotations

import base64
import os
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright import sync_api

from .helpers import SEED, Server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MARK_YELLOW = (0xFF, 0xE3, 0x7A)  # the background of <mark> in web.css
TIMEOUT_MS = 15_000

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip(
        f"{CHROMIUM} is not installed (apt-get install chromium); CI runs this test",
        allow_module_level=True,
    )


@dataclass(frozen=True)
class Picture:
    """What a screenshot shows, measured pixel by pixel."""

    width: int
    height: int
    ink: float  # share of dark pixels (text)
    marked: int  # pixels of the <mark> yellow
    colours: int  # distinct colours, coarsely binned


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


_MEASURE = """
async ([url, yellow]) => {
  const img = new Image();
  img.src = url;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.width;
  canvas.height = img.height;
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const px = ctx.getImageData(0, 0, img.width, img.height).data;
  let ink = 0, marked = 0;
  const bins = new Set();
  for (let i = 0; i < px.length; i += 4) {
    const r = px[i], g = px[i + 1], b = px[i + 2];
    if (r + g + b < 300) ink++;
    const near = (v, w) => Math.abs(v - w) < 12;
    if (near(r, yellow[0]) && near(g, yellow[1]) && near(b, yellow[2])) marked++;
    bins.add((r >> 5) * 64 + (g >> 5) * 8 + (b >> 5));
  }
  return [img.width, img.height, ink / (px.length / 4), marked, bins.size];
}
"""


class Browser:
    """One Chromium for the module; screenshots go to ``shots``."""

    def __init__(self, playwright: Any, shots: Path) -> None:
        self.browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        self.shots = shots
        self.scratch = self.browser.new_page()
        self.errors: list[str] = []  # script errors of the pages opened since the last page()

    def page(self, **options: Any) -> Any:
        context = self.browser.new_context(locale="tr-TR", **options)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        self.errors = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda msg: self._console(msg))
        return page

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def shoot(self, page: Any, name: str, *, element: Any = None, full: bool = False) -> Picture:
        path = self.shots / f"{name}.png"
        if element is not None:
            element.screenshot(path=str(path))
        else:
            page.screenshot(path=str(path), full_page=full)
        width, height = png_size(path)
        url = "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()
        measured = self.scratch.evaluate(_MEASURE, [url, list(MARK_YELLOW)])
        picture = Picture(*measured)
        assert (picture.width, picture.height) == (width, height)
        assert picture.colours > 8 and picture.ink > 0.002, f"{path} looks blank: {picture}"
        return picture


@pytest.fixture(scope="module")
def browser(server: Server) -> Iterator[Browser]:
    shots = server.root / "screenshots"
    shots.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        driver = Browser(playwright, shots)
        try:
            yield driver
        finally:
            driver.browser.close()


def visible_text(page: Any, selector: str) -> str:
    return " ".join(page.locator(selector).inner_text().split())


def in_viewport(page: Any, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] < height and box["y"] + box["height"] > 0


def test_search_filter_open_and_follow_a_note(browser: Browser, server: Server) -> None:
    page = browser.page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server.base}/")
    assert page.locator("html").get_attribute("lang") == "tr"

    # Type the query letter by letter, as a person would, and send it with Enter.
    box = page.locator("#f-q")
    box.click()
    box.press_sequentially("Çiçerin", delay=20)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=%C3%87i%C3%A7erin$"))
    summary = visible_text(page, "p.summary")
    assert re.fullmatch(r"1–10 / \d+ sonuç", summary), summary
    marks = page.locator("p.snippet mark").all_inner_texts()
    assert marks and all(m.startswith(("Çiçerin", "Tchitcherine")) for m in marks)
    picture = browser.shoot(page, "1-search", full=True)
    assert picture.marked > 200, "the matched words are not highlighted on screen"

    # Narrow to letters with the form: open the filters, tick "Mektup", apply.
    page.locator("details.filters > summary").click()
    page.get_by_label("Mektup", exact=True).check()
    page.get_by_role("button", name="Uygula").click()
    page.wait_for_url(re.compile(r"type=letter"))
    hits = page.locator("ol.hits > li")
    assert hits.count() == 1
    assert visible_text(page, "ol.hits > li .badge") == "Mektup"
    assert "Tchitcherine" in visible_text(page, "ol.hits > li h3")
    selected = page.locator(".facet-type a[aria-current='true']")
    assert visible_text(page, ".facet-type a[aria-current='true'] .facet-label") == "Mektup"
    assert selected.count() == 1
    browser.shoot(page, "2-letters", full=True)

    # Open the hit: the reading view, at the letter, with the words marked.
    hits.first.locator("h3 a").click()
    page.wait_for_url(re.compile(rf"/read/{SEED}\?q=.*#letter-2$"))
    assert in_viewport(page, "#letter-2")
    letter = visible_text(page, "#letter-2 header")
    assert "3 Haziran 1920" in letter and "Moskova" in letter and "U/851" in letter
    assert "Tchitcherine" in page.locator("#letter-2 mark").all_inner_texts()
    browser.shoot(page, "3-letter")
    # The signature, at the letter's end, is the marked spelling of the name.
    page.locator("#letter-2 mark").last.scroll_into_view_if_needed()
    picture = browser.shoot(page, "3-letter-signature")
    assert picture.marked > 50, "the matched name is not highlighted on screen"

    # The marker of note 28, just above the letter, opens the note beside the text.
    marker = page.locator("#ref-28")
    marker.scroll_into_view_if_needed()
    marker.click()
    pop = page.locator("#note-pop")
    pop.wait_for(state="visible")
    assert marker.get_attribute("aria-expanded") == "true"
    note_text = visible_text(page, "#note-28 .note-text")
    assert note_text in visible_text(page, "#note-pop")
    assert note_text == "Atatürk'ün Milli Dış..., s.157-161."
    assert page.url.endswith("#letter-2")  # the reader stayed where they were
    picture = browser.shoot(page, "4-note-popover", element=pop)
    assert picture.ink > 0.01, "the note's text is not on screen"

    # Escape closes it and gives the focus back to the marker.
    page.keyboard.press("Escape")
    assert pop.count() == 0
    assert page.evaluate("document.activeElement.id") == "ref-28"

    # By keyboard: Enter on the marker, then Enter on the popover's link to the note.
    page.keyboard.press("Enter")
    pop.wait_for(state="visible")
    pop.get_by_role("link", name="Dipnota git").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#note-28$"))
    assert in_viewport(page, "#note-28")
    browser.shoot(page, "5-note")
    page.locator("#note-28 a.backref").click()
    page.wait_for_url(re.compile(r"#ref-28$"))
    assert in_viewport(page, "#ref-28")
    assert browser.errors == []


def test_a_footnote_marker_works_without_script(browser: Browser, server: Server) -> None:
    page = browser.page(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page.goto(f"{server.base}/read/{SEED}#p5")
    page.locator("#ref-1").click()
    page.wait_for_url(re.compile(r"#note-1$"))
    assert in_viewport(page, "#note-1")
    assert "Lord Kinross" in visible_text(page, "#note-1")
    browser.shoot(page, "6-note-without-script")


def test_keyboard_reaches_the_content_first(browser: Browser, server: Server) -> None:
    page = browser.page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server.base}/read/{SEED}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    skip = page.locator("a.skip").bounding_box()
    assert skip is not None and skip["y"] >= 0, "the skip link stays off screen when focused"
    browser.shoot(page, "7-skip-link")
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert page.evaluate("document.activeElement.id") == "main"


def test_readable_on_a_phone(browser: Browser, server: Server) -> None:
    page = browser.page(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    for name, path in (
        ("8-phone-search", "/search?q=Karabekir&type=letter"),
        ("9-phone-letter", f"/read/{SEED}?q=Karabekir#letter-4"),
    ):
        page.goto(f"{server.base}{path}")
        overflow = page.evaluate(
            "document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
        size = page.evaluate("getComputedStyle(document.body).fontSize")
        assert float(size.removesuffix("px")) >= 16
        browser.shoot(page, name)
    # The text comes first: the table of contents starts folded, one tap away.
    toc = page.locator("details.toc-box")
    assert toc.get_attribute("open") is None
    page.locator("details.toc-box > summary").click()
    assert toc.get_attribute("open") is not None
    # The letter's facts and the marked name are there on the small screen too.
    assert "Kâzım Karabekir" in visible_text(page, "#letter-4 header")
    assert page.locator("#letter-4 mark").count() >= 1
