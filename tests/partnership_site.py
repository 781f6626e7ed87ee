"""A partnership's site made by `sevenminute init`, for tests that need a site of their own rather
than this repository's demo briefings (replacing the demo content breaks none of them)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ANSWERS = {
    "--name": "Anytown Safeguarding Children Partnership", "--short-name": "ASCP",
    "--site-url": "https://briefings.anytown.gov.uk/", "--website": "https://www.anytownscp.org.uk/",
    "--referral-phone": "01234 567 890", "--email": "ascp@anytown.gov.uk", "--audience": "children",
    "--colour": "#0b6e4f", "--repository": "https://github.com/anytown-scp/briefings",
}
BRIEFING = "professional-curiosity"


def init_args(folder: Path, **changes: str) -> list[str]:
    answers = {**ANSWERS, **{f"--{k.replace('_', '-')}": v for k, v in changes.items()}}
    return ["init", str(folder), "--no-input", *(x for pair in answers.items() for x in pair)]


def topic_briefing(title: str = "Professional curiosity") -> str:
    """The authoring guide's made-up topic example, published by the site's partnership."""
    text = (REPO / "docs" / "examples" / "topic.yml").read_text(encoding="utf-8")
    text = text.replace("partnership: example", "partnership: ascp")
    return text.replace('title: "Example: professional curiosity (made up)"', f'title: "{title}"')


def build(site: Path, *, sheets: bool = True, bin_dir: Path | None = None,
          **env: str) -> subprocess.CompletedProcess[str]:
    mkdocs = (bin_dir or Path(sys.executable).parent) / "mkdocs"
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BRIEFING_SHEETS": "true" if sheets else "false",
               "SEVENMINUTE_CACHE": str(site.parent / f"{site.name}-cache"), **env}
    environ.pop("SITE_URL", None) if "SITE_URL" not in env else None
    return subprocess.run([str(mkdocs), "build", "--strict"], cwd=site, env=environ,
                          capture_output=True, text=True, timeout=600)
