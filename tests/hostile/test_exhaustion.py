"""Resource exhaustion and odd encodings: a clear error or a correct result, fast and small."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest

from sevenminute.core.loading import load_briefing, load_collection

REPO = Path(__file__).resolve().parents[2]
GOOD = (REPO / "tests" / "hostile" / "minimal.yml").read_text(encoding="utf-8")

# A bound on CPU seconds, not wall-clock time: it catches a blow-up (a quadratic step on a 50 MB
# file takes minutes) without failing when the machine is busy with other tests.
CPU_SECONDS = 5.0
MEGABYTES = 200


def billion_laughs() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def deep(n: int, open_: str, close: str) -> bytes:
    return (f"title: {open_ * n}x{close * n}\n").encode()


# (id, file bytes, words expected in the first error, or None when the file must be valid)
CASES: list[tuple[str, bytes, str | None]] = [
    ("billion-laughs", billion_laughs(), "anchors"),
    ("alias-in-points", GOOD.replace("points:", "x: &p {a: 1}\ny: *p\npoints:").encode(), "anchors"),
    ("merge-key-bomb", b"a: &a {x: 1}\nb:\n  <<: *a\n", "anchors"),
    ("ten-mb-string", b"title: " + b"x" * 10_000_000 + b"\n", "too large"),
    ("fifty-mb-file", b"# " + b"y" * 50_000_000 + b"\n", "too large"),
    ("long-title", GOOD.replace("title: Minimal briefing", "title: " + "x" * 500_000).encode(), "too long"),
    ("long-text", GOOD.replace("text: Something happened.", "text: " + "word " * 150_000).encode(), "too long"),
    ("ten-thousand-themes", GOOD.replace("themes:\n  - neglect", "themes:\n" + "  - neglect\n" * 10_000).encode(), "at most 6"),
    ("ten-thousand-items", GOOD.replace("      - Good work.", "\n".join(["      - Good work."] * 10_000)).encode(), "at most 40"),
    ("ten-thousand-agencies", GOOD.replace("points:", "agencies:\n" + "  - Police\n" * 10_000 + "points:").encode(), "at most 40"),
    ("ten-thousand-keys", ("\n".join(f"k{i}: v" for i in range(10_000)) + "\n").encode(), "unknown field"),
    ("deep-flow-lists", deep(5_000, "[", "]"), "nested"),
    ("deep-flow-maps", deep(5_000, "{a: ", "}"), "nested"),
    ("deep-block-maps", ("".join("  " * i + f"k{i}:\n" for i in range(300)) + "  " * 300 + "v\n").encode(), "nested"),
    ("binary", bytes(range(256)) * 100, "not a text file"),
    ("png-header", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100, "not a text file"),
    ("latin-1", GOOD.replace("Minimal briefing", "Caf\u00e9 briefing").encode("latin-1"), "not UTF-8"),
    ("utf-16", GOOD.encode("utf-16"), "not a text file"),
    ("bom", b"\xef\xbb\xbf" + GOOD.encode(), None),
    ("crlf", GOOD.replace("\n", "\r\n").encode(), None),
    ("bom-and-crlf", b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode(), None),
    ("cr-only", GOOD.replace("\n", "\r").encode(), None),
    ("tab-indent", GOOD.replace("  - neglect", "\t- neglect").encode(), "tab"),
    ("tab-in-value", GOOD.replace("Something happened.", "Something\thappened.").encode(), None),
    ("tab-in-quoted-value", GOOD.replace("Something happened.", '"Something\thappened."').encode(), None),
    ("empty", b"", "empty"),
    ("only-comments", b"# nothing here\n", "empty"),
    ("nul-in-middle", GOOD.encode()[:50] + b"\x00" + GOOD.encode()[50:], "not a text file"),
    ("many-documents", (GOOD + "---\n" + GOOD).encode(), "YAML syntax"),
    ("huge-int-key", b"99999999999999999999999999999999: x\n", "unknown field"),
    ("unicode-control", GOOD.replace("Something happened.", "Something \u202e happened.").encode(), "bidirectional control"),
    ("surrogate-escape", b'title: "\\ud800"\n', "Unicode"),
    ("python-tag", b"title: !!python/object/apply:os.system ['true']\n", "tag"),
    ("yaml-directive", b"%YAML 1.1\n---\n" + GOOD.encode(), None),
]


@pytest.mark.parametrize("case_id,raw,words", CASES, ids=[c[0] for c in CASES])
def test_hostile_file_is_handled_fast_and_small(briefings_copy, case_id, raw, words):
    collection = load_collection(briefings_copy).collection
    path = briefings_copy / "hostile.yml"
    path.write_bytes(raw)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.process_time()
    briefing, diagnostics = load_briefing(collection, path)
    elapsed = time.process_time() - start
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    errors = [d for d in diagnostics if d.severity == "error"]
    if words is None:
        assert briefing is not None and not errors, [d.plain() for d in diagnostics]
        assert briefing.title == "Minimal briefing"
    else:
        assert briefing is None and errors, f"{case_id} was accepted"
        text = " ".join(d.message + " " + d.hint for d in errors)
        assert words in text, [d.plain() for d in errors]
        assert all(d.line >= 1 and d.column >= 1 for d in errors)
    assert elapsed < CPU_SECONDS, f"{case_id} took {elapsed:.2f} s of CPU"
    assert grown_mb < MEGABYTES, f"{case_id} grew memory by {grown_mb:.0f} MB"


def test_there_are_at_least_thirty_exhaustion_cases():
    assert len(CASES) >= 30
