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


# The built site, shared by the browser gates (tests/browser/) and the sheet gates
# (tests/test_sheet_pdfua.py): built once per test session because a build costs seconds.
@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`mkdocs build --strict` of this repository into a private folder; returns site/."""
    import os
    import subprocess
    import sys

    prebuilt = os.environ.get("SEVENMINUTE_TEST_SITE")
    if prebuilt:  # a site built beforehand, to rerun the gates quickly while fixing a page
        return Path(prebuilt).resolve()
    config = REPO / "mkdocs.yml"
    if not config.exists():
        pytest.skip("mkdocs.yml does not exist yet: there is no site to test")
    site = tmp_path_factory.mktemp("built") / "site"
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=REPO, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if result.returncode != 0:
        pytest.fail(f"the site does not build (mkdocs build --strict):\n{result.stderr[-4000:]}")
    return site
