"""Formats: each kind of briefing in its own seven points, with nothing made up.

One site is built (real `mkdocs build --strict`, sheets on) holding the repository's briefings
plus the three worked examples of docs/examples/ (one per format); the tests read its pages, its
PDF sheets, its listings and feeds back as a reader would. Smaller cases validate edited copies."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdf
import pytest
import yaml
from click.testing import CliRunner
from lxml import html as lxml_html

from hostile.project import make_project, run_build
from sevenminute.cli.main import main
from sevenminute.core.collection import DEFAULTS_DIR
from sevenminute.core.loading import load_briefing, load_collection
from sevenminute.editors.schema import schemas, stale_schemas
from search_entries import search_entries

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "docs" / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yml"))
SITE_URL = "https://example.org/formats/"


# --- the built site, with one briefing of each format ------------------------------------------

@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    briefings = tmp_path_factory.mktemp("src") / "briefings"
    shutil.copytree(REPO / "briefings", briefings)
    for example in EXAMPLE_FILES:
        shutil.copy(example, briefings / f"example-{example.name}")
    target = make_project(tmp_path_factory.mktemp("formats"), briefings)
    result = run_build(target, SITE_URL, sheets=True, timeout=500)
    assert result.returncode == 0, result.stderr[-3000:]
    return target


@pytest.fixture(scope="module")
def site(project) -> Path:
    return project / "site"


def page(site: Path, path: str):
    return lxml_html.fromstring((site / path / "index.html").read_bytes())


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def point_headings(doc) -> list[str]:
    return [text_of(h) for h in doc.cssselect("article.briefing section.point > h2")]


def sheet_text(site: Path, slug: str) -> str:
    return " ".join(pypdf.PdfReader(site / "sheets" / f"{slug}.pdf").pages[0].extract_text().split())


def test_every_example_validates_on_its_own():
    collection = load_collection(REPO / "briefings", only=set()).collection
    assert {p.stem for p in EXAMPLE_FILES} == set(collection.formats), "one example per format"
    for path in EXAMPLE_FILES:
        briefing, problems = load_briefing(collection, path)
        assert briefing is not None and problems == [], [d.plain() for d in problems]
        assert "made up" in briefing.title and "made-up" in briefing.summary  # clearly synthetic


def test_examples_are_not_in_the_published_catalogue():
    built = load_collection(REPO / "briefings").collection
    assert not any(b.partnership == "example" for b in built.briefings.values())


def test_learning_points_keep_their_own_seven_headings_in_order_on_page_and_sheet(site):
    expected = ["What happened", "Hearing the person", "Carers' needs", "Hospital discharge",
                "Mental capacity", "Self-neglect", "Sharing information"]
    doc = page(site, "briefings/example-learning-points")
    assert point_headings(doc) == [f"{n} {h}" for n, h in enumerate(expected, start=1)]
    body = text_of(doc.cssselect("article.briefing")[0])
    for filler in ("What worked well", "Recommendations", "does not describe", "Suggested questions"):
        assert filler not in body
    text = sheet_text(site, "example-learning-points")
    positions = [text.find(f"{n} {h}") for n, h in enumerate(expected, start=1)]
    assert -1 not in positions and positions == sorted(positions), positions
    assert "What worked well" not in text and "Suggested" not in text


def test_nine_numbered_lessons_stay_numbered_on_page_and_sheet(site):
    doc = page(site, "briefings/example-case-review")
    lessons = doc.cssselect("section.point--improve ol > li")
    assert len(lessons) == 9
    assert text_of(lessons[0]).startswith("Look at the history")
    headings = point_headings(doc)
    assert not any("What worked well" in h or "Recommendations" in h for h in headings), headings
    assert [h.split(" ", 1)[0] for h in headings] == [str(n) for n in range(1, len(headings) + 1)]
    text = sheet_text(site, "example-case-review")
    positions = [text.find(f"{n}. ") for n in range(1, 10)]
    assert -1 not in positions
    assert text.find("1. Look at the history") < text.find("9. Escalate when a plan is not working")
    assert "What worked well" not in text
    # In the PDF the lessons are one tagged list of nine items (LI > LBody, as PDF/UA-1 wants),
    # and each item's text starts with its number (checked in the extracted text above).
    with pikepdf.open(site / "sheets" / "example-case-review.pdf") as pdf:
        lists = [node for node in _struct(pdf.Root.StructTreeRoot) if node.get("/S") == "/L"]
        sizes = []
        for node in lists:
            kids = node.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            items = [k for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/LI"]
            sizes.append(len(items))
    assert 9 in sizes, sizes


def _struct(node):
    kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
    if isinstance(kids, pikepdf.Dictionary):
        kids = [kids]
    for kid in kids if isinstance(kids, pikepdf.Array) or isinstance(kids, list) else []:
        if isinstance(kid, pikepdf.Dictionary):
            yield kid
            yield from _struct(kid)


def test_a_topic_briefing_builds_with_no_review_date_or_child_and_is_listed_under_topics(site):
    doc = page(site, "briefings/example-topic")
    meta = text_of(doc.cssselect("ul.meta")[0])
    assert "Kind: Topic briefing" in meta
    assert "Review type" not in meta and "Age of child" not in meta and "Date" not in meta
    assert point_headings(doc)[2:5] == ["3 Look beyond the first answer", "4 Check what you are told",
                                        "5 Talk to colleagues"]
    text = sheet_text(site, "example-topic")
    assert "Age of child" not in text and "Review type" not in text and "Topic briefing" in text
    topics = page(site, "kinds/topic")
    titles = [text_of(a) for a in topics.cssselect(".card__title a")]
    assert titles == ["Example: professional curiosity (made up)"]
    reviews = [text_of(a) for a in page(site, "kinds/review").cssselect(".card__title a")]
    assert "Example: professional curiosity (made up)" not in reviews and len(reviews) == 5
    assert not (site / "review-types" / "none").exists()


def test_every_card_says_which_kind_a_briefing_is(site):
    for listing in ("briefings", "kinds/topic", "themes/professional-curiosity", "audiences/children"):
        cards = page(site, listing).cssselect("li.card")
        assert cards, listing
        for card in cards:
            kind = card.cssselect(".card__kind")
            assert kind and text_of(kind[0]), listing
    kinds = {text_of(c.cssselect(".card__title")[0]): text_of(c.cssselect(".card__kind")[0])
             for c in page(site, "briefings").cssselect("li.card")}
    assert kinds["Example: professional curiosity (made up)"] == "Topic briefing"
    assert kinds["Example: Adult B (made up)"] == "Safeguarding adults review (SAR)"
    assert kinds["Child I"].startswith("Local child safeguarding practice review")


def test_an_adult_review_is_labelled_for_adults_and_listed_under_adults(site):
    doc = page(site, "briefings/example-learning-points")
    meta = text_of(doc.cssselect("ul.meta")[0])
    assert "Concerns: Adults" in meta and "Age of adult: 65 to 74" in meta
    assert "Age of child" not in meta
    adults = [text_of(a) for a in page(site, "audiences/adults").cssselect(".card__title a")]
    assert adults == ["Example: Adult B (made up)"]
    children = [text_of(a) for a in page(site, "audiences/children").cssselect(".card__title a")]
    assert "Example: Adult B (made up)" not in children and "Child I" in children
    assert "Age of adult" in sheet_text(site, "example-learning-points")


def test_default_questions_are_labelled_as_suggestions_not_the_reviews_own(site):
    doc = page(site, "briefings/family-t")  # gives no questions or actions of its own
    assert point_headings(doc)[5:] == ["6 Suggested questions", "7 Suggested actions"]
    note = text_of(doc.cssselect("section.point--reflection .point__suggested")[0])
    assert "not from this review" in note
    text = sheet_text(site, "family-t")
    assert "6 Suggested questions" in text and "Questions for reflection" not in text
    own = page(site, "briefings/child-i")  # writes its own
    assert "6 Questions for reflection" in point_headings(own)
    assert not own.cssselect(".point__suggested")


def test_feeds_search_and_the_guide_cover_every_format(site):
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    titles = {item["title"] for item in feed["items"]}
    index = {entry["meta"].get("title") for entry in search_entries(site)}
    guide = (site / "authoring" / "index.html").read_text(encoding="utf-8")
    for slug, title in (("example-topic", "Example: professional curiosity (made up)"),
                        ("example-learning-points", "Example: Adult B (made up)"),
                        ("example-case-review", "Example: Child A (made up)")):
        assert title in titles
        assert title in index
        assert len(pypdf.PdfReader(site / "sheets" / f"{slug}.pdf").pages) == 1
    for example in EXAMPLE_FILES:  # the guide shows each example file, whole
        first_point = re.search(r"^  [a-z_0-9]+:$", example.read_text(encoding="utf-8"), re.M).group(0)
        assert first_point.strip() in guide, example.name


def test_a_training_pack_holds_a_sheet_of_each_format(project, tmp_path):
    out = tmp_path / "pack.pdf"
    slugs = [f"example-{p.stem}" for p in EXAMPLE_FILES]
    result = CliRunner().invoke(main, ["pack", "--root", str(project / "briefings"), "--slugs",
                                       ",".join(slugs), "-o", str(out),
                                       "--cache", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 1 + len(slugs)
    assert "9. Escalate" in " ".join("".join(p.extract_text() for p in reader.pages).split())


# --- validation ---------------------------------------------------------------------------------

def _validate(root: Path, name: str, text: str):
    (root / f"{name}.yml").write_text(text, encoding="utf-8")
    result = load_collection(root)
    return [d for d in result.diagnostics if d.path.endswith(f"{name}.yml")]


def test_a_missing_required_point_says_which_point_and_suggests_a_format(briefings_copy):
    text = (EXAMPLES / "case-review.yml").read_text(encoding="utf-8")
    text = text.replace("  matters:\n    text: When each concern is judged alone, the pattern of a "
                        "child's daily life can be missed.\n", "")
    found = _validate(briefings_copy, "broken", text)
    assert len(found) == 1, [d.plain() for d in found]
    problem = found[0]
    assert problem.severity == "error" and problem.code == "missing-point"
    assert "'matters' (Why it matters) is missing" in problem.message
    assert "do not write filler" in problem.hint and "format: learning-points" in problem.hint
    assert problem.line == text.splitlines().index("points:") + 1


def test_headings_follow_the_format(briefings_copy):
    text = (EXAMPLES / "learning-points.yml").read_text(encoding="utf-8")
    found = _validate(briefings_copy, "no-heading", text.replace("    heading: Carers' needs\n", ""))
    assert [d.code for d in found] == ["missing-heading"] and "point_3" in found[0].message
    case = (EXAMPLES / "case-review.yml").read_text(encoding="utf-8")
    found = _validate(briefings_copy, "fixed", case.replace("  matters:\n", "  matters:\n    heading: Mine\n"))
    assert [d.code for d in found] == ["fixed-heading"]
    assert "learning-points" in found[0].hint


def test_a_point_from_another_format_is_named_with_the_format_that_has_it(briefings_copy):
    text = (EXAMPLES / "case-review.yml").read_text(encoding="utf-8").replace("format: case-review\n", "")
    text = text.replace("  improve:\n", "  point_4:\n    heading: Lessons\n")
    found = _validate(briefings_copy, "wrong-keys", text)
    codes = sorted(d.code for d in found)
    assert codes == ["missing-point", "unknown-point"], [d.plain() for d in found]
    assert "format: learning-points" in next(d for d in found if d.code == "unknown-point").hint


def test_an_optional_point_left_out_can_show_the_sites_standard_line(briefings_copy):
    site_yml = briefings_copy / "data" / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8")
                        + "not_covered: The published review does not cover this.\n", encoding="utf-8")
    shutil.copy(EXAMPLES / "case-review.yml", briefings_copy / "example.yml")
    collection = load_collection(briefings_copy).collection
    points = collection.points("example")
    assert [p.heading for p in points][:5] == ["What happened", "Why it matters", "What worked well",
                                               "What needs to improve", "Recommendations and actions"]
    left_out = [p for p in points if p.point is None]
    assert [p.key for p in left_out] == ["worked_well", "recommendations"]
    from sevenminute.web.pages import render_briefing_page

    html = render_briefing_page(collection, "example")
    assert html.count("The published review does not cover this.") == 2


def test_topic_and_review_rules(briefings_copy):
    topic = (EXAMPLES / "topic.yml").read_text(encoding="utf-8")
    assert _validate(briefings_copy, "topic", topic) == []  # no review type, date or child: no warning
    written = topic.replace("format: topic\n", "format: topic\nreview_type: none\n")
    assert _validate(briefings_copy, "topic-none", written) == []
    collection = load_collection(briefings_copy).collection
    assert collection.is_topic("topic") and collection.is_topic("topic-none")
    case = (EXAMPLES / "case-review.yml").read_text(encoding="utf-8")
    found = _validate(briefings_copy, "no-review", case.replace("review_type: lcspr\n", ""))
    assert [d.code for d in found] == ["missing-review-type"] and "format: topic" in found[0].hint
    found = _validate(briefings_copy, "adult-band", case.replace("age_band: 5 to 10", "age_band: 65 to 74"))
    assert [d.code for d in found] == ["age-band-audience"] and "concerns children" in found[0].message
    lp = (EXAMPLES / "learning-points.yml").read_text(encoding="utf-8")
    found = _validate(briefings_copy, "child-band", lp.replace("age_band: 65 to 74", "age_band: under 1"))
    assert [d.code for d in found] == ["age-band-audience"]
    found = _validate(briefings_copy, "bad-format", topic.replace("format: topic", "format: topc"))
    assert [d.code for d in found] == ["unknown-format"] and "'topic'" in found[0].hint


def test_a_site_can_add_a_format_without_touching_code(briefings_copy):
    formats = briefings_copy / "data" / "formats.yml"  # the site's own, beside the toolkit's defaults
    formats.write_text("""audit:
  name: Multi-agency audit
  review: true
  points:
    - {key: scope, heading: What we looked at}
    - {key: found, heading: What we found}
    - {key: strengths, heading: Strengths}
    - {key: gaps, heading: Gaps}
    - {key: actions, heading: Actions}
    - {key: reflection, heading: Questions, generic: true, suggestion: Suggested questions}
    - {key: do_now, heading: Next steps, generic: true, suggestion: Suggested actions}
""", encoding="utf-8")
    text = (EXAMPLES / "case-review.yml").read_text(encoding="utf-8").replace("format: case-review", "format: audit")
    text = text.replace("review_type: lcspr", "review_type: multi-agency-audit")
    body = text.split("points:\n")[0] + "points:\n" + "".join(
        f"  {key}:\n    text: Made-up text for {key}.\n" for key in ("scope", "found", "strengths", "gaps", "actions"))
    assert _validate(briefings_copy, "audit", body) == []
    collection = load_collection(briefings_copy).collection
    assert [p.heading for p in collection.points("audit")] == [
        "What we looked at", "What we found", "Strengths", "Gaps", "Actions", "Suggested questions",
        "Suggested actions"]


# --- the schema and the scaffold ------------------------------------------------------------------

def check_jsonschema(*files: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("check-jsonschema")
    return subprocess.run([str(exe), "--schemafile", str(REPO / "schema" / "briefing.schema.json"),
                           *map(str, files)], capture_output=True, text=True, timeout=120)


def test_the_schema_follows_the_chosen_format(tmp_path):
    assert check_jsonschema(*EXAMPLE_FILES).returncode == 0
    lp = (EXAMPLES / "learning-points.yml").read_text(encoding="utf-8")
    case = (EXAMPLES / "case-review.yml").read_text(encoding="utf-8")
    broken = {
        "no-heading.yml": lp.replace("    heading: Carers' needs\n", ""),  # learning points need headings
        "fixed-heading.yml": case.replace("  matters:\n", "  matters:\n    heading: Mine\n"),
        "foreign-key.yml": case.replace("  improve:\n", "  point_4:\n"),
        "no-review-type.yml": case.replace("review_type: lcspr\n", ""),
    }
    for name, text in broken.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert check_jsonschema(tmp_path / name).returncode == 1, name
    schema = json.loads((REPO / "schema" / "briefing.schema.json").read_text(encoding="utf-8"))
    assert "heading" in schema["$defs"]["TitledPoint"]["required"]
    assert "heading" not in schema["$defs"]["Point"]["properties"]


def test_schema_drift_covers_formats(briefings_copy):
    collection = load_collection(REPO / "briefings").collection
    assert stale_schemas(REPO / "schema", collection.site, collection.formats) == []
    formats = briefings_copy / "data" / "formats.yml"  # the site's own replaces the default of the same id
    formats.write_text((DEFAULTS_DIR / "formats.yml").read_text(encoding="utf-8").replace("key: remember", "key: to_remember"),
                       encoding="utf-8")
    changed = load_collection(briefings_copy, only=set()).collection
    assert "briefing.schema.json" in stale_schemas(REPO / "schema", changed.site, changed.formats)
    assert "to_remember" in json.dumps(schemas(changed.site, changed.formats)["briefing.schema.json"])


@pytest.mark.parametrize("format_id", ["case-review", "topic", "learning-points"])
def test_new_starts_a_briefing_of_the_chosen_format(briefings_copy, format_id):
    runner = CliRunner()
    made = runner.invoke(main, ["new", "--root", str(briefings_copy), "--partnership", "north-yorkshire",
                                "--title", f"Made up {format_id}", "--format", format_id])
    assert made.exit_code == 0, made.output
    path = briefings_copy / f"made-up-{format_id}.yml"
    text = path.read_text(encoding="utf-8")
    assert f"format: {format_id}" in text
    collection = load_collection(briefings_copy, only=set()).collection
    briefing, problems = load_briefing(collection, path)
    # Refused only for what the editor must still write in (issue 15: no plausible values).
    assert briefing is None and problems
    assert all(d.code == "placeholder" for d in problems), [d.plain() for d in problems]
    points = yaml.safe_load(text)["points"]
    keys = [p.key for p in collection.formats[format_id].points if p.required and not p.generic]
    assert list(points) == keys
    assert ("review_type:" in text.replace("# review_type:", "")) == collection.formats[format_id].review
    if format_id == "learning-points":
        assert all(p.get("heading") for p in points.values())
    bad = runner.invoke(main, ["new", "--root", str(briefings_copy), "--partnership", "north-yorkshire",
                               "--title", "X", "--format", "topc"])
    assert bad.exit_code == 1 and "did you mean 'topic'" in bad.output


def test_each_formats_sheet_passes_the_pdf_ua_1_validators(site):
    """The full validators judge every format's sheet, not only the included case reviews:
    `page` finds no failed PDF/UA-1 rule and outloud no error or warning (numbered lists and
    headings the briefing gives included)."""
    import page as page_validation

    sheets = [site / "sheets" / f"example-{p.stem}.pdf" for p in EXAMPLE_FILES]
    failures = [f"{path.name}: [{f.rule_id}] {f.message}" for path in sheets
                for f in page_validation.validate_pdf(str(path), profile="ua1").failures]
    assert not failures, failures
    outloud = Path(sys.executable).with_name("outloud")
    result = subprocess.run([str(outloud), "--json", "-", "--fail-on", "never", *map(str, sheets)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    findings = {Path(r["path"]).name: [f"{f['rule']}: {f.get('message', '')}" for f in r["findings"]]
                for r in json.loads(result.stdout)["results"]}
    assert len(findings) == len(sheets) and not any(findings.values()), findings


def test_an_adults_briefing_never_tells_its_readers_about_a_child(site):
    """The contact block, the emergency line and the suggested actions follow the audience: an
    adults' review (the learning-points example) speaks of an adult on its page and its sheet."""
    doc = page(site, "briefings/example-learning-points")
    contact = text_of(doc.cssselect("section.contact")[0])
    assert contact.startswith("If you are worried about an adult"), contact
    sheet = sheet_text(site, "example-learning-points")
    assert "If you are worried about an adult" in sheet
    assert "child" not in sheet.lower().replace("child or an adult", ""), sheet
    children = text_of(page(site, "briefings/example-case-review").cssselect("section.contact")[0])
    assert children.startswith("If you are worried about a child"), children
