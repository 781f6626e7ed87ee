"""What `check` passes, the build builds, quickly: every input that a renderer would take minutes
over or crash on is refused first, with its place in the file.

Briefing Markdown goes through markdown-it-py, nh3 and Jinja in milliseconds, but WeasyPrint lays
out nested elements recursively (800 levels of emphasis in a `detail` crashed the clear-print
copy) and spends about a millisecond on each paragraph, list item or emphasis. Hand-written
docs/*.md pages go through Python-Markdown, quadratic in the `[` of a paragraph and recursive in
emphasis and lists. Each worst case below is generated from the limits themselves: just over
them, a located error; at them, a build inside a bound on CPU seconds (not wall-clock time: a
busy machine must not fail these)."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import time
from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner

from sevenminute.cli.main import main as cli
from sevenminute.core.loading import load_briefing, load_collection
from sevenminute.core.markdown_shape import MAX_BLOCKS, MAX_INLINE, MAX_PARTS
from sevenminute.web import docs_pages
from sevenminute.web.docs_pages import docs_problems, page_problems
from .project import make_project, run_build

REPO = Path(__file__).resolve().parents[2]
MINIMAL = (REPO / "tests" / "hostile" / "minimal.yml").read_text(encoding="utf-8")
DETAIL_LIMIT = 20_000  # a detail's length limit: every refused case below stays inside it
CPU_SECONDS = 5.0  # to refuse anything, or to load and lint anything
BUILD_CPU_SECONDS = 10.0  # the clear-print copy of the largest accepted briefing (measured ~2 s)
POINTS = ("happened", "matters", "worked_well", "improve", "recommendations", "reflection", "do_now")


def briefing_with_details(detail: str, text: str = "Something happened.") -> str:
    """The minimal briefing with all seven points, each carrying `detail`."""
    source = MINIMAL.split("points:")[0] + "points:\n"
    for key in POINTS:
        source += f"  {key}:\n    text: {json.dumps(text)}\n    detail: {json.dumps(detail)}\n"
    return source


def cpu() -> float:
    """CPU seconds of this process and of its finished children (the build's workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def nested_inline(depth: int, word: str = "word") -> str:
    marks = ["*", "__"] * depth
    opened = "".join(f"{marks[i]}{word} " for i in range(depth))
    return opened + "x" + "".join(f" {word}{marks[i]}" for i in reversed(range(depth)))


def nested_list(depth: int) -> str:
    return "".join("  " * level + "- item\n" for level in range(depth))


# --- briefing Markdown ---------------------------------------------------------------------------

# (id, detail within the length limit, words in the error). Each of these passed `check` and then
# crashed or stalled the build's clear-print copy.
REFUSED_DETAILS = [
    ("nested-emphasis", "*" * 4_000 + "x" + "*" * 4_000, "nested"),
    ("nested-emphasis-with-words", nested_inline(1_500, "a"), "nested"),
    ("alternating-emphasis", " ".join("*_"[i % 2] + "w" for i in range(1_000)) + " x "
     + " ".join("w" + "*_"[i % 2] for i in reversed(range(1_000))), "nested"),
    ("one-level-too-deep", nested_inline(MAX_INLINE + 1), "nested"),
    ("deep-list", nested_list(30), "lists and quotes"),
    ("deep-quote", "> " * 40 + "x", "lists and quotes"),
    ("one-list-too-deep", nested_list(MAX_BLOCKS + 1), "lists and quotes"),
    ("five-thousand-list-items", "- a\n" * 4_900, "parts"),
    ("six-thousand-paragraphs", "a\n\n" * 6_000, "parts"),
    ("four-thousand-emphases", "*a* " * 4_000, "parts"),
    ("one-part-too-many", "\n\n".join(["a"] * (MAX_PARTS + 1)), "parts"),
]


@pytest.mark.parametrize("case_id,detail,words", REFUSED_DETAILS, ids=[c[0] for c in REFUSED_DETAILS])
def test_markdown_a_renderer_cannot_take_is_refused_where_it_is(briefings_copy, case_id, detail, words):
    assert len(detail) <= DETAIL_LIMIT, "the case must be within the length limit"
    path = briefings_copy / "hostile.yml"
    path.write_text(briefing_with_details(detail), encoding="utf-8")
    collection = load_collection(briefings_copy).collection
    start = cpu()
    briefing, diagnostics = load_briefing(collection, path)
    elapsed = cpu() - start
    errors = [d for d in diagnostics if d.severity == "error"]
    assert briefing is None and errors, f"{case_id} was accepted"
    assert all(words in d.message + d.hint for d in errors), [d.plain() for d in errors]
    # One error a point, each on that point's `detail:` line (or inside its value).
    detail_lines = [n for n, line in enumerate(path.read_text().splitlines(), 1) if "detail:" in line]
    assert sorted(d.line for d in errors) == detail_lines
    assert all(d.column > len("    detail: ") - 1 for d in errors)
    assert elapsed < CPU_SECONDS, f"{case_id} took {elapsed:.2f} s of CPU to refuse"


def test_the_sheet_text_is_bounded_too(briefings_copy):
    """`text` and `items` are inline Markdown printed on the sheet: the same rule applies."""
    path = briefings_copy / "hostile.yml"
    path.write_text(briefing_with_details("Detail.", text=nested_inline(200, "a")), encoding="utf-8")
    briefing, diagnostics = load_briefing(load_collection(briefings_copy).collection, path)
    assert briefing is None
    assert any("nested 200 deep" in d.message for d in diagnostics), [d.plain() for d in diagnostics]


def worst_accepted_detail() -> str:
    """As much as a detail may hold at every limit at once: lists MAX_BLOCKS deep, emphasis
    MAX_INLINE deep in every item, MAX_PARTS parts, padded with words to the length limit."""
    item = nested_inline(MAX_INLINE)
    per_item = 1 + MAX_INLINE  # the list item and its emphases
    lists = []
    parts = 0
    while parts + MAX_BLOCKS * (1 + per_item) <= MAX_PARTS:
        # Each list of the nest opens a list and an item holding the emphasis.
        lists.append("".join("  " * level + f"- {item}\n" for level in range(MAX_BLOCKS)))
        parts += MAX_BLOCKS * (1 + per_item)
    text = "\n".join(lists)
    padding = " padding" * ((DETAIL_LIMIT - len(text)) // len(" padding") - 2)
    return text + "\n" + padding.strip()


@pytest.mark.parametrize("kind", ["at-every-limit", "most-paragraphs", "longest-prose"])
def test_the_largest_accepted_briefing_passes_check_and_builds_quickly(tmp_path, briefings_copy, kind):
    from sevenminute.core.markdown_shape import shape
    from sevenminute.printing.companions import build_companions

    detail = {
        "at-every-limit": worst_accepted_detail(),
        "most-paragraphs": "\n\n".join(["A short paragraph of a few words."] * MAX_PARTS),
        "longest-prose": ("Some plain words in a sentence. " * 700)[:DETAIL_LIMIT - 1],
    }[kind]
    measured = shape(detail, block=True)
    if kind == "at-every-limit":  # the generator really reaches the limits
        assert (measured.inline, measured.blocks) == (MAX_INLINE, MAX_BLOCKS)
        assert measured.parts > MAX_PARTS - 2 * MAX_BLOCKS * (2 + MAX_INLINE)
    assert len(detail) <= DETAIL_LIMIT and measured.parts <= MAX_PARTS
    path = briefings_copy / "largest.yml"
    path.write_text(briefing_with_details(detail), encoding="utf-8")

    # `check` (as an editor runs it, with the sheet) passes it ...
    os.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.output

    # ... and the build's clear-print copy of it (which `check` does not render) is made quickly.
    collection = load_collection(briefings_copy, only={path}).collection
    start = cpu()
    built = build_companions(collection, tmp_path / "cache", jobs=1, only={"largest"})
    elapsed = cpu() - start
    pdf = built.files["clear-print"]["largest"]
    assert pdf.read_bytes().startswith(b"%PDF")
    assert elapsed < BUILD_CPU_SECONDS, f"the clear-print copy took {elapsed:.1f} s of CPU"


def test_check_fails_on_what_the_build_would_fail_on(tmp_path, briefings_copy):
    path = briefings_copy / "hostile.yml"
    path.write_text(briefing_with_details(nested_inline(1_000, "a")), encoding="utf-8")
    os.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--no-sheets", str(path)])
    assert result.exit_code == 1
    assert "hostile.yml:" in result.output and "nested 1000 deep" in result.output
    assert "Traceback" not in result.output


# --- hand-written pages (docs/*.md, Python-Markdown) -----------------------------------------------

MAX = docs_pages.MAX_BYTES

# (id, page, words in the first error): what crashed or stalled Python-Markdown.
REFUSED_PAGES = [
    ("twenty-kb-of-brackets", "[" * 20_000, "square brackets"),
    ("brackets-one-paragraph-over", "[a " * (docs_pages.MAX_BRACKETS + 1), "square brackets"),
    ("brackets-page-over", ("[a](b) " * 100 + "\n\n") * (docs_pages.MAX_PAGE_BRACKETS // 100 + 1), "square brackets"),
    ("nested-emphasis", "*a " * 1_000 + "x" + " b*" * 1_000, "emphasis marks"),
    ("alternating-emphasis", nested_inline(700, "w"), "emphasis marks"),
    ("list-600-deep", "".join("\t" * min(level, 20) + "- a\n" for level in range(600)), "nested more than"),
    ("list-markers-on-one-line", "* " * 5_000 + "x", "nested more than"),
    ("quotes-one-level-over", "> " * (docs_pages.MAX_LEVELS + 1) + "x", "nested more than"),
    ("too-large", ("Words in a line.\n" * (MAX // 17 + 100)), "larger than"),
]


@pytest.mark.parametrize("case_id,page,words", REFUSED_PAGES, ids=[c[0] for c in REFUSED_PAGES])
def test_a_page_python_markdown_cannot_take_is_refused_where_it_is(tmp_path, case_id, page, words):
    path = tmp_path / "docs" / "hostile.md"
    path.parent.mkdir()
    path.write_text("# A page\n\nSome words.\n\n" + page, encoding="utf-8")
    start = cpu()
    problems = docs_problems(tmp_path / "docs")
    elapsed = cpu() - start
    assert problems, f"{case_id} was accepted"
    assert any(words in d.message for d in problems), [d.plain() for d in problems]
    assert all(d.path.endswith("hostile.md") and d.severity == "error" for d in problems)
    if case_id != "too-large":  # the size is the whole file's; everything else starts after the heading
        assert all(d.line >= 5 for d in problems), [d.plain() for d in problems]
    assert elapsed < CPU_SECONDS


def _filled(unit: str) -> str:
    return (unit * (MAX // len(unit)))[: MAX - 100]


# Pages at the limits: each limit reached in every paragraph, up to the size limit.
ACCEPTED_PAGES = {
    "brackets": ("[a " * docs_pages.MAX_BRACKETS + "\n\n") * (docs_pages.MAX_PAGE_BRACKETS // docs_pages.MAX_BRACKETS)
    + _filled("words " * 60 + "\n\n")[: MAX // 2],
    "emphasis": _filled(nested_inline(docs_pages.MAX_EMPHASIS // 3, "w") + "\n\n"),
    "alternating": _filled(" ".join("*_"[i % 2] + "w" for i in range(docs_pages.MAX_EMPHASIS // 2)) + " x "
                           + " ".join("w" + "*_"[i % 2] for i in reversed(range(docs_pages.MAX_EMPHASIS // 2))) + "\n\n"),
    "lists": _filled("".join("    " * level + "- item *a* [b](c)\n" for level in range(docs_pages.MAX_LEVELS)) + "\n"),
    "admonitions": _filled("".join("    " * level + "!!! note\n" for level in range(docs_pages.MAX_LEVELS))
                           + "    " * docs_pages.MAX_LEVELS + "x\n\n"),
    "headings": _filled("# a\n\n"),
    "prose": _filled("Some plain *words* with a [link](https://example.org) and `code`. " * 10 + "\n\n"),
}


@pytest.fixture(scope="module")
def site_markdown():
    """Python-Markdown with the extensions and settings mkdocs.yml gives it."""
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


@pytest.mark.parametrize("kind", sorted(ACCEPTED_PAGES))
def test_the_largest_accepted_page_renders_quickly(tmp_path, site_markdown, kind):
    page = ACCEPTED_PAGES[kind]
    path = tmp_path / "page.md"
    path.write_text(page, encoding="utf-8")
    assert len(page.encode()) <= MAX
    assert page_problems(path, "page.md") == []
    start = cpu()
    html = site_markdown.reset().convert(page)
    elapsed = cpu() - start
    assert len(html) > len(page) // 4
    assert elapsed < CPU_SECONDS, f"{kind} took {elapsed:.2f} s of CPU in Python-Markdown"


def test_the_sites_own_pages_pass():
    assert docs_problems(REPO / "docs") == []


def test_the_build_and_check_refuse_a_hostile_page_with_its_place(tmp_path):
    project = make_project(tmp_path / "project", REPO / "briefings")
    page = project / "docs" / "hostile.md"
    page.write_text("# A page\n\n" + "*a " * 1_000 + "x" + " b*" * 1_000 + "\n", encoding="utf-8")
    result = run_build(project, "https://example.org/", sheets=False)
    assert result.returncode == 1
    assert "hostile.md:3:1: error: this paragraph holds" in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    checked = subprocess.run([str(Path(os.sys.executable).with_name("sevenminute")), "check", str(page)],
                             capture_output=True, text=True, cwd=project)
    assert checked.returncode == 1 and "hostile.md:3:1: error" in checked.stdout, checked.stdout
    # `check` with no paths checks the project as the build does: docs/ included.
    whole = subprocess.run([str(Path(os.sys.executable).with_name("sevenminute")), "check", "--no-sheets"],
                           capture_output=True, text=True, cwd=project)
    assert whole.returncode == 1 and "docs/hostile.md:3:1: error" in whole.stdout, whole.stdout


# --- the sheet: text and items --------------------------------------------------------------------

def briefing_with_sheet_text(words_per_item: int) -> str:
    """Every point with text and 40 items of `words_per_item` words: the most a sheet is handed."""
    item = json.dumps(" ".join(["word"] * words_per_item))
    source = MINIMAL.split("points:")[0] + "points:\n"
    for key in POINTS:
        source += f"  {key}:\n    text: {item}\n    items:\n" + f"      - {item}\n" * 40
    return source


def test_sheet_text_no_sheet_could_hold_is_refused_where_it_is(briefings_copy):
    """Each item is within its own limit (3,000 characters), but a point of them holds far more
    than a sheet: refused at the point before any layout (fitting took 21 s to refuse the most
    the other limits allowed)."""
    from sevenminute.core.model.briefing import MAX_POINT_WORDS

    path = briefings_copy / "huge.yml"
    path.write_text(briefing_with_sheet_text(MAX_POINT_WORDS // 41 + 1), encoding="utf-8")
    start = cpu()
    briefing, diagnostics = load_briefing(load_collection(briefings_copy).collection, path)
    assert cpu() - start < CPU_SECONDS
    errors = [d for d in diagnostics if d.severity == "error"]
    assert briefing is None and len(errors) == len(POINTS)
    assert all("words" in d.message and "detail:" in d.hint for d in errors), [d.plain() for d in errors]
    point_lines = [n for n, line in enumerate(path.read_text().splitlines(), 1)
                   if line.rstrip(":").strip() in POINTS]
    # One error a point, on its key or its first line.
    assert sorted({next(p for p in point_lines if p <= d.line <= p + 1) for d in errors}) == point_lines


def test_the_most_sheet_text_accepted_is_refused_by_fitting_quickly(tmp_path, briefings_copy):
    from sevenminute.core.diagnostics import ContentError
    from sevenminute.core.model.briefing import MAX_POINT_WORDS
    from sevenminute.printing.sheets import build_sheets

    path = briefings_copy / "huge.yml"
    path.write_text(briefing_with_sheet_text(MAX_POINT_WORDS // 41), encoding="utf-8")
    collection = load_collection(briefings_copy, only={path}).collection
    assert "huge" in collection.briefings
    start = cpu()
    with pytest.raises(ContentError) as raised:
        build_sheets(collection, tmp_path / "cache", jobs=1, only={"huge"})
    elapsed = cpu() - start
    assert "does not fit one A4 page" in raised.value.diagnostics[0].message
    assert elapsed < BUILD_CPU_SECONDS, f"refusing the sheet took {elapsed:.1f} s of CPU"
