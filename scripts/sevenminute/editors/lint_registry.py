"""The content lints there are: each lint's code, group, what it catches and how to fix it (the
authoring guide and every finding's hint say the same), and the budgets the length lints hold
a briefing to. A site sets each code's or group's level in data/site.yml (`lints:`)."""

from __future__ import annotations

from dataclasses import dataclass

from sevenminute.core.validation import PLACEHOLDER


@dataclass(frozen=True)
class Lint:
    code: str
    group: str
    catches: str  # what it looks for, for the authoring guide
    fix: str  # how to put it right; also the hint on every finding


_LINTS = [
    Lint("vague-link-text", "links",
         "Link text such as 'click here', 'here', 'this link' or 'read more', which makes no sense "
         "when a screen reader lists the links on a page",
         "say where the link goes, for example [Safer sleep guidance](https://...)"),
    Lint("bare-url", "links",
         "A web address used as link text or typed into the text, which screen readers spell out",
         "make it a link with words that say where it goes: [Page title](https://...)"),
    Lint("document-link", "links",
         "A link to a document (PDF, Word, PowerPoint, Excel) that does not give its type and size",
         "add `format:` and `size:` (for example `format: PDF` and `size: 1.2 MB`), or write "
         "'(PDF, 1.2 MB)' after the link"),
    Lint("look-alike-link", "links",
         "A link to a site whose address imitates a known one (a partnership's, the resource "
         "library's, or a national body's such as nspcc.org.uk): nspcc-org.uk, nspcc.0rg.uk, "
         "www.nspcc.org.uk.example.com",
         "check the address on the site itself and copy it exactly"),
    Lint("postcode", "anonymisation", "A full UK postcode",
         "leave the address out, or name only the area (for example 'in Bristol')"),
    Lint("street-address", "anonymisation",
         "A house number and street (27 Mill Lane, flat 3), or a street named where someone lived",
         "leave the address out, or name only the area (for example 'in Bristol')"),
    Lint("email-address", "anonymisation",
         "A person's email address (a service's own mailbox, or one at a .gov.uk, .nhs.uk or "
         ".org.uk address, is left alone)",
         "remove it; a service's address belongs in the partnership's contact block"),
    Lint("social-handle", "anonymisation",
         "A social media handle or user name (@name), or the address of someone's social media or "
         "fundraising page",
         "remove it, or say which service was used (Snapchat, a fundraising page) without the name"),
    Lint("exact-date", "anonymisation",
         "A date with a day in it (a date of birth, death or incident)",
         "give the month and year only (September 2022), or an age (aged 14 weeks)"),
    Lint("nhs-number", "anonymisation",
         "A 10-digit number that looks like an NHS number (written 943 476 5919 or 9434765919)",
         "remove it: a briefing never needs a patient's NHS number"),
    Lint("phone-number", "anonymisation",
         "A phone number in a briefing's text; service numbers belong in the partnership's "
         "contact block",
         "remove it, or put a service number in data/partnerships.yml under `contact:`"),
    Lint("personal-name", "anonymisation",
         "A name after Mr, Mrs, Ms, Miss, Dr, baby and the like (in any case: MRS OKAFOR, mrs "
         "okafor), after 'called' or 'named', after a relation ('her brother, Kacper'), before "
         "', aged 4', a common first name in any case, or a first name inside a link address",
         "use the review's pseudonym (Child I, Family T, Mr T) or a role (Mother, the GP)"),
    Lint("briefing-too-long", "plain-english",
         "A briefing longer than the seven-minute budget of 1,200 words",
         "shorten the `detail` of the longest points, or link to the full report for the rest"),
    Lint("point-too-long", "plain-english",
         "A point longer than its share of the budget (340 words, twice an even seventh)",
         "keep the point's `text` and `items` short and cut the `detail`, or link to the report"),
    Lint("long-sentence", "plain-english", "A sentence over 30 words",
         "split it into two sentences, or turn a run of clauses into a list"),
    Lint("unknown-abbreviation", "plain-english",
         "An abbreviation (two or more capital letters) that is not in data/glossary.yml",
         "add it to data/glossary.yml with its meaning, or write it out in full"),
    Lint("abbreviation-meaning", "plain-english",
         "An abbreviation the briefing spells out one way, such as 'Multi Agency Team (MAT)', "
         "where data/glossary.yml gives another meaning that the page would show",
         "add the briefing's own meaning under `glossary:` in the briefing (for example "
         "`glossary:` then `  MAT: Multi Agency Team`), which wins on its page"),
    Lint("template-text", "plain-english",
         "Text from the template of `sevenminute new` that has not been replaced",
         "replace it with the briefing's own text, or remove the line"),
    Lint("contact-unverified", "staleness",
         "A partnership's contact block not checked in the last 12 months",
         "check the numbers and addresses, then set `verified:` to today's date"),
    Lint("review-overdue", "staleness",
         "A briefing past its `next_review` date, or last reviewed over 12 months ago",
         "check the briefing is still right (links, contacts, guidance), then set "
         "`last_reviewed:` to today's date and `next_review:` to a year from now"),
]
LINTS: dict[str, Lint] = {lint.code: lint for lint in _LINTS}
GROUPS = sorted({lint.group for lint in _LINTS})

# A seven-minute read: adults read plain prose at roughly 150 to 200 words a minute, so seven
# minutes is 1,000 to 1,400 words. 1,200 is the middle; a point may take twice an even seventh.
WORD_BUDGET = 1200
POINT_SHARE = 2 * round(WORD_BUDGET / 7 / 10) * 10  # 340
SENTENCE_LIMIT = 30
STALE_AFTER_DAYS = 365
TEMPLATE_MARK = PLACEHOLDER  # a value that only starts so is refused by validation

