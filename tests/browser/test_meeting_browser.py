"""The team meeting in a real Chromium: the present view stepped through by keyboard, its timer,
Escape back to the briefing with focus where it was; the action record filled in, kept over a
reload, printed to PDF and cleared. (The gates in the other files check these pages too: they
run on every page of the built site.)"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest

from conftest import new_context
from sevenminute.core.loading import load_collection
from sevenminute.rendering.template_data import page_path, present_path, record_path

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
COLLECTION = load_collection(REPO / "briefings").collection
SLUG = "rapid-review-16" if "rapid-review-16" in COLLECTION.briefings else sorted(COLLECTION.briefings)[0]


def screens(slug: str) -> list[str]:
    """The headings the present view should show, in order: title, points, key message, questions."""
    b = COLLECTION.briefings[slug]
    headings = [b.title] + [f"{p.number} {p.heading}" for p in COLLECTION.points(slug)]
    if b.key_message:
        headings.append(b.key_message.title)
    return headings + ["Questions for the team"]


def shown(page) -> str:
    """The heading of the one screen on show (and a check that only one is)."""
    return page.evaluate("""() => {
        const visible = [...document.querySelectorAll('.present__slide')].filter(s => !s.hidden);
        if (visible.length !== 1) return `${visible.length} screens on show`;
        return visible[0].querySelector('h1, h2').textContent.replace(/\\s+/g, ' ').trim();
    }""")


@pytest.fixture
def meeting(browser):
    context = new_context(browser)
    page = context.new_page()
    yield page
    context.close()


def test_present_view_steps_through_every_point_and_back_by_keyboard(meeting, base_url):
    page = meeting
    page.goto(base_url + page_path(SLUG))
    link = page.locator("#present-link")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(present_path(SLUG)) + "$"))
    expected = screens(SLUG)
    assert shown(page) == expected[0]
    assert page.locator(".present__slide").count() == len(expected)
    seen = [shown(page)]
    for i in range(1, len(expected)):
        page.keyboard.press("ArrowRight" if i % 2 else " ")  # arrows and space both move on
        seen.append(shown(page))
    assert seen == expected
    page.keyboard.press("ArrowRight")  # past the end: stays on the last screen
    assert shown(page) == expected[-1]
    backwards = []
    for _ in range(len(expected) - 1):
        page.keyboard.press("ArrowLeft")
        backwards.append(shown(page))
    assert backwards == expected[-2::-1]
    page.keyboard.press("End")
    assert shown(page) == expected[-1]
    page.keyboard.press("Home")
    assert shown(page) == expected[0]
    assert page.locator(".present__position").text_content() == f"Screen 1 of {len(expected)}: {expected[0]}"

    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(re.escape(page_path(SLUG)) + "#present-link$"))
    assert page.evaluate("() => document.activeElement.id") == "present-link"
    assert page.evaluate("() => document.activeElement.matches(':focus-visible')")


def test_timer_starts_at_seven_minutes_counts_down_pauses_and_never_moves_on(meeting, base_url):
    page = meeting
    page.clock.install()
    page.goto(base_url + present_path(SLUG))
    clock = page.locator(".present__clock")
    announce = page.locator(".present__announce")
    assert clock.text_content() == "7:00"
    assert page.locator(".present__clock").get_attribute("role") == "timer"
    assert announce.get_attribute("aria-live") == "polite"

    button = page.get_by_role("button", name="Start timer")
    button.focus()
    page.keyboard.press("Enter")
    assert announce.text_content() == "Timer started: 7 minutes left."
    page.clock.run_for(3_000)
    assert clock.text_content() == "6:57"
    # Announced on minute boundaries, not every second.
    assert announce.text_content() == "7 minutes left." or announce.text_content().startswith("Timer started")
    page.clock.run_for(60_000)
    assert clock.text_content() == "5:57"
    assert announce.text_content() == "6 minutes left."

    page.get_by_role("button", name="Pause timer").click()
    assert announce.text_content() == "Timer paused: 5 minutes 57 seconds left."
    page.clock.run_for(10_000)
    assert clock.text_content() == "5:57"

    page.get_by_role("button", name="Start timer").click()
    page.clock.run_for(8 * 60_000)  # well past seven minutes
    assert clock.text_content() == "0:00"
    assert announce.text_content() == "Seven minutes are up."
    assert shown(page) == screens(SLUG)[0], "the timer moved the screens on by itself"


def test_present_view_without_javascript_is_one_readable_page(browser, base_url):
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + present_path(SLUG))
        visible = page.locator(".present__slide:visible")
        assert visible.count() == len(screens(SLUG))
        assert not page.locator(".present__controls").is_visible()
        assert page.get_by_role("link", name="Back to the briefing").is_visible()
    finally:
        context.close()


ENTRIES = {
    "#record-team": "Harbourside early help team",
    "#record-date": "2026-11-24",
    "#record-attended": "Amira (team manager), Ben, Chloe, Dev",
    "#record-discussed": "How we notice a baby's bruising and who we tell the same day",
    "#record-action-1": "Add the bruising protocol to the team's induction pack",
    "#record-owner-1": "Amira",
    "#record-due-1": "2026-12-15",
    "#record-action-2": "Invite the named nurse to the January team meeting",
    "#record-owner-2": "Ben",
    "#record-due-2": "2027-01-12",
    "#record-stuck": "Ask in supervision in March who has used the protocol",
}


def test_action_record_keeps_a_draft_prints_every_entry_on_one_page_and_clears(meeting, base_url):
    page = meeting
    url = base_url + record_path(SLUG)
    page.goto(url)
    assert "Nothing is sent anywhere" in page.locator(".record__about").text_content()
    for selector, value in ENTRIES.items():
        page.fill(selector, value)

    page.reload()
    for selector, value in ENTRIES.items():
        assert page.input_value(selector) == value, f"{selector} was not kept over a reload"
    assert "draft" in page.locator(".record__status").text_content()

    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) == 1, f"the printed record takes {len(pdf.pages)} pages"
    text = re.sub(r"\s+", " ", pdf.pages[0].extract_text())
    for selector, value in ENTRIES.items():
        if selector.startswith("#record-d") and "-" in value and value[:4].isdigit():
            year, month, day = value.split("-")
            shapes = (f"{day}/{month}/{year}", f"{month}/{day}/{year}", value)  # the browser's locale
            assert any(shape in text for shape in shapes), f"the printed record lacks {selector}"
        else:
            assert value in text, f"the printed record lacks {selector}: {value!r}"
    assert "Nothing is sent anywhere" not in text  # the page's notes stay off the paper

    page.get_by_role("button", name="Clear this record").click()
    assert page.input_value("#record-team") == ""
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('sevenminute:record'))") == []
    page.reload()
    for selector in ENTRIES:
        assert page.input_value(selector) == ""


def test_action_record_adds_actions_and_keeps_them(meeting, base_url):
    page = meeting
    page.goto(base_url + record_path(SLUG))
    page.get_by_role("button", name="Add another action").click()
    assert page.evaluate("() => document.activeElement.id") == "record-action-4"
    page.fill("#record-action-4", "A fourth action")
    page.reload()
    assert page.input_value("#record-action-4") == "A fourth action"
    assert page.locator("label[for=record-owner-4]").text_content() == "Who"


def test_the_gates_cover_every_present_view_and_action_record(page_paths):
    """axe (both palettes), vnu, keyboard, reflow and the own-origin check run on page_paths:
    every briefing's present view and action record must be among them."""
    for slug in COLLECTION.briefings:
        assert present_path(slug) in page_paths, slug
        if COLLECTION.site.team_meeting.record:
            assert record_path(slug) in page_paths, slug


@pytest.mark.parametrize("motion, animation", [("reduce", "none"), ("no-preference", "present-in")])
def test_present_view_moves_nothing_when_the_reader_asks_for_reduced_motion(browser, base_url, motion, animation):
    context = new_context(browser, reduced_motion=motion)
    page = context.new_page()
    try:
        page.goto(base_url + present_path(SLUG))
        page.keyboard.press("ArrowRight")
        shown_animation = page.evaluate("""() => getComputedStyle(
            [...document.querySelectorAll('.present__slide')].find(s => !s.hidden)).animationName""")
        assert shown_animation == animation
    finally:
        context.close()
