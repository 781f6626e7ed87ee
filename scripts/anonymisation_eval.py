"""Measure the anonymisation lint on the labelled sentences in tests/anonymisation_cases.yml.

Prints the catch rate (identifying sentences flagged) and the false-flag rate (safe sentences
flagged), and with --verbose every miss and every false flag.

    .venv/bin/python scripts/anonymisation_eval.py [--verbose] [CASES]
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from sevenminute.editors.identifying import identifying

CASES = Path(__file__).resolve().parent.parent / "tests" / "anonymisation_cases.yml"


def evaluate(cases_path: Path = CASES) -> dict[str, list[str]]:
    cases = yaml.safe_load(cases_path.read_text(encoding="utf-8"))
    return {
        "caught": [s for s in cases["identifying"] if identifying(s)],
        "missed": [s for s in cases["identifying"] if not identifying(s)],
        "flagged": [s for s in cases["safe"] if identifying(s)],
        "passed": [s for s in cases["safe"] if not identifying(s)],
    }


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    paths = [a for a in argv if not a.startswith("--")]
    result = evaluate(Path(paths[0]) if paths else CASES)
    positives = len(result["caught"]) + len(result["missed"])
    negatives = len(result["flagged"]) + len(result["passed"])
    print(f"catch rate: {len(result['caught'])}/{positives} identifying sentences flagged "
          f"({len(result['caught']) / positives:.0%})")
    print(f"false-flag rate: {len(result['flagged'])}/{negatives} safe sentences flagged "
          f"({len(result['flagged']) / negatives:.0%})")
    if verbose:
        for sentence in result["missed"]:
            print(f"missed: {sentence}")
        for sentence in result["flagged"]:
            print(f"false flag: {sentence}")
            for finding in identifying(sentence):
                print(f"    {finding.code}: {finding.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
