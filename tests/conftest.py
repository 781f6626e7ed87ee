"""Shared fixtures: the repository's briefings, copied where a test may change them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BRIEFINGS = REPO / "briefings"


@pytest.fixture
def briefings_copy(tmp_path: Path) -> Path:
    """A private copy of briefings/ (content and data files) that a test can edit."""
    target = tmp_path / "briefings"
    shutil.copytree(BRIEFINGS, target)
    return target
