"""What text may hold: the checks behind the model's string, Markdown and date types.

Text is what it looks like: a character a reader cannot see (controls, zero-width spaces,
bidirectional overrides) could hide a name from the lints, reverse a title or make feed.xml
ill-formed, so it is refused with the text around it, where the editor can find it. Joiners and
direction marks that a script or an emoji needs are kept. Plain Python, no MkDocs."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from urllib.parse import urlsplit

from sevenminute.core import markdown_shape, markdown_links


class TextProblem(ValueError):
    """A refusal whose `needle` is text that appears in the file, to place the error exactly."""

    def __init__(self, message: str, needle: str = ""):
        super().__init__(message)
        self.needle = needle


_NAMES = {
    "\u00ad": "a soft hyphen",
    "\u200b": "a zero-width space",
    "\u200c": "a zero-width non-joiner",
    "\u200d": "a zero-width joiner",
    "\u200e": "a left-to-right mark",
    "\u200f": "a right-to-left mark",
    "\u061c": "an Arabic letter mark",
    "\u2060": "a word joiner",
    "\ufeff": "a byte order mark (zero-width no-break space)",
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
    "\u3164": "a Hangul filler",
    "\uffa0": "a halfwidth Hangul filler",
    "\u2800": "a blank Braille pattern",
    "\u034f": "a combining grapheme joiner",
}
# Bidirectional embeddings, overrides and isolates: they reorder the text around them.
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_DIRECTION_MARKS = set("\u200e\u200f\u061c")
_JOINERS = set("\u200c\u200d")
# Invisible in every script: refused wherever they stand.
_INVISIBLE = (set("\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b\u2060\u2061\u2062\u2063\u2064"
                  "\u206a\u206b\u206c\u206d\u206e\u206f\u2800\u3164\ufeff\uffa0\ufff9\ufffa\ufffb")
              | {chr(c) for c in range(0x180B, 0x1810)} | {chr(c) for c in range(0x1D173, 0x1D17B)})
_VARIATION = {chr(c) for c in range(0xFE00, 0xFE10)} | {chr(c) for c in range(0xE0100, 0xE01F0)}
# The flags of England, Scotland and Wales are a black flag followed by tag characters.
_FLAG = re.compile("\U0001F3F4[\U000E0020-\U000E007E]+\U000E007F")


def _describe(char: str) -> str:
    name = _NAMES.get(char) or unicodedata.name(char, "").lower()
    label = f"U+{ord(char):04X}"
    return f"{name} ({label})" if name else label


def _is_noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _right_to_left(text: str) -> bool:
    # The marks themselves are classed R and AL: only letters count.
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text if c not in _DIRECTION_MARKS)


def _problem(text: str, index: int) -> str | None:
    """Why the character at `index` cannot stay, or None."""
    char = text[index]
    code = ord(char)
    category = unicodedata.category(char)
    if char in "\n\t":
        return None
    if category == "Cc":
        return "a control character"
    if category == "Cs":
        return "half of a broken character (a lone surrogate)"
    if _is_noncharacter(code):
        return "a noncharacter, which Unicode reserves and no text may hold"
    if category == "Co":
        return "a private-use character, which readers' devices draw as an empty box"
    if char in _BIDI:
        return "a bidirectional control, which reorders the text around it"
    if category in ("Zl", "Zp"):
        return "a line or paragraph separator"
    if char in _INVISIBLE:
        return "an invisible character"
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    if char in _JOINERS:
        # Needed inside emoji sequences and in scripts such as Persian and Devanagari.
        if before.isspace() or after.isspace() or ord(before) < 0x370 or ord(after) < 0x370:
            return "an invisible joiner"
        return None
    if char in _DIRECTION_MARKS:
        return None if _right_to_left(text) else "an invisible direction mark"
    if char in _VARIATION:
        return "an invisible variation selector" if before.isspace() else None
    if 0xE0000 <= code <= 0xE007F:
        return "an invisible tag character"
    return None


def check_characters(value: str) -> str:
    """Refuse characters a reader cannot see or a feed cannot carry; and text with nothing visible."""
    masked = _FLAG.sub(lambda m: "\U0001F3F4" + "x" * (len(m.group()) - 1), value)
    for index, char in enumerate(value):
        if masked[index] == "x" and char != "x":
            continue  # inside a flag's tag sequence
        why = _problem(value, index)
        if why is None:
            continue
        before = value[max(0, index - 20):index]
        place = f" after '{before.strip()}'" if before.strip() else " at the start"
        raise TextProblem(
            f"the text holds {_describe(char)}{place}: {why}; "
            "delete it (retype the words around it if you cannot see it), and write text a "
            "reader can see",
            needle=char,
        )
    if value and not any(unicodedata.category(c)[0] in "LNPS" for c in value):
        raise TextProblem("the text has nothing a reader can see; write the words, or remove the line")
    return value


# --- Markdown -----------------------------------------------------------------------------------

_ADDRESS = re.compile(r"(?:https?://[^\s/?#\\][^\s\\]*|mailto:[^\s@]+@[^\s@]+|tel:\+?[0-9][0-9-]*)",
                      re.I)
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*)\s*:")
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?][^<>]*>")  # [^<>]: linear on runs of "<a"
_AUTOLINK = re.compile(r"<[a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*>")
MAX_BRACKETS = 200
ALLOWED = "links must be full addresses starting with https://, http://, mailto: or tel:"


def _shown(address: str) -> str:
    return repr(address[:60] + ("..." if len(address) > 60 else ""))


def check_host(address: str) -> None:
    """A web address must go where it seems to: no name before an @ (https://www.nspcc.org.uk@evil.example/
    goes to evil.example), and a host in plain letters (Cyrillic or Greek look-alikes, or the
    xn-- form they are sent as, can imitate any site's name)."""
    try:
        parts = urlsplit(address)
        host = parts.hostname or ""
    except ValueError:
        raise TextProblem(f"the link address {_shown(address)} is not a valid web address; "
                          f"{ALLOWED}", needle=address) from None
    if parts.scheme.lower() not in ("http", "https"):
        return
    if "@" in parts.netloc:
        raise TextProblem(f"the link address {_shown(address)} has a name before @, so it goes to "
                          f"{host or 'another site'}, not to the site it seems to name; write the "
                          "site's own address", needle=address)
    if not host.isascii() or any(label.startswith("xn--") for label in host.split(".")):
        raise TextProblem(f"the link address {_shown(address)} names its site with letters that only "
                          "look like plain ones (another alphabet, or its xn-- form); write the "
                          "address in plain letters as the site itself gives it", needle=address)


def check_address(address: str) -> None:
    """A link target must be absolute, with a scheme a reader can safely follow, to the site it
    seems to name."""
    if _ADDRESS.fullmatch(address):
        check_host(address)
        return
    if not address.strip():
        raise TextProblem(f"a link has no address; {ALLOWED}")
    if any(c.isspace() or unicodedata.category(c)[0] == "C" for c in address):
        raise TextProblem(f"the link address {_shown(address)} holds a space or an invisible "
                          f"character; remove it: {ALLOWED}")
    if address.startswith("//"):
        raise TextProblem(f"the link address {_shown(address)} has no scheme; write it in full, "
                          "starting with https://", needle=address)
    scheme = _SCHEME.match(address)
    if scheme and scheme.group(1).lower() not in ("http", "https", "mailto", "tel"):
        raise TextProblem(f"the link address {_shown(address)} is not allowed; {ALLOWED}",
                          needle=address)
    if scheme:
        raise TextProblem(f"the link address {_shown(address)} is not complete; {ALLOWED}",
                          needle=address)
    raise TextProblem(f"the link address {_shown(address)} is not a full web address (a file or "
                      "page name means nothing once the page is published or printed); "
                      f"{ALLOWED}", needle=address)


def check_markdown(value: str, *, block: bool) -> str:
    """Refuse what could not be published safely, with a message an editor can act on. Targets
    are found by the renderer's own parser, so entity-written schemes are seen as browsers read them."""
    # Every `[` is a link the parser must try (about 20 microseconds each): prose needs a few
    # dozen at most, and a run of thousands is refused before it costs the build a second.
    if value.count("[") > MAX_BRACKETS:
        raise TextProblem(f"the text holds {value.count('[')} square brackets ([); at most "
                          f"{MAX_BRACKETS} are allowed (each link uses one); remove the extra ones, "
                          "or split the material", needle="[")
    nesting = markdown_shape.shape(value, block=block)
    if nesting.inline > markdown_shape.MAX_INLINE:
        raise TextProblem(f"emphasis and links are nested {nesting.inline} deep here (such as "
                          "*italic* inside **bold** inside a link); at most "
                          f"{markdown_shape.MAX_INLINE} are allowed: remove the extra * or _ marks",
                          needle=nesting.inline_needle)
    if nesting.blocks > markdown_shape.MAX_BLOCKS:
        raise TextProblem(f"lists and quotes are nested {nesting.blocks} deep here; at most "
                          f"{markdown_shape.MAX_BLOCKS} are allowed: indent less, or make the "
                          "inner list a separate list", needle=nesting.blocks_needle)
    if nesting.parts > markdown_shape.MAX_PARTS:
        raise TextProblem(f"the text has {nesting.parts} parts (paragraphs, list items, emphasis "
                          f"and links); at most {markdown_shape.MAX_PARTS} are allowed: join short "
                          "paragraphs or list items, use less bold and italic, or split the material")
    for target in markdown_links.links(value, block=block):
        if target.kind == "image":
            raise TextProblem(
                f"pictures are not allowed in briefing text (![{target.text[:30]}]); "
                "link to the picture instead, as [what it shows](https://...), or say it in words",
                needle="![",
            )
        check_address(target.address)
    tag = next((t for t in _HTML_TAG.finditer(value) if not _AUTOLINK.fullmatch(t.group())), None)
    if tag:
        raise TextProblem(
            f"HTML such as {tag.group(0)[:30]!r} is not allowed in briefing text; "
            "use Markdown instead: **bold**, _italic_, [link text](https://...)",
            needle=tag.group(0),
        )
    return value


# --- dates --------------------------------------------------------------------------------------

EARLIEST_YEAR = 1990


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def not_future(day: date, today: date | None = None) -> date:
    """Refuse a day after today (a day of slack for time zones): the day something was checked
    ("last reviewed", a contact's "verified") cannot be in the future, and a page would say it was."""
    today = today or date.today()
    if day > today + timedelta(days=1):
        raise TextProblem(f"{day.isoformat()} is in the future, but this is the day it was checked; "
                          "write the day it was last checked (today or earlier, as YYYY-MM-DD)")
    return day


def plausible(day: date, *, years_ahead: int = 1, today: date | None = None) -> date:
    """Refuse a date before 1990 or more than `years_ahead` years from today: nearly always a typo."""
    today = today or date.today()
    latest = _years_after(today, years_ahead)
    if day.year < EARLIEST_YEAR:
        raise TextProblem(f"{day.isoformat()} is before {EARLIEST_YEAR}; check the year "
                          "(write dates as YYYY-MM-DD)")
    if day > latest:
        raise TextProblem(f"{day.isoformat()} is more than {years_ahead} year"
                          f"{'s' * (years_ahead != 1)} from today; check the year "
                          "(write dates as YYYY-MM-DD)")
    return day
