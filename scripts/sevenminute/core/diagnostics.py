"""Errors and warnings about content: where they are, what is wrong, how to fix it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


def _escape_data(text: str) -> str:
    # As the Actions runner decodes them (actions/toolkit, command.ts): a newline in any part
    # would otherwise start a workflow command of its own.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A property (file=, title=) also ends at ',' and the message begins at '::'."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int  # 1-based, as editors and GitHub count
    column: int  # 1-based
    severity: Severity
    message: str
    hint: str = ""
    code: str = "invalid"

    def plain(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def github(self) -> str:
        """A GitHub Actions workflow command, which shows as an annotation on the pull request."""
        kind = "error" if self.severity == "error" else "warning"
        body = _escape_data(self.message + (f". {self.hint}" if self.hint else ""))
        return (
            f"::{kind} file={_escape_property(self.path)},line={self.line},col={self.column},"
            f"title={_escape_property(self.code)}::{body}"
        )


class ContentError(Exception):
    """Raised by the build when content is invalid; carries every diagnostic found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__(format_all(self.diagnostics))


def display_path(path: Path) -> str:
    """Paths as the editor sees them: relative to the working directory where possible."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def format_all(diagnostics: Iterable[Diagnostic], github: bool = False) -> str:
    items = sorted(diagnostics)
    lines = [d.github() if github else d.plain() for d in items]
    errors = sum(d.severity == "error" for d in items)
    warnings = len(items) - errors
    lines.append(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    return "\n".join(lines)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)
