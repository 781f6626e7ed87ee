"""Benchmark the whole pipeline (site and sheets) at several collection sizes, against a floor.

    .venv/bin/python scripts/bench.py --sizes 10,100,1000 [--seed 7] [--jobs N] [--repeat R] [--keep DIR]

For each size it generates that many synthetic briefings (sevenminute.core.synthetic, in a temporary
folder, never in briefings/) and measures, each as a separate process timed by the wall clock:

- ours, cold: `mkdocs build` of the site alone (BRIEFING_SHEETS=false), `sevenminute sheets`
  alone, and both together, each with empty caches;
- the floor, the same work done by the bare tools: `mkdocs build` with the same theme, overrides
  and search plugin but without our plugin, on a docs folder holding every generated page's HTML
  as Markdown (and the PDFs as static files when sheets are included); and WeasyPrint rendering
  the same sheet HTML once each, at its fitted size, across the same number of processes;
- warm rebuilds: nothing changed, then one briefing edited (sheets re-rendered should be 0 and 1),
  against the floor of a bare `mkdocs build` of the same site plus WeasyPrint on one sheet;
- what the clear-print copies add: a cold build of site, sheets and copies, and warm rebuilds
  with them (nothing changed; one briefing edited), against the same builds without them
  (BRIEFING_CLEAR_PRINT=false, as in every comparison with the floor, which has no copies);
- WeasyPrint renders per sheet, peak memory, the largest HTML page and the total site size.

Peak memory is the largest resident set of one process (ru_maxrss) and, sampled every 0.1 s, the
sum over the build's whole process tree (the parent and its sheet workers).
Not a test: it prints a Markdown table (paste it into README.md's Performance section)."""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SITE_URL = "https://briefings.example.org/"
ENV = {"NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL, "SEVENMINUTE_PROGRESS": "0"}


@dataclass
class Run:
    seconds: float
    process_mb: float  # largest single process
    tree_mb: float  # largest sum over the process tree
    stderr: str


def _tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root]
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += children.get(pid, [])
    return total


def run(cmd: list[str], cwd: Path, **env: str) -> Run:
    """Run a command, timing it and sampling its process tree's memory; fail loudly on error."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **ENV, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err[-4000:]}{out[-2000:]}")
    # ru_maxrss of children is a running maximum over every child so far: it only tells about
    # this run when this run set a new maximum, so take the sampled tree as the fallback.
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    largest = after / 1024 if after > before else peak[0] / 2**20
    return Run(seconds, largest, max(peak[0] / 2**20, largest), err)


def mkdocs(project: Path, site: Path, sheets: bool, config: str = "mkdocs.yml",
           clear_print: bool = False) -> Run:
    # The comparisons with the bare tools leave the clear-print copies out (the floor has none);
    # the clear-print rows measure what they add.
    return run([str(BIN / "mkdocs"), "build", "-f", config, "-d", str(site)], project,
               BRIEFING_SHEETS="true" if sheets else "false",
               BRIEFING_CLEAR_PRINT="true" if clear_print else "false")


def sheets_rendered(stderr: str) -> int:
    found = re.search(r"sheets: (\d+) rendered", stderr)
    return int(found.group(1)) if found else -1


def companions_rendered(stderr: str) -> int:
    found = re.search(r"clear-print copies and blank records: (\d+) rendered", stderr)
    return int(found.group(1)) if found else -1


# --- the project and the floor --------------------------------------------------------------

def make_project(where: Path, count: int, seed: int) -> Path:
    from sevenminute.core.synthetic import generate

    where.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", where / "mkdocs.yml")  # `briefings: briefings` is relative to it
    # Copies, not links: a build refuses folders linked from outside the project.
    shutil.copytree(REPO / "docs", where / "docs")
    shutil.copytree(REPO / "overrides", where / "overrides")
    generate(where / "briefings", count, seed)
    return where


def _page(path: Path, title: str, description: str, body: str, searchable: bool = True) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    search = "" if searchable else "search:\n  exclude: true\n"
    path.write_text(f"---\ntitle: {json.dumps(title)}\ndescription: {json.dumps(description)}\n"
                    f"{search}---\n\n{body}\n", encoding="utf-8")


def make_floor(project: Path, sheets: dict[str, Path] | None) -> Path:
    """A plain MkDocs project with every page our plugin generates written out as Markdown (HTML
    inside), the same theme and overrides, and no sevenminute plugin: what the bare tool builds."""
    from sevenminute.core.loading import load_collection
    from sevenminute.editors.fieldref import with_reference
    from sevenminute.rendering.template_data import SheetLink, page_path, present_path, record_path, sheet_path
    from sevenminute.web import feeds
    from sevenminute.web.catalogue import Catalogue, catalogue_pages, home_sections
    from sevenminute.web.pages import render_briefing_page, render_present_page, render_record_page

    collection = load_collection(project / "briefings").collection
    assert collection is not None
    floor = project / ("floor-sheets" if sheets else "floor")
    docs = floor / "docs"
    shutil.rmtree(floor, ignore_errors=True)
    docs.mkdir(parents=True)
    for md in (REPO / "docs").glob("*.md"):
        (docs / md.name).write_text(with_reference(md.read_text()))
    shutil.copytree(REPO / "docs" / "assets", docs / "assets") if (REPO / "docs" / "assets").exists() else None
    # The worked examples the authoring guide shows (pymdownx.snippets reads them).
    shutil.copytree(REPO / "docs" / "examples", docs / "examples") if (REPO / "docs" / "examples").exists() else None
    catalogue = Catalogue(collection)
    site_name = "Seven-minute briefings"
    home = docs / "index.md"
    home.write_text(home.read_text() + "\n\n" + home_sections(catalogue, "") + "\n")
    for slug, b in collection.briefings.items():
        link = None
        if sheets:
            target = docs / sheet_path(slug)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(sheets[slug], target)
            link = SheetLink("../../" + sheet_path(slug), sheets[slug].stat().st_size)
        body = render_briefing_page(collection, slug, root="../../", sheet=link, site_url=SITE_URL)
        _page(docs / page_path(slug) / "index.md", b.title, b.summary, body)
        # The present view and the action record, as the plugin adds them.
        _page(docs / present_path(slug) / "index.md", f"Present: {b.title}", b.summary,
              render_present_page(collection, slug), searchable=False)
        if collection.site.team_meeting.record:
            _page(docs / record_path(slug) / "index.md", f"Action record: {b.title}", b.summary,
                  render_record_page(collection, slug), searchable=False)
    for page in catalogue_pages(catalogue, site_name):
        _page(docs / page.path / "index.md", page.title, page.description, page.body, page.searchable)
    for path, data in ((feeds.ATOM_PATH, feeds.atom(collection, SITE_URL, site_name, "")),
                       (feeds.JSON_PATH, feeds.json_feed(collection, SITE_URL, site_name, ""))):
        (docs / path).write_bytes(data if isinstance(data, bytes) else data.encode())

    config = (project / "mkdocs.yml").read_text()
    config = re.sub(r"  - sevenminute:\n(?:      .*\n)+", "", config)
    config = re.sub(r"\nwatch:\n(?:  - .*\n)+", "\n", config)  # nothing to watch: no briefings/
    config = config.replace("strict: true", "strict: false")
    e = collection.site.emergency
    config = config.replace("extra:\n", "extra:\n  emergency:\n"
                            f"    label: {json.dumps(e.label)}\n    number: {json.dumps(e.number)}\n"
                            f"    href: {json.dumps('tel:' + re.sub(r'[^0-9+]', '', e.number))}\n", 1)
    config = config.replace("docs_dir: docs", f"docs_dir: {docs}")
    (floor / "mkdocs.yml").write_text(config)
    shutil.copytree(REPO / "overrides", floor / "overrides")
    return floor


def write_sheet_html(project: Path, cache: Path, slugs: list[str] | None = None) -> Path:
    """Each sheet's HTML and fitted size, for the WeasyPrint floor."""
    from sevenminute.core.loading import load_collection
    from sevenminute.printing.sheet_html import sheet_source
    from sevenminute.printing.sheets import fitted_size

    collection = load_collection(project / "briefings").collection
    assert collection is not None
    folder = project / ("sheet-html" if slugs is None else "sheet-html-one")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for slug in slugs or sorted(collection.briefings):
        source = sheet_source(collection, slug, SITE_URL)
        size = fitted_size(next(cache.glob(f"{slug}-" + "?" * 20 + ".pdf")))
        (folder / f"{slug}.html").write_text(source.html)
        (folder / f"{slug}.json").write_text(json.dumps({"size": size, "base_url": source.base_url}))
    return folder


def _weasy_init() -> None:
    import weasyprint  # noqa: F401


def _weasy_one(html_path: str) -> None:
    from weasyprint import CSS, HTML

    from sevenminute.printing.pdf import OPTIONS, font_config

    meta = json.loads(Path(html_path).with_suffix(".json").read_text())
    size = CSS(string=f".sheet {{ font-size: {meta['size']}pt !important; }}", font_config=font_config())
    pdf = HTML(string=Path(html_path).read_text(), base_url=meta["base_url"]).write_pdf(
        font_config=font_config(), stylesheets=[size], **OPTIONS)
    Path(html_path).with_suffix(".pdf").write_bytes(pdf)


def weasy_floor(folder: Path, jobs: int) -> None:
    """Run in its own process: render every HTML in `folder` once, over `jobs` spawned workers."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    files = sorted(str(p) for p in folder.glob("*.html"))
    if jobs <= 1 or len(files) <= 1:
        for f in files:
            _weasy_one(f)
        return
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_weasy_init) as pool:
        list(pool.map(_weasy_one, files, chunksize=1))


# --- measuring one size ----------------------------------------------------------------------

def site_stats(site: Path) -> tuple[int, int, str]:
    files = [p for p in site.rglob("*") if p.is_file()]
    html = max((p for p in files if p.suffix == ".html"), key=lambda p: p.stat().st_size)
    return sum(p.stat().st_size for p in files), html.stat().st_size, str(html.relative_to(site))


def measure(where: Path, count: int, seed: int, jobs: int, with_sheets: bool = True) -> dict[str, object]:
    project = make_project(where / f"n{count}", count, seed)
    # The caches live outside the project (the plugin refuses one inside it): here, beside it.
    from sevenminute.files.cache import default_cache

    caches = where / f"n{count}-cache"
    os.environ["SEVENMINUTE_CACHE"] = str(caches)
    sheet_cache = default_cache(project, "sheets")
    py = str(BIN / "python")
    r: dict[str, object] = {"count": count, "with_sheets": with_sheets}
    log = lambda what: print(f"  [{count}] {what}", file=sys.stderr, flush=True)  # noqa: E731

    log("cold site")
    r["site"] = mkdocs(project, project / "site-only", sheets=False)
    r["size"], r["largest"], r["largest_page"] = site_stats(project / "site-only")
    r["size_with_sheets"] = r["size"]
    if with_sheets:
        log("cold sheets")
        r["sheets"] = run([str(BIN / "sevenminute"), "sheets", "--root", "briefings", "--cache",
                           str(caches / "sheets-alone"), "--site-url", SITE_URL, "--jobs", str(jobs),
                           "--no-companions"], project)
        log("cold site and sheets")
        shutil.rmtree(caches, ignore_errors=True)
        both = mkdocs(project, project / "site", sheets=True)
        r["both"], r["both_rendered"] = both, sheets_rendered(both.stderr)
        r["size_with_sheets"], _, _ = site_stats(project / "site")
        infos = [json.loads(p.read_text()) for p in sheet_cache.glob("*.json")]
        r["renders_per_sheet"] = sum(i["renders"] for i in infos) / max(len(infos), 1)
        log("cold site, sheets and clear-print copies")
        shutil.rmtree(caches, ignore_errors=True)
        cp = mkdocs(project, project / "site-cp", sheets=True, clear_print=True)
        r["both_cp"], r["both_cp_rendered"] = cp, companions_rendered(cp.stderr)
        r["size_with_cp"], _, _ = site_stats(project / "site-cp")
        log("warm with clear-print copies, nothing changed")
        cp = mkdocs(project, project / "site-cp", sheets=True, clear_print=True)
        r["warm_cp"], r["warm_cp_rendered"] = cp, companions_rendered(cp.stderr)
    else:
        shutil.rmtree(caches, ignore_errors=True)
        mkdocs(project, project / "site", sheets=False)  # fills the page cache, as the cold build would
    log("warm, nothing changed")
    warm = mkdocs(project, project / "site", sheets=with_sheets)
    r["warm"], r["warm_rendered"] = warm, sheets_rendered(warm.stderr)
    log("warm, one briefing edited")
    edited = project / "briefings" / "synthetic-00001.yml"
    edited.write_text(edited.read_text().replace("summary: ", "summary: Edited. ", 1))
    edit = mkdocs(project, project / "site", sheets=with_sheets)
    r["edit"], r["edit_rendered"] = edit, sheets_rendered(edit.stderr)
    if with_sheets:
        log("warm with clear-print copies, one briefing edited")
        edited.write_text(edited.read_text().replace("summary: ", "summary: Edited again. ", 1))
        cp = mkdocs(project, project / "site-cp", sheets=True, clear_print=True)
        r["edit_cp"], r["edit_cp_rendered"] = cp, companions_rendered(cp.stderr)
    print(json.dumps({k: getattr(v, "seconds", v) for k, v in r.items()}), file=sys.stderr, flush=True)

    log("floor: bare mkdocs" + (", bare WeasyPrint" if with_sheets else ""))
    floor = make_floor(project, None)
    r["floor_site"] = mkdocs(floor, project / "floor-site", sheets=False)
    if with_sheets:
        from sevenminute.core.loading import load_collection
        from sevenminute.printing.sheets import build_sheets

        collection = load_collection(project / "briefings").collection
        cache = sheet_cache
        sheets = build_sheets(collection, cache, site_url=SITE_URL).sheets  # all cached: renders 0
        floor_sheets = make_floor(project, sheets)
        r["floor_site_pdfs"] = mkdocs(floor_sheets, project / "floor-site-pdfs", sheets=False)
        html = write_sheet_html(project, cache)
        r["floor_weasy"] = run([py, __file__, "--weasy-floor", str(html), "--jobs", str(jobs)], project)
        one = write_sheet_html(project, cache, ["synthetic-00001"])
        r["floor_one"] = run([py, __file__, "--weasy-floor", str(one), "--jobs", "1"], project)
    print(json.dumps({k: getattr(v, "seconds", v) for k, v in r.items()}), file=sys.stderr, flush=True)
    return r


def best_of(runs: list[dict[str, object]]) -> dict[str, object]:
    """Each timing's fastest run (noise only ever adds time); memory's largest; the rest as run."""
    best = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, Run):
            fastest = min((r[key] for r in runs), key=lambda run: run.seconds)  # type: ignore[union-attr]
            best[key] = Run(fastest.seconds, max(r[key].process_mb for r in runs),  # type: ignore[union-attr]
                            max(r[key].tree_mb for r in runs), fastest.stderr)  # type: ignore[union-attr]
    best["repeats"] = len(runs)
    return best


def table(results: list[dict], jobs: int) -> str:
    def s(run: Run) -> str:
        return f"{run.seconds:.1f} s"

    def ratio(ours: float, floor: float) -> str:
        return f"{ours / floor:.2f}"

    rows: list[tuple[str, list[str]]] = []

    def add(name, f, sheets_needed: bool = True) -> None:
        rows.append((name, [f(r) if r["with_sheets"] or not sheets_needed else "not run" for r in results]))

    add("cold: site alone (ours / bare mkdocs)", lambda r: f"{s(r['site'])} / {s(r['floor_site'])} = "
        f"{ratio(r['site'].seconds, r['floor_site'].seconds)}x", False)
    add(f"cold: sheets alone (ours / bare WeasyPrint, {jobs} processes)",
        lambda r: f"{s(r['sheets'])} / {s(r['floor_weasy'])} = {ratio(r['sheets'].seconds, r['floor_weasy'].seconds)}x")
    add("cold: site and sheets (ours / bare mkdocs with PDFs + bare WeasyPrint)",
        lambda r: f"{s(r['both'])} / {r['floor_site_pdfs'].seconds + r['floor_weasy'].seconds:.1f} s = "
        f"**{ratio(r['both'].seconds, r['floor_site_pdfs'].seconds + r['floor_weasy'].seconds)}x**")
    add("warm: nothing changed (sheets rendered)", lambda r: f"{s(r['warm'])} ({r['warm_rendered']})"
        if r["with_sheets"] else f"{s(r['warm'])} (site alone)", False)
    add("warm: one briefing edited (sheets rendered)", lambda r: f"{s(r['edit'])} ({r['edit_rendered']})"
        if r["with_sheets"] else f"{s(r['edit'])} (site alone)", False)
    add("cold: site, sheets and clear-print copies (added by the copies)",
        lambda r: f"{s(r['both_cp'])} (+{r['both_cp'].seconds - r['both'].seconds:.1f} s, "
        f"{r['both_cp_rendered']} PDFs with the blank records)")
    add("warm: nothing changed, with clear-print copies (added; PDFs rendered)",
        lambda r: f"{s(r['warm_cp'])} (+{r['warm_cp'].seconds - r['warm'].seconds:.1f} s; {r['warm_cp_rendered']})")
    add("warm: one briefing edited, with clear-print copies (added; PDFs rendered)",
        lambda r: f"{s(r['edit_cp'])} (+{r['edit_cp'].seconds - r['edit'].seconds:.1f} s; {r['edit_cp_rendered']})")
    add("floor for an edit: bare mkdocs with PDFs + WeasyPrint on one sheet",
        lambda r: f"{r['floor_site_pdfs'].seconds:.1f} + {r['floor_one'].seconds:.1f} = "
        f"{r['floor_site_pdfs'].seconds + r['floor_one'].seconds:.1f} s")
    add("WeasyPrint renders per sheet", lambda r: f"{r['renders_per_sheet']:.2f}")
    runs = lambda r: [r[k] for k in ("site", "sheets", "both", "both_cp", "warm", "edit") if k in r]  # noqa: E731
    add("peak memory, largest process / whole process tree",
        lambda r: f"{max(x.process_mb for x in runs(r)):.0f} / {max(x.tree_mb for x in runs(r)):.0f} MB", False)
    add("largest HTML page", lambda r: f"{r['largest'] / 1024:.0f} KB", False)
    add("total site size, without / with sheets / with clear-print copies too",
        lambda r: f"{r['size'] / 2**20:.1f} / " + (f"{r['size_with_sheets'] / 2**20:.1f} / "
                                                   f"{r['size_with_cp'] / 2**20:.1f} MB" if r["with_sheets"]
                                                   else "not run"), False)
    header = "| briefings | " + " | ".join(f"{r['count']:,}" for r in results) + " |"
    lines = [header, "|---|" + "---|" * len(results)]
    lines += [f"| {name} | " + " | ".join(cells) + " |" for name, cells in rows]
    return "\n".join(lines)


def main() -> None:
    from sevenminute.printing.workers import default_jobs

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="comma-separated briefing counts")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="sheet worker processes")
    parser.add_argument("--keep", type=Path, default=None, help="build here and keep it (default: a temporary folder)")
    parser.add_argument("--site-only", default="", metavar="SIZES",
                        help="sizes measured without sheets (e.g. 1000): site builds and their floor only")
    parser.add_argument("--repeat", type=int, default=1,
                        help="measure each size this many times and keep each timing's best run "
                             "(a shared machine varies by 15%% from run to run)")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw numbers here")
    parser.add_argument("--weasy-floor", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.weasy_floor:
        weasy_floor(args.weasy_floor, args.jobs)
        return

    sizes = [int(n) for n in args.sizes.split(",")]
    site_only = {int(n) for n in args.site_only.split(",") if n}
    with tempfile.TemporaryDirectory(prefix="sevenminute-bench-") as tmp:
        where = args.keep or Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        results = []
        for count in sizes:
            runs = [measure(where / f"run{i}" if args.repeat > 1 else where, count, args.seed,
                            args.jobs, count not in site_only) for i in range(1, args.repeat + 1)]
            results.append(best_of(runs))
    best = f", best of {args.repeat} runs" if args.repeat > 1 else ""
    print(f"\n{os.cpu_count()} cores, {args.jobs} sheet processes, seed {args.seed}{best}\n")
    print(table(results, args.jobs))
    if len(results) > 1:
        small, large = results[-2], results[-1]
        print(f"\nsite size {large['count']:,} / {small['count']:,}: "
              f"{large['size'] / small['size']:.1f}x without sheets, "
              f"{large['size_with_sheets'] / small['size_with_sheets']:.1f}x with sheets; "
              f"largest page at {large['count']:,}: {large['largest_page']}")
    if args.json:
        def plain(v):
            return v.__dict__ | {"stderr": v.stderr[-2000:]} if isinstance(v, Run) else v
        args.json.write_text(json.dumps([{k: plain(v) for k, v in r.items()} for r in results], indent=1))


if __name__ == "__main__":
    main()
