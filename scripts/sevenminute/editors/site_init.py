"""`sevenminute init`: a partnership's complete site repository from its answers. The files come
from editors/starter/ with the answers filled in; nothing of the toolkit's templates, styles or
page texts is copied, so the site takes each toolkit release by changing one pinned version."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from sevenminute.core import colour as wcag
from sevenminute.core.model import DATA_VERSION

STARTER = Path(__file__).resolve().parent / "starter"
TOOLKIT_URL = "https://github.com/seven-minute-briefings/seven-minute-briefings"
# Starter files kept without a leading dot (a wheel's package data leaves dot files out).
DOT_NAMES = {"gitignore": ".gitignore", "github": ".github"}
AUDIENCES = {"children": "a child", "adults": "an adult at risk", "all": "a child or an adult at risk"}
QUESTIONS = {  # flag -> the question asked on a terminal
    "name": "The partnership's full name",
    "short_name": "Its short name (for example NYSCP)",
    "site_url": "The site's address (https://...)",
    "website": "The partnership's own website (https://...)",
    "referral_phone": "The phone number for safeguarding referrals",
    "email": "The email address for questions (also for accessibility problems)",
    "audience": "Whom the briefings concern: children, adults or all",
    "colour": "The primary colour, as #rrggbb (white text is drawn on it)",
    "logo": "A logo file, SVG or PNG (leave empty for none)",
    "repository": "The site's GitHub repository (https://github.com/OWNER/NAME)",
}
OPTIONAL = {"logo"}
# The checkers a site's `make test` runs, at the exact versions the toolkit's own suite passed with
# (its package.json; tests/test_init.py checks they agree), for the site's package.json.
TEST_TOOLS = {"axe-core": "4.14.1", "vnu-jar": "26.9.27"}


class InitError(Exception):
    """Answers that cannot make a site: every problem, each naming its flag."""


@dataclass(frozen=True)
class Answers:
    name: str
    short_name: str
    site_url: str
    website: str
    referral_phone: str
    email: str
    audience: str
    colour: str
    logo: Path | None
    repository: str


def check(values: dict[str, str | None]) -> list[str]:
    """What is wrong with the answers, one sentence per flag (empty: they make a site)."""
    problems = []

    def bad(flag: str, message: str) -> None:
        problems.append(f"--{flag.replace('_', '-')}: {message}")

    for key in QUESTIONS:
        if key not in OPTIONAL and not (values.get(key) or "").strip():
            bad(key, "missing (" + QUESTIONS[key][0].lower() + QUESTIONS[key][1:] + ")")
    v = {k: (values.get(k) or "").strip() for k in QUESTIONS}
    for key in ("site_url", "website", "repository"):
        if v[key] and (urlsplit(v[key]).scheme != "https" or not urlsplit(v[key]).hostname):
            bad(key, f"'{v[key]}' is not an https:// address")
    if v["site_url"] and (urlsplit(v["site_url"]).hostname or "").endswith(("example.org", "example.com")):
        bad("site_url", "use the address readers will use, not an example one")
    if v["repository"] and not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+/?", v["repository"]):
        bad("repository", "give the repository's GitHub address, https://github.com/OWNER/NAME")
    if v["email"] and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", v["email"]):
        bad("email", f"'{v['email']}' is not an email address")
    if v["referral_phone"] and not re.fullmatch(r"[0-9 +()-]{3,20}", v["referral_phone"]):
        bad("referral_phone", f"'{v['referral_phone']}' is not a phone number (digits and spaces)")
    if v["audience"] and v["audience"] not in AUDIENCES:
        bad("audience", f"'{v['audience']}': choose children, adults or all")
    if v["short_name"] and len(v["short_name"]) > 30:
        bad("short_name", "at most 30 characters")
    if v["colour"]:
        if not wcag.HEX.fullmatch(v["colour"]):
            bad("colour", f"'{v['colour']}' is not a colour as #rrggbb (for example #1d4f7a)")
        elif wcag.contrast(v["colour"], wcag.WHITE) < wcag.AA:
            shade = wcag.nearest_passing(v["colour"])
            bad("colour", f"white text on {v['colour']} has a contrast of "
                f"{wcag.contrast(v['colour'], wcag.WHITE):.2f}:1, below the 4.5:1 WCAG AA asks for; "
                f"use {shade} (the nearest darker shade that passes)")
    if v["logo"]:
        logo = Path(v["logo"])
        if logo.suffix.lower() not in (".svg", ".png"):
            bad("logo", f"{logo} is not an SVG or PNG file")
        elif not logo.is_file():
            bad("logo", f"{logo} does not exist")
    return problems


def slug_of(short_name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", short_name.lower()).strip("-") or "partnership"


def _yaml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def write_site(folder: Path, answers: Answers, requirement: str, today: date | None = None) -> list[Path]:
    """Write the site into `folder` (new or empty); the files written, relative to it."""
    if folder.exists() and any(folder.iterdir()):
        raise InitError(f"{folder} is not empty: choose a new folder for the site")
    today = today or date.today()
    slug = slug_of(answers.short_name)
    site_name = f"{answers.short_name} 7-minute briefings"
    subject = {"children": "children", "adults": "adults", "all": "children and adults"}[answers.audience]
    logo_line = ""
    if answers.logo is not None:
        logo_line = (f"  # In docs/: the header shows it, with the site's name as its text.\n"
                     f"  logo: assets/logo{answers.logo.suffix.lower()}\n")
    fill = {
        "NAME_YAML": _yaml(answers.name), "NAME_MD": _md(answers.name), "NAME": answers.name,
        "SITE_NAME": _yaml(site_name), "SITE_NAME_MD": _md(site_name),
        "DESCRIPTION": _yaml(f"Short learning briefings for practitioners working with {subject}, "
                             f"from {answers.name}, to read and discuss in seven minutes."),
        "SITE_URL": answers.site_url.rstrip("/") + "/", "WEBSITE": answers.website,
        "REPOSITORY": answers.repository.rstrip("/"), "EMAIL": answers.email,
        "PHONE": _yaml(answers.referral_phone), "SHORT_NAME": _yaml(answers.short_name), "SLUG": slug,
        "COLOUR": answers.colour.lower(), "LOGO": logo_line, "AT_RISK": AUDIENCES[answers.audience],
        "TODAY": today.isoformat(), "DATA_VERSION": str(DATA_VERSION), "REQUIREMENT": requirement,
        "TOOLKIT_URL": TOOLKIT_URL, "TEST_TOOLS": json.dumps(TEST_TOOLS),
    }
    written = []
    for source in sorted(p for p in STARTER.rglob("*") if p.is_file()):
        relative = Path(*(DOT_NAMES.get(part, part) for part in source.relative_to(STARTER).parts))
        text = source.read_text(encoding="utf-8")
        for key, value in fill.items():
            text = text.replace(f"@@{key}@@", value)
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(relative)
    if answers.logo is not None:
        target = folder / "docs" / "assets" / f"logo{answers.logo.suffix.lower()}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(answers.logo, target)
        written.append(target.relative_to(folder))
    return sorted(written)

