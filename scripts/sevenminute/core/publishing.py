"""Nothing unfilled is published: the settings a build for publishing refuses while they are still
a placeholder or still the toolkit's own (its demo's accessibility organisation, its repository),
each located in its file with what to write instead. A preview builds with them."""

from __future__ import annotations

from pathlib import Path

from sevenminute.core.collection import DATA_DIR
from sevenminute.core.diagnostics import Diagnostic, display_path
from sevenminute.core.yamlread import read_yaml

# The toolkit's own values, which a partnership's site must replace before it publishes.
TOOLKIT_REPOSITORY = "https://github.com/seven-minute-briefings/seven-minute-briefings"
PLACEHOLDER_ORGANISATION = "The partnership publishing this site"
# Words a generated or copied file leaves for a person to replace.
PLACEHOLDER_MARKS = ("REPLACE", "TODO", "example.org", "example.com")


def unfilled_settings(root: Path, address_is_real: bool, config_file: Path | None = None) -> list[Diagnostic]:
    """Every setting a site must fill in before publishing, located (file:line:column)."""
    problems: list[Diagnostic] = []
    if not address_is_real:
        shown = display_path(config_file) if config_file else "mkdocs.yml"
        line = _line_of(config_file, "site_url:") if config_file else 1
        problems.append(Diagnostic(shown, line, 1, "error", "the site has no real address to publish at",
                                   "set SITE_URL (or site_url in mkdocs.yml) to the address readers will use",
                                   "unfilled-setting"))
    path = root / DATA_DIR / "site.yml"
    doc, read_problems = read_yaml(path)
    if doc is None or not isinstance(doc.data, dict):
        return problems + read_problems

    def at(keys: tuple, message: str, hint: str) -> None:
        line, column = doc.position(keys)
        problems.append(Diagnostic(display_path(path), line, column, "error", message, hint, "unfilled-setting"))

    access = doc.data.get("accessibility") if isinstance(doc.data.get("accessibility"), dict) else {}
    if str(access.get("organisation", "")).strip() in ("", PLACEHOLDER_ORGANISATION):
        at(("accessibility", "organisation"), "the accessibility statement does not name who runs the site",
           "write your partnership's name under accessibility: organisation")
    if not access.get("contact_email") and not access.get("contact_page"):
        at(("accessibility",), "the accessibility statement gives no way to report a problem",
           "add accessibility: contact_email (or contact_page) with your partnership's address")
    repository = str(doc.data.get("repository_url") or "").rstrip("/")
    if not repository or repository.startswith(TOOLKIT_REPOSITORY):
        at(("repository_url",), "the 'Suggest a change' links do not lead to this site's repository",
           "set repository_url to your site's own repository (https://github.com/OWNER/NAME)")
    for name in ("site", "partnerships"):
        problems += _marks(root / DATA_DIR / f"{name}.yml")
    return problems


def _marks(path: Path) -> list[Diagnostic]:
    doc, _ = read_yaml(path)
    if doc is None:
        return []
    found = []
    for keys, text in _strings(doc.data, ()):
        mark = next((m for m in PLACEHOLDER_MARKS if m in text), None)
        if mark:
            line, column = doc.position(keys)
            found.append(Diagnostic(display_path(path), line, column, "error",
                                    f"this setting still holds placeholder text ('{mark}')",
                                    "replace it with your partnership's own value", "unfilled-setting"))
    return found


def _strings(value: object, keys: tuple):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*keys, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*keys, index))
    elif isinstance(value, str):
        yield keys, value


def _line_of(path: Path, start: str) -> int:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((n for n, line in enumerate(lines, 1) if line.startswith(start)), 1)
