"""Text of briefings as safe HTML: Markdown rendered, then cleaned with an allow-list sanitiser.

Briefing text is rendered with markdown-it-py (CommonMark), whose parser runs in time linear in
its input: Python-Markdown, which MkDocs keeps for the hand-written pages, took 38 s on 20,000
`[` characters and overflows the stack on a run of `  -`. The validator finds link targets with the
same parser (core/markdown_links.py), so what it checks is what the renderer links to."""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from sevenminute.core.markdown_links import Target, links  # noqa: F401  (re-exported: the renderer's parser finds links)

_INLINE_TAGS = {"a", "strong", "em", "b", "i", "code", "abbr", "br", "span"}
_BLOCK_TAGS = _INLINE_TAGS | {"p", "ul", "ol", "li", "blockquote", "h3", "h4"}
_ATTRIBUTES = {"a": {"href"}, "abbr": {"title"}}
_SCHEMES = {"http", "https", "mailto", "tel"}


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # Raw HTML is shown as text (the validator refuses it anyway, with a message).
    return MarkdownIt("commonmark", {"html": False})


def _clean(html: str, tags: set[str]) -> str:
    return nh3.clean(
        html,
        tags=tags,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


@lru_cache(maxsize=4096)
def inline(text: str | None) -> Markup:
    """One line of inline Markdown (bold, italic, links) as sanitised HTML without a <p>."""
    if not text:
        return Markup("")
    html = _markdown().renderInline(text)
    return Markup(_clean(html, _INLINE_TAGS))


@lru_cache(maxsize=1024)
def block(text: str | None) -> Markup:
    """Markdown paragraphs and lists as sanitised HTML. Headings start at h3, under a point's h2."""
    if not text:
        return Markup("")
    html = _markdown().render(text)
    html = re.sub(r"<(/?)h[12]>", r"<\1h3>", html)
    return Markup(_clean(html, _BLOCK_TAGS))


def plain(text: str | None) -> str:
    """Inline Markdown reduced to its words, for feeds, titles and counting."""
    if not text:
        return ""
    return nh3.clean(str(inline(text)), tags=set()).replace("&amp;", "&")


_TEXT_RUN = re.compile(r">([^<]+)<")
_SKIP = re.compile(r"<(a|abbr|code|h1|title)\b[^>]*>.*?</\1>", re.S)


def expand_abbreviations(html: str, glossary: dict[str, str]) -> str:
    """Wrap the first use of each glossary abbreviation on a page in <abbr title="...">."""
    if not glossary:
        return html
    pattern = re.compile(r"\b(" + "|".join(re.escape(a) for a in sorted(glossary, key=len, reverse=True)) + r")\b")
    done: set[str] = set()
    # Keep links, existing abbr and the page title as they are: abbr inside them adds noise.
    protected = [(m.start(), m.end()) for m in _SKIP.finditer(html)]

    def in_protected(pos: int) -> bool:
        return any(start <= pos < end for start, end in protected)

    def replace_run(match: re.Match[str]) -> str:
        if in_protected(match.start()):
            return match.group(0)

        def wrap(found: re.Match[str]) -> str:
            word = found.group(1)
            if word in done:
                return word
            done.add(word)
            return f'<abbr title="{escape(glossary[word])}">{word}</abbr>'

        return ">" + pattern.sub(wrap, match.group(1)) + "<"

    return _TEXT_RUN.sub(replace_run, html)


def word_count(*texts: str | None) -> int:
    return sum(len(plain(t).split()) for t in texts if t)
