"""Link and image targets in briefing Markdown, found with the renderer's parser (markdown-it-py,
CommonMark, raw HTML off), so the validator checks what rendering/markdown.py will link to.
In the core because the model's text rules need it; rendering the Markdown is not."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _finder() -> MarkdownIt:
    """The renderer's parser, told to keep every link target as written (entities decoded), so
    the validator sees `java&#9;script:` as the browser would, instead of a silently dead link."""
    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = lambda url: True
    md.normalizeLink = lambda url: url
    return md


@dataclass(frozen=True)
class Target:
    kind: str  # "link" or "image"
    address: str  # decoded, as a browser would read it
    text: str  # the link text or image description


def links(text: str, *, block: bool) -> list[Target]:
    """Every link and image target in `text`, found the way `inline` or `block` renders it."""
    md = _finder()
    tokens = md.parse(text) if block else md.parseInline(text)
    found: list[Target] = []
    for token in tokens:
        children = token.children or []
        for i, child in enumerate(children):
            if child.type == "link_open":
                words = []
                for after in children[i + 1:]:
                    if after.type == "link_close":
                        break
                    words.append(after.content)
                found.append(Target("link", str(child.attrs.get("href", "")), "".join(words)))
            elif child.type == "image":
                found.append(Target("image", str(child.attrs.get("src", "")), child.content))
    return found
