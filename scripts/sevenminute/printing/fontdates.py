"""Embedded fonts without the date or clock of the build, so the same input gives the same PDF.

WeasyPrint subsets each font with HarfBuzz when libharfbuzz-subset is installed (Debian installs it
with chromium, not with WeasyPrint), which keeps the font file's own `head.modified`; otherwise
with fontTools, which stamps `head.modified` with SOURCE_DATE_EPOCH or, unset, the clock. So two
builds of one commit differed: the briefings' date in one (the MkDocs adapter sets
SOURCE_DATE_EPOCH), the font's own date in the other, and `sevenminute sheet` a day later, the
next day's. Every embedded font program gets `head.modified` set to its `head.created`, which
both subsetters keep from the font file, and its checksums made right again."""

from __future__ import annotations

import struct
from typing import Any

_SFNT = (b"\x00\x01\x00\x00", b"OTTO", b"true")
_CREATED, _MODIFIED, _ADJUSTMENT = 20, 28, 8  # offsets in the head table
_MAGIC = 0xB1B0AFBA  # the OpenType checksum adjustment constant


def _checksum(data: bytes | bytearray) -> int:
    padded = bytes(data) + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def steady_font(data: bytes) -> bytes:
    """The font program with head.modified equal to head.created (OpenType spec, 'head' and
    'Calculating checksums'); anything that is not a TrueType or OpenType font is returned as is."""
    if data[:4] not in _SFNT or len(data) < 12:
        return data
    (tables,) = struct.unpack_from(">H", data, 4)
    for index in range(tables):
        record = 12 + 16 * index
        if record + 16 > len(data):
            return data
        tag, _, offset, length = struct.unpack_from(">4sIII", data, record)
        if tag == b"head":
            break
    else:
        return data
    if length < _MODIFIED + 8 or offset + length > len(data):
        return data
    font = bytearray(data)
    font[offset + _MODIFIED:offset + _MODIFIED + 8] = font[offset + _CREATED:offset + _CREATED + 8]
    font[offset + _ADJUSTMENT:offset + _ADJUSTMENT + 4] = b"\0\0\0\0"
    struct.pack_into(">I", font, record + 4, _checksum(font[offset:offset + length]))
    struct.pack_into(">I", font, offset + _ADJUSTMENT, (_MAGIC - _checksum(font)) & 0xFFFFFFFF)
    return bytes(font)


def steady_font_dates(pdf: Any) -> None:
    """Part of every finisher (pdf.print_links): each font file a font descriptor of WeasyPrint's
    pydyf PDF points at, made independent of the subsetter's clock, before the file is written."""
    done: set[int] = set()  # descriptors of one font file share its stream
    for obj in list(pdf.objects):
        if not isinstance(obj, dict):
            continue
        for key in ("FontFile2", "FontFile3"):
            reference = obj.get(key)
            if reference is None:
                continue
            number = int(bytes(reference).split()[0])
            if number in done:
                continue
            done.add(number)
            stream = pdf.objects[number]
            chunks = getattr(stream, "stream", None)
            if chunks and len(chunks) == 1 and isinstance(chunks[0], bytes):
                stream.stream = [steady_font(chunks[0])]
