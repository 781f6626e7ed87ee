"""Text that could identify someone (the anonymisation lint): names after titles and common
first names, dates, postcodes, phone and NHS numbers, read as a reader sees the text (look-alike
letters and invisible characters folded). Also measured by scripts/anonymisation_eval.py."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Month names in any case ("14 march 2021"), except a lower-case "may" ("aged 2 may be").
_MONTH = (r"(?:(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)|May|MAY)")
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_ORDINAL_WORDS = (r"(?i:(?:twenty|thirty)[- ]?)?(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|"
                  r"ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|"
                  r"seventeenth|eighteenth|nineteenth|twentieth|thirtieth)")
_POSTCODE = re.compile(r"\b[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKPSTUW]?[ \t]{0,3}[0-9][ABD-HJLNP-UW-Z]{2}\b",
                       re.I)
_DATES = [
    re.compile(rf"\b{_DAY}(?:\s+|-)(?:of\s+)?{_MONTH}\b(?:[,-]?\s*\d{{4}})?"),  # 14 March 2021, 14-Mar-2021
    re.compile(rf"\b{_MONTH}\s+(?:the\s+)?{_DAY}\b(?:,?\s+\d{{4}})?(?!\s*(?:weeks|months|years|days))"),
    re.compile(rf"\b{_ORDINAL_WORDS}\s+(?:of\s+)?{_MONTH}\b"),  # the fourteenth of March
    # 03/07/2019, 14-03-2021, 2-1-22, 12.06.2021: a day and a month, then a year (2021-22 is not)
    re.compile(r"\b(?:0?[1-9]|[12][0-9]|3[01])([/.-])(?:0?[1-9]|1[0-2])\1(?:\d{4}|\d{2})\b"),
    re.compile(r"\b(?:19|20)\d{2}/(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12][0-9]|3[01])\b"),
    re.compile(r"\b(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])\b"),
]
_NHS = re.compile(r"(?<![\d+])\d{3}([ -]?)\d{3}\1\d{4}(?![\d])")
_PHONE = re.compile(r"(?<![\d])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\d])")
_TITLES = (r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master|Nurse|Sister|Auntie|Aunty|Uncle|Grandma|Grandad|"
           r"Nana|Baby|baby|called|named)")
# One line break may fall between title and name; a blank line ends the paragraph ("baby.\n\nWhat").
_NAME_AFTER_TITLE = re.compile(rf"\b{_TITLES}\.?(?:[ \t]+|[ \t]*\n[ \t]*)([A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?)")
# Capitalised words that follow "Baby" or "Dr" in the names of programmes, not people.
_NOT_NAMES = {
    "Friendly", "Steps", "Box", "Bond", "Bank", "Basics", "Clinic", "Unit", "Loss", "Room",
    "Group", "Massage", "Cafe", "Café", "Week", "Care", "Child", "Family", "Mother", "Father",
    "Parent", "Sibling", "Young", "Person", "Infant", "Twin", "Twins", "The", "Partnership",
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
_FIRST_NAME = re.compile(r"\b([A-Z][a-z]+|[A-Z]{3,}|[a-z]{3,})(?:'s|’s|'S)?\b")
# First names that are also ordinary words: flagged only when written with a capital.
_ALSO_WORDS = {"dawn", "holly", "ivy", "daisy", "willow", "poppy", "lily", "jade", "mason",
               "harper", "jordan", "chelsea", "lee", "dean", "luna", "aria", "will", "kai", "max",
               "mark", "ali", "ben", "amber", "summer", "faith", "joy", "kelly", "craig", "wayne",
               "shannon", "courtney", "ashley", "sharon", "karen", "harry"}
_ALSO_CAPITALS = {"AMY", "ALI", "MIA", "LEE", "KAI", "DEAN", "MAX", "ERIN", "ADAM", "EMMA", "DAWN"}

# A street: a house number (8, 8a, flat 3, 41) and one to three capitalised words ending in a
# street word, or such a street named after "on", "in", "at" or "near" without a number.
_STREET_WORDS = (r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Crescent|Terrace|Grove|"
                 r"Gardens|Mews|Way|Place|Court|Row|Walk|Square|Parade|Rise|Vale|View)")
_STREET = re.compile(rf"\b\d{{1,4}}[a-zA-Z]?,?\s+(?:[A-Z][a-z'’]+\s+){{1,3}}{_STREET_WORDS}\b")
_NAMED_STREET = re.compile(r"\b(?:on|in|at|near|off|along)\s+((?:[A-Z][a-z'’]+\s+){1,2}"
                           r"(?:Road|Street|Avenue|Lane|Close|Drive|Crescent|Terrace|Grove|Gardens|Mews))\b")
_FLAT = re.compile(r"\b(?i:flat|apartment)\s+\d{1,4}[a-zA-Z]?\b")
# Names written in capitals or lower case after a title: MRS OKAFOR, mrs okafor.
_NAME_AFTER_ANY_TITLE = re.compile(r"\b(?i:mr|mrs|ms|miss|mx|dr)\.?\s+([A-Z]{2,}|[a-z]{2,})\b")
# A name not on the list, known by where it stands: after a relation ("her brother, Kacper"), or
# before ", aged 4".
_RELATIONS = (r"(?:mother|father|brother|sister|son|daughter|partner|boyfriend|girlfriend|husband|"
              r"wife|friend|cousin|aunt|uncle|grandmother|grandfather|stepfather|stepmother|"
              r"sibling|half-brother|half-sister|nephew|niece)")
_NAME_AFTER_RELATION = re.compile(rf"\b(?i:{_RELATIONS})(?:'s|’s)?,?\s+([A-Z][a-z]{{2,}})\b(?!\s+[A-Z]\b)")
_NAME_BEFORE_AGE = re.compile(r"(?:^|[.!?]\s+|,\s+|\band\s+)([A-Z][a-z]{2,}|[A-Z]{3,}(?:\s+[A-Z]{3,})?),\s+aged\s+\d")
_NAME_TOLD = re.compile(r"(?:^|[.!?]\s+)([A-Z][a-z]{2,})\s+(?:told|said|disclosed|reported|explained)\b")
# Words that stand where a name could but are roles, agencies or places of work.
_ROLES = {
    "Mother", "Father", "Parent", "Parents", "Police", "School", "Health", "Children", "Child",
    "Baby", "Practitioners", "Staff", "Social", "Care", "The", "She", "He", "They", "Her", "His",
    "Their", "Sibling", "Siblings", "Family", "Grandmother", "Grandfather", "Nursery", "Teacher",
    "Professionals", "Agencies", "Partner", "Carer", "Carers", "Nobody", "Everyone", "Someone",
    "Neighbours", "Neighbour", "Midwife", "Midwives", "Doctors", "Nurse", "Nurses", "Young",
    "Person", "Team", "Hospital", "Services", "Council", "Court", "Panel", "Review", "Report",
}
# Starting only where a run of address characters starts: linear on "a.a.a.a..." without an @.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b")
# A service's own mailbox is not a person's: safeguarding@..., mash@..., info@...
_SERVICE_MAILBOX = re.compile(r"(?i)^(?:safeguarding|mash|lado|info|enquiries|enquiry|admin|office|"
                              r"contact|referrals?|hub|team|business|businessunit|training|help|"
                              r"support|noreply|no-reply|duty|edt|frontdoor|front\.door|cs|"
                              r"childrens?|adults?|lscp|scp|lsab|sab)[._-]?[a-z]*$")
# Public services' and charities' domains: an address there is a service's or a practitioner's, and
# families write from their own (gmail.com, hotmail.co.uk...).
_SERVICE_DOMAINS = (".gov.uk", ".nhs.uk", ".nhs.net", ".police.uk", ".sch.uk", ".ac.uk", ".org.uk",
                    ".gov.wales", ".llyw.cymru", ".gov.scot")
_HANDLE = re.compile(r"(?<![\w@./])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,28}[A-Za-z0-9_])?\b")
_USERNAME = re.compile(r"\b(?i:username|user name|handle|account name|gamertag|profile name)"
                       r"\s+(?:was|is|of|:)?\s*[\"“']?([A-Za-z0-9_.]*[0-9_][A-Za-z0-9_.]*)")
_SOCIAL_URL = re.compile(
    r"(?i)\b(?:https?://)?(?:www\.|m\.)?(?:facebook|fb|instagram|tiktok|twitter|x|snapchat|"
    r"linkedin|youtube|threads|gofundme|justgiving|onlyfans|reddit)\.(?:com|net|me)/[^\s)\]>\"]+")
_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s)\]>\"]+")


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
    for match in _SOCIAL_URL.finditer(text):
        add("social-handle", match, f"'{match.group()}' is the address of someone's social media "
            "or fundraising page")
    for match in _EMAIL.finditer(text):
        local, domain = match.group().lower().split("@", 1)
        if not _SERVICE_MAILBOX.match(local) and not domain.endswith(_SERVICE_DOMAINS):
            add("email-address", match, f"'{match.group()}' looks like someone's email address")
    for match in _URL.finditer(text):
        # In an address every first name counts (jade-turner-inquest): it has no other reading there.
        for word in re.finditer(r"[A-Za-z]+", match.group()):
            if word.group().capitalize() in _FIRST_NAMES:
                add("personal-name", match, f"the link address '{match.group()}' holds the name "
                    f"'{word.group()}'")
                break
    for match in _HANDLE.finditer(text):
        add("social-handle", match, f"'{match.group()}' looks like a social media handle")
    for match in _USERNAME.finditer(text):
        add("social-handle", match, f"'{match.group(1)}' looks like someone's user name", 1)
    for match in _STREET.finditer(text):
        add("street-address", match, f"'{match.group()}' looks like a street address")
    for match in _NAMED_STREET.finditer(text):
        add("street-address", match, f"'{match.group(1)}' names a street", 1)
    for match in _FLAT.finditer(text):
        add("street-address", match, f"'{match.group()}' looks like part of an address")
    for match in _NAME_AFTER_TITLE.finditer(text):
        if match.group(1) not in _NOT_NAMES:
            add("personal-name", match, f"'{match.group()}' looks like a real name")
    for match in _NAME_AFTER_ANY_TITLE.finditer(text):
        if match.group(1).capitalize() not in _NOT_NAMES:
            add("personal-name", match, f"'{match.group()}' looks like a real name")
    for pattern in (_NAME_AFTER_RELATION, _NAME_BEFORE_AGE, _NAME_TOLD):
        for match in pattern.finditer(text):
            name = match.group(1).split()[0].capitalize()
            if name not in _ROLES and name not in _NOT_NAMES and not re.fullmatch(r"[A-Z]", match.group(1)):
                add("personal-name", match, f"'{match.group(1)}' looks like a real name", 1)
    for match in _FIRST_NAME.finditer(text):
        word = match.group(1)
        if word.isupper() and word in _ALSO_CAPITALS:
            continue
        if word.islower() and word in _ALSO_WORDS:
            continue
        if word.capitalize() in _FIRST_NAMES:
            add("personal-name", match, f"'{word}' looks like a real first name", 1)
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
