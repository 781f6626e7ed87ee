"""Text that could identify someone (the anonymisation lint): names after titles and common
first names, dates, postcodes, phone and NHS numbers, read as a reader sees the text (look-alike
letters and invisible characters folded). Also measured by scripts/anonymisation_eval.py."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_POSTCODE = re.compile(r"\b[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKPSTUW]?\s?[0-9][ABD-HJLNP-UW-Z]{2}\b",
                       re.I)
_DATES = [
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b(?:,?\s+\d{{4}})?"),  # 14 March 2021, 2nd of May
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+\d{{4}})?(?!\s*(?:weeks|months|years|days))"),
    re.compile(r"\b(?:0?[1-9]|[12][0-9]|3[01])[/.](?:0?[1-9]|1[0-2])[/.](?:\d{4}|\d{2})\b"),
    re.compile(r"\b(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])\b"),
]
_NHS = re.compile(r"(?<![\d+])\d{3}([ -]?)\d{3}\1\d{4}(?![\d])")
_PHONE = re.compile(r"(?<![\d])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\d])")
_TITLES = (r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master|Nurse|Sister|Auntie|Aunty|Uncle|Grandma|Grandad|"
           r"Nana|Baby|baby|called|named)")
_NAME_AFTER_TITLE = re.compile(rf"\b{_TITLES}\.?\s+([A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?)")
# Capitalised words that follow "Baby" or "Dr" in the names of programmes, not people.
_NOT_NAMES = {
    "Friendly", "Steps", "Box", "Bond", "Bank", "Basics", "Clinic", "Unit", "Loss", "Room",
    "Group", "Massage", "Cafe", "Café", "Week", "Care", "Child", "Family", "Mother", "Father",
    "Parent", "Sibling", "Young", "Person", "Infant", "Twin", "Twins", "The",
}
# Common first names in England and Wales (ONS baby names), leaving out those that are also
# ordinary words or places (Grace, Hope, Rose, May, Jack, Florence...): a bare first name in a
# briefing is nearly always a real name slipping through.
_FIRST_NAMES = set("""
Olivia Amelia Isla Ava Mia Isabella Sophia Lily Ivy Freya Evie Ella Emily Sophie Poppy Charlotte
Isabelle Millie Phoebe Evelyn Sienna Harper Daisy Willow Elsie Maya Luna Chloe Jessica Ellie Layla
Leah Zara Aisha Fatima Maryam Amira Hannah Holly Erin Megan Lucy Katie Emma Chelsea Courtney
Jade Kayleigh Shannon Stacey Tia Niamh Keira Abigail Matilda Scarlett Eliza Orla Aria Nevaeh
Noah Oliver George Arthur Leo Harry Oscar Archie Henry Theo Freddie Alfie Charlie Jacob Thomas
Isaac Lucas Muhammad Mohammed Mohammad Ahmed Ali Omar Yusuf Ibrahim Adam Ethan Joshua Tyler Jayden
Kai Riley Mason Logan Liam Callum Connor Kyle Ryan Jordan Dylan Reece Jamie Lewis Aaron Daniel
Samuel Joseph James William Alexander Edward Sebastian Max Finley Harrison Tommy Jake Luke Nathan
Ben Benjamin Toby Zac Zachary Kieran Liam Bradley Declan Shane Wayne Darren Craig Dean Lee Jason
Ashley Kerry Tracey Sharon Karen Michelle Nicola Gemma Danielle Natalie Rebecca Sarah Laura Amy
Rachel Lauren Samantha Kirsty Leanne Kelly Dawn Donna Lisa Julie Claire Joanne Stephen Paul
David Michael Christopher Andrew Mark Robert Richard Anthony Steven Gary Kevin Simon Peter John
""".split()) - {"Mark", "Max"}
_FIRST_NAME = re.compile(r"\b([A-Z][a-z]+)(?:'s|’s)?\b")


@dataclass(frozen=True)
class Finding:
    code: str
    start: int
    end: int
    message: str


def _nhs_check_digit_ok(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    return (0 if check == 11 else check) == int(digits[9]) and check != 10


def identifying(text: str) -> list[Finding]:
    """Places in `text` that could identify a child or family. Pseudonyms (Child I, Baby T,
    Mr T), roles, ages and months with years are left alone."""
    found: list[Finding] = []
    taken = bytearray(len(text))  # 1 where a finding already stands: linear, unlike a list of spans

    def add(code: str, match: re.Match[str], message: str, group: int = 0) -> None:
        start, end = match.span(group)
        if any(taken[start:end]):
            return
        taken[start:end] = b"\1" * (end - start)
        found.append(Finding(code, start, end, message))

    for match in _POSTCODE.finditer(text):
        if re.search(r"\d", match.group()):
            add("postcode", match, f"'{match.group()}' looks like a postcode")
    for pattern in _DATES:
        for match in pattern.finditer(text):
            add("exact-date", match, f"'{match.group()}' is an exact date")
    for match in _NHS.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        grouped = bool(match.group(1))
        if (grouped and not digits.startswith("0")) or _nhs_check_digit_ok(digits):
            add("nhs-number", match, f"'{match.group()}' looks like an NHS number")
    for match in _PHONE.finditer(text):
        if 10 <= len(re.sub(r"\D", "", match.group().replace("+44", "0"))) <= 11:
            add("phone-number", match, f"'{match.group().strip()}' looks like a phone number")
    for match in _NAME_AFTER_TITLE.finditer(text):
        if match.group(1) not in _NOT_NAMES:
            add("personal-name", match, f"'{match.group()}' looks like a real name")
    for match in _FIRST_NAME.finditer(text):
        if match.group(1) in _FIRST_NAMES:
            add("personal-name", match, f"'{match.group(1)}' looks like a real first name", 1)
    return sorted(found, key=lambda f: f.start)


# --- reading text as it looks --------------------------------------------------------------------

@lru_cache(maxsize=4096)
def _latin_look_alike(char: str) -> str:
    """The Latin letter `char` looks like (Cyrillic О, Greek Α...), from Unicode's confusables
    table as packaged by confusable_homoglyphs; `char` itself when there is none."""
    if char.isascii() or not char.isalnum():
        return char
    from confusable_homoglyphs import categories, confusables

    if categories.alias(char) in ("LATIN", "COMMON"):
        return char
    for found in confusables.is_confusable(char, greedy=True, preferred_aliases=["latin"]) or []:
        for glyph in found["homoglyphs"]:
            if len(glyph["c"]) == 1 and glyph["c"].isascii() and glyph["c"].isalnum():
                return glyph["c"]
    return char


def normalise(text: str) -> tuple[str, list[int]]:
    """`text` as a reader sees it, for the anonymisation lint: compatibility forms folded (NFKC:
    fullwidth and styled letters), invisible and combining characters dropped, look-alike letters
    mapped to Latin. Also where each character of the result came from in `text`, so that a
    finding is still shown where it was written."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if unicodedata.category(char) in ("Cf", "Mn", "Me") or char == "\u00ad":
            continue
        for piece in unicodedata.normalize("NFKC", char):
            if unicodedata.category(piece) in ("Mn", "Me"):
                continue
            out.append(_latin_look_alike(piece))
            where.append(index)
    return "".join(out), where
