"""Content lints: checks on what a valid briefing says, as opposed to whether it is valid.

Each lint has a code and a group; a site can make any code or group an error or turn it off in
data/site.yml (`lints:`). By default every lint is a warning: the editor decides. Plain Python,
no MkDocs."""

from __future__ import annotations

import html
import os
import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import nh3

from sevenminute.core.collection import DATA_DIR, Collection
from sevenminute.core.diagnostics import Diagnostic, display_path
from sevenminute.core.validation import PLACEHOLDER, did_you_mean
from sevenminute.core.yamlread import DataPath, Document, read_yaml
from sevenminute.editors.identifying import Finding, identifying, normalise  # noqa: F401  (re-exported)
from sevenminute.rendering import markdown as content


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
    Lint("postcode", "anonymisation", "A full UK postcode",
         "leave the address out, or name only the area (for example 'in Bristol')"),
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
         "A name after Mr, Mrs, Ms, Miss, Dr, baby and the like, after 'called' or 'named', or a "
         "common first name",
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


def today_default() -> date:
    """Today, or the day SOURCE_DATE_EPOCH names, so that builds and tests can fix the date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


# --- walking a briefing's text ------------------------------------------------------------------

# Values that are ids, dates or addresses rather than prose.
_NOT_PROSE = {"partnership", "review_type", "audience", "held", "published", "age_band", "themes",
              "last_reviewed", "next_review", "url", "format", "size"}


@dataclass(frozen=True)
class TextValue:
    path: DataPath
    raw: str  # as written, with its Markdown
    block: bool  # Markdown paragraphs and lists, not one line

    @property
    def words(self) -> str:
        """The text a reader sees, without Markdown or HTML."""
        rendered = content.block(self.raw) if self.block else content.inline(self.raw)
        return html.unescape(nh3.clean(str(rendered), tags=set()))

    @property
    def paragraphs(self) -> list[str]:
        """The words a reader sees, one string per paragraph or list item. A block scalar's line
        breaks inside a paragraph are not the ends of sentences, so they become spaces."""
        rendered = str(content.block(self.raw) if self.block else content.inline(self.raw))
        marked = re.sub(r"</(?:p|li|h[1-6]|blockquote)>|<br\s*/?>", "\ue000", rendered)
        text = html.unescape(nh3.clean(marked, tags=set()))
        return [" ".join(part.split()) for part in text.split("\ue000") if part.strip()]


def texts(data: Any, path: DataPath = ()) -> Iterator[TextValue]:
    """Every piece of prose in a briefing's data, with its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in _NOT_PROSE:
                yield from texts(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            if path == ("resources",) and isinstance(value, str):
                continue  # an id from data/resources.yml
            yield from texts(value, path + (i,))
    elif isinstance(data, str):
        yield TextValue(path, data, bool(path) and path[-1] == "detail")


# `# allow: personal-name` (or a group, or several separated by commas) at the end of a line, or
# on its own line just above, silences that lint there: for a finding that is right, such as the
# publicly named child of a national review. On a key's line it covers the whole value, which is
# the only place a comment can go for a block of text (`text: |  # allow: exact-date`), and on a
# list's key (`items:  # allow: long-sentence`) it covers every item.
_ALLOW = re.compile(r"(?:^|\s)#\s*allow:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)")


class Locator:
    """Finds the line and column of a piece of text inside the YAML value that holds it."""

    def __init__(self, doc: Document):
        self.doc = doc
        try:
            self.lines = doc.path.read_text(encoding="utf-8-sig").splitlines()
        except OSError:
            self.lines = []
        self.key_lines = sorted({line for line, _ in doc.keys.values()})
        # line -> (names allowed, whether the comment is alone on its line, column of the names)
        self.allowed: dict[int, tuple[set[str], bool, int]] = {}
        for number, text in enumerate(self.lines, 1):
            found = _ALLOW.search(text)
            if found:
                names = {c.strip() for c in found.group(1).split(",")}
                self.allowed[number] = (names, not text[:found.start()].strip(), found.start(1) + 1)

    def allows(self, code: str, line: int, value_line: int, path: DataPath = ()) -> bool:
        """Whether an `# allow:` comment silences `code` at `line` (see _ALLOW). A comment on the
        line of any key the value sits under (`items:  # allow: long-sentence`) covers all of it."""
        names = {code, LINTS[code].group}
        keys = [self.doc.keys[path[:i]][0] for i in range(1, len(path))
                if isinstance(path[i - 1], str) and path[:i] in self.doc.keys]
        places = [(line, False), (value_line, False), (line - 1, True), (value_line - 1, True)]
        places += [(k, False) for k in keys] + [(k - 1, True) for k in keys]
        for number, alone_only in places:
            allowed, alone, _ = self.allowed.get(number, (set(), False, 0))
            if allowed & names and (alone or not alone_only):
                return True
        return False

    def find(self, path: DataPath, needle: str = "") -> tuple[int, int]:
        line, column = self.doc.position(path)
        if not needle or not self.lines:
            return line, column
        # The value runs until the next key in the file (or the end of the file).
        after = bisect_right(self.key_lines, line)
        end = self.key_lines[after] - 1 if after < len(self.key_lines) else len(self.lines)
        words = needle.split()
        for attempt in dict.fromkeys([needle, " ".join(words[:4]), " ".join(words[:2]),
                                      words[0] if words else ""]):
            if not attempt:
                continue
            for index in range(line - 1, max(end, line)):
                start = column - 1 if index == line - 1 else 0
                found = self.lines[index].find(attempt, start) if index < len(self.lines) else -1
                if found >= 0:
                    return index + 1, found + 1
        return line, column


# --- the lints -----------------------------------------------------------------------------------

# No brackets inside the text and no parentheses inside the address: each try stops at the next
# one, so a run of `[` or `[a](` costs linear time (the open classes were quadratic: 19 s on 20,000).
_LINK = re.compile(r"\[([^\[\]]+)\]\(\s*<?([^()\s<>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_RAW_URL = re.compile(r"(?<![(<\[/\w])(?:https?://|www\.)[^\s)>\]]+")
_VAGUE = {"click here", "here", "this link", "link", "read more", "more", "more here",
          "find out more", "learn more", "this", "this page", "click", "download", "see here",
          "go here", "info", "more info", "more information", "website", "this website"}
_DOCUMENT_FORMATS = {"PDF", "Word", "PowerPoint", "Excel"}
_DOCUMENT_URL = re.compile(r"\.(pdf|docx?|pptx?|xlsx?|odt|ods|odp|rtf)(?:[?#].*)?$", re.I)
_FORMAT_AND_SIZE = re.compile(
    r"\b(PDF|Word|PowerPoint|Excel|ODT|RTF)\b.{0,12}?\b\d+(?:\.\d+)?\s?(KB|MB)\b", re.I)
_ABBREVIATION = re.compile(r"(?<![\w#@/.-])([A-Z]{2,}[A-Z0-9&]*)(s?)\b")
_CAPITAL_WORDS = {"AND", "OR", "NOT", "THE", "ALL", "NO", "YES", "NEW", "NOW", "ONLY", "MUST",
                  "DO", "DON'T", "NEVER", "ALWAYS", "II", "III", "IV", "VI", "VII", "VIII", "IX",
                  "XI", "XII", "OK", "AM", "PM", "TO", "OF", "IN", "IS", "IT", "IF", "AT", "ON"}
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n+")


def is_vague(text: str) -> bool:
    words = re.sub(r"[^\w\s]", " ", text.lower()).split()
    normal = " ".join(words)
    return (normal in _VAGUE or normal.startswith("click here")
            or (0 < len(words) <= 3 and words[-1] == "here"))


def looks_like_url(text: str) -> bool:
    return bool(re.fullmatch(r"\s*(?:https?://|www\.)\S+\s*", text))


_SMALL_WORDS = {"and", "of", "for", "the", "in", "to", "on", "with", "&"}


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w&]+", " ", text.lower()).split())


def _initials_match(words: list[str], abbreviation: str) -> bool:
    # Small words count in some abbreviations (Child in Need, CIN) and not in others.
    candidates = set()
    for keep_small in (False, True):
        kept = [w for w in words if keep_small or w.lower() not in _SMALL_WORDS]
        candidates.add("".join(w[0] for w in kept).upper())
        candidates.add("".join(p[0] for w in kept for p in w.split("-") if p).upper())
    return abbreviation.upper() in candidates


def spelled_out(text: str, abbreviations: set[str]) -> Iterator[tuple[str, str]]:
    """(abbreviation, its spelling) where the text gives one: 'Multi Agency Team (MAT)' or
    'MAT (Multi Agency Team)', found by the initials of the words matching the letters."""
    for match in re.finditer(r"\(([A-Z][A-Za-z0-9&]{1,11})\)", text):
        word = match.group(1)
        if word not in abbreviations:
            continue
        before = re.findall(r"[\w&'’-]+", text[:match.start()])[-(len(word) * 2 + 2):]
        for start in range(len(before) - 1, -1, -1):
            if before[start].lower() not in _SMALL_WORDS and _initials_match(before[start:], word):
                yield word, " ".join(before[start:])
                break
    for match in re.finditer(r"\b([A-Z][A-Za-z0-9&]{1,11}) \(([^)]{3,80})\)", text):
        word, inside = match.group(1), match.group(2)
        if word in abbreviations and _initials_match(re.findall(r"[\w&'’-]+", inside), word):
            yield word, inside


class _Linter:
    def __init__(self, collection: Collection, today: date):
        self.collection = collection
        self.today = today
        self.found: list[Diagnostic] = []
        self.problems: list[Diagnostic] = []  # errors in the allow comments themselves
        self._documents: dict[Path, tuple[Document, Locator] | None] = {}

    def open(self, path: Path) -> tuple[Document, Locator] | None:
        if path not in self._documents:
            doc, _ = read_yaml(path)
            self._documents[path] = (doc, Locator(doc)) if doc is not None else None
            if doc is not None:
                self.unknown_allows(doc, self._documents[path][1])
        return self._documents[path]

    def unknown_allows(self, doc: Document, locator: Locator) -> None:
        """A misspelt name in an `# allow:` comment would silence nothing: say so."""
        known = [*LINTS, *GROUPS]
        for line, (names, _, column) in sorted(locator.allowed.items()):
            for name in sorted(names - set(known)):
                hint = did_you_mean(name, known) or f"the lints are: {', '.join(known)}"
                self.problems.append(Diagnostic(display_path(doc.path), line, column, "error",
                                                f"unknown lint '{name}' in an `# allow:` comment",
                                                hint, "unknown-lint"))

    def report(self, source: tuple[Document, Locator], path: DataPath, code: str, message: str,
               needle: str = "", hint: str | None = None, *, key: bool = False) -> None:
        doc, locator = source
        line, column = doc.position(path, key=True) if key else locator.find(path, needle)
        lint = LINTS[code]
        if locator.allows(code, line, doc.position(path, key=True)[0] if path else line, path):
            return
        self.found.append(Diagnostic(display_path(doc.path), line, column, "warning", message,
                                     lint.fix if hint is None else hint, code))

    # links
    def link_text(self, source, value: TextValue) -> None:
        for match in _LINK.finditer(value.raw):
            text, target = match.group(1), match.group(2)
            if is_vague(text):
                self.report(source, value.path, "vague-link-text",
                            f"the link text '{text}' does not say where the link goes", match.group())
            elif looks_like_url(text):
                self.report(source, value.path, "bare-url",
                            f"the link text is a web address ('{text.strip()}')", match.group())
            if _DOCUMENT_URL.search(target):
                tail = value.raw[match.end(): match.end() + 30]
                if not _FORMAT_AND_SIZE.search(text + " " + tail):
                    self.report(source, value.path, "document-link",
                                f"the link '{text}' opens a document but does not say its type "
                                "and size", match.group())
        for match in _AUTOLINK.finditer(value.raw):
            self.report(source, value.path, "bare-url",
                        f"the web address {match.group(1)} is shown as the link text", match.group())
        for match in _RAW_URL.finditer(_LINK.sub(lambda m: " " * len(m.group()), value.raw)):
            if value.raw[max(0, match.start() - 1)] == "<":
                continue
            self.report(source, value.path, "bare-url",
                        f"the web address {match.group()} is typed into the text", match.group())

    def link_entry(self, source, path: DataPath, link: Any) -> None:
        """A Link written as fields (related reviews, resources)."""
        if is_vague(link.title):
            self.report(source, path + ("title",), "vague-link-text",
                        f"the link title '{link.title}' does not say where the link goes")
        elif looks_like_url(link.title):
            self.report(source, path + ("title",), "bare-url",
                        f"the link title is a web address ('{link.title}')",
                        hint="use the document's or page's own title")
        is_document = link.format in _DOCUMENT_FORMATS or (link.url and _DOCUMENT_URL.search(link.url))
        if is_document and (link.format is None or link.size is None):
            missing = " and ".join(w for w, v in (("format", link.format), ("size", link.size)) if v is None)
            self.report(source, path + ("title",), "document-link",
                        f"the document '{link.title}' does not give its {missing}")

    # anonymisation, length, abbreviations, template text
    def prose(self, source, value: TextValue) -> None:
        normal, where = normalise(value.raw)
        for finding in identifying(normal):
            written = value.raw[where[finding.start]:where[finding.end - 1] + 1]
            message = finding.message
            if written != normal[finding.start:finding.end]:
                message += " (written with look-alike, invisible or special characters)"
            self.report(source, value.path, finding.code, message, written)
        if TEMPLATE_MARK in value.raw:
            self.report(source, value.path, "template-text",
                        "this text is still the template's placeholder", TEMPLATE_MARK)
        for sentence in (s for paragraph in value.paragraphs for s in _SENTENCE_END.split(paragraph)):
            count = len(re.findall(r"\w+", sentence))
            if count > SENTENCE_LIMIT:
                self.report(source, value.path, "long-sentence",
                            f"this sentence has {count} words (aim for {SENTENCE_LIMIT} or fewer): "
                            f"'{' '.join(sentence.split()[:8])}...'", sentence.strip())

    def abbreviations(self, source, slug: str, values: list[TextValue]) -> None:
        glossary = self.collection.glossary_of(slug)
        own = self.collection.briefings[slug].glossary
        for value in values:
            for word, spelled in spelled_out(value.words, set(self.collection.glossary) - set(own)):
                meaning = self.collection.glossary[word]
                if _normal(spelled) not in _normal(meaning):
                    self.report(source, value.path, "abbreviation-meaning",
                                f"'{word}' is spelled out here as '{spelled}', but the site glossary "
                                f"explains it on this page as '{meaning}'", spelled,
                                hint=f"add `glossary:` to this briefing with `{word}: {spelled}` "
                                "so that its page explains it as the briefing does")
        reported: set[str] = set()
        for value in values:
            for match in _ABBREVIATION.finditer(value.words):
                word = match.group(1)
                if word in glossary or word in _CAPITAL_WORDS or word in reported:
                    continue
                reported.add(word)
                suggestion = did_you_mean(word, glossary)
                hint = LINTS["unknown-abbreviation"].fix + (f" ({suggestion})" if suggestion else "")
                self.report(source, value.path, "unknown-abbreviation",
                            f"'{word}' is not in the glossary", word, hint)

    def length(self, source, slug: str, values: list[TextValue]) -> None:
        per_point: dict[str, int] = {}
        total = 0
        for value in values:
            count = len(re.findall(r"\w+", value.words))
            total += count
            if value.path[:1] == ("points",) and len(value.path) > 1:
                per_point[value.path[1]] = per_point.get(value.path[1], 0) + count
        if total > WORD_BUDGET:
            minutes = total / 170
            self.report(source, (), "briefing-too-long",
                        f"the briefing has {total:,} words, about {minutes:.0f} minutes' reading; "
                        f"the seven-minute budget is {WORD_BUDGET:,}",
                        hint=f"cut {total - WORD_BUDGET:,} words: shorten the `detail` of the longest "
                        "points, or link to the full report for the rest")
        for key, count in per_point.items():
            if count > POINT_SHARE:
                self.report(source, ("points", key), "point-too-long",
                            f"point '{key}' has {count} words; its share is {POINT_SHARE}", key=True)

    # staleness
    def review_due(self, source, briefing: Any) -> None:
        if briefing.next_review is not None:
            if briefing.next_review < self.today:
                self.report(source, ("next_review",), "review-overdue",
                            f"this briefing was due for review on {briefing.next_review:%-d %B %Y}")
        elif (self.today - briefing.last_reviewed).days > STALE_AFTER_DAYS:
            self.report(source, ("last_reviewed",), "review-overdue",
                        f"this briefing was last reviewed on {briefing.last_reviewed:%-d %B %Y}, "
                        "over 12 months ago")

    def contacts(self, used: set[str]) -> None:
        source = self.open(self.collection.root / DATA_DIR / "partnerships.yml")
        if source is None:
            return
        for pid in sorted(used):
            partnership = self.collection.partnerships.get(pid)
            verified = partnership.contact.verified if partnership else None
            if verified and (self.today - verified).days > STALE_AFTER_DAYS:
                self.report(source, (pid, "contact", "verified"), "contact-unverified",
                            f"the contact details of {partnership.name} were last checked on "
                            f"{partnership.contact.verified:%-d %B %Y}, over 12 months ago")

    def run(self) -> list[Diagnostic]:
        collection = self.collection
        used_resources: set[str] = set()
        for slug, briefing in collection.briefings.items():
            source = self.open(collection.sources[slug])
            if source is None:
                continue
            values = list(texts(source[0].data))
            for value in values:
                self.link_text(source, value)
                self.prose(source, value)
            self.abbreviations(source, slug, values)
            self.length(source, slug, values)
            self.review_due(source, briefing)
            for i, link in enumerate(briefing.related_reviews):
                self.link_entry(source, ("related_reviews", i), link)
            for i, entry in enumerate(briefing.resources):
                if isinstance(entry, str):
                    used_resources.add(entry)
                else:
                    self.link_entry(source, ("resources", i), entry)
        resources = self.open(collection.root / DATA_DIR / "resources.yml")
        if resources is not None:
            for rid in sorted(used_resources & set(collection.resources)):
                self.link_entry(resources, (rid,), collection.resources[rid])
        self.contacts({b.partnership for b in collection.briefings.values()})
        return self.found


def severity_settings(collection: Collection) -> tuple[dict[str, str], list[Diagnostic]]:
    """The site's `lints:` settings, and an error for any code or group it does not know."""
    settings = dict(collection.site.lints)
    problems = []
    known = [*LINTS, *GROUPS]
    unknown = [name for name in settings if name not in known]
    if unknown:
        path = collection.root / DATA_DIR / "site.yml"
        doc, _ = read_yaml(path)
        for name in unknown:
            line, column = doc.position(("lints", name), key=True) if doc else (1, 1)
            hint = did_you_mean(name, known) or f"the lints are: {', '.join(known)}"
            problems.append(Diagnostic(display_path(path), line, column, "error",
                                       f"unknown lint '{name}' in `lints:`", hint, "unknown-lint"))
    return settings, problems


def lint_collection(collection: Collection, today: date | None = None) -> list[Diagnostic]:
    """Every lint finding for the briefings loaded in `collection`, at the site's severities."""
    settings, problems = severity_settings(collection)
    linter = _Linter(collection, today or today_default())
    findings = linter.run()
    result = problems + linter.problems
    for finding in findings:
        lint = LINTS[finding.code]
        level = settings.get(lint.code) or settings.get(lint.group) or "warning"
        if level == "off":
            continue
        result.append(Diagnostic(finding.path, finding.line, finding.column, level,  # type: ignore[arg-type]
                                 finding.message, finding.hint, finding.code))
    return sorted(result)
