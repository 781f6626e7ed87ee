"""Add a partnership to data/partnerships.yml: a block appended as text, so that the file's
comments and order stay as the editors wrote them, and written only if the whole file still
validates."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from sevenminute.core import model as m
from sevenminute.core.collection import DATA_DIR, SLUG
from sevenminute.core.diagnostics import display_path
from sevenminute.core.references import PARTNERSHIP_GUIDE, add_partnership_command
from sevenminute.core.validation import validate
from sevenminute.core.yamlread import read_yaml
from sevenminute.files.safe import locked_folder, write_atomic

GUIDE = PARTNERSHIP_GUIDE


class PartnershipError(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


add_command = add_partnership_command


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML string


def block(pid: str, name: str, short_name: str | None, website: str | None) -> str:
    lines = [
        "",
        "# Added by `sevenminute partnership new`. Give contact details only as the partnership's",
        "# own briefings or website publish them, never from memory; see " + GUIDE + ".",
        f"{pid}:",
        f"  name: {_quoted(name)}",
    ]
    if short_name:
        lines.append(f"  short_name: {_quoted(short_name)}")
    if website:
        lines.append(f"  website: {_quoted(website)}")
    lines += [
        "  # Without contact details, each briefing's contact block gives the emergency number and",
        "  # the website. To add some, remove the '# ' before these lines and replace each value:",
        "  # contact:",
        '  #   verified: "Replace this with the day you checked these details, as YYYY-MM-DD"',
        "  #   phones:",
        '  #     - label: "Replace this with what the number is for, as the source says it"',
        '  #       number: "Replace this with the number as the source gives it"',
        "  #       purpose: referral  # or general, or training",
        "  #   emails:",
        '  #     - label: "Replace this with what the address is for, as the source says it"',
        '  #       address: "Replace this with the address as the source gives it"',
        "  #       purpose: general  # or referral, or training",
    ]
    return "\n".join(lines) + "\n"


def add_partnership(root: Path, pid: str, name: str, short_name: str | None = None,
                    website: str | None = None) -> Path:
    """Append a partnership to <root>/data/partnerships.yml and return the file's path."""
    path = root / DATA_DIR / "partnerships.yml"
    if not SLUG.fullmatch(pid) or len(pid) > 80:
        raise PartnershipError(f"'{pid}' cannot be a partnership's id",
                               "use lower-case letters, digits and single hyphens, for example "
                               "--id west-sussex")
    try:
        entry = m.Partnership(name=name, short_name=short_name or None, website=website or None)
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        first = error.errors()[0] if hasattr(error, "errors") else {"loc": (), "msg": str(error)}
        field = ".".join(str(part) for part in first["loc"]) or "value"
        message = str(first["msg"]).removeprefix("Value error, ")
        text, _, hint = message.partition("; ")
        raise PartnershipError(f"--{field.replace('_', '-')}: {text}", hint) from None
    # Read, check and rewrite under a lock: concurrent runs must not drop each other's entries.
    with locked_folder(path.parent):
        doc, problems = read_yaml(path)
        if doc is None:
            raise PartnershipError(f"{display_path(path)} cannot be read: {problems[0].message}",
                                   "fix it first (sevenminute validate lists the problem)")
        if isinstance(doc.data, dict) and pid in doc.data:
            line, _ = doc.position((pid,), key=True)
            raise PartnershipError(f"the partnership '{pid}' is already in {display_path(path)} "
                                   f"(line {line})", "briefings can use it as it is")
        text = path.read_text(encoding="utf-8")
        new_text = text + ("" if text.endswith("\n") or not text else "\n") + block(
            pid, entry.name, entry.short_name, entry.website)
        # Check the whole file as it will be before writing it: the shared file is never left broken.
        with tempfile.TemporaryDirectory() as scratch:
            trial = Path(scratch) / path.name
            trial.write_text(new_text, encoding="utf-8")
            doc, problems = read_yaml(trial)
            value, problems = validate(m.Partnerships, doc) if doc is not None else (None, problems)
        if value is None or pid not in value.root:
            problem = problems[0] if problems else None
            raise PartnershipError(
                f"{display_path(path)} would not be valid with the new partnership"
                + (f": {problem.message}" if problem else ""),
                "fix the file first (`sevenminute validate` lists its problems), then run this again")
        write_atomic(path, new_text.encode("utf-8"))
    return path
