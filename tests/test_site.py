"""The website, read back from a real `mkdocs build --strict`: what a reader of each page gets."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import lxml.html
import pytest

from sevenminute.core.loading import load_collection
from sevenminute.rendering.template_data import page_path, tel_href, theme_path
from sevenminute.web.catalogue import PER_PAGE

REPO = Path(__file__).resolve().parents[1]
SITE_URL = "https://briefings.example.org/learning/"
MKDOCS = Path(sys.executable).with_name("mkdocs")


def make_project(where: Path, copies: int = 0) -> Path:
    """A project like a clean clone: mkdocs.yml, docs/ and overrides/ from the repository and a
    copy of briefings/, plus `copies` extra briefings made from the seeds under new names."""
    where.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", where / "mkdocs.yml")
    # Copies, not links: a build refuses docs/ or overrides/ linked from outside the project.
    shutil.copytree(REPO / "docs", where / "docs")
    shutil.copytree(REPO / "overrides", where / "overrides")
    shutil.copytree(REPO / "briefings", where / "briefings")
    seeds = sorted((REPO / "briefings").glob("*.yml"))
    for i in range(copies):
        seed = seeds[i % len(seeds)]
        shutil.copy(seed, where / "briefings" / f"{seed.stem}-copy-{i:03d}.yml")
    return where


def build(project: Path, site: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "-d", str(site)],
        cwd=project, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "BRIEFING_SHEETS": "false",
             "SITE_URL": SITE_URL, **env},
    )


def built(project: Path, site: Path, **env: str) -> Path:
    result = build(project, site, **env)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "WARNING" not in result.stderr, result.stderr
    return site


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("project") / "p")


@pytest.fixture(scope="session")
def site(project: Path) -> Path:
    return built(project, project / "site")


@pytest.fixture(scope="session")
def collection(project: Path):
    result = load_collection(project / "briefings")
    assert result.ok
    return result.collection


def page(site: Path, path: str) -> lxml.html.HtmlElement:
    file = site / path / "index.html" if not path.endswith(".html") else site / path
    assert file.exists(), f"{path} was not built"
    return lxml.html.fromstring(file.read_bytes())


def text(element) -> str:
    return " ".join(element.text_content().split())


def listing_hrefs(site: Path, path: str) -> set[str]:
    """Links to briefing pages on a listing and on every further page of it."""
    hrefs: set[str] = set()
    pages = [path] + [f"{path}page/{n}/" for n in range(2, 100)]
    for p in pages:
        if not (site / p / "index.html").exists():
            break
        doc = page(site, p)
        hrefs |= {a.get("href") for a in doc.cssselect(".cards .card__title a")}
    return hrefs


# --- briefing pages -------------------------------------------------------------------------
def test_every_briefing_page_has_the_seven_headings_in_order(site, collection):
    assert collection.briefings
    for slug in collection.briefings:
        expected = [f"{p.number} {p.heading}" for p in collection.points(slug)]
        assert len(expected) == 7, slug
        doc = page(site, page_path(slug))
        headings = [text(h) for h in doc.cssselect("article.briefing section.point > h2")]
        assert headings == expected, slug
        assert len(doc.cssselect("h1")) == 1, f"{slug}: one h1, the briefing's title"
        assert text(doc.cssselect("h1")[0]) == collection.briefings[slug].title


def test_every_briefing_page_ends_with_the_contact_block_and_working_links(site, collection):
    for slug, briefing in collection.briefings.items():
        doc = page(site, page_path(slug))
        blocks = doc.cssselect("article.briefing section.contact")
        assert len(blocks) == 1, slug
        # Same place on every page: after the last point and any resources, before the footer.
        sections = doc.cssselect("article.briefing > section")
        assert sections[-1] is blocks[0], slug
        contact = collection.partnerships[briefing.partnership].contact
        hrefs = [a.get("href") for a in blocks[0].cssselect("a")]
        phones = [collection.site.emergency.number, *(p.number for p in contact.phones)]
        for number in phones:
            assert tel_href(number) in hrefs, (slug, number)
        assert all(re.fullmatch(r"tel:\+?[0-9]+", h) for h in hrefs if h.startswith("tel:"))
        for email in contact.emails:
            assert f"mailto:{email.address}" in hrefs, (slug, email.address)


def test_briefing_pages_expand_abbreviations_and_link_to_their_source(site, collection):
    for slug in collection.briefings:
        doc = page(site, page_path(slug))
        titles = [a.get("title") for a in doc.cssselect("article.briefing abbr")]
        assert titles and all(titles), f"{slug}: glossary abbreviations are expanded"
        edit = [a.get("href") for a in doc.cssselect(".briefing__footer a")]
        assert any(h.endswith(f"/briefings/{collection.sources[slug].name}") for h in edit), slug


def test_briefing_page_links_resolve_inside_the_site(site, collection):
    for slug in collection.briefings:
        doc = page(site, page_path(slug))
        for a in doc.cssselect("article.briefing a"):
            href = a.get("href")
            if re.match(r"(https?|mailto|tel):", href):
                continue
            target = (site / page_path(slug) / href.split("#")[0]).resolve()
            assert (target / "index.html").exists() or target.is_file(), (slug, href)


# --- listings -------------------------------------------------------------------------------
def test_every_briefing_is_listed_under_each_of_its_themes(site, collection):
    for slug, briefing in collection.briefings.items():
        for theme in briefing.themes:
            hrefs = listing_hrefs(site, theme_path(theme))
            assert f"../../{page_path(slug)}" in hrefs, (slug, theme)


def test_every_index_page_is_built_and_lists_its_briefings(site, collection):
    for path in ("briefings/", "themes/", "partnerships/", "review-types/", "years/", "glossary/",
                 "accessibility/"):
        assert (site / path / "index.html").exists(), path
    assert len(listing_hrefs(site, "briefings/")) == len(collection.briefings)
    for pid in {b.partnership for b in collection.briefings.values()}:
        listed = listing_hrefs(site, f"partnerships/{pid}/")
        assert len(listed) == sum(b.partnership == pid for b in collection.briefings.values())
    for rid in {b.review_type for b in collection.briefings.values()}:
        assert listing_hrefs(site, f"review-types/{rid}/")
    years = page(site, "years/")
    year_total = sum(int(re.search(r"\((\d+) briefing", text(li)).group(1))
                     for li in years.cssselect(".groups__item"))
    assert year_total == len(collection.briefings)


def test_home_page_shows_the_newest_briefings_and_the_ways_in(site, collection):
    doc = page(site, "")
    cards = [a.get("href") for a in doc.cssselect(".home-newest .card__title a")]
    assert cards == [page_path(s) for s in collection.newest_first()[:len(cards)]]
    ways = [text(h) for h in doc.cssselect(".ways-in h3")]
    assert ways == ["By kind", "By audience", "By theme", "By partnership", "By review type", "By year"]


def test_glossary_and_accessibility_statement(site, collection):
    glossary = page(site, "glossary/")
    terms = [text(dt) for dt in glossary.cssselect("dl.glossary dt")]
    assert terms == sorted(collection.glossary)
    statement = page(site, "accessibility/")
    body = text(statement.cssselect("article")[0])
    a = collection.site.accessibility
    assert a.organisation in body
    for heading in ("Feedback and contact information", "Enforcement procedure", "Compliance status",
                    "Preparation of this accessibility statement"):
        assert heading in body


def test_not_found_page_leads_back_to_the_briefings(site):
    doc = page(site, "404.html")
    hrefs = {a.get("href") for a in doc.cssselect("article a")}
    assert "/learning/briefings/" in hrefs  # absolute: the 404 page is served at any address
    assert "/learning/themes/" in hrefs


# --- feeds and sitemap ------------------------------------------------------------------------
def test_feeds_list_every_briefing_newest_first_with_absolute_links(site, collection):
    expected = [SITE_URL + page_path(s) for s in collection.newest_first()]
    atom = ET.parse(site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.findtext("a:id", namespaces=ns) for e in atom.findall("a:entry", ns)] == expected
    feed = json.loads((site / "feed.json").read_text())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["url"] for item in feed["items"]] == expected
    sitemap = (site / "sitemap.xml").read_text()
    for url in expected:
        assert f"<loc>{url}</loc>" in sitemap


# --- the page frame -----------------------------------------------------------------------------
def all_html(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_asset_is_loaded_from_another_host(site):
    external = re.compile(r"^(https?:)?//", re.I)
    for file in all_html(site):
        doc = lxml.html.fromstring(file.read_bytes())
        assets = [*doc.xpath("//script/@src"), *doc.xpath("//img/@src"), *doc.xpath("//iframe/@src"),
                  *doc.xpath("//link[not(@rel='alternate') and not(@rel='canonical')]/@href"),
                  *doc.xpath("//source/@src"), *doc.xpath("//video/@src")]
        offenders = [a for a in assets if external.match(a)]
        assert not offenders, (file, offenders)
    for css in site.rglob("*.css"):
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text())
        assert not [u for u in urls if external.match(u)], css
        assert "@import" not in css.read_text() or "//" not in css.read_text().split("@import")[1][:80]


def test_pages_are_british_english_and_have_no_autocomplete_on_checkboxes(site):
    for file in all_html(site):
        doc = lxml.html.fromstring(file.read_bytes())
        assert doc.get("lang") == "en-GB", file
        assert not doc.xpath("//input[@type='checkbox'][@autocomplete]"), file


def test_generated_pages_are_not_in_the_navigation(site, collection):
    doc = page(site, "")
    nav = " ".join(a.get("href") for a in doc.cssselect(".md-nav--primary a"))
    for slug in collection.briefings:
        assert page_path(slug) not in nav


def test_site_stylesheet_uses_the_self_hosted_font_and_has_print_and_motion_rules(site):
    css = (site / "assets/stylesheets/site.css").read_text()
    for font in re.findall(r'url\("\.\./fonts/([^"]+)"\)', css):
        assert (site / "assets/fonts" / font).exists(), font
    assert "@media print" in css and 'attr(href)' in css
    assert "prefers-reduced-motion" in css
    assert not (site / "sheet").exists(), "the sheet templates are not published as site assets"


# --- scale, determinism, errors -----------------------------------------------------------------
def largest_page(site: Path) -> int:
    return max(f.stat().st_size for f in all_html(site))


def test_every_page_is_under_100_kb(site):
    # README "Performance": every HTML page under 100 KB (the field reference has its own page
    # because inside the authoring guide it made that page 102 KB).
    large = {str(f.relative_to(site)): f.stat().st_size for f in all_html(site) if f.stat().st_size >= 100_000}
    assert large == {}


def test_the_field_reference_is_a_page_of_its_own_in_the_nav_and_linked_from_the_guide(site):
    reference = page(site, "fields/")
    ids = {h.get("id") for h in reference.cssselect("article h2, article h3")}
    assert {"briefing", "key-message", "point", "link", "site-settings", "partnership",
            "contact-block", "review-type"} <= ids
    assert "| `" not in text(reference.cssselect("article")[0]), "the reference's tables were not rendered"
    guide = page(site, "authoring/")
    assert not guide.cssselect("article #key-message"), "the authoring guide still holds the reference"
    assert "../fields/" in [a.get("href") for a in guide.cssselect("article a")]
    assert "fields/" in [a.get("href") for a in page(site, "").cssselect(".md-nav--primary a")]


@pytest.mark.slow
def test_largest_page_does_not_grow_with_the_number_of_briefings(tmp_path):
    seeds = len(list((REPO / "briefings").glob("*.yml")))
    small = built(make_project(tmp_path / "small", copies=5 - seeds), tmp_path / "small" / "site")
    large = built(make_project(tmp_path / "large", copies=200 - seeds), tmp_path / "large" / "site")
    assert len(list((large / "briefings").glob("*/index.html"))) >= 200
    assert largest_page(large) < 2 * largest_page(small), (largest_page(small), largest_page(large))
    # Long listings are split into pages of PER_PAGE cards.
    assert len(page(large, "briefings/").cssselect(".cards > li")) == PER_PAGE
    # and the pager shows the first, last and nearby pages only, however many there are.
    assert len(page(large, "briefings/page/5/").cssselect(".pager a")) <= 9


def test_two_builds_give_identical_files(project, tmp_path):
    first = built(project, tmp_path / "one")
    second = built(project, tmp_path / "two")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    different = [str(f) for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert not different


def test_sitemap_dates_come_from_the_content_not_the_clock(site, collection):
    sitemap = (site / "sitemap.xml").read_text()
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap))
    content_dates = {b.last_reviewed.isoformat() for b in collection.briefings.values()}
    assert dates <= content_dates | {max(content_dates)}


def test_an_invalid_briefing_stops_the_build_with_file_line_and_column(tmp_path):
    project = make_project(tmp_path / "bad")
    first, second = sorted((project / "briefings").glob("*.yml"))[:2]
    lines = first.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("partnership:"))
    lines[index] = "partnership: nowhere-in-particular"
    first.write_text("\n".join(lines) + "\n")
    other = second.read_text().splitlines() + ["colour: blue"]
    second.write_text("\n".join(other) + "\n")
    result = build(project, project / "site")
    assert result.returncode != 0
    # Every error is listed, each at its file, line and column.
    assert f"briefings/{first.name}:{index + 1}:14: error: unknown partnership" in result.stderr
    assert f"briefings/{second.name}:{len(other)}:1: error: unknown field 'colour'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site" / "index.html").exists(), "no half-built site"


@pytest.mark.parametrize("clash", ["briefings/index.md", "briefings/child-i/index.md"])
def test_a_docs_page_where_a_generated_page_goes_stops_the_build(tmp_path, clash):
    # The catalogue's page and a briefing's own page alike: the editor's page would otherwise
    # be dropped without a word.
    project = make_project(tmp_path / "p")
    (project / "docs" / clash).parent.mkdir(parents=True, exist_ok=True)
    (project / "docs" / clash).write_text("# Mine\n")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    # Refused before MkDocs reads docs/, at the page, naming what it would replace.
    assert f"docs/{clash}:1:1: error: this would replace the generated {clash[:-len('.md')]}.html" in result.stderr
    assert not (tmp_path / "site").exists()
