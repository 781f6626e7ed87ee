"""Injection payloads and the places in a briefing, a partnership and a resource they go.

Each case is one payload in one field. Every case must end one of two ways: the validator
refuses it with a located error, or the built page and sheet carry it only as inert text."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Callable

import yaml

PAYLOADS = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<a href=\"javascript:alert(1)\">link</a>",
    "<body onload=alert(1)>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<object data=javascript:alert(1)></object>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click]( javascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](https://ok.example \"onmouseover=alert(1)\")",
    "<javascript:alert(1)>",
    "[a][ref]\n\n[ref]: javascript:alert(1)",
    "![image](https://evil.example/tracker.png)",
    "![x](javascript:alert(1))",
    "**bold** <b onmouseover=alert(1)>x</b>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "javascript&#58;alert(1)",
    "{{ 7*7 }} {% raw %}x{% endraw %}",
    "<!-- comment --><script>alert(1)</script>",
    "<div markdown=1><script>alert(1)</script></div>",
    "`<script>alert(1)</script>`",
    "<details open ontoggle=alert(1)>",
    "</title><script>alert(1)</script>",
    "\" onmouseover=\"alert(1)",
]

URL_PAYLOADS = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "https://ok.example/\"><script>alert(1)</script>",
    "https://ok.example/ onmouseover=alert(1)",
    "//evil.example/x",
    "file:///etc/passwd",
]


def places() -> dict[str, Callable[[dict, dict, dict, str], None]]:
    """Where a text payload can go: (briefing, partnerships, resources, payload) -> None."""

    def briefing(*keys: Any) -> Callable[[dict, dict, dict, str], None]:
        def put(b: dict, p: dict, r: dict, value: str) -> None:
            target: Any = b
            for key in keys[:-1]:
                target = target[key]
            target[keys[-1]] = value
        return put

    def partnership(*keys: Any) -> Callable[[dict, dict, dict, str], None]:
        def put(b: dict, p: dict, r: dict, value: str) -> None:
            target: Any = p[b["partnership"]]
            for key in keys[:-1]:
                target = target[key]
            target[keys[-1]] = value
        return put

    def add_resource(field: str) -> Callable[[dict, dict, dict, str], None]:
        def put(b: dict, p: dict, r: dict, value: str) -> None:
            entry = {"title": "A resource", field: value}
            b.setdefault("resources", []).append(entry)
        return put

    def library(field: str) -> Callable[[dict, dict, dict, str], None]:
        def put(b: dict, p: dict, r: dict, value: str) -> None:
            r["payload-resource"] = {"title": "A library resource", field: value}
            b.setdefault("resources", []).append("payload-resource")
        return put

    return {
        "title": briefing("title"),
        "summary": lambda b, p, r, v: b.__setitem__("summary", "A summary long enough. " + v),
        "agency": lambda b, p, r, v: b.setdefault("agencies", []).append(v),
        "point-text": briefing("points", "happened", "text"),
        "point-item": lambda b, p, r, v: b["points"]["improve"]["items"].append(v),
        "point-detail": briefing("points", "happened", "detail"),
        "key-message": lambda b, p, r, v: b.__setitem__("key_message", {"title": "Key", "text": v}),
        "related-review": lambda b, p, r, v: b.setdefault("related_reviews", []).append(
            {"title": "Review", "description": v}),
        "resource-title": add_resource("title"),
        "resource-description": add_resource("description"),
        "library-title": library("title"),
        "partnership-name": partnership("name"),
        "phone-label": lambda b, p, r, v: p[b["partnership"]]["contact"].setdefault("phones", []).append(
            {"label": v, "number": "0300 000 0000"}),
    }


URL_PLACES = {
    "resource-url": lambda b, p, r, v: b.setdefault("resources", []).append({"title": "A resource", "url": v}),
    "review-url": lambda b, p, r, v: b.setdefault("related_reviews", []).append({"title": "Review", "url": v}),
    "partnership-website": lambda b, p, r, v: p[b["partnership"]].__setitem__("website", v),
    "referral-page": lambda b, p, r, v: p[b["partnership"]]["contact"].__setitem__("referral_page", v),
    "library-url": lambda b, p, r, v: (r.__setitem__("payload-url", {"title": "Lib", "url": v}),
                                       b.setdefault("resources", []).append("payload-url")),
}


def cases() -> list[tuple[str, str, Callable]]:
    """(case id, payload, apply) for every payload in every place: well over 100."""
    out = []
    text_places = places()
    for i, payload in enumerate(PAYLOADS):
        for place, apply in text_places.items():
            out.append((f"text{i:02d}-{place}", payload, apply))
    for i, payload in enumerate(URL_PAYLOADS):
        for place, apply in URL_PLACES.items():
            out.append((f"url{i:02d}-{place}", payload, apply))
    return out


def write_case(root: Path, base: Path, slug: str, payload: str, apply: Callable) -> Path:
    """Write a briefing (from `base`) with the payload applied; data files may change too."""
    briefing = yaml.load(base.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    data = root / "data"
    partnerships = yaml.load((data / "partnerships.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    resources = yaml.load((data / "resources.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    before = copy.deepcopy((partnerships, resources))
    apply(briefing, partnerships, resources, payload)
    if (partnerships, resources) != before:
        (data / "partnerships.yml").write_text(yaml.safe_dump(partnerships, allow_unicode=True), encoding="utf-8")
        (data / "resources.yml").write_text(yaml.safe_dump(resources, allow_unicode=True), encoding="utf-8")
    path = root / f"{slug}.yml"
    path.write_text(yaml.safe_dump(briefing, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
