"""A point that runs on into the next column repeats its number and heading there, marked
"(continued)", as page furniture that a screen reader does not read a second time.

CSS cannot repeat a heading where a box breaks, so the renderer finds the break in a finished
layout (find_break), splits that point's list in the HTML at the same item with a continuation
heading (with_continued), lays the sheet out again and checks the break stayed put. WeasyPrint tags
a <figcaption> as Caption, an element the sheet uses nowhere else, so the finisher can find the
continuation headings in the structure tree and turn them into artifacts (as_artifacts)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

CONTINUED = "point__continued"  # the class of the repeated heading (and of nothing else)


@dataclass(frozen=True)
class Break:
    point: int  # the point's number
    item: int  # index of the first top-level list item in the next column (0: the whole list)


def _fragments(document: Any) -> dict[str, list[Any]]:
    """id of each point -> the boxes its section was laid out in, in order."""
    found: dict[str, list[Any]] = {}
    for box in document.pages[0]._page_box.descendants():
        element = getattr(box, "element", None)
        if element is None or getattr(box, "element_tag", None) != "section":
            continue
        if "point" in (element.get("class") or "").split() and element.get("id"):
            found.setdefault(element.get("id"), []).append(box)
    return found


def find_break(document: Any) -> Break | None:
    """The point whose section breaks into the next column, and where; None when none does."""
    for ident, boxes in _fragments(document).items():
        if len(boxes) < 2 or not ident.startswith("point-"):
            continue
        first = next((c for c in boxes[1].children if getattr(c, "element", None) is not None), None)
        if first is None:
            return None
        if first.element_tag == "ul":
            first_li = next((c for c in first.children if getattr(c, "element_tag", None) == "li"), None)
            if first_li is None:
                return None
            items = [c for c in first.element if str(c.tag).endswith("li")]
            return Break(int(ident.removeprefix("point-")), items.index(first_li.element))
        return None  # a break inside a paragraph: CSS keeps those together, so leave it be
    return None


_TAG = re.compile(r"<(/?)(ul|li)\b[^>]*>")


def with_continued(html: str, at: Break) -> str | None:
    """The sheet's HTML with that point split before item `at.item` under a continuation heading."""
    section = re.search(rf'<section class="(point [^"]*)" id="point-{at.point}"[^>]*>', html)
    if section is None:
        return None
    end = html.find("</section>", section.end())
    heading = re.search(r"<h2[^>]*>(.*?)</h2>", html[section.end():end], re.S)
    ul = html.find("<ul", section.end(), end)
    if heading is None or ul < 0:
        return None
    depth, count, cut = 0, 0, None
    for tag in _TAG.finditer(html, ul, end):
        closing, name = tag.group(1) == "/", tag.group(2)
        if name == "ul":
            depth += -1 if closing else 1
        elif not closing and depth == 1:
            if count == at.item:
                cut = tag.start()
                break
            count += 1
    if cut is None:
        return None
    classes = section.group(1)
    opening = (f'<section class="{classes} point--continued">'
               f'<figcaption class="{CONTINUED}" aria-hidden="true">{heading.group(1).strip()} '
               f"(continued)</figcaption>")
    if at.item == 0:  # the whole list moves on: split between the paragraph and the list
        return html[:ul] + "</section>" + opening + html[ul:]
    return html[:cut] + "</ul></section>" + opening + "<ul>" + html[cut:]


def break_is_at_continuation(document: Any, at: Break) -> bool:
    """After splitting: the first part ends one column, the continuation opens the next."""
    boxes = _fragments(document).get(f"point-{at.point}", [])
    return len(boxes) == 1 and find_break(document) is None


def as_artifacts(document: Any, pdf: Any) -> None:
    """WeasyPrint finisher: every Caption structure element (the continuation headings) leaves the
    structure tree, and its marked content becomes an Artifact, so it is painted, not read."""
    objects = {obj.number: obj for obj in pdf.objects if hasattr(obj, "number")}

    def resolve(ref: Any) -> Any:
        text = ref.decode() if isinstance(ref, bytes) else str(ref)
        match = re.fullmatch(r"(\d+) 0 R", text.strip())
        return objects.get(int(match.group(1))) if match else None

    def mcids(element: dict) -> list[int]:
        found = []
        for kid in element.get("K", []):
            if isinstance(kid, int):
                found.append(kid)
            else:
                child = resolve(kid)
                if isinstance(child, dict) and child.get("Type") == "/StructElem":
                    found += mcids(child)
        return found

    hidden: dict[Any, set[int]] = {}  # page reference -> MCIDs to hide (MCIDs count per page)
    for obj in list(objects.values()):
        if not isinstance(obj, dict) or obj.get("Type") != "/StructElem" or obj.get("S") != "/Caption":
            continue
        parent = resolve(obj["P"])
        if parent is None:
            continue
        hidden.setdefault(obj["Pg"], set()).update(mcids(obj))
        parent["K"] = type(parent["K"])([k for k in parent["K"] if k != obj.reference])
        obj["S"] = "/NonStruct"  # unreachable now; never a Caption to anything that finds it
    if not hidden:
        return
    root = next(o for o in objects.values() if isinstance(o, dict) and o.get("Type") == "/StructTreeRoot")
    nums = resolve(root["ParentTree"])["Nums"]  # page index, its MCID -> element array, ...
    for number, page_ref in enumerate(pdf.page_references):
        ids = hidden.get(page_ref, set())
        for mcid in ids:
            nums[2 * number + 1][mcid] = "null"
        contents = resolve(resolve(page_ref)["Contents"]) if ids else None
        operations = getattr(contents, "stream", None) or []
        for i, op in enumerate(operations):
            if (isinstance(op, dict) and op.get("MCID") in ids and i + 1 < len(operations)
                    and operations[i + 1] == b"BDC"):
                operations[i - 1], operations[i], operations[i + 1] = "/Artifact", b"", b"BMC"
