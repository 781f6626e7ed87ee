"""Content lints: checks on what a valid briefing says, as opposed to whether it is valid.

The lints are listed in lint_registry.py; this runs them over a collection (the _Linter, one
method for each kind of check) and applies the site's levels: by default every lint is a
warning, and the editor decides. Plain Python, no MkDocs."""

from __future__ import annotations

import re
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sevenminute.core.collection import DATA_DIR, Collection
from sevenminute.core.diagnostics import Diagnostic, display_path
from sevenminute.core.epoch import epoch_date
from sevenminute.core.validation import did_you_mean
from sevenminute.core.yamlread import DataPath, Document, read_yaml
from sevenminute.editors.identifying import identifying, normalise
from sevenminute.editors.lint_patterns import (ABBREVIATION, AUTOLINK, CAPITAL_WORDS, DOCUMENT_FORMATS,
                                               DOCUMENT_URL, FORMAT_AND_SIZE, LINK, RAW_URL, SENTENCE_END,
                                               WELL_KNOWN_HOSTS, imitated, is_vague, looks_like_url, normal_words,
                                               site_name, spelled_out)
from sevenminute.editors.lint_registry import (GROUPS, LINTS, POINT_SHARE, SENTENCE_LIMIT, STALE_AFTER_DAYS,
                                               TEMPLATE_MARK, WORD_BUDGET)
from sevenminute.editors.text_walk import Locator, TextValue, texts

def today_default() -> date:
    """Today, or the day SOURCE_DATE_EPOCH names, so that builds and tests can fix the date."""
    return epoch_date() or date.today()


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
        for match in LINK.finditer(value.raw):
            text, target = match.group(1), match.group(2)
            self.look_alike(source, value.path, target, match.group())
            if is_vague(text):
                self.report(source, value.path, "vague-link-text",
                            f"the link text '{text}' does not say where the link goes", match.group())
            elif looks_like_url(text):
                self.report(source, value.path, "bare-url",
                            f"the link text is a web address ('{text.strip()}')", match.group())
            if DOCUMENT_URL.search(target):
                tail = value.raw[match.end(): match.end() + 30]
                if not FORMAT_AND_SIZE.search(text + " " + tail):
                    self.report(source, value.path, "document-link",
                                f"the link '{text}' opens a document but does not say its type "
                                "and size", match.group())
        for match in AUTOLINK.finditer(value.raw):
            self.report(source, value.path, "bare-url",
                        f"the web address {match.group(1)} is shown as the link text", match.group())
        for match in RAW_URL.finditer(LINK.sub(lambda m: " " * len(m.group()), value.raw)):
            if value.raw[max(0, match.start() - 1)] == "<":
                continue
            self.report(source, value.path, "bare-url",
                        f"the web address {match.group()} is typed into the text", match.group())

    def look_alike(self, source, path: DataPath, address: str | None, needle: str = "") -> None:
        host = (urlsplit(address).hostname or "") if address and address.lower().startswith(("http:", "https:")) else ""
        copied = imitated(host, self.known_hosts) if host else None
        if copied:
            self.report(source, path, "look-alike-link",
                        f"the link address goes to {host}, which looks like {copied} but is not it",
                        needle or address or "")

    @cached_property
    def known_hosts(self) -> frozenset[str]:
        """The sites the site's own data links to, and the national ones briefings often cite."""
        data = self.collection
        addresses = [p.website for p in data.partnerships.values()] + [
            p.contact.referral_page for p in data.partnerships.values()] + [
            r.url for r in data.resources.values()]
        hosts = {site_name(urlsplit(a).hostname or "") for a in addresses if a}
        return frozenset(h for h in hosts | set(WELL_KNOWN_HOSTS) if h)

    def link_entry(self, source, path: DataPath, link: Any) -> None:
        """A Link written as fields (related reviews, resources)."""
        self.look_alike(source, path + ("url",), link.url)
        if is_vague(link.title):
            self.report(source, path + ("title",), "vague-link-text",
                        f"the link title '{link.title}' does not say where the link goes")
        elif looks_like_url(link.title):
            self.report(source, path + ("title",), "bare-url",
                        f"the link title is a web address ('{link.title}')",
                        hint="use the document's or page's own title")
        is_document = link.format in DOCUMENT_FORMATS or (link.url and DOCUMENT_URL.search(link.url))
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
        for sentence in (s for paragraph in value.paragraphs for s in SENTENCE_END.split(paragraph)):
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
                if normal_words(spelled) not in normal_words(meaning):
                    self.report(source, value.path, "abbreviation-meaning",
                                f"'{word}' is spelled out here as '{spelled}', but the site glossary "
                                f"explains it on this page as '{meaning}'", spelled,
                                hint=f"add `glossary:` to this briefing with `{word}: {spelled}` "
                                "so that its page explains it as the briefing does")
        reported: set[str] = set()
        for value in values:
            for match in ABBREVIATION.finditer(value.words):
                word = match.group(1)
                if word in glossary or word in CAPITAL_WORDS or word in reported:
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
