"""The accessibility and validity gates, as functions a test runs on the built site or on a
deliberately broken page (tests/browser/broken/) to prove the gate can fail.

Each gate returns a list of findings; an empty list is a pass. A finding's str() says what a
person needs to fix it: the page, the rule, the element and the hint.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

# WCAG 2.0, 2.1 and 2.2 at levels A and AA (the law for public-sector sites in the UK): the same
# rules `sevenminute gates` runs on a partnership's site, named once there.
from sevenminute.cli.gates import AXE_TAGS

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


# WCAG 1.4.12 Text Spacing: the user style sheet the success criterion describes.
TEXT_SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

# Material animates palette and layout changes; the gates measure the settled page.
NO_MOTION_CSS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


@dataclass(frozen=True)
class Finding:
    page: str      # URL or file
    rule: str      # rule id of the tool that found it
    element: str   # selector and/or HTML snippet
    hint: str      # what is wrong and how to fix it

    def __str__(self) -> str:
        return f"{self.page}\n    rule: {self.rule}\n    element: {self.element}\n    fix: {self.hint}"


def report(findings: list[Finding], what: str) -> str:
    """The failure message of a gate: every finding, so one run shows everything to fix."""
    lines = [f"{len(findings)} {what}:"]
    lines += [f"- {f}" for f in findings]
    return "\n".join(lines)


def settle(page) -> None:
    page.add_style_tag(content=NO_MOTION_CSS)
    page.evaluate("() => document.fonts.ready.then(() => true)")


# --- axe-core -------------------------------------------------------------------------------

def axe_findings(page, url: str) -> list[Finding]:
    """Load `url` and run axe-core's WCAG 2.x A and AA rules on it."""
    page.goto(url, wait_until="load")
    return run_axe(page, url)


def run_axe(page, url: str) -> list[Finding]:
    """Run axe-core's WCAG 2.x A and AA rules on the page loaded in `page`."""
    settle(page)
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    findings = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            findings.append(Finding(
                page=url,
                rule=f"{violation['id']} ({violation['impact']}; {violation['helpUrl']})",
                element=f"{' > '.join(map(str, node['target']))}  {node['html'][:300]}",
                hint=f"{violation['help']}. {summary}",
            ))
    return findings


# --- Nu HTML Checker --------------------------------------------------------------------------

def vnu_findings(files: list[Path], batch: int = 200) -> list[Finding]:
    """Run the Nu HTML Checker over HTML files, one JVM per batch; errors only."""
    findings = []
    for start in range(0, len(files), batch):
        chunk = [str(f) for f in files[start:start + batch]]
        run = subprocess.run(
            ["java", "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *chunk],
            capture_output=True, text=True,
        )
        output = run.stderr.strip() or run.stdout.strip()
        if not output:
            if run.returncode != 0:
                raise RuntimeError(f"vnu failed without output (exit {run.returncode})")
            continue
        for message in json.loads(output)["messages"]:
            if message.get("type") not in ("error", "non-document-error"):
                continue
            where = f"{message.get('url', '')}:{message.get('lastLine', '?')}:{message.get('firstColumn', message.get('lastColumn', '?'))}"
            findings.append(Finding(
                page=where.removeprefix("file:"),
                rule=f"vnu {message.get('type')}",
                element=" ".join((message.get("extract") or "").split())[:300],
                hint=message.get("message", ""),
            ))
    return findings


# --- structure ------------------------------------------------------------------------------

# What the browser exposes to assistive technology: hidden elements are left out.
STRUCTURE_JS = """() => {
    const exposed = el => el.checkVisibility() && !el.closest('[aria-hidden="true"], [hidden], [inert]');
    const outside = 'article, aside, main, nav, section, [role=article], [role=complementary], [role=main], [role=navigation], [role=region]';
    const top = sel => [...document.querySelectorAll(sel)].filter(el => exposed(el) && (el.getAttribute('role') || !el.parentElement.closest(outside)));
    return {
        title: document.title,
        lang: document.documentElement.getAttribute('lang'),
        headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]')]
            .filter(exposed)
            .map(h => ({level: Number(h.getAttribute('aria-level') || h.tagName.slice(1)),
                        text: h.innerText.trim().slice(0, 80), html: h.outerHTML.slice(0, 160)})),
        main: [...document.querySelectorAll('main, [role=main]')].filter(exposed).length,
        nav: [...document.querySelectorAll('nav, [role=navigation]')].filter(exposed).length,
        banner: top('header, [role=banner]').length,
        contentinfo: top('footer, [role=contentinfo]').length,
    };
}"""



# --- requests -----------------------------------------------------------------------------

LOCAL_SCHEMES = ("data:", "blob:", "about:")


def record_requests(context, page, url: str) -> list[str]:
    """Load `url` and return every URL the browser asked for while loading it (page and
    workers). Requests to other origins are recorded, then aborted: tests never touch the net."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    seen: list[str] = []

    def foreign(request_url: str) -> bool:
        return not (request_url.startswith(origin + "/") or request_url.startswith(LOCAL_SCHEMES))

    def record(request) -> None:
        seen.append(request.url)

    context.route(foreign, lambda route: route.abort())
    context.on("request", record)
    try:
        page.goto(url, wait_until="networkidle")
    finally:
        context.remove_listener("request", record)
        context.unroute(foreign)
    return seen


def foreign_request_findings(page_url: str, requested: list[str]) -> list[Finding]:
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page_url))
    return [
        Finding(page=page_url, rule="third-party request", element=r,
                hint="self-host this file under overrides/assets/ (fonts, scripts, styles); "
                     "readers' browsers must not contact another site")
        for r in requested
        if not (r.startswith(origin + "/") or r.startswith(LOCAL_SCHEMES))
    ]


# --- reflow and text spacing ----------------------------------------------------------------

def horizontal_scroll_findings(page, url: str) -> list[Finding]:
    """WCAG 1.4.10: the page at the current viewport (320 CSS px) must not scroll sideways."""
    page.goto(url, wait_until="load")
    settle(page)
    widest = page.evaluate("""() => {
        const limit = window.innerWidth;
        const doc = document.documentElement;
        if (doc.scrollWidth <= limit) return null;
        // Name the elements that stick out, deepest first, so the fix is findable.
        const out = [];
        for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && r.right > limit + 1 && el.checkVisibility()) {
                if (![...el.children].some(c => c.getBoundingClientRect().right > limit + 1))
                    out.push(el.outerHTML.slice(0, 200) + ` (right edge ${Math.round(r.right)}px)`);
            }
        }
        return {scrollWidth: doc.scrollWidth, innerWidth: limit, culprits: out.slice(0, 5)};
    }""")
    if widest is None:
        return []
    return [Finding(
        page=url, rule="WCAG 1.4.10 reflow",
        element="; ".join(widest["culprits"]) or "(no single element found)",
        hint=f"the page is {widest['scrollWidth']}px wide in a {widest['innerWidth']}px viewport: "
             "let long words wrap (overflow-wrap: anywhere), give tables and code their own "
             "scroll container, and avoid fixed widths",
    )]


CLIPPED_TEXT_JS = """() => {
    const found = [];
    for (const el of document.body.querySelectorAll('*')) {
        const style = getComputedStyle(el);
        const clipsX = ['hidden', 'clip'].includes(style.overflowX);
        const clipsY = ['hidden', 'clip'].includes(style.overflowY);
        if (!clipsX && !clipsY) continue;
        if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
        if (el.closest('[aria-hidden="true"], [hidden], [inert]')) continue;
        if (!el.innerText || !el.innerText.trim()) continue;
        const r = el.getBoundingClientRect();
        if (r.width < 2 || r.height < 2) continue;  // visually hidden text for screen readers
        const overX = clipsX && el.scrollWidth > el.clientWidth + 1;
        const overY = clipsY && el.scrollHeight > el.clientHeight + 1;
        if (!overX && !overY) continue;
        // Only text that is really cut off counts: some visible text node inside the element
        // must reach past the element's box.
        const box = el.getBoundingClientRect();
        let cut = null;
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode;
            if (!node.data.trim()) continue;
            const parent = node.parentElement;
            if (!parent.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            for (const t of range.getClientRects()) {
                if (t.width === 0) continue;
                if ((overX && (t.right > box.right + 1 || t.left < box.left - 1)) ||
                    (overY && (t.bottom > box.bottom + 1 || t.top < box.top - 1))) {
                    cut = node.data.trim().slice(0, 80); break;
                }
            }
            if (cut) break;
        }
        if (!cut) continue;
        let selector = el.tagName.toLowerCase();
        if (el.id) selector += '#' + el.id;
        if (el.classList.length) selector += '.' + [...el.classList].join('.');
        found.push({selector, text: cut,
                    size: `${el.clientWidth}x${el.clientHeight}, content ${el.scrollWidth}x${el.scrollHeight}`});
    }
    return found;
}"""


def clipped_text_findings(page, url: str) -> list[Finding]:
    """WCAG 1.4.12: with the text-spacing overrides applied, no text is cut off by a box that
    hides its overflow."""
    page.goto(url, wait_until="load")
    settle(page)
    page.add_style_tag(content=TEXT_SPACING_CSS)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return [
        Finding(page=url, rule="WCAG 1.4.12 text spacing", element=f"{c['selector']} ({c['size']})",
                hint=f"text '{c['text']}' is clipped when readers widen the spacing: let the box "
                     "grow with its content (no fixed height, no overflow: hidden on text)")
        for c in page.evaluate(CLIPPED_TEXT_JS)
    ]


# --- keyboard -------------------------------------------------------------------------------

# Describes the focused element and whether a sighted keyboard user can see where focus is:
# the element (or, for Material's hidden radio and checkbox inputs, their label) is on screen,
# not transparent, and drawn with an outline or a box shadow.
FOCUS_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const shows = e => {
        const s = getComputedStyle(e);
        const r = e.getBoundingClientRect();
        const onScreen = r.width >= 1 && r.height >= 1 && r.right > 0 && r.bottom > 0 &&
            r.left < innerWidth && r.top < innerHeight &&
            e.checkVisibility({opacityProperty: true, visibilityProperty: true});
        const transparent = c => /rgba\\(.*,\\s*0\\)$/.test(c) || c === 'transparent';
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1 && !transparent(s.outlineColor);
        const shadow = s.boxShadow !== 'none';
        return {onScreen, indicator: outline || shadow,
                style: `outline: ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}; box-shadow: ${s.boxShadow}`};
    };
    // Material's palette toggle is a hidden radio input drawn by the label after it.
    const next = el.nextElementSibling;
    const candidates = [el, ...(el.labels || []), ...(next && next.tagName === 'LABEL' ? [next] : [])];
    const results = candidates.map(shows);
    const ok = results.some(r => r.onScreen && r.indicator);
    let selector = el.tagName.toLowerCase();
    if (el.id) selector += '#' + el.id;
    if (el.classList.length) selector += '.' + [...el.classList].join('.');
    return {ok, selector, html: el.outerHTML.slice(0, 160).replace(/\\s+/g, ' '),
            onScreen: results.some(r => r.onScreen), indicator: results.some(r => r.indicator),
            style: results.map(r => r.style).join(' | ')};
}"""


def focus_findings(page, url: str, limit: int = 250) -> list[Finding]:
    """Tab through the whole page; every element that takes focus must show it."""
    page.goto(url, wait_until="load")
    settle(page)
    findings, seen = [], set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        # Material opens search and scrolls the sidebar in response to focus: let it paint.
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        state = page.evaluate(FOCUS_JS)
        if state is None:
            break
        key = state["html"]
        if key in seen and state["selector"].startswith("a.md-skip"):
            break  # focus went round the page
        seen.add(key)
        if not state["ok"]:
            why = ("it is off screen, hidden or transparent" if not state["onScreen"]
                   else "it has no outline or box shadow")
            findings.append(Finding(
                page=url, rule="WCAG 2.4.7 focus visible", element=f"{state['selector']}  {state['html']}",
                hint=f"keyboard focus lands here but {why} ({state['style']}): give it a "
                     ":focus-visible outline, or take hidden controls out of the tab order"))
    return findings
