"""What the link and plain-English lints look for in text: links and web addresses, document
links without type and size, abbreviations and how a text spells them out, sentence ends.
(editors/identifying.py holds what the anonymisation lints look for.) Each pattern runs in time
linear in the text: a briefing is untrusted input."""

from __future__ import annotations

import re
from typing import Iterator

# No brackets inside the text and no parentheses inside the address: each try stops at the next
# one, so a run of `[` or `[a](` costs linear time (the open classes were quadratic: 19 s on 20,000).
LINK = re.compile(r"\[([^\[\]]+)\]\(\s*<?([^()\s<>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
RAW_URL = re.compile(r"(?<![(<\[/\w])(?:https?://|www\.)[^\s)>\]]+")
_VAGUE = {"click here", "here", "this link", "link", "read more", "more", "more here",
          "find out more", "learn more", "this", "this page", "click", "download", "see here",
          "go here", "info", "more info", "more information", "website", "this website"}
DOCUMENT_FORMATS = {"PDF", "Word", "PowerPoint", "Excel"}
DOCUMENT_URL = re.compile(r"\.(pdf|docx?|pptx?|xlsx?|odt|ods|odp|rtf)(?:[?#].*)?$", re.I)
FORMAT_AND_SIZE = re.compile(
    r"\b(PDF|Word|PowerPoint|Excel|ODT|RTF)\b.{0,12}?\b\d+(?:\.\d+)?\s?(KB|MB)\b", re.I)
ABBREVIATION = re.compile(r"(?<![\w#@/.-])([A-Z]{2,}[A-Z0-9&]*)(s?)\b")
CAPITAL_WORDS = {"AND", "OR", "NOT", "THE", "ALL", "NO", "YES", "NEW", "NOW", "ONLY", "MUST",
                 "DO", "DON'T", "NEVER", "ALWAYS", "II", "III", "IV", "VI", "VII", "VIII", "IX",
                 "XI", "XII", "OK", "AM", "PM", "TO", "OF", "IN", "IS", "IT", "IF", "AT", "ON"}
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n+")


def is_vague(text: str) -> bool:
    words = re.sub(r"[^\w\s]", " ", text.lower()).split()
    normal = " ".join(words)
    return (normal in _VAGUE or normal.startswith("click here")
            or (0 < len(words) <= 3 and words[-1] == "here"))


def looks_like_url(text: str) -> bool:
    return bool(re.fullmatch(r"\s*(?:https?://|www\.)\S+\s*", text))


_SMALL_WORDS = {"and", "of", "for", "the", "in", "to", "on", "with", "&"}


def normal_words(text: str) -> str:
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


# Sites a briefing commonly links to, besides those the site's own data names (partnerships'
# websites and referral pages, the resource library): an address imitating one is a phishing risk.
WELL_KNOWN_HOSTS = ("gov.uk", "nhs.uk", "nspcc.org.uk", "police.uk", "lullabytrust.org.uk",
                    "barnardos.org.uk", "childrenscommissioner.gov.uk", "scie.org.uk")
_CONFUSED = str.maketrans({"0": "o", "1": "l", "5": "s", "$": "s"})


def site_name(host: str) -> str:
    return host.lower().rstrip(".").removeprefix("www.")


def _skeleton(host: str) -> str:
    """The host as it reads at a glance: nspcc-org.uk, nspcc.0rg.uk and nspcc.org.uk look alike."""
    return re.sub(r"[^a-z0-9]", "", site_name(host).replace("rn", "m").translate(_CONFUSED))


def imitated(host: str, known: frozenset[str]) -> str | None:
    """The known site that `host` imitates without being it (or one of its subdomains): the same
    letters with other punctuation or look-alike digits (nspcc-org.uk), or its name followed by
    another domain (www.nspcc.org.uk.evil.example). None when it imitates nothing."""
    name = site_name(host)
    if any(name == k or name.endswith("." + k) for k in known):
        return None
    shape = _skeleton(name)
    for k in sorted(known):
        if _skeleton(k) == shape or f".{name}.".find(f".{k}.") >= 0:
            return k
    return None
