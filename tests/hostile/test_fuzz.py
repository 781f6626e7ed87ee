"""Property-based fuzzing of the loader and validator (hypothesis).

Whatever bytes an editor saves, loading gives either a valid briefing or diagnostics that name a
line and column, and never any other exception. 2,000 examples run on every test run."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sevenminute.core.loading import load_briefing, load_collection

REPO = Path(__file__).resolve().parents[2]
MINIMAL = (REPO / "tests" / "hostile" / "minimal.yml").read_text(encoding="utf-8")
FIELDS = ["title", "partnership", "review_type", "held", "published", "age_band", "themes",
          "agencies", "summary", "last_reviewed", "next_review", "key_message", "points",
          "related_reviews", "resources", "text", "items", "detail", "url", "happened", "matters"]
EXAMPLES_EACH = 1000


@pytest.fixture(scope="module")
def workspace():
    root = Path(tempfile.mkdtemp()) / "briefings"
    shutil.copytree(REPO / "briefings", root)
    collection = load_collection(root).collection
    yield collection, root / "fuzz.yml"
    shutil.rmtree(root.parent)


def check(collection, path: Path, raw: bytes) -> None:
    path.write_bytes(raw)
    briefing, diagnostics = load_briefing(collection, path)  # must not raise
    errors = [d for d in diagnostics if d.severity == "error"]
    assert (briefing is None) == bool(errors)
    for d in diagnostics:
        assert d.line >= 1 and d.column >= 1 and d.message
        assert d.path.endswith("fuzz.yml")


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=40),
                    st.sampled_from(["no", "yes", "12:30", "2022-09", "2022-09-01", "~", "&a", "*a",
                                     "javascript:alert(1)", "<script>", "[x](data:x)", "north-yorkshire",
                                     "neglect", "rapid-review"]))
trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=10)), children, max_size=6),
    ),
    max_leaves=30,
)


@settings(max_examples=EXAMPLES_EACH, deadline=None, suppress_health_check=list(HealthCheck))
@given(tree=st.dictionaries(st.sampled_from(FIELDS), trees, max_size=12))
def test_structured_input_gives_a_model_or_located_errors(workspace, tree):
    collection, path = workspace
    check(collection, path, yaml.safe_dump(tree, allow_unicode=True).encode("utf-8", "surrogatepass"))


@settings(max_examples=EXAMPLES_EACH, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_mutated_bytes_give_a_model_or_located_errors(workspace, data):
    collection, path = workspace
    raw = bytearray(MINIMAL.encode())
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(raw)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = data.draw(st.binary(min_size=1, max_size=6) | st.sampled_from(
            [b":", b"- ", b"\t", b"&x ", b"*x", b"'", b'"', b"{", b"[", b"\n  ", b"#", b"!!", b"%", b"\xef\xbb\xbf"]))
        if action == "insert":
            raw[position:position] = chunk
        elif action == "delete":
            del raw[position:position + len(chunk)]
        else:
            raw[position:position + len(chunk)] = chunk
    check(collection, path, bytes(raw))


def test_the_fuzzing_budget_is_at_least_two_thousand_examples():
    assert 2 * EXAMPLES_EACH >= 2000
