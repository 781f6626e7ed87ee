"""How deeply briefing Markdown nests and how many parts it has, measured with the renderer's parser.

WeasyPrint lays out nested elements recursively and in more than linear time: a `detail` of
alternating emphasis 400 deep took 2 s of the clear-print copy's layout and 800 deep crashed it
with a RecursionError, though markdown-it-py and nh3 handled it in milliseconds. Prose never
needs more than a link around bold around italic, or a list inside a list, so the validator
refuses deeper nesting with a message. Each part (paragraph, list item, emphasis, link) also
costs WeasyPrint about a millisecond: 20,000 characters of `- a` lines made a clear-print copy of
800 pages in 32 s, where the same length of prose took 1 s, so the number of parts is bounded too.
Prose needs far fewer: the seeds' longest text has 22."""

from __future__ import annotations

from dataclasses import dataclass

from sevenminute.core.markdown_links import _finder

MAX_INLINE = 4  # emphasis, bold, links and code, one inside another
MAX_BLOCKS = 4  # lists and quotes, one inside another
MAX_PARTS = 200  # paragraphs, list items, quotes, headings, emphasis, links and code in one text
_BLOCK_CONTAINERS = {"bullet_list_open", "ordered_list_open", "blockquote_open"}


@dataclass(frozen=True)
class Shape:
    inline: int  # the deepest emphasis or link, one inside another
    blocks: int  # the deepest list or quote, one inside another
    inline_needle: str  # words at the deepest inline point, to place an error
    blocks_needle: str
    parts: int  # the elements the text becomes


def shape(text: str, *, block: bool) -> Shape:
    md = _finder()
    tokens = md.parse(text) if block else md.parseInline(text)
    inline = blocks = 0
    inline_needle = blocks_needle = ""
    open_blocks = parts = 0
    deepest_words = False  # the next words are the deepest list's or quote's
    for token in tokens:
        if token.nesting == 1 and not token.hidden:
            parts += 1
        if token.type in _BLOCK_CONTAINERS:
            open_blocks += 1
            # Counted as it opens: past 20 levels the parser drops the words inside.
            if open_blocks > blocks:
                blocks, deepest_words = open_blocks, True
        elif token.type.endswith("_close") and token.type.replace("_close", "_open") in _BLOCK_CONTAINERS:
            open_blocks -= 1
        elif token.type == "inline" and deepest_words:
            blocks_needle, deepest_words = token.content, False
        open_inline = 0
        for child in token.children or []:
            open_inline += child.nesting
            parts += child.nesting == 1 or child.type == "code_inline"
            if child.type in ("text", "code_inline") and open_inline > inline:
                inline, inline_needle = open_inline, child.content
    return Shape(inline, blocks, inline_needle, blocks_needle, parts)
