"""The content lints: what each catches, where it points, and the seeds they must leave alone."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from sevenminute.core import model as m
from sevenminute.core.loading import load_collection
from sevenminute.core.yamlread import read_yaml
from sevenminute.editors.fieldref import check_complete, example, field_reference
from sevenminute.editors.identifying import identifying
from sevenminute.editors.lint_registry import LINTS, POINT_SHARE, WORD_BUDGET
from sevenminute.editors.lints import lint_collection
from sevenminute.editors.text_walk import texts

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)

BRIEFING = """\
title: Child Z
partnership: north-yorkshire
review_type: lcspr
published: "2025-03"
themes:
  - neglect
summary: A short summary of what happened to Child Z and what the review found.
last_reviewed: 2026-10-01
points:
  happened:
    text: {happened}
  matters:
    text: It matters.
  worked_well:
    text: Health visitors shared information.
  improve:
    text: Assessment was slow.
  recommendations:
    text: Hold a meeting.
"""


def write(root: Path, name: str, happened: str = "Child Z was a baby.", extra: str = "") -> Path:
    path = root / f"{name}.yml"
    path.write_text(BRIEFING.format(happened=happened) + extra, encoding="utf-8")
    return path


def lint(root: Path, today: date = TODAY):
    result = load_collection(root)
    assert result.ok, [d.plain() for d in result.diagnostics]
    return lint_collection(result.collection, today)


def codes(diagnostics, path: Path | None = None) -> list[str]:
    return [d.code for d in diagnostics if path is None or Path(d.path).name == path.name]


# --- the seeds -------------------------------------------------------------------------------

def test_seed_briefings_give_no_errors_and_only_long_sentence_warnings():
    found = lint(REPO / "briefings")
    assert not [d for d in found if d.severity == "error"]
    # Long sentences are true findings in the published sources; nothing else may be flagged.
    assert set(codes(found)) <= {"long-sentence"}, [d.plain() for d in found]


@pytest.mark.parametrize("slug", ["child-i", "family-t", "rapid-review-16"])
def test_anonymisation_leaves_each_seed_briefing_alone(slug):
    doc, _ = read_yaml(REPO / "briefings" / f"{slug}.yml")
    prose = list(texts(doc.data))
    assert len(prose) > 20
    assert [(v.path, identifying(v.raw)) for v in prose if identifying(v.raw)] == []


# --- links -----------------------------------------------------------------------------------

def test_vague_link_text_is_flagged_at_the_link(briefings_copy):
    path = write(briefings_copy, "child-z", "Read the guidance [click here](https://example.org/a).")
    found = [d for d in lint(briefings_copy) if d.code == "vague-link-text"]
    assert len(found) == 1
    assert (found[0].line, found[0].column) == (11, 29)  # the '[' of the link on line 11
    assert "click here" in found[0].message and found[0].severity == "warning"
    assert Path(found[0].path).name == path.name


@pytest.mark.parametrize("text", ["here", "Accessed here", "this link", "Read more", "More."])
def test_each_vague_phrase_is_flagged(briefings_copy, text):
    write(briefings_copy, "child-z", f"See [{text}](https://example.org/a).")
    assert "vague-link-text" in codes(lint(briefings_copy))


def test_bare_urls_are_flagged_as_link_text_and_in_the_text(briefings_copy):
    write(briefings_copy, "child-z", "See [https://example.org/a](https://example.org/a) and "
          "www.example.org/b and <https://example.org/c>.")
    assert codes(lint(briefings_copy)).count("bare-url") == 3


def test_document_links_need_format_and_size(briefings_copy):
    extra = ("resources:\n  - title: Safer sleep guide\n    url: https://example.org/sleep.pdf\n"
             "  - title: Neglect toolkit\n    url: https://example.org/toolkit.pdf\n"
             "    format: PDF\n    size: 1.2 MB\n")
    write(briefings_copy, "child-z", "See [the guide](https://example.org/guide.docx).", extra)
    found = [d for d in lint(briefings_copy) if d.code == "document-link"]
    assert [d.line for d in found] == [11, 21]  # the inline link and the first resource only
    assert "format and size" in found[1].message


def test_link_titles_in_the_shared_resources_are_checked(briefings_copy):
    resources = briefings_copy / "data" / "resources.yml"
    resources.write_text(resources.read_text(encoding="utf-8").replace(
        "title: HEAT Tool", "title: Click here"), encoding="utf-8")
    found = [d for d in lint(briefings_copy) if d.code == "vague-link-text"]
    assert [Path(d.path).name for d in found] == ["resources.yml"]


# --- anonymisation ---------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, code", [
    ("They lived in BS2 9TQ.", "postcode"),
    ("Child Z was born on 14 March 2021.", "exact-date"),
    ("The DOB was 03/07/2019.", "exact-date"),
    ("NHS number 943 476 5919 was missing.", "nhs-number"),
    ("Records used 4505577104.", "nhs-number"),
    ("Mother's number was 07700 900461.", "phone-number"),
    ("Mrs Okafor raised concerns.", "personal-name"),
    ("Baby Olivia was premature.", "personal-name"),
    ("A boy called Tyler was a young carer.", "personal-name"),
    # What a careless editor writes (issue 22)
    ("The family moved to 27 Mill Lane.", "street-address"),
    ("They stayed on Whitehall Road.", "street-address"),
    ("They were rehoused in bs13 0jp.", "postcode"),
    ("Child Z was born on 14-03-2021.", "exact-date"),
    ("It happened on the fourteenth of March 2021.", "exact-date"),
    ("The DOB was 14 march 2021.", "exact-date"),
    ("MRS OKAFOR was struggling.", "personal-name"),
    ("The nurse spoke to jayden alone.", "personal-name"),
    ("Her brother, Kacper, was taken into care.", "personal-name"),
    ("Mother wrote from jade.turner88@gmail.com.", "email-address"),
    ("She posted as @jadeturner_09.", "social-handle"),
    ("Her page was [on Facebook](https://www.facebook.com/jade.turner.5).", "social-handle"),
    ("See [the report](https://news.example.co.uk/jade-turner-inquest).", "personal-name"),
])
def test_identifying_details_are_caught(briefings_copy, sentence, code):
    write(briefings_copy, "child-z", sentence)
    found = [d for d in lint(briefings_copy) if d.code == code]
    assert len(found) == 1 and found[0].line == 11


@pytest.mark.parametrize("sentence", [
    "Child Z was 12 weeks old.", "Baby T and Family T were known to services.",
    "Mr T and Mrs A did not attend.", "The review was held in September 2022.",
    "Mother was a looked after child.", "Dr Y led the health chronology.",
    "Call the police on 999.", "Thames Valley Police attended.",
    "Data from 2021-22 showed a rise.", "Children aged 2 may be at risk.",
    "Write to safeguarding@example.gov.uk for advice.", "Her brother, Child K, was known.",
    "The case was heard at Bristol Crown Court.", "Mother, aged 19, was a care leaver.",
])
def test_pseudonyms_roles_months_and_agencies_are_not_flagged(briefings_copy, sentence):
    write(briefings_copy, "child-z", sentence)
    assert not [c for c in codes(lint(briefings_copy)) if LINTS[c].group == "anonymisation"]


def test_the_position_points_at_the_identifying_words(briefings_copy):
    write(briefings_copy, "child-z", "Police attended the flat in LS11 5DQ twice.")
    found = [d for d in lint(briefings_copy) if d.code == "postcode"]
    assert (found[0].line, found[0].column) == (11, 11 + len("Police attended the flat in "))


def test_the_readme_states_the_measured_rates():
    sys.path.insert(0, str(REPO / "scripts"))
    from anonymisation_eval import evaluate

    result = evaluate()
    caught, positives = len(result["caught"]), len(result["caught"]) + len(result["missed"])
    flagged, negatives = len(result["flagged"]), len(result["flagged"]) + len(result["passed"])
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"**{caught} of {positives} identifying sentences ({caught / positives:.0%})**" in readme
    assert f"**{flagged} of {negatives} safe sentences ({flagged / negatives:.0%})**" in readme


def test_labelled_set_catch_rate_and_false_flag_rate():
    sys.path.insert(0, str(REPO / "scripts"))
    from anonymisation_eval import evaluate

    result = evaluate()
    positives = len(result["caught"]) + len(result["missed"])
    negatives = len(result["flagged"]) + len(result["passed"])
    assert positives >= 70 and negatives >= 60
    assert len(result["caught"]) / positives >= 0.95, result["missed"]
    assert len(result["flagged"]) / negatives <= 0.05, result["flagged"]


# --- length and plain English ------------------------------------------------------------------

# --- silencing one finding ------------------------------------------------------------------

def test_an_allow_comment_on_the_line_silences_only_that_lint_there(briefings_copy):
    path = write(briefings_copy, "child-z", "Mrs Okafor called on 07700 900461.  # allow: personal-name")
    assert sorted(codes(lint(briefings_copy), path)) == ["phone-number"]


def test_an_allow_comment_for_a_group_silences_every_lint_in_it(briefings_copy):
    path = write(briefings_copy, "child-z", "Mrs Okafor called on 07700 900461.  # allow: anonymisation")
    assert not codes(lint(briefings_copy), path)


def test_an_allow_comment_alone_on_the_line_above_silences_the_next_line(briefings_copy):
    path = briefings_copy / "child-z.yml"
    text = BRIEFING.format(happened="Child Z was a baby.").replace(
        "  worked_well:\n    text: Health visitors shared information.\n",
        "  worked_well:\n    items:\n"
        "      # allow: personal-name (named in the national review)\n"
        "      - Mrs Okafor raised concerns.\n"
        "      - Mrs Adeyemi raised concerns.  # allow: phone-number\n"
        "      - Mrs Brown raised concerns.\n")
    path.write_text(text, encoding="utf-8")
    found = [(d.code, d.line) for d in lint(briefings_copy) if Path(d.path).name == path.name]
    # The comment alone on line 16 covers line 17 only; a comment at the end of line 18 is about
    # line 18 (and names another lint), so it does not reach line 19 either.
    assert found == [("personal-name", 18), ("personal-name", 19)], found


def test_an_allow_comment_on_the_key_covers_a_block_of_text(briefings_copy):
    path = write(briefings_copy, "child-z", "|  # allow: personal-name\n"
                 "      Mrs Okafor raised concerns.\n      Baby Olivia was premature.\n"
                 "      Records used 4505577104.")
    assert codes(lint(briefings_copy), path) == ["nhs-number"]


LONG = ("This sentence keeps going well past the limit because it lists one thing after another "
        "and then another thing and yet another thing until a reader has lost the thread of it.")


def test_an_allow_comment_on_a_lists_key_covers_every_item(briefings_copy):
    path = briefings_copy / "child-z.yml"
    text = BRIEFING.format(happened="Child Z was a baby.").replace(
        "  worked_well:\n    text: Health visitors shared information.\n",
        "  worked_well:\n    items:  # allow: long-sentence (quoted from the review)\n"
        f"      - {LONG}\n      - {LONG}\n"
        "  improve:\n    items:\n"
        f"      - {LONG}\n").replace("  improve:\n    text: Assessment was slow.\n", "")
    path.write_text(text, encoding="utf-8")
    found = [(d.code, d.line) for d in lint(briefings_copy) if Path(d.path).name == path.name]
    # Both items under the commented `items:` are covered; the list under `improve` is not.
    assert found == [("long-sentence", 20)], found


def test_long_sentences_in_detail_are_found_across_the_line_breaks_of_a_block(briefings_copy):
    words = LONG.split()
    wrapped = " ".join(words[:12]) + "\n      " + " ".join(words[12:])
    path = write(briefings_copy, "child-z", "Child Z was a baby.\n    detail: |\n      " + wrapped
                 + "\n\n      - A short item\n      - Another short item")
    found = [(d.code, d.line) for d in lint(briefings_copy) if Path(d.path).name == path.name]
    assert found == [("long-sentence", 13)], found  # the first line of the block


def test_a_misspelt_allow_comment_is_an_error_at_the_comment(briefings_copy):
    write(briefings_copy, "child-z", "Mrs Okafor raised concerns.  # allow: personal-nme")
    found = lint(briefings_copy)
    errors = [d for d in found if d.severity == "error"]
    assert [(d.code, d.line, d.column) for d in errors] == [
        ("unknown-lint", 11, len("    text: Mrs Okafor raised concerns.  # allow: ") + 1)]
    assert "personal-name" in errors[0].hint
    assert "personal-name" in codes(found), "a misspelt allow comment must not silence anything"


def test_the_authoring_guides_allow_example_works_as_described(briefings_copy):
    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    blocks = [block.split("```")[0] for block in guide.split("```yaml\n")[1:]]
    example = next(block for block in blocks if "# allow:" in block)
    path = briefings_copy / "child-z.yml"
    base = BRIEFING.format(happened="Child Z was a baby.")
    original = "    text: Health visitors shared information.\n"
    path.write_text(base.replace(original, original + example), encoding="utf-8")
    assert not codes(lint(briefings_copy), path)
    without = "\n".join(line.split("# allow:")[0].rstrip() for line in example.splitlines()) + "\n"
    path.write_text(base.replace(original, original + without), encoding="utf-8")
    assert sorted(codes(lint(briefings_copy), path)) == ["exact-date", "personal-name"]


def test_a_briefing_over_the_word_budget_is_flagged(briefings_copy):
    detail = "\n".join("      " + "Short words make short lines here." for _ in range(WORD_BUDGET // 6 + 5))
    write(briefings_copy, "child-z", "Child Z.", "")
    path = briefings_copy / "child-z.yml"
    path.write_text(path.read_text().replace(
        "    text: It matters.\n", f"    text: It matters.\n    detail: |\n{detail}\n"))
    found = codes(lint(briefings_copy), path)
    assert "briefing-too-long" in found and "point-too-long" in found


def test_a_point_over_its_share_is_flagged_at_its_key(briefings_copy):
    long_text = " ".join(["Words."] * (POINT_SHARE + 10))
    write(briefings_copy, "child-z", long_text)
    found = [d for d in lint(briefings_copy) if d.code == "point-too-long"]
    assert [(d.line, d.column) for d in found] == [(10, 3)]
    assert "briefing-too-long" not in codes(lint(briefings_copy))


def test_long_sentences_are_flagged(briefings_copy):
    path = write(briefings_copy, "child-z", " ".join(["word"] * 31) + ". " + " ".join(["word"] * 30) + ".")
    assert codes(lint(briefings_copy), path).count("long-sentence") == 1


def test_abbreviations_missing_from_the_glossary_are_flagged_once(briefings_copy):
    write(briefings_copy, "child-z", "The MASH and MASH again, with the GP and HVs.")
    found = [d for d in lint(briefings_copy) if d.code == "unknown-abbreviation"]
    assert [d.message for d in found] == ["'MASH' is not in the glossary"]


def test_template_text_left_inside_other_text_is_flagged(briefings_copy):
    # A value that starts with the placeholder is refused by validation; one pasted after some
    # text of the editor's own is caught here.
    write(briefings_copy, "child-z", "Child Z was a baby. Replace this with a short paragraph.")
    assert "template-text" in codes(lint(briefings_copy))


def test_a_value_still_holding_the_placeholder_is_refused_at_its_line(briefings_copy):
    write(briefings_copy, "child-z", "Replace this with a short paragraph.")
    result = load_collection(briefings_copy)
    assert not result.ok
    assert [(d.line, d.code, d.hint) for d in result.diagnostics if d.severity == "error"] == [
        (11, "placeholder", "replace it with a short paragraph")]


# --- staleness -------------------------------------------------------------------------------

def test_contacts_not_verified_for_a_year_are_flagged(briefings_copy):
    found = [d for d in lint(briefings_copy, date(2028, 1, 1)) if d.code == "contact-unverified"]
    assert {Path(d.path).name for d in found} == {"partnerships.yml"}
    assert len(found) == 3  # the three partnerships the seeds use
    assert not [d for d in lint(briefings_copy, date(2027, 11, 1)) if d.code == "contact-unverified"]


def test_a_briefing_past_its_review_date_is_flagged(briefings_copy):
    write(briefings_copy, "child-z", extra="next_review: 2026-06-01\n")
    found = [d for d in lint(briefings_copy) if d.code == "review-overdue"]
    assert len(found) == 1 and found[0].line == 20 and "1 June 2026" in found[0].message


def test_without_next_review_twelve_months_since_last_reviewed_is_overdue(briefings_copy):
    write(briefings_copy, "child-z")  # last reviewed 2026-10-01
    assert "review-overdue" not in codes(lint(briefings_copy, date(2027, 9, 30)))
    assert "review-overdue" in codes(lint(briefings_copy, date(2027, 10, 2)))


# --- severity settings -----------------------------------------------------------------------

def _site_lints(root: Path, text: str) -> None:
    site = root / "data" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + f"lints:\n{text}", encoding="utf-8")


def test_a_site_can_make_a_group_an_error_and_turn_a_lint_off(briefings_copy):
    _site_lints(briefings_copy, "  anonymisation: error\n  long-sentence: off\n")
    write(briefings_copy, "child-z", "Mrs Okafor raised concerns.")
    found = lint(briefings_copy)
    assert [d.severity for d in found if d.code == "personal-name"] == ["error"]
    assert "long-sentence" not in codes(found)


def test_an_unknown_lint_in_the_settings_is_an_error_with_a_suggestion(briefings_copy):
    _site_lints(briefings_copy, "  postcodes: error\n")
    found = [d for d in lint(briefings_copy) if d.code == "unknown-lint"]
    assert len(found) == 1 and found[0].severity == "error" and "'postcode'" in found[0].hint


# --- the field reference -------------------------------------------------------------------------

def test_every_field_has_an_example_and_appears_in_the_reference():
    assert check_complete() == []
    reference = field_reference()
    for model in (m.Briefing, m.Point, m.KeyMessage, m.Link, m.Site, m.Partnership, m.Contact):
        for name in model.model_fields:
            assert f"| `{name}` |" in reference, f"{model.__name__}.{name}"


@pytest.mark.parametrize("model", [m.Briefing, m.Point, m.KeyMessage, m.ListItem, m.Link,
                                   m.Partnership, m.Contact, m.Theme, m.ReviewType])
def test_the_reference_examples_are_valid(model):
    model.model_validate(example(model))


# --- the authoring guide -----------------------------------------------------------------------

def test_the_authoring_guide_explains_every_lint_heading_and_the_measured_rates():
    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    for code, rule in LINTS.items():
        assert f"| `{code}` |" in guide, code
        assert f"(group `{rule.group}`)" in guide
    formats = load_collection(REPO / "briefings").collection.formats
    for fmt in formats.values():
        for point in fmt.points:
            if point.heading:
                assert f"**{point.heading}** (`{point.key}`)" in guide, point.heading
    # The field reference has its own page, which the guide links to.
    assert "[field reference](fields.md)" in guide
    assert "<!-- sevenminute:field-reference -->" in (REPO / "docs" / "fields.md").read_text(encoding="utf-8")
    sys.path.insert(0, str(REPO / "scripts"))
    from anonymisation_eval import evaluate

    result = evaluate()
    caught, positives = len(result["caught"]), len(result["caught"]) + len(result["missed"])
    flagged, negatives = len(result["flagged"]), len(result["flagged"]) + len(result["passed"])
    assert f"**{caught} of {positives} identifying sentences ({caught / positives:.0%})**" in guide
    assert f"**{flagged} of {negatives} safe sentences ({flagged / negatives:.0%})**" in guide
    assert f"{WORD_BUDGET:,} words" in guide and f"{POINT_SHARE} words" in guide
