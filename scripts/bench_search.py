"""What a reader's first search fetches, measured in Chromium on a site of N generated briefings.

    .venv/bin/python scripts/bench_search.py --sizes 1000[,10000] [--seed 7] [--query "safer sleep"]...

For each size it generates that many synthetic briefings (sevenminute.core.synthetic, in a
temporary folder), builds the site alone (`mkdocs build`, BRIEFING_SHEETS=false) for a site
address with a path, as a partnership deploys under a project page, serves it on 127.0.0.1 under
that path, gzip-compressing text files as GitHub Pages does (Pagefind's own index files are
gzip already and are sent as they are), and in a fresh Chromium context for each query:

1. opens the search page, then
2. types the query into its box a key at a time (60 ms apart) and waits for the results.

It counts the bytes each response carried over the wire (compressed, as sent), by kind: the
page itself (HTML, styles, fonts, theme scripts) and the search (our script, Pagefind's script,
worker and WebAssembly, its metadata, index chunks, filter chunks and result fragments). A
reader's first search is the search rows. A last run chooses a filter after the first query, to
show what filters add. Not a test: it prints Markdown tables."""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import Run, make_project, run  # noqa: E402  (scripts/bench.py: the same generator and runner)

SITE_URL = "https://briefings.example.org/library/"
PREFIX = "/library/"
QUERIES = ("safer sleep", "professional curiosity", "neglect")
# What GitHub Pages compresses: text. Pagefind's .pf_* and .pagefind files are gzip already.
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site below PREFIX, gzip-compressing text when the browser accepts it."""

    def log_message(self, *args) -> None:
        pass

    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + path[len(PREFIX):])

    def send_head(self):
        path = Path(self.translate_path(self.path.split("?", 1)[0]))
        if path.is_dir():
            path = path / "index.html"
        gz = "gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in COMPRESSED
        if not gz or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def kind_of(url: str) -> str:
    path = url.split("?", 1)[0]
    name = path.rsplit("/", 1)[-1]
    if "/pagefind/" in path:
        if "/index/" in path:
            return "search: index chunks"
        if "/filter/" in path:
            return "search: filter chunks"
        if "/fragment/" in path:
            return "search: result fragments"
        if name.endswith((".pf_meta", ".json")):
            return "search: Pagefind metadata"
        return "search: Pagefind code (script, worker, WebAssembly)"
    if name == "search.js":
        return "search: our script"
    if name.endswith(".css"):
        return "page: styles"
    if name.endswith((".woff2", ".woff", ".svg", ".png")):
        return "page: fonts and images"
    if name.endswith(".js"):
        return "page: theme scripts"
    return "page: HTML"


def first_search(browser, base: str, query: str, choose_filter: bool = False) -> dict[str, int]:
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    sizes: dict[str, int] = defaultdict(int)
    done = []

    def finished(request) -> None:
        response = request.response()
        body = request.sizes()["responseBodySize"] if response else 0
        sizes[kind_of(request.url)] += max(body, 0)
        done.append(request.url)

    # The page's requests include those of its web worker (Pagefind searches in one).
    page.on("requestfinished", finished)
    page.goto(base + "search/", wait_until="load")
    page.focus("#search-q")
    page.keyboard.type(query, delay=60)
    page.wait_for_function(
        "() => /result|No briefings/.test(document.getElementById('search-status').textContent)",
        timeout=120_000)
    if choose_filter:
        select = page.locator("select[data-filter=year]")
        value = select.locator("option").nth(1).get_attribute("value") or select.locator("option").nth(1).inner_text()
        select.select_option(value)
        page.wait_for_function(
            "() => { const s = document.getElementById('search-status').textContent;"
            " return /result|No briefings/.test(s) && location.search.includes('year='); }", timeout=120_000)
    page.wait_for_load_state("networkidle")
    status = page.inner_text("#search-status")
    context.close()
    sizes["(status)"] = status  # type: ignore[assignment]
    return dict(sizes)


BARE_PAGE = ('<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title></head>'
             '<body><main><article data-pagefind-body>{body}</article></main></body></html>')


def bare_site(project: Path, frame: Path) -> Run:
    """A quicker stand-in for a full build at large sizes: every briefing's page body, rendered by
    web/pages.py as the build renders it, in a bare frame, then indexed by web/search_index.py.
    Pagefind indexes only what a page marks data-pagefind-body (the body: the frame is left out on
    the real site too), so the index holds what the real site's holds for the briefings. The rest
    of the site (the search page, its styles and scripts, the hand-written pages) is copied from
    `frame`, a site built before by a full build of this code."""
    from sevenminute.core.loading import load_collection
    from sevenminute.web.pages import render_briefing_page
    from sevenminute.web.search_index import build_search_index

    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(frame, site, ignore=shutil.ignore_patterns("pagefind"))
    shutil.rmtree(site / "briefings")
    start = time.perf_counter()
    collection = load_collection(project / "briefings").collection
    assert collection is not None
    for slug, briefing in collection.briefings.items():
        target = site / "briefings" / slug / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        body = render_briefing_page(collection, slug, root="../../")
        target.write_text(BARE_PAGE.format(title=briefing.title, body=body), encoding="utf-8")
    rendered = time.perf_counter()
    count = build_search_index(site, language="en")
    took = time.perf_counter() - rendered
    return Run(rendered - start + took, 0.0, 0.0,
               f"INFO    -  search: {count} pages indexed in {took:.1f} s (bare pages, rendered in "
               f"{rendered - start:.0f} s)")


def replicated_site(project: Path, source: Path, copies: int) -> Run:
    """A rough stand-in for a site `copies` times the size of `source` (a full build), when a
    full build at that size takes too long: each briefing page copied `copies - 1` more times
    under new addresses, then indexed by web/search_index.py. Copies repeat their words exactly,
    so this estimates, and does not replace, a build of that many different briefings."""
    from sevenminute.web.search_index import build_search_index

    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(source, site, ignore=shutil.ignore_patterns("pagefind"))
    for page in sorted((site / "briefings").glob("*/index.html")):
        if page.parent.name in ("page",):
            continue
        for n in range(2, copies + 1):
            target = page.parent.with_name(f"{page.parent.name}-copy-{n}") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page, target)
    start = time.perf_counter()
    count = build_search_index(site, language="en")
    took = time.perf_counter() - start
    return Run(took, 0.0, 0.0, f"INFO    -  search: {count} pages indexed in {took:.1f} s "
                               f"(each briefing page of {source} copied to {copies})")


def site_bytes(site: Path) -> tuple[int, int, int]:
    bundle = site / "pagefind"
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files), len(list((bundle / "index").glob("*")))


def measure(where: Path, count: int, seed: int, queries: tuple[str, ...], reuse: bool = False,
            bare: Path | None = None, copies: int = 0) -> dict:
    project = where / f"n{count}"
    site = project / "site"
    if reuse and site.is_dir():  # measure again a site built by an earlier run (--keep)
        build = Run(0.0, 0.0, 0.0, "")
    elif copies:
        print(f"[{count}] {copies} copies of each page of {bare}", file=sys.stderr, flush=True)
        project.mkdir(parents=True, exist_ok=True)
        build = replicated_site(project, bare, copies)
    elif bare is not None:
        if not (project / "briefings").is_dir():
            print(f"[{count}] generating {count} briefings", file=sys.stderr, flush=True)
            make_project(project, count, seed)
        print(f"[{count}] bare pages and their index", file=sys.stderr, flush=True)
        build = bare_site(project, bare)
    else:
        print(f"[{count}] generating {count} briefings", file=sys.stderr, flush=True)
        make_project(project, count, seed)
        print(f"[{count}] building the site alone", file=sys.stderr, flush=True)
        build = run([str(Path(sys.executable).parent / "mkdocs"), "build", "-d", str(site)], project,
                    BRIEFING_SHEETS="false", BRIEFING_CLEAR_PRINT="false", SITE_URL=SITE_URL)
    indexing = next((line for line in build.stderr.splitlines() if "search:" in line), "")
    handler = lambda *a, **k: GzipHandler(*a, directory=str(site), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    from playwright.sync_api import sync_playwright

    runs = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                             args=CHROMIUM_ARGS)
        for query in queries:
            print(f"[{count}] first search for {query!r}", file=sys.stderr, flush=True)
            runs[query] = first_search(browser, base, query)
        runs[f"{queries[0]} + a year filter"] = first_search(browser, base, queries[0], choose_filter=True)
        browser.close()
    server.shutdown()
    files, total, chunks = site_bytes(site)
    return {"count": count, "build": build.seconds, "indexing": indexing, "runs": runs,
            "bundle_files": files, "bundle_bytes": total, "index_chunks": chunks,
            "peak_mb": build.tree_mb}


def report(result: dict) -> str:
    runs = result["runs"]
    kinds = sorted({k for r in runs.values() for k in r if not k.startswith("(")},
                   key=lambda k: (not k.startswith("search"), k))
    names = list(runs)
    kb = lambda n: f"{n / 1000:.1f}"  # noqa: E731
    lines = [f"### {result['count']:,} briefings",
             "",
             f"Site build (alone, no sheets{', bare pages' if not result['peak_mb'] else ''}): {result['build']:.1f} s, peak {result['peak_mb']:.0f} MB; "
             f"{result['indexing'].split('-  ', 1)[-1].strip()}; the index: {result['bundle_files']} files, "
             f"{result['bundle_bytes'] / 1e6:.1f} MB on disk, {result['index_chunks']} index chunks.",
             "",
             "| kB over the wire (gzip) | " + " | ".join(f"“{n}”" for n in names) + " |",
             "|---|" + "---|" * len(names)]
    for kind in kinds:
        lines.append(f"| {kind} | " + " | ".join(kb(runs[n].get(kind, 0)) for n in names) + " |")
    search = {n: sum(v for k, v in runs[n].items() if k.startswith("search")) for n in names}
    page = {n: sum(v for k, v in runs[n].items() if k.startswith("page")) for n in names}
    lines.append("| **the first search (search rows)** | " + " | ".join(f"**{kb(search[n])}**" for n in names) + " |")
    lines.append("| the search page itself (page rows) | " + " | ".join(kb(page[n]) for n in names) + " |")
    lines.append("| results shown | " + " | ".join(str(runs[n]["(status)"]) for n in names) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--query", action="append", help="a query to measure (repeatable)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--reuse", action="store_true", help="with --keep: measure the sites built there before")
    parser.add_argument("--bare", type=Path, metavar="SITE",
                        help="no MkDocs build: briefing bodies in a bare frame, the rest copied from SITE "
                             "(a full build); with --keep, briefings generated there before are reused")
    parser.add_argument("--copies", type=int, default=0,
                        help="with --bare SITE: no rendering either, each briefing page of SITE copied this many times")
    args = parser.parse_args()
    queries = tuple(args.query or QUERIES)
    where = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            start = time.perf_counter()
            print(report(measure(where, size, args.seed, queries, args.reuse, args.bare, args.copies)), flush=True)
            print(f"\n(measured in {time.perf_counter() - start:.0f} s)\n", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(where, ignore_errors=True)


if __name__ == "__main__":
    main()
