"""A page's own script, named in its front matter (`script: present.js`): the theme loads it as
assets/javascripts/<name>. Only the name of a script the theme ships is allowed, so that the
value can never become markup or an address elsewhere (a hand-written docs/ page sets it too)."""

from __future__ import annotations

import re
from pathlib import Path

from sevenminute.core.diagnostics import Diagnostic, display_path

SCRIPTS = Path("assets") / "javascripts"
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*\.js")
_KEY = re.compile(r"script\s*:")


def script_problem(value: object, theme_dirs: list[Path]) -> str | None:
    """Why `value` cannot be a page's script, or None when it names one in the theme (any folder
    of its search path: the site's overrides, the toolkit's, Material's)."""
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        return f"`script: {str(value)[:60]}` is not the name of a script"
    if not any((Path(folder) / SCRIPTS / value).is_file() for folder in theme_dirs):
        return f"`script: {value}` names no script in {SCRIPTS.as_posix()}/ of the theme"
    return None


def script_diagnostic(source: Path, problem: str) -> Diagnostic:
    """The problem at the `script:` line of the page's front matter."""
    lines = source.read_text(encoding="utf-8", errors="replace").splitlines()
    line = next((n for n, text in enumerate(lines, 1) if _KEY.match(text)), 1)
    return Diagnostic(display_path(source), line, 1, "error", problem,
                      f"write the file name of a script in overrides/{SCRIPTS.as_posix()}/, such as "
                      "`script: present.js`, or remove the line", "page-script")
