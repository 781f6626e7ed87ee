"""The three seed briefings carry the facts of their published sources (shared/seeds/*.txt).

Counts are exact and come from the source texts: when a list is split between the printed sheet
(`items`) and the web page (`detail`), the two parts together must still hold every item."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from sevenminute.core.loading import load_collection

ROOT = Path(__file__).resolve().parent.parent / "briefings"
SHEET_WORD_LIMIT = 420


@pytest.fixture(scope="module")
def loaded():
    result = load_collection(ROOT)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert errors == [], [d.plain() for d in errors]
    assert result.collection is not None
    return result.collection


@pytest.fixture(scope="module")
def rr16(loaded):
    return loaded.briefings["rapid-review-16"]


@pytest.fixture(scope="module")
def child_i(loaded):
    return loaded.briefings["child-i"]


@pytest.fixture(scope="module")
def family_t(loaded):
    return loaded.briefings["family-t"]


# --- helpers -------------------------------------------------------------------------------------


def detail_list_items(point) -> list[str]:
    """Top-level Markdown list items ("- " at the start of a line) in a point's detail."""
    if not point.detail:
        return []
    items: list[str] = []
    current: list[str] | None = None
    for line in point.detail.splitlines():
        if line.startswith("- "):
            current = [line[2:].strip()]
            items.append(current)  # type: ignore[arg-type]
        elif current is not None and line.startswith("  ") and not line.lstrip().startswith("- "):
            current.append(line.strip())  # a wrapped line of the same item
        else:
            current = None
    return [" ".join(parts) for parts in items]


def item_text(item) -> str:
    return item if isinstance(item, str) else item.text


def count_items(point) -> int:
    """List items on the sheet plus list items on the web page."""
    return len(point.items) + len(detail_list_items(point))


def all_items(point) -> list[str]:
    return [item_text(i) for i in point.items] + detail_list_items(point)


def words(text: str | None) -> int:
    return len(re.sub(r"[*_]", "", text or "").split())


def sheet_words(briefing) -> int:
    """Words printed on the one-page sheet: each point's text and items, and the key message."""
    total = 0
    for point in briefing.points.values():
        total += words(point.text)
        for item in point.items:
            if isinstance(item, str):
                total += words(item)
            else:
                total += words(item.text) + sum(words(sub) for sub in item.items) + words(item.after)
    if briefing.key_message:
        km = briefing.key_message
        total += words(km.title) + words(km.text) + sum(words(i) for i in km.items)
    return total


def point_text(point) -> str:
    """Everything a point says, sheet and web, as one string."""
    parts = [point.text or "", point.detail or ""]
    for item in point.items:
        if isinstance(item, str):
            parts.append(item)
        else:
            parts.append(item.text)
            parts.extend(item.items)
            parts.append(item.after or "")
    return "\n".join(parts)


def briefing_text(briefing) -> str:
    return "\n".join(point_text(p) for p in briefing.points.values())


def squash(text: str) -> str:
    """Collapse the line-wrapping of detail blocks so phrases can be searched for."""
    return re.sub(r"\s+", " ", text)


# --- all three -----------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["rapid-review-16", "child-i", "family-t"])
def test_common_metadata(loaded, slug):
    b = loaded.briefings[slug]
    assert b.age_band == "under 1"
    assert b.last_reviewed == date(2026, 11, 23)
    assert 1 <= len(b.themes) <= 6
    assert sheet_words(b) <= SHEET_WORD_LIMIT


@pytest.mark.parametrize("slug", ["rapid-review-16", "child-i", "family-t"])
def test_no_extraction_noise(loaded, slug):
    text = briefing_text(loaded.briefings[slug])
    for noise in ("Reviev", "timelessness", "<u>", "X Practitioners", "Click here", "click here"):
        assert noise not in text
    for link in loaded.resources_of(slug):
        assert link.title.strip().lower() not in {"here", "click here"}
        assert "click here" not in link.title.lower()


@pytest.mark.parametrize("slug", ["rapid-review-16", "child-i", "family-t"])
def test_source_files_start_with_schema_line(slug):
    first = (ROOT / f"{slug}.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/briefing.schema.json"


def test_partnership_contacts_are_only_what_the_sources_give(loaded):
    parts = loaded.partnerships
    nyscp = parts["north-yorkshire"]
    assert nyscp.short_name == "NYSCP"
    assert [p.number for p in nyscp.contact.phones] == ["0300 121 3 121"]
    assert "referral about an adult or child" in nyscp.contact.phones[0].label
    assert [e.address for e in nyscp.contact.emails] == ["nyscp@northyorks.gov.uk"]
    assert nyscp.website == "https://www.safeguardingchildren.co.uk/"
    for pid, site in (("keeping-bristol-safe", "https://bristolsafeguarding.org/"),
                      ("buckinghamshire", "https://www.buckssafeguarding.org.uk/")):
        p = parts[pid]
        assert p.contact.phones == [] and p.contact.emails == []
        assert p.contact.out_of_hours is None
        assert p.website == site
    assert parts["keeping-bristol-safe"].short_name == "KBSP"
    assert parts["buckinghamshire"].short_name == "BSCP"
    for p in parts.values():
        assert p.contact.verified == date(2026, 11, 23)


def test_theme_vocabulary(loaded):
    names = {t.name for t in loaded.themes.values()}
    assert names >= {
        "Safer sleep and SUDI", "Non-accidental injury", "Neglect", "Domestic abuse",
        "Parental mental health", "Parental substance use", "Unseen men and fathers",
        "Professional curiosity", "Information sharing", "Escalation and challenge",
        "Thresholds and early help", "The child's voice and lived experience", "Think family",
        "Race, culture and identity", "Young carers", "Housing and overcrowding", "Assessment",
        "Pre-birth", "Hospital discharge",
    }
    assert all(t.description for t in loaded.themes.values())


def test_glossary(loaded):
    for abbr in ("CIN", "SUDI", "HV", "ICON", "HEAT", "CSC", "LAC", "CAMHS", "MAT", "GP", "CCG",
                 "NHS", "LCSPR", "SCR", "NYSCP", "IRIS", "SILR"):
        assert abbr in loaded.glossary, abbr
    # Expanded in the sources themselves:
    assert loaded.glossary["CIN"] == "Child in Need"
    assert loaded.glossary["SUDI"] == "Sudden Unexpected Death in Infancy"
    assert loaded.glossary["HEAT"] == "Home Environment Assessment Tool"
    assert loaded.glossary["LCSPR"] == "Local Child Safeguarding Practice Review"


# --- Rapid Review 16 -----------------------------------------------------------------------------


def test_rr16_metadata(rr16):
    assert rr16.partnership == "keeping-bristol-safe"
    assert rr16.review_type == "rapid-review"
    assert rr16.held == "2022-09"
    assert "safer-sleep-and-sudi" in rr16.themes
    assert "housing-and-overcrowding" in rr16.themes


def test_rr16_what_happened(rr16):
    happened = squash(point_text(rr16.points["happened"]))
    assert "15 agencies took part in the review." in happened
    assert "conducted in September 2022" in happened
    assert "serious incident notification" in happened
    assert "death of a young baby" in happened
    assert "child in need plan" in happened
    assert "combined chronology and genogram" in happened
    assert "antenatal and initial postnatal period by universal services" in happened
    text = squash(briefing_text(rr16))
    assert "overcrowded accommodation" in text
    assert "co-sleeping with parents" in text
    assert "domestic abuse" in text
    assert "did not always seek or follow medical advice" in text


def test_rr16_icon(rr16):
    km = rr16.key_message
    assert km is not None and km.title == "ICON"
    assert [i.rstrip(".") for i in km.items] == [
        "Infant crying is normal",
        "Comforting methods can help",
        "It's OK to walk away",
        "Never, ever shake a baby",
    ]


def test_rr16_working_well_and_improve_counts(rr16):
    assert count_items(rr16.points["worked_well"]) == 11
    assert count_items(rr16.points["improve"]) == 10
    worked = squash(" ".join(all_items(rr16.points["worked_well"])))
    assert "timeliness improved" in worked
    assert "Creative Youth Network" in worked and "Southmead Development Trust" in worked
    assert "Fraser checklist" in worked
    assert "(IRIS)" in worked


def test_rr16_recommendation_and_defaults(loaded, rr16):
    assert "commission a full Child Safeguarding Practice Review" in rr16.points["recommendations"].text
    # The source has no questions for reflection or actions: the site defaults are used.
    assert "reflection" not in rr16.points and "do_now" not in rr16.points
    sources = {p.key: p.source for p in loaded.points("rapid-review-16")}
    assert sources["reflection"] == "site" and sources["do_now"] == "site"
    links = loaded.resources_of("rapid-review-16")
    assert [(l.title, l.url) for l in links] == [("Information to support families", None)]


# --- Child I -------------------------------------------------------------------------------------


def test_child_i_metadata(child_i):
    assert child_i.partnership == "north-yorkshire"
    # The source gives no date: none is invented, and the briefing is listed as undated.
    assert child_i.published is None and child_i.held is None
    assert "safer-sleep-and-sudi" in child_i.themes
    assert {"Children's Social Care", "Health Visiting", "Police"} <= set(child_i.agencies)


def test_child_i_what_happened(child_i):
    happened = squash(point_text(child_i.points["happened"]))
    assert "12-week-old baby" in happened
    assert "co-sleeping with a parent and sibling" in happened
    assert "Child in Need (CIN) plan" in happened
    assert "unascertained" in happened
    assert "parental alcohol use and a very warm sleeping environment" in happened
    assert "Section 17 (Child in Need)" in happened
    assert "maternal history of substance and alcohol misuse" in happened
    assert "Covid-19 pandemic" in happened
    assert "NYSCP Practice & Learning Subgroup" in happened


def test_child_i_contact(loaded, child_i):
    contact = loaded.partnerships[child_i.partnership].contact
    assert "0300 121 3 121" in [p.number for p in contact.phones]
    assert "nyscp@northyorks.gov.uk" in [e.address for e in contact.emails]


def test_child_i_good_practice_and_development(child_i):
    assert count_items(child_i.points["worked_well"]) == 4
    assert count_items(child_i.points["improve"]) == 5
    worked = " ".join(all_items(child_i.points["worked_well"]))
    assert "**Safer Sleep Advice:**" in worked
    assert "(HEAT)" in worked
    assert "early signs of neglect" in squash(child_i.points["worked_well"].detail)
    improve = " ".join(all_items(child_i.points["improve"]))
    assert "**Timeliness of Assessment:**" in improve
    assert "20 working days" in squash(child_i.points["improve"].detail)


def test_child_i_recommendations_with_updates(child_i):
    recs = child_i.points["recommendations"]
    assert len(recs.items) == 5
    updates = detail_list_items(recs)
    assert len(updates) == 5
    labels = ["Formal Debrief", "Safer Sleep & SUDI Prevention", "Assessment Standards",
              "Multi-agency Meetings", "Health Liaison"]
    for label, rec, update in zip(labels, recs.items, updates):
        assert item_text(rec).startswith(label + ":")
        assert label in update
    detail = squash(recs.detail)
    assert len(re.findall(r"\*\*[^*]+\*\*", detail)) == 5  # each update in bold
    assert "**A full debrief was completed with all staff" in detail
    assert "“Prevent and Protect” model" in item_text(recs.items[1])


def test_child_i_reflection_and_do_now(child_i):
    assert count_items(child_i.points["reflection"]) == 6
    assert count_items(child_i.points["do_now"]) == 3


def test_child_i_resources(loaded):
    titles = [link.title for link in loaded.resources_of("child-i")]
    for title in ("Day or Night: Sleep Right", "#AskMe... have the Conversation",
                  "Managing Different Professional Perspectives and Mutual Challenges "
                  "(Including Professional Resolutions)",
                  "Professional Curiosity", "HEAT Tool", "Strength in Relationships Practice Model",
                  "Information Sharing", "All NYSCP practice guidance",
                  "Learning from other Safeguarding Practice Reviews",
                  "Further partnership Audits and Safeguarding Reviews"):
        assert title in titles, title
    assert len(titles) == 10


# --- Family T ------------------------------------------------------------------------------------


def test_family_t_metadata(family_t):
    assert family_t.partnership == "buckinghamshire"
    assert family_t.review_type == "scr"
    assert family_t.published == "2021-10"
    assert "non-accidental-injury" in family_t.themes


def test_family_t_what_happened(family_t):
    happened = squash(point_text(family_t.points["happened"]))
    assert "female twin siblings aged 14 weeks" in happened
    assert "significant non-accidental physical injuries" in happened
    assert "foster placement" in happened
    assert "domestic abuse and parental drug misuse" in happened
    assert "looked after child (LAC)" in happened
    assert "October 2021" in happened
    assert "Local Child Safeguarding Practice Reviews (LCSPRs)" in happened


def test_family_t_agencies(family_t):
    assert family_t.agencies == [
        "Buckinghamshire Children's Social Care",
        "Child Looked After Team",
        "Buckinghamshire Healthcare Trust",
        "Thames Valley Police",
        "Youth Offending Service",
        "Oxford Health NHS Foundation Trust (CAMHS)",
        "Barnardo's RUSafe",
        "One Recovery Bucks",
        "CCG",
    ]


def test_family_t_themes_that_emerged(family_t):
    improve = family_t.points["improve"]
    assert count_items(improve) == 7
    assert item_text(improve.items[0]) == "Effectiveness of assessment"
    assert item_text(improve.items[-1]) == "Response to non-accidental injuries in babies"


def test_family_t_good_practice(family_t):
    worked = family_t.points["worked_well"]
    assert count_items(worked) == 4
    assert "cannabis misuse" in " ".join(all_items(worked))
    assert "Safeguarding is the action that is taken" in briefing_text(family_t)


def test_family_t_recommendations(family_t):
    recs = family_t.points["recommendations"]
    assert count_items(recs) == 8
    nested = [i for i in recs.items if not isinstance(i, str)]
    assert [len(i.items) for i in nested] == [4, 3, 3]
    # As in the source, the assurance sentence follows the multi-agency assessment sub-list.
    assert nested[1].items[-1] == "Contribution of partner agencies to assessments led by CSC"
    assert nested[1].after == "AND assurance is sought about the impact of improved assessments on practice."
    assert [i.after for i in (nested[0], nested[2])] == [None, None]
    text = squash(point_text(recs))
    for phrase in ("unborn baby assessments", "Involvement of Fathers",
                   "coercion and control", "child protection medical procedure",
                   "discharge planning meeting", "role and responsibility of practitioners",
                   "Practice learning from this Review is shared"):
        assert phrase in text, phrase


def test_family_t_assurance_sentence_follows_its_sub_list_on_page_and_sheet(loaded):
    from sevenminute.printing.sheet_html import sheet_html
    from sevenminute.web.pages import render_briefing_page

    for html in (render_briefing_page(loaded, "family-t"), sheet_html(loaded, "family-t")):
        text = squash(re.sub(r"<[^>]+>", " ", html))
        last_sub = text.index("assessments led by CSC")
        after = text.index("AND assurance is sought about the impact of improved assessments")
        next_item = text.index("Seek assurance from partners that multi-agency practice")
        assert last_sub < after < next_item
        # Inside the same list item, after its sub-list closes.
        assert re.search(r"</ul>\s*AND assurance is sought[^<]*</li>", html)


def test_family_t_related_review_and_report(loaded, family_t):
    [myth] = family_t.related_reviews
    assert myth.title == "The Myth of Invisible Men"
    assert myth.publisher == "Child Safeguarding Practice Review Panel"
    assert myth.url is None
    assert "male carers" in myth.description
    [report] = loaded.resources_of("family-t")
    assert "Family T report" in report.title
    assert report.url == "https://www.buckssafeguarding.org.uk/"
