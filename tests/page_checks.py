"""Checks that axe-core does not make, as JavaScript run in the page, for test_page_checks.py
and test_print.py: focus visibility and obscuring (WCAG 2.4.7, 2.4.11), target size (2.5.8),
reflow (1.4.10) and text spacing (1.4.12), and the links of a page against the built site."""

from __future__ import annotations

import html.parser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

# One page of each type the site builds.
PAGE_TYPES = {
    "home": "/",
    "hand-written": "/funding/",
    "areas": "/needs/",
    "area": "/needs/social-emotional-and-mental-health/",
    "need": "/needs/communication-and-interaction/autism/",
    "family view": "/needs/communication-and-interaction/autism/families/",
    "universal": "/universal/",
    "apdr": "/apdr/",
    "glossary": "/glossary/",
    "checker": "/checker/",
    "next steps": "/next-steps/",
    "support plans": "/plans/",
    "plan": "/plans/individual-support-plan/",
    "plan with a self-review": "/plans/inclusion-offer/",
    "finder": "/local-offer/",
    "service": "/local-offer/services/autism-family-advice-line/",
    "browse by need": "/local-offer/needs/autism/",
    "browse by type": "/local-offer/types/short-breaks/",
    "browse by place": "/local-offer/places/riverside/",
    "you said, we did": "/local-offer/you-said-we-did/",
    "Local Offer information": "/local-offer/short-breaks/",
    "what has changed": "/changes/",
    "editions": "/editions/",
    "accessibility statement": "/accessibility/",
    "privacy notice": "/privacy/",
    "not found": "/404.html",
}

# Parts of a page that only make sense with its script, so their links are not missed without it:
# /next-steps/'s questions (their hints' glossary terms are in the glossary) and the family
# views of the needs the checker's result names in the address's fragment (each need page links
# its own).
SCRIPTED_BY_DESIGN = {"next steps": "[data-ord-next-form], [data-ord-next-families]"}

# Lists a page's script shows in place of one shown without it, and where a reader without the
# script finds their links instead: the need page's services ranked for a chosen phase (without
# the script the general ranking shows), whose every service is on the full list the page links.
# (selector of the lists, selector of the link to the full list)
SHOWN_ELSEWHERE = {"need": ("[data-ord-phase-list]:not([data-ord-phase-list=''])",
                            "#section-services ~ p a[href$='/local-offer/needs/autism/']")}

# WCAG 1.4.12: the spacing a reader may set, which content must survive.
TEXT_SPACING_CSS = ("* { line-height: 1.5 !important; letter-spacing: 0.12em !important; "
                    "word-spacing: 0.16em !important; } "
                    "p { margin-bottom: 2em !important; }")

# Shared helpers defined once per page (the page keeps them on window.__ordChecks).
_HELPERS = r"""
(() => {
  if (window.__ordChecks) { return; }
  const visible = (e) => {
    if (!e.isConnected || !e.checkVisibility({opacityProperty: true, visibilityProperty: true})) {
      return false;
    }
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const name = (e) => {
    const text = (e.getAttribute("aria-label") || e.textContent || e.value || e.id || "")
      .replace(/\s+/g, " ").trim().slice(0, 50);
    const cls = (typeof e.className === "string" ? e.className : "").split(" ")
      .filter((c) => c && c !== "focus-visible")[0];
    return e.tagName.toLowerCase() + (cls ? "." + cls : "") + (text ? ' "' + text + '"' : "");
  };
  /* The boxes of the fixed or sticky bars at the top: Material's header and tabs. */
  const bars = () => [...document.querySelectorAll(".md-header, .md-tabs")]
    .filter((b) => visible(b) && ["fixed", "sticky"].includes(getComputedStyle(b).position))
    .map((b) => b.getBoundingClientRect());
  /* Is the element inside a box that scrolls sideways (a wide table in its own scroller)? */
  const inScroller = (e) => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll") { return true; }
    }
    return false;
  };
  /* Text hidden on purpose for screen readers (1 by 1 pixel, clipped). */
  const srOnly = (e) => {
    for (let p = e; p && p !== document.body; p = p.parentElement) {
      const r = p.getBoundingClientRect();
      if (r.width <= 1 && r.height <= 1) { return true; }
      if (p.matches(".ord-visually-hidden, .md-skip, .md-visually-hidden")) { return true; }
    }
    return false;
  };
  window.__ordChecks = {visible, name, bars, inScroller, srOnly};
})();
"""

# Every element that keyboard focus can reach, with its look before it has focus.
RECORD_UNFOCUSED = _HELPERS + r"""
(() => {
  const base = new WeakMap();
  const look = (e) => {
    const s = getComputedStyle(e);
    return {outline: s.outlineStyle + " " + s.outlineWidth + " " + s.outlineColor,
            shadow: s.boxShadow, border: s.borderColor + " " + s.borderWidth,
            background: s.backgroundColor};
  };
  for (const e of document.querySelectorAll("a[href], button, input, select, textarea, summary, "
      + "[tabindex], label[for]")) {
    base.set(e, look(e));
    /* A form field's box can show its focus (the theme's search box does). */
    for (let p = e.parentElement, n = 0; p && n < 2; p = p.parentElement, n++) {
      if (!base.has(p)) { base.set(p, look(p)); }
    }
  }
  window.__ordUnfocused = base;
  window.__ordFirst = null;
})();
"""

# The focused element: can a sighted keyboard user see it and where focus is?
FOCUS_STATE = r"""
async () => {
  const {visible, name, bars} = window.__ordChecks;
  /* After a scroll let the theme's scroll handlers run (it resizes the sticky sidebar): the
     next frame, or 50 ms where no frame comes. (A form field's own focus handlers are waited
     for beforehand, by settle_focus.) */
  const frame = () => new Promise((resolve) => {
    requestAnimationFrame(() => resolve());
    setTimeout(resolve, 50);
  });
  if (window.__ordScrolled !== window.scrollY) {
    await frame();
    await frame();
    window.__ordScrolled = window.scrollY;
  }
  /* Measure where the page comes to rest: end the theme's slides and fades now. */
  for (const a of document.getAnimations()) { try { a.finish(); } catch (err) { /* endless */ } }
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) { return {done: true}; }
  if (window.__ordFirst === e) { return {done: true}; }
  window.__ordFirst = window.__ordFirst || e;
  const problems = [];
  const s = getComputedStyle(e);
  const before = (window.__ordUnfocused && window.__ordUnfocused.get(e)) ||
    {outline: "none 0px", shadow: "none", border: "", background: ""};
  const outlineWidth = s.outlineStyle === "none" ? 0 : parseFloat(s.outlineWidth);
  const clear = (c) => /rgba\(.*, 0\)$/.test(c) || c === "transparent";
  const outline = s.outlineStyle + " " + s.outlineWidth + " " + s.outlineColor;
  /* A visible indicator: the browser's own ring, an outline of 2px or more, or a focus-only
     box shadow, border or background. */
  const ring = s.outlineStyle === "auto" ||
    (outlineWidth >= 2 && !clear(s.outlineColor) && outline !== before.outline);
  const shadow = s.boxShadow !== "none" && s.boxShadow !== before.shadow;
  const border = before.border !== "" && s.borderColor + " " + s.borderWidth !== before.border &&
    parseFloat(s.borderWidth) >= 2;
  const background = before.background !== "" && s.backgroundColor !== before.background;
  const changed = (el) => {
    const was = window.__ordUnfocused && window.__ordUnfocused.get(el);
    const now = getComputedStyle(el);
    return was && (now.backgroundColor !== was.background || now.boxShadow !== was.shadow);
  };
  const boxes = [e.parentElement, e.parentElement && e.parentElement.parentElement];
  const field = e.matches("input, select, textarea") && boxes.some((p) => p && changed(p));
  let shown = e;
  /* A visually hidden box whose label shows the focus (Material's option toggles). */
  if (!visible(e) && e.labels && e.labels.length) { shown = e.labels[0]; }
  if (!(ring || shadow || border || background || field) && shown === e) {
    problems.push("no visible focus indicator (outline " + outline + ", box-shadow " +
                  s.boxShadow + ")");
  }
  const r = shown.getBoundingClientRect();
  const vw = document.documentElement.clientWidth, vh = window.innerHeight;
  const box = {left: Math.max(r.left, 0), top: Math.max(r.top, 0),
               right: Math.min(r.right, vw), bottom: Math.min(r.bottom, vh)};
  if (!visible(shown) || box.right - box.left < 1 || box.bottom - box.top < 1) {
    problems.push("focused but not on screen (box " + [r.left, r.top, r.width, r.height]
                  .map(Math.round).join(", ") + ")");
  } else {
    const inBar = e.closest(".md-header, .md-tabs, .md-search, .md-skip, [data-md-component=skip]");
    if (!inBar) {
      for (const b of bars()) {
        if (box.top >= b.top && box.bottom <= b.bottom && box.left >= b.left &&
            box.right <= b.right) {
          problems.push("entirely hidden behind the sticky header (top " + Math.round(r.top) +
                        ", header bottom " + Math.round(b.bottom) + ")");
        }
      }
    }
    /* The centre of each line of the element (a link can wrap onto two lines). */
    const owns = (hit) => hit && (hit === shown || shown.contains(hit) ||
      (e.labels && [...e.labels].some((l) => l === hit || l.contains(hit))));
    const hits = [...shown.getClientRects()].filter((c) => c.width > 0 && c.height > 0 &&
        c.right > 0 && c.bottom > 0 && c.left < vw && c.top < vh)
      .map((c) => document.elementFromPoint(
        (Math.max(c.left, 0) + Math.min(c.right, vw)) / 2,
        (Math.max(c.top, 0) + Math.min(c.bottom, vh)) / 2));
    if (hits.length && !hits.some(owns)) {
      problems.push("covered at its centre by " + name(hits.find((h) => h) || document.body));
    }
  }
  return {done: false, name: name(e), problems, content: e.closest(".md-content") !== null};
}
"""

# Interactive elements smaller than 24 by 24 CSS pixels with no exception of WCAG 2.5.8.
SMALL_TARGETS = r"""
() => {
  const {visible, name} = window.__ordChecks;
  const vw = document.documentElement.clientWidth;
  const all = [...document.querySelectorAll(
      "a[href], button, input:not([type=hidden]), select, textarea, summary, label[for]")]
    .filter((e) => {
      if (!visible(e)) { return false; }
      const r = e.getBoundingClientRect();
      return r.right > 0 && r.left < vw;  /* not parked off the side, like a closed drawer */
    });
  /* Links in a sentence: inline, inside running text with words of its own. */
  const inline = (e) => {
    if (e.tagName !== "A" || getComputedStyle(e).display !== "inline") { return false; }
    const block = e.parentElement.closest("p, li, td, dd, dt, blockquote, figcaption");
    if (!block) { return false; }
    const own = block.textContent.replace(/\s+/g, "");
    const link = e.textContent.replace(/\s+/g, "");
    return own.length > link.length;
  };
  /* A target's box: a link that wraps gives one box per line; use the largest. */
  const boxes = all.map((e) => {
    const rects = [...e.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    return rects.length ? rects : [e.getBoundingClientRect()];
  });
  const small = [], spaced = [];
  let inlineCount = 0;
  all.forEach((e, i) => {
    if (inline(e)) { inlineCount++; return; }
    /* An input whose label is the larger target (label[for] is checked on its own). */
    const roomy = (l) => visible(l) && l.getBoundingClientRect().height >= 24 &&
      l.getBoundingClientRect().width >= 24;
    if (e.labels && [...e.labels].some(roomy)) { return; }
    const big = boxes[i].some((r) => r.width >= 23.5 && r.height >= 23.5);
    if (big) { return; }
    const r = e.getBoundingClientRect();
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    /* Spacing: a 24px circle on its centre must miss every other target. */
    const clash = all.find((o, j) => {
      if (j === i || o.contains(e) || e.contains(o) || (e.labels && [...e.labels].includes(o)) ||
          (o.labels && [...o.labels].includes(e)) || (o.htmlFor && o.htmlFor === e.id)) {
        return false;
      }
      return boxes[j].some((b) => {
        const dx = Math.max(b.left - cx, 0, cx - b.right);
        const dy = Math.max(b.top - cy, 0, cy - b.bottom);
        return dx * dx + dy * dy < 144;
      });
    });
    const size = Math.round(r.width) + "x" + Math.round(r.height);
    if (clash) {
      small.push(name(e) + " is " + size + " and too close to " + name(clash));
    } else {
      spaced.push(name(e) + " is " + size);
    }
  });
  return {checked: all.length, inline: inlineCount, spaced, small};
}
"""

# Sideways scrolling of the page and text cut off at the right edge.
REFLOW = r"""
() => {
  const {visible, name, inScroller, srOnly} = window.__ordChecks;
  const doc = document.documentElement;
  const problems = [];
  if (doc.scrollWidth > doc.clientWidth) {
    problems.push("the page scrolls sideways: " + doc.scrollWidth + "px wide in " +
                  doc.clientWidth + "px");
  }
  const vw = doc.clientWidth;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const e = t.parentElement;
    if (!t.textContent.trim() || !e || seen.has(e) || !visible(e) || srOnly(e) || inScroller(e)) {
      continue;
    }
    const range = document.createRange();
    range.selectNodeContents(t);
    for (const r of range.getClientRects()) {
      if (r.width > 0 && (r.right > vw + 1 || r.left < -1) && r.right > 0 && r.left < vw) {
        problems.push("text cut off at the edge: " + name(e) + " spans " + Math.round(r.left) +
                      " to " + Math.round(r.right));
        seen.add(e);
        break;
      }
    }
  }
  return problems;
}
"""

# Text that a box with overflow hidden or clipped cuts off, and interactive boxes that overlap.
CLIPPED_AND_OVERLAPS = r"""
() => {
  const {visible, name, srOnly} = window.__ordChecks;
  const problems = [];
  const vw = document.documentElement.clientWidth;
  /* On screen across (a closed drawer parked off the side is not read). */
  const across = (e) => {
    const r = e.getBoundingClientRect();
    return r.right > 0 && r.left < vw;
  };
  for (const e of document.body.querySelectorAll("*")) {
    if (!visible(e) || srOnly(e) || !across(e)) { continue; }
    const s = getComputedStyle(e);
    const hidesX = ["hidden", "clip"].includes(s.overflowX);
    const hidesY = ["hidden", "clip"].includes(s.overflowY);
    if (!hidesX && !hidesY) { continue; }
    if (!e.innerText || !e.innerText.trim()) { continue; }
    if ((hidesY && e.scrollHeight > e.clientHeight + 1) ||
        (hidesX && e.scrollWidth > e.clientWidth + 1)) {
      problems.push("text clipped: " + name(e) + " shows " + e.clientWidth + "x" +
                    e.clientHeight + " of " + e.scrollWidth + "x" + e.scrollHeight);
    }
  }
  const items = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6, button, a[href], summary")]
    .filter((e) => visible(e) && !srOnly(e) && !e.closest(".md-header, .md-search"))
    .map((e) => ({e, rects: [...e.getClientRects()].filter((r) => r.width > 1 && r.height > 1 &&
                                                          r.right > 0 && r.left < vw)}))
    .filter((i) => i.rects.length);
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i], b = items[j];
      if (a.e.contains(b.e) || b.e.contains(a.e)) { continue; }
      for (const p of a.rects) {
        const hit = b.rects.find((q) => {
          const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
          const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
          return w > 2 && h > 0.25 * Math.min(p.height, q.height);
        });
        if (hit) {
          problems.push("overlap: " + name(a.e) + " and " + name(b.e));
          break;
        }
      }
    }
  }
  return problems;
}
"""


# The focus handlers that act a moment after focus have acted: the theme opens its search when
# the search box gets focus (debounced), so the box's look is measured with search open.
FOCUS_SETTLED = """() => {
  const e = document.activeElement, search = document.getElementById("__search");
  return !e || !search || !e.matches("[data-md-component=search-query]") || search.checked;
}"""

# An init script (before the theme's own scripts): records each query the theme's search sends
# its web worker and counts the answers, so a test can wait until the results listed are the
# answer to the last query (the theme lists results again for each key as it arrives). It also
# notes when the page sends its request for the search index: on the finder page
# search-defer.js holds that request back until the header search is first used.
SEARCH_WATCH = """(() => {
  const Native = window.Worker;
  if (!Native || window.__ordSearch) { return; }
  const watch = window.__ordSearch = {asked: [], answered: 0, indexSent: false};
  const open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__ordIndex = /\\/search\\/search_index\\.json/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.__ordIndex) { watch.indexSent = true; }
    return send.apply(this, arguments);
  };
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        const data = event.data && event.data.data;
        if (data && Array.isArray(data.items)) { watch.answered += 1; }
      });
    }
    postMessage(message, ...rest) {
      if (message && typeof message.data === "string") { watch.asked.push(message.data); }
      return super.postMessage(message, ...rest);
    }
  };
})();"""

SEARCH_ANSWERED = """(query) => {
  const watch = window.__ordSearch;
  return !!watch && watch.asked[watch.asked.length - 1] === query
    && watch.answered === watch.asked.length;
}"""


def install(page) -> None:
    """Define the shared helpers in the page (again after each navigation)."""
    page.evaluate(_HELPERS)


# The search index is ready, or the page holds its request back until the header search is
# first used (search-defer.js on the finder page) and has not sent it yet. Without SEARCH_WATCH,
# "not sent" is "no index fetched", which a request still on its way also looks like.
SEARCH_READY_OR_HELD = """() => {
  const meta = document.querySelector(".md-search-result__meta");
  if (!meta || !/Initializing/i.test(meta.textContent)) { return true; }
  const defers = !!document.querySelector("script[src$='ordinarily/search-defer.js']");
  const watch = window.__ordSearch;
  const sent = watch && "indexSent" in watch ? watch.indexSent : performance
    .getEntriesByType("resource").some((r) => /\\/search\\/search_index\\.json/.test(r.name));
  return defers && !sent;
}"""


def wait_for_search(page) -> None:
    """The theme's search opens on focus only once its index is ready: wait for that, unless
    the page holds the index back until the search is first used (then focus fetches it, and
    settle_focus waits for the search to open)."""
    page.wait_for_function(SEARCH_READY_OR_HELD)


def wait_for_status(page, text: str) -> None:
    """Wait until the finder's status line says `text` (a function, which the pages'
    Content-Security-Policy allows, where an expression string would need eval)."""
    page.wait_for_function(
        "(t) => document.querySelector('[data-ord-finder-status]').textContent.includes(t)",
        arg=text)


def wait_for_search_results(page, query: str) -> None:
    """Wait until the theme's search has answered `query`, its last query, and listed the
    answer (needs SEARCH_WATCH as an init script)."""
    page.wait_for_function(SEARCH_ANSWERED, arg=query, timeout=15000)


def settle_focus(page) -> None:
    page.wait_for_function(FOCUS_SETTLED, timeout=5000)


def tab_through(page, limit: int = 200) -> tuple[list[dict], list[str]]:
    """Press Tab from the top of the page until focus wraps or `limit` presses; return what
    each press reached (name, and whether it is in the main content) and the problems found."""
    wait_for_search(page)
    page.evaluate(RECORD_UNFOCUSED)
    reached: list[dict] = []
    problems: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        settle_focus(page)
        state = page.evaluate(FOCUS_STATE)
        if state["done"]:
            break
        reached.append(state)
        problems += [f"{state['name']}: {p}" for p in state["problems"]]
    return reached, problems


def tab_to(page, selector: str, limit: int = 150) -> list[str]:
    """Press Tab until the focused element matches `selector`, checking each element on the
    way as tab_through does; return the problems found."""
    wait_for_search(page)
    page.evaluate(RECORD_UNFOCUSED)
    problems: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        settle_focus(page)
        state = page.evaluate(FOCUS_STATE)
        problems += [f"{state.get('name')}: {p}" for p in state.get("problems", [])]
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return problems
    raise AssertionError(f"Tab never reached {selector} in {limit} presses")


class _Ids(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        for key, value in attrs:
            if key in ("id", "name") and value:
                self.ids.add(value)


_IDS: dict[Path, set[str]] = {}


def ids_in(path: Path) -> set[str]:
    if path not in _IDS:
        parser = _Ids()
        parser.feed(path.read_text("utf-8"))
        _IDS[path] = parser.ids
    return _IDS[path]


def broken_links(site: Path, site_url: str, page_url: str, hrefs: list[str]) -> list[str]:
    """Links on the site's own origin whose file (or anchor) the build did not write."""
    origin = urlparse(site_url).netloc
    broken = []
    for href in hrefs:
        target = urlparse(urljoin(page_url, href))
        if target.scheme not in ("http", "https") or target.netloc != origin:
            continue
        path = site / unquote(target.path).lstrip("/")
        if target.path.endswith("/"):
            path = path / "index.html"
        if not path.is_file():
            broken.append(f"{href}: no file {path.relative_to(site)}")
        elif target.fragment and path.suffix == ".html" and \
                unquote(target.fragment) not in ids_in(path):
            broken.append(f"{href}: no #{target.fragment} in {path.relative_to(site)}")
    return broken


def open_details(page, limit: int = 50) -> int:
    """Open each closed <details> in the main content by clicking its summary, as a reader
    without JavaScript can (the browser opens it itself); return how many were opened."""
    closed = page.locator("article.md-content__inner details:not([open]) > summary:visible")
    opened = 0
    while closed.count():
        summary = closed.first.element_handle()
        summary.click()
        assert summary.evaluate("(s) => s.parentElement.open"), \
            f"a <details> does not open without JavaScript: {summary.inner_text()}"
        opened += 1
        assert opened < limit, "more <details> than expected"
    return opened


def links_on(site: Path, href: str) -> set[str]:
    """Where the links on one page of the built site lead (absolute, without fragment)."""
    target = urlparse(href)
    path = site / unquote(target.path).lstrip("/")
    parser = _Links()
    parser.feed((path / "index.html" if target.path.endswith("/") else path).read_text("utf-8"))
    return {urljoin(href, link).split("#")[0] for link in parser.hrefs}


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


# Without JavaScript: what a reader can see and follow in the main content. `byDesign` selects
# the parts whose links only work with the script by design (see SCRIPTED_BY_DESIGN).
WITHOUT_JAVASCRIPT = r"""
(byDesign) => {
  const {visible, name} = window.__ordChecks;
  const main = document.querySelector("article.md-content__inner");
  const h1 = document.querySelector("h1");
  const problems = [];
  if (!h1 || !visible(h1)) { problems.push("the main heading is not shown"); }
  if (!main || !visible(main)) {
    return {problems: problems.concat("the main content is not shown"), hrefs: [], text: ""};
  }
  /* Parts marked hidden in the HTML are the ones the scripts show; everything else must show. */
  const scripted = (e) => e.closest("[hidden]") !== null;
  const links = [...main.querySelectorAll("a[href]")];
  const shown = new Set(links.filter(visible).map((a) => a.href));
  for (const a of links) {
    if (!visible(a) && !shown.has(a.href) && !(byDesign && a.closest(byDesign))) {
      problems.push("only reachable with JavaScript: " + name(a) + " to " + a.getAttribute("href"));
    }
  }
  for (const e of main.querySelectorAll("h1, h2, h3, h4, h5, h6, label, dt, dd, li, .ord-entry")) {
    if (!scripted(e) && !visible(e) && !e.closest(".ord-visually-hidden")) {
      problems.push("hidden without JavaScript: " + name(e));
    }
  }
  /* A button that needs a script to do anything must not show when there is none (a form's
     submit button works without one). */
  for (const b of main.querySelectorAll("button")) {
    if (visible(b) && !(b.type === "submit" && b.form)) {
      problems.push("a button that does nothing without JavaScript: " + name(b));
    }
  }
  return {problems, hrefs: links.filter(visible).map((a) => a.getAttribute("href")),
          text: main.innerText};
}
"""


def storage_report(page) -> dict:
    """Everything the page's origin keeps in the browser, with keys and values."""
    return page.evaluate("""() => ({
        cookie: document.cookie,
        localStorage: Object.fromEntries(Object.keys(localStorage).map(
            (k) => [k, localStorage.getItem(k)])),
        sessionStorage: Object.fromEntries(Object.keys(sessionStorage).map(
            (k) => [k, sessionStorage.getItem(k)])),
    })""")
