"""The web editor end to end, in Chromium: an editor who has never used git writes a topic
briefing at /admin/ with the keyboard alone and saves it; the saved YAML is a briefing the
project accepts (`sevenminute check` passes) and builds into a page and a one-page sheet.

The editor runs in Decap's local mode against a scratch copy of this repository: `decap-server`
(from the npm lock) serves the copy's git repository on 127.0.0.1 at a free port, and with the
editorial workflow each save is a branch `cms/<collection>/<slug>`, as on GitHub it is a branch
and a pull request. axe-core runs on each of the editor's screens (see README, "Web editor")."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest
from conftest import SAFETY_NET_MS, new_context, serve
from gates import run_axe

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
DECAP_SERVER = REPO / "node_modules" / "decap-server" / "dist" / "index.js"
BIN = Path(sys.executable).parent
SLUG = "noticing-bruising-in-babies"
# One hand-written briefing in the scratch copy, to edit: comments, nested items, inline links.
HAND_WRITTEN = "family-t"

# What axe finds on the editor's screens that belongs to Decap CMS itself (its own markup, not a
# label or help text our configuration gives), and that overrides/admin/admin.css cannot fix
# (it fixes Decap's low-contrast colours): rule id -> where it is. README, "Web editor", lists
# them. A finding outside this list fails the test: that one is ours to fix.
DECAP_OWN = {
    "aria-command-name": "the drag handle of each entry in a list (a shared data file's entries) "
                         "is a role=button with no name",
    "button-name": "the icon buttons on each entry of a list (fold, remove) have no name",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           "-c", "commit.gpgsign=false", *args], cwd=repo, check=True,
                          capture_output=True, text=True).stdout


def _scratch(tmp: Path) -> Path:
    """The repository's files (not its briefings: a tiny site) in a fresh git repository."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                           cwd=REPO, check=True, capture_output=True, text=True).stdout.split("\n")
    root = tmp / "repo"
    for name in files:
        if not name:
            continue
        if name.startswith("tests/") or (name.startswith("briefings/") and name.count("/") == 1
                                          and name != f"briefings/{HAND_WRITTEN}.yml"):
            continue
        if not (REPO / name).is_file():
            continue
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, root / name)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "scratch copy")
    return root


def _build(root: Path, site: Path, cache: Path, sheets: bool) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SEVENMINUTE_CACHE": str(cache),
           "BRIEFING_SHEETS": "true" if sheets else "false", "BRIEFING_CLEAR_PRINT": "false"}
    return subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(site)], cwd=root,
                          env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    if not DECAP_SERVER.exists():
        pytest.fail("decap-server is missing: run `bash scripts/install-test-tools.sh` (npm ci)")
    tmp = tmp_path_factory.mktemp("cms")
    port = _free_port()
    root = _scratch(tmp)
    built = _build(root, tmp / "site", tmp / "cache", sheets=False)
    assert built.returncode == 0, built.stderr[-3000:]
    server = subprocess.Popen(
        ["node", str(DECAP_SERVER)], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env={**os.environ, "MODE": "git", "PORT": str(port), "BIND_HOST": "127.0.0.1",
             "GIT_REPO_DIRECTORY": str(root)})
    try:
        deadline = time.monotonic() + SAFETY_NET_MS / 1000  # a safety net: the wait is for the port
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                time.sleep(0.2)
        http, url = serve(tmp / "site")
        backend = f"http://127.0.0.1:{port}"
        # The editor's local mode, pointed at our decap-server (its default is port 8081).
        yield {"root": root, "tmp": tmp, "url": url + "admin/",
               "open": f"{url}admin/?local_backend={backend}/api/v1", "backend": backend}
        http.shutdown()
    finally:
        server.terminate()
        server.wait(timeout=10)


_FOCUSED = """() => { const e = document.activeElement;
  const label = e.labels && e.labels[0] ? e.labels[0].innerText : (e.getAttribute('aria-label') || '');
  return {label: label.trim(), text: (e.innerText || e.value || '').trim().slice(0, 80), id: e.id}; }"""


KEYS = {"pressed": 0}  # keys pressed and characters typed, for the README's estimate


def _tab_to(page, want: str, *, back: bool = False, field: str = "label", limit: int = 120) -> None:
    """Press Tab (or Shift+Tab) until the focused control's label starts with `want` (or its
    text holds it)."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        KEYS["pressed"] += 1
        focused = page.evaluate(_FOCUSED)
        value = focused[field].upper()
        if value.startswith(want.upper()) if field == "label" else want.upper() in value:
            return
    raise AssertionError(f"no control labelled {want!r} reached by keyboard")


def _type(page, label: str, text: str, *, choose: bool = False) -> None:
    _tab_to(page, label)
    page.keyboard.type(text)
    KEYS["pressed"] += len(text) + choose
    if choose:  # a select: the typed words filter the options, Enter takes the first
        page.keyboard.press("Enter")


def test_write_a_topic_briefing_by_keyboard_save_check_and_build(browser, editor):
    context = new_context(browser)
    page = context.new_page()
    axe: dict[str, list] = {}
    origins = (editor["url"].split("/admin/")[0], editor["backend"])
    foreign: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(origins) or r.url.startswith("data:")
            else foreign.append(r.url))
    started = time.monotonic()
    try:
        page.goto(editor["open"])
        # Local mode: the sign-in screen has one button, "Login".
        page.get_by_role("button", name="Login").wait_for()
        axe["sign-in"] = run_axe(page, editor["url"])
        _tab_to(page, "Login", field="text")
        page.keyboard.press("Enter")
        page.get_by_text("Collections").first.wait_for()
        _tab_to(page, "Briefings: Topic briefing", field="text")
        page.keyboard.press("Enter")
        page.get_by_text("A briefing on a subject").wait_for()
        axe["collection"] = run_axe(page, page.url)
        _tab_to(page, "briefing (topic briefing)", field="text")
        page.keyboard.press("Enter")
        page.locator("#title-field-1").wait_for()

        _type(page, "Title", "Noticing bruising in babies")
        _type(page, "Partnership", "Example Safeguarding", choose=True)
        _type(page, "Themes", "Non-accidental", choose=True)
        _type(page, "Summary", "A short topic briefing on why any bruise on a baby who is not yet "
                               "mobile needs a closer look.")
        _type(page, "Last reviewed", time.strftime("%Y-%m-%d"))
        _type(page, "Text", "Babies who are not yet mobile rarely bruise by accident.")
        _type(page, "Text", "A bruise can be the first sign of harm.")
        for n, (heading, text) in enumerate([
                ("Look closely", "Check the whole body when a bruise is seen."),
                ("Ask and record", "Ask how it happened and write down what you are told."),
                ("Refer", "Follow the bruising protocol and refer the same day.")], start=1):
            _type(page, "Heading", heading)
            _type(page, "Text", text)
        axe["form"] = run_axe(page, page.url)

        _tab_to(page, "Save", back=True, field="text", limit=200)
        page.keyboard.press("Enter")
        page.get_by_text("Entry saved").first.wait_for()
        minutes = (time.monotonic() - started) / 60
        page.wait_for_url(f"**/entries/{SLUG}")
        axe["saved"] = run_axe(page, page.url)
        # The other screens an editor meets: the workflow board and a shared data file's form.
        page.goto(editor["open"] + "#/workflow")
        page.get_by_text("Noticing bruising in babies").first.wait_for()
        axe["workflow"] = run_axe(page, page.url)
        page.goto(editor["open"] + "#/collections/partnerships/entries/partnerships")
        page.locator('[id^="entries-field"]').first.wait_for()  # the form, not only the sidebar
        page.get_by_text("keeping-bristol-safe").first.wait_for()
        axe["partnerships"] = run_axe(page, page.url)
    except Exception:
        if os.environ.get("SEVENMINUTE_CMS_SHOT"):  # where a failing run leaves its screenshot
            page.screenshot(path=os.environ["SEVENMINUTE_CMS_SHOT"], full_page=True)
        raise
    finally:
        context.close()
    print(f"\nwritten and saved through the form by keyboard in {minutes:.2f} minutes "
          f"({KEYS['pressed']} keys pressed or characters typed)")

    # The save is a branch, as on GitHub a pull request: main is untouched.
    root = editor["root"]
    branch = f"cms/briefings-topic/{SLUG}"
    assert branch in _git(root, "branch", "--list", "cms/*")
    assert not (root / "briefings" / f"{SLUG}.yml").exists()
    written = _git(root, "show", f"{branch}:briefings/{SLUG}.yml")
    # The same shape and order as by hand: the schema line, then the model's keys in order.
    lines = written.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schema/briefing.schema.json", written
    keys = [line.split(":")[0] for line in lines if line and not line.startswith((" ", "#", "-"))]
    assert keys == ["title", "partnership", "format", "themes", "summary", "last_reviewed", "points"], written
    assert "__source" not in written and "allow" not in written and "numbered" not in written, written

    _git(root, "checkout", "-q", branch)
    check = subprocess.run([str(BIN / "sevenminute"), "check", f"briefings/{SLUG}.yml"], cwd=root,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 errors" in check.stdout, check.stdout

    site = editor["tmp"] / "site-after"
    built = _build(root, site, editor["tmp"] / "cache", sheets=True)
    assert built.returncode == 0, built.stderr[-3000:]
    page_html = (site / "briefings" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "Noticing bruising in babies" in page_html and "Ask and record" in page_html
    sheet = pypdf.PdfReader(site / "sheets" / f"{SLUG}.pdf")
    assert len(sheet.pages) == 1
    assert "Look closely" in sheet.pages[0].extract_text()

    assert not foreign, f"the editor asked another origin: {foreign}"
    ours = [f for screen in axe.values() for f in screen if f.rule.split(" ")[0] not in DECAP_OWN]
    for screen, findings in axe.items():
        print(f"axe on the editor's {screen} screen: "
              + (", ".join(sorted({f.rule.split(' ')[0] for f in findings})) or "no violations"))
        if os.environ.get("SEVENMINUTE_CMS_AXE"):
            for f in findings:
                print("   ", f.rule.split(" ")[0], f.element[:200], f.hint[:200])
    assert not ours, "\n".join(f"{f.rule}\n  {f.element}\n  {f.hint}" for f in ours)


def test_editing_a_hand_written_briefing_changes_only_what_was_edited(browser, editor):
    root = editor["root"]
    original = _git(root, "show", f"main:briefings/{HAND_WRITTEN}.yml")
    context = new_context(browser)
    page = context.new_page()
    try:
        page.goto(editor["open"])
        page.get_by_role("button", name="Login").click()
        page.goto(editor["open"] + f"#/collections/briefings-case-review/entries/{HAND_WRITTEN}")
        page.locator("#title-field-1").wait_for()
        assert page.locator("#title-field-1").input_value() == "Family T"
        _tab_to(page, "Summary")
        page.keyboard.press("Control+a")
        page.keyboard.type("A serious case review of twins aged 14 weeks who were injured, edited in the form.")
        _tab_to(page, "Save", back=True, field="text", limit=200)
        page.keyboard.press("Enter")
        page.get_by_text("Entry saved").first.wait_for()
    finally:
        context.close()
    saved = _git(root, "show", f"cms/briefings-case-review/{HAND_WRITTEN}:briefings/{HAND_WRITTEN}.yml")
    before, after = original.splitlines(), saved.splitlines()
    assert len(before) == len(after), saved
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert [b for _, b in changed] == [
        "summary: A serious case review of twins aged 14 weeks who were injured, edited in the form."
    ], changed
