"""One briefings folder holding every injection case the validator accepts, to build one site from.

A case is accepted or refused exactly as tests/hostile/test_injection.py decides: its briefing
(written by payloads.write_case) loads with no error. Each accepted case becomes its own briefing;
a case that changes a partnership or adds a library resource gets its own copy of that entry, so
the cases do not overwrite each other in the shared data files."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import yaml

from hostile.payloads import cases, write_case
from hostile.project import REPO
from sevenminute.core.loading import load_collection

BASE = REPO / "tests" / "hostile" / "minimal.yml"
DATA = REPO / "briefings" / "data"


def accepted_cases(scratch: Path) -> tuple[list[tuple], list[str]]:
    """(accepted cases, ids of refused cases): each case validated alone, as test_injection does."""
    accepted, refused = [], []
    for number, (case_id, payload, apply) in enumerate(cases()):
        root = scratch / f"{number:03d}"
        shutil.copytree(DATA, root / "data")
        write_case(root, BASE, "payload", payload, apply)
        result = load_collection(root)
        if result.ok and not any(d.severity == "error" for d in result.diagnostics):
            accepted.append((case_id, payload, apply))
        else:
            refused.append(case_id)
        shutil.rmtree(root)
    return accepted, refused


def _load(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # as write_case reads


def write_payload_briefings(target: Path, accepted: list[tuple]) -> dict[str, str]:
    """Write one briefing per accepted case into `target` (with the data files); returns
    slug -> case id."""
    shutil.copytree(DATA, target / "data")
    base = _load(BASE)
    partnerships = _load(DATA / "partnerships.yml")
    resources = _load(DATA / "resources.yml")
    slugs = {}
    for number, (case_id, payload, apply) in enumerate(accepted):
        briefing = copy.deepcopy(base)
        key = briefing["partnership"]
        own_partnership = {key: copy.deepcopy(partnerships[key])}
        own_resources: dict = {}
        apply(briefing, own_partnership, own_resources, payload)
        if own_partnership[key] != partnerships[key]:
            briefing["partnership"] = f"payload-partnership-{number}"
            partnerships[briefing["partnership"]] = own_partnership[key]
        for name, entry in own_resources.items():
            resources[f"{name}-{number}"] = entry
            briefing["resources"] = [f"{name}-{number}" if r == name else r for r in briefing["resources"]]
        slug = f"payload-{case_id}"
        (target / f"{slug}.yml").write_text(yaml.safe_dump(briefing, allow_unicode=True, sort_keys=False),
                                            encoding="utf-8")
        slugs[slug] = case_id
    for name, data in (("partnerships.yml", partnerships), ("resources.yml", resources)):
        (target / "data" / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return slugs
