"""The MkDocs adapter: the only module that imports MkDocs.

It loads the briefings, stops the build with the validator's messages when they are invalid (a
running `mkdocs serve` instead shows them on every page over the last good briefings), adds
the pages and files web/site_pages.py says the site has (nothing generated is written to docs/),
and puts the bodies made by the core in place of the Markdown.
What is not about MkDocs (pages, fixes to finished HTML, safe folders, caches) lives in the
layers below, for another front end to reuse; this says when MkDocs should do what."""

from __future__ import annotations

import errno
import html
import logging
import os
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from sevenminute.core.collection import Collection
from sevenminute.core.diagnostics import ContentError, format_all, has_errors
from sevenminute.core.epoch import epoch_problem
from sevenminute.core.loading import load_collection, unsafe_diagnostic
from sevenminute.core.publishing import unfilled_settings
from sevenminute.editors import cms
from sevenminute.editors.fieldref import REFERENCE_START, SITE_REFERENCE_PAGE, with_reference
from sevenminute.files.cache import CacheError, cache_trouble, project_cache
from sevenminute.files.publish import OutputError, SitePublisher, describe, output_problem
from sevenminute.files.safe import copied_folder_problems, lies_inside
from sevenminute.mkdocs.front_matter import front_matter
from sevenminute.printing import glyphs
from sevenminute.printing.siteaddress import NO_ADDRESS, address_problem, printable_url
from sevenminute.rendering import template_data as views
from sevenminute.rendering.environment import CORE_TEMPLATE_DIRS, THEME_DIR
from sevenminute.web import feeds
from sevenminute.web.brand import BRAND_CSS
from sevenminute.web.catalogue import Catalogue, home_sections, root_of
from sevenminute.web.docs_pages import docs_problems
from sevenminute.web.outline import contents
from sevenminute.web.page_script import script_diagnostic, script_problem
from sevenminute.web.search_index import SearchIndexError, build_search_index, sheet_extras
from sevenminute.web.postprocess import with_build_errors, without_checkbox_autocomplete
from sevenminute.web.site_pages import GeneratedFile, site_pages

log = logging.getLogger("mkdocs.plugins.sevenminute")


class BriefingsConfig(Config):
    briefings = c.Type(str, default="briefings")
    sheets = c.Type(bool, default=True)
    # The caches live outside the project unless set here (a folder inside it is refused: a pull
    # request could commit entries into it). Unset: $XDG_CACHE_HOME/sevenminute/projects/...
    sheets_cache = c.Optional(c.Type(str))
    # The clear-print copy of each briefing, built with the sheets (off: a quicker build, and the
    # benchmark's measure of what the copies cost).
    clear_print = c.Type(bool, default=True)
    # Sheets rendered / total with the rate, on stderr: unset = only on a terminal (quiet in CI
    # logs); SEVENMINUTE_PROGRESS=1 or 0 overrides either way.
    progress = c.Optional(c.Type(bool))
    # Rendered briefing page bodies, kept between builds: a rebuild renders only what changed.
    pages_cache = c.Optional(c.Type(str))


def _src_uri(path: str) -> str:
    return f"{path}index.md"


class BriefingsPlugin(BasePlugin[BriefingsConfig]):
    def __init__(self) -> None:
        self.collection: Collection | None = None
        self.catalogue: Catalogue | None = None
        self.bodies: dict[str, Callable[[Page], str]] = {}
        self.sheets: dict[str, Path] = {}
        self.companions: dict[str, dict[str, Path]] = {}  # kind -> slug -> cached PDF
        self._set_epoch = False
        self.errors = ""  # while previewing: the errors of the latest change, shown on every page
        self._command = ""  # "build", "gh-deploy" or "serve", from on_startup

    # --- loading -------------------------------------------------------------------------
    # Before other plugins' on_config: Material's search plugin reads the theme's language partial
    # (partials/languages/en-GB.html, the toolkit's) as it configures itself.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("sevenminute needs use_directory_urls: true (the default) in mkdocs.yml")
        if epoch_problem():  # MkDocs would stamp the sitemap with it and fail with a traceback
            raise PluginError(f"error: {epoch_problem()}")
        if config.site_url and address_problem(config.site_url):  # javascript: would reach the feeds
            raise PluginError(f"{_setting_line(config, 'site_url')}: error: the site address "
                              f"{config.site_url[:80]!r} (site_url, or SITE_URL) {address_problem(config.site_url)}"
                              "\n    hint: set SITE_URL to where the site is published, such as "
                              "https://briefings.example.gov.uk/")
        project = _project(config)
        _add_toolkit_theme(config)
        root = project / self.config.briefings
        publishing = self._command == "gh-deploy" or os.environ.get("SEVENMINUTE_PUBLISH", "").lower() in ("1", "true")
        if publishing:  # nothing unfilled is published: every placeholder, located, in one run
            unfilled = unfilled_settings(root, printable_url(config.site_url) is not None,
                                         Path(config.config_file_path) if config.config_file_path else None)
            if unfilled:
                raise PluginError("this site is not ready to publish; nothing was built\n" + format_all(unfilled))
        # A preview without a real address publishes no made-up one: no canonical links, no
        # sitemap addresses, no feeds, no address on the sheets. Said once.
        self._address = printable_url(config.site_url)
        if self._address is None:
            config.site_url = None
            sys.stderr.write(f"WARNING -  sevenminute: {NO_ADDRESS}; the pages have no canonical links, "
                             "the sitemap no addresses and the feeds links from the site's root only\n")
            sys.stderr.flush()
        try:
            self._caches = {kind: project_cache(project, getattr(self.config, f"{kind}_cache"), kind)
                            for kind in ("sheets", "pages")}
        except CacheError as error:
            raise PluginError(str(error)) from None
        sheets, pages = self._caches["sheets"], self._caches["pages"]
        if sheets == pages or sheets in pages.parents or pages in sheets.parents:
            # Each prunes its own earlier versions by name: sharing a folder, each deletes the other's.
            raise PluginError(f"{_setting_line(config, 'pages_cache')}: error: sheets_cache and pages_cache name "
                              f"the same folder ({sheets}), or one inside the other\n    hint: give each "
                              "its own folder, or leave both unset")
        # With the checks of the sheets this build prints (their font).
        result = load_collection(root, checks=(glyphs.check,))
        # MkDocs copies docs/ and the theme folder into the site as they are: check them before it
        # reads anything (a link to /proc/self/environ would publish the builder's secrets, and
        # two links to each other hang its folder walk).
        folders = (config.docs_dir, config.theme.custom_dir,
                   *((THEME_DIR,) if lies_inside(str(THEME_DIR), project) else ()))
        unsafe = [unsafe_diagnostic(p) for p in copied_folder_problems(folders, project, [root])]
        # Python-Markdown renders docs/ pages without bounds: refuse what would crash it or take minutes.
        unsafe = unsafe or docs_problems(config.docs_dir)
        self.errors = ""
        if not result.ok or has_errors(result.diagnostics) or unsafe:
            report = format_all(result.diagnostics + unsafe)
            what = ("the briefings have errors" if not result.ok or has_errors(result.diagnostics)
                    else "some files in docs/ or overrides/ cannot be published")
            if self.collection is None or not self._shown_in_preview(what, report):
                raise PluginError(f"{what}; nothing was built\n" + report)
            return self._configure(config)
        # Content warnings (such as an undated briefing) are the editor's to act on with
        # `sevenminute validate`; they must not fail a --strict build, so they are logged as info.
        for diagnostic in result.diagnostics:
            log.info(diagnostic.plain())
        self.collection = result.collection
        return self._configure(config)

    def _shown_in_preview(self, what: str, report: str) -> bool:
        """While previewing, a failed rebuild would leave the browser waiting and the errors only in
        the terminal: keep serving the last good briefings and sheets, and show the errors on
        every page until they are fixed. False outside `mkdocs serve`, which must stop instead."""
        if self._command != "serve":
            return False
        self.errors = (self.errors + "\n" if self.errors else "") + report
        sys.stderr.write(f"ERROR: {what}; the preview shows them on every page and keeps the "
                         f"last good version\n{report}\n")
        sys.stderr.flush()
        return True

    def _configure(self, config: MkDocsConfig) -> MkDocsConfig:
        assert self.collection is not None
        if self._command != "serve":  # serve builds into a folder of its own
            project = _project(config)
            sources = tuple(Path(f) for f in (project / self.config.briefings, config.docs_dir,
                                              config.theme.custom_dir) if f)
            problem = output_problem(Path(config.site_dir), project, sources)
            if problem:
                raise PluginError(f"{problem}; nothing was built")
        self._stage(config)
        brand = self.collection.site.brand  # the site's name, logo and colour, from site.yml
        self.site_name = config.site_name  # as text, for the pages and feeds the layers below make
        if brand is not None:
            # MkDocs and Material print config.site_name as HTML (title, header): escaped once here.
            self.site_name, config.site_name = brand.name, html.escape(brand.name)
            if brand.logo:
                config.theme["logo"] = brand.logo
            if BRAND_CSS not in config.extra_css:
                config.extra_css.append(BRAND_CSS)
        emergency = self.collection.site.emergency  # for the 404 page, written once in site.yml
        config.extra["emergency"] = {"label": emergency.label, "number": emergency.number,
                                     "href": views.tel_href(emergency.number)}
        # Reproducible dates: MkDocs stamps the sitemap and its .gz with SOURCE_DATE_EPOCH, or
        # today when unset. Take the newest last-reviewed date instead of the clock.
        newest = feeds.newest_update(self.collection)
        if "SOURCE_DATE_EPOCH" not in os.environ and newest:
            stamp = datetime(newest.year, newest.month, newest.day, tzinfo=timezone.utc)
            os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
            self._set_epoch = True
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        # Sheets are rendered here, before MkDocs empties site/: a briefing too long for its
        # sheet stops the build while the previous site is still whole.
        if not self.config.sheets:
            return
        from sevenminute.printing.sheets import build_sheets  # WeasyPrint is imported only when sheets are wanted

        assert self.collection is not None
        cache = self._caches["sheets"]
        # Without a real address (said once, in on_config, on stderr: a local build without SITE_URL
        # is normal and must not fail --strict) the sheets print none.
        site_url = self._address
        from sevenminute.printing.companions import build_companions

        try:
            built = build_sheets(self.collection, cache, site_url=site_url,
                                 progress=self.config.progress)
            extras = build_companions(self.collection, cache, site_url=site_url,
                                      progress=self.config.progress, clear_print=self.config.clear_print)
        except ContentError as error:
            report = format_all(error.diagnostics)
            what = ("the theme asks a printed document for a file it may not use"
                    if any(d.code == "refused-fetch" for d in error.diagnostics)
                    else "some sheets do not fit on one page")
            if self._shown_in_preview(what, report):
                return  # self.sheets still holds the last good sheets, which the cache keeps
            raise PluginError(f"{what}; nothing was built\n" + report) from None
        self.sheets = dict(built.sheets)
        log.info(f"sheets: {built.rendered} rendered, {len(built.sheets) - built.rendered} from the cache")
        self.companions = extras.files
        log.info(f"clear-print copies and blank records: {extras.rendered} rendered")

    def on_post_build(self, config: MkDocsConfig) -> None:
        self._index_for_search(config)
        self._complete = True
        if self._set_epoch:  # leave the environment as we found it for the next build
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self._set_epoch = False

    def _index_for_search(self, config: MkDocsConfig) -> None:
        # The site is whole in config.site_dir (the staging folder of an atomic build, or the
        # preview's folder under `serve`): index it before it is swapped in.
        assert self.collection is not None
        start = time.perf_counter()
        texts = {}
        if self.config.sheets and self.sheets:
            from sevenminute.printing.sheet_text import sheet_texts

            texts = sheet_texts(self.collection, self.sheets, printable_url(config.site_url))
        try:
            count = build_search_index(Path(config.site_dir), sheet_extras(texts), language=_language(config))
        except SearchIndexError as error:
            raise PluginError(f"{error}; nothing was built") from None
        log.info(f"search: {count} pages indexed in {time.perf_counter() - start:.1f} s")

    # --- atomic output ---------------------------------------------------------------------
    # `mkdocs build` writes into a fresh folder beside site/ and swaps it in only when the whole
    # build succeeded (strict warnings included), so a failed or killed build never leaves a
    # half-written site where a deploy would publish it.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also makes `mkdocs serve` keep this object between rebuilds, which
        # is what lets a preview fall back on the last good briefings (see on_config).
        self._command = command
        self._atomic = command in ("build", "gh-deploy") and not dirty

    # The staging folder, the lock and the swap are files/publish.py's; this only says when.
    def _stage(self, config: MkDocsConfig) -> None:
        if not getattr(self, "_atomic", False):
            return
        publisher = SitePublisher(Path(config.site_dir), project=_project(config))
        try:
            config.site_dir = str(publisher.begin())
        except OutputError as error:
            raise PluginError(f"{error}; nothing was built") from None
        self._publisher: SitePublisher | None = publisher
        self._complete = False

    def on_shutdown(self) -> None:
        publisher = getattr(self, "_publisher", None)
        if publisher is None:
            return
        self._publisher = None
        if not getattr(self, "_complete", False):
            publisher.abort()
            return
        try:
            publisher.commit()
        except OutputError as error:
            log.error(f"{error}; the previous site was left as it was")
            raise Abort("Aborted: the site could not be put in place") from None

    def on_build_error(self, error: Exception) -> None:
        self._complete = False
        if self._set_epoch:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self._set_epoch = False
        publisher = getattr(self, "_publisher", None)
        if publisher is not None:
            self._publisher = None
            publisher.abort()
        if isinstance(error, OSError):
            # Disk full, read-only or no permission while MkDocs copies or writes: a sentence
            # naming the folder, not a traceback. A full or read-only disk is the output's (the
            # file named in the error may be the source of a copy).
            cache = next((c for c in getattr(self, "_caches", {}).values()
                          if lies_inside(error.filename, c) or lies_inside(error.filename2, c)), None)
            if cache is not None:  # a full or read-only cache disk is the cache's, not the site's
                message = cache_trouble(error, cache)
            elif publisher is not None and error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
                message = describe(error, publisher.final.parent)
            elif error.filename:
                message = f"cannot use {error.filename}: {error.strerror or error}"
            else:
                message = str(error)
            log.error(f"{message}; nothing was built, the previous site was left as it was")
            raise Abort("Aborted: the site could not be written") from None

    # --- files ---------------------------------------------------------------------------
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.collection is not None
        collection = self.collection
        theme_dir = config.theme.custom_dir or THEME_DIR
        for file in list(files):
            if file.src_uri.startswith(CORE_TEMPLATE_DIRS) and (
                    lies_inside(file.abs_src_path, THEME_DIR) or lies_inside(file.abs_src_path, Path(theme_dir))):
                files.remove(file)

        # The toolkit's own pages (the team-meeting guide, the field reference), for a site whose
        # docs/ has no page of the same name: a site's page of that name wins.
        for name in TOOLKIT_PAGES:
            if name not in files.src_uris:
                files.append(File.generated(config, name, abs_src_path=str(THEME_DIR / "pages" / name)))
        if "fields.md" not in files.src_uris:
            files.append(File.generated(config, "fields.md", content=SITE_REFERENCE_PAGE))

        # Which pages and files the site has is web/site_pages.py's; this hands them to MkDocs.
        self.catalogue = Catalogue(collection)
        generated = site_pages(collection, self.catalogue, site_name=self.site_name,
                               site_url=config.site_url, description=config.site_description or "",
                               pages_cache=self._caches["pages"],
                               sheets=self.sheets if self.config.sheets else {},
                               companions=self.companions if self.config.sheets else {})
        _refuse_clashes(files, generated, Path(config.docs_dir))
        for item in generated:
            if isinstance(item, GeneratedFile):
                if item.source is not None:
                    files.append(File.generated(config, item.path, abs_src_path=str(item.source)))
                else:
                    files.append(File.generated(config, item.path, content=item.content))
                continue
            src = _src_uri(item.path)
            if src in files.src_uris:
                raise PluginError(f"docs/{src} clashes with a generated page; rename or remove it")
            files.append(File.generated(config, src, content=front_matter(
                item.title, item.description, item.searchable, script=item.script, hide=item.hide)))
            self.bodies[src] = lambda page, body=item.body: body(root_of(page.url))
        # The web editor's form, fresh from the model and the data being built (as the field
        # reference is): an editor who renames a resource gets it in the form after the merge.
        site_config = cms.CONFIG_PATH.relative_to("overrides").as_posix()
        for file in list(files):
            if file.src_uri == site_config:
                files.remove(file)
        files.append(File.generated(config, site_config, content=cms.render(cms.config(collection))))
        return files

    # --- pages ---------------------------------------------------------------------------
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.collection is not None
        if REFERENCE_START in markdown:  # the field reference page, fresh from the model
            markdown = with_reference(markdown)
        if "script" in page.meta and page.file.src_uri not in self.bodies:
            # A hand-written page's own script: the theme prints it into <script src>.
            problem = script_problem(page.meta["script"], [Path(d) for d in config.theme.dirs])
            if problem:
                raise PluginError("a page names a script that cannot be loaded; nothing was built\n"
                                  + format_all([script_diagnostic(Path(page.file.abs_src_path), problem)]))
        slug = _briefing_slug(page.file.src_uri)
        if slug in self.collection.briefings:
            # The sitemap's lastmod for a briefing is when its content was last checked.
            page.update_date = self.collection.briefings[slug].last_reviewed.isoformat()
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        body = self.bodies.get(page.file.src_uri)
        if body is not None:
            html = body(page)  # the core's HTML, untouched by Markdown
            page.toc = get_toc(contents(html))
        elif page.is_homepage and self.catalogue is not None:
            html += home_sections(self.catalogue, root_of(page.url))
            page.toc = get_toc(contents(html))
        return html

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        output = without_checkbox_autocomplete(output)
        if self.errors:
            output = with_build_errors(output, self.errors)
        return output

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        return without_checkbox_autocomplete(output) if template_name.endswith(".html") else output


# What the build generates besides the pages and files of site_pages: the search index (lunr's
# search/, Pagefind's pagefind/), the sitemap and the 404 page. A docs/ file there would replace it.
GENERATED_FOLDERS = ("search/", "pagefind/")
GENERATED_FILES = ("sitemap.xml", "sitemap.xml.gz", "404.html")


def _refuse_clashes(files: Files, generated: list, docs_dir: Path) -> None:
    """Stop the build when a file of docs/ would replace something the build generates (a page,
    a feed, a sheet, the search index), naming each such file."""
    outputs = {item.path if isinstance(item, GeneratedFile) else f"{item.path}index.html" for item in generated}
    clashes = [f for f in files if f.abs_src_path and lies_inside(f.abs_src_path, docs_dir) and (
        f.dest_uri in outputs or f.dest_uri in GENERATED_FILES or f.dest_uri.startswith(GENERATED_FOLDERS))]
    if clashes:
        raise PluginError("some files in docs/ would replace files the build generates; nothing was built\n"
                          + "\n".join(f"{os.path.relpath(f.abs_src_path)}:1:1: error: this would replace the "
                                       f"generated {f.dest_uri}\n    hint: rename or move it" for f in clashes))


# The toolkit's stylesheets, in the order pages load them (the font faces first: the sheets share them).
TOOLKIT_CSS = ("assets/stylesheets/fonts.css", "assets/stylesheets/site.css",
               "assets/stylesheets/team-meeting.css", "assets/stylesheets/search.css")
MATERIAL_FAVICON = "assets/images/favicon.png"
TOOLKIT_PAGES = ("team-meeting.md",)  # in the theme's pages/


def _add_toolkit_theme(config: MkDocsConfig) -> None:
    """Put the installed toolkit's theme between the site's own custom_dir and Material, as
    Material's own theme sits under a custom_dir: a site's overrides/ wins file by file, then the
    toolkit's templates, then Material's. A site's mkdocs.yml needs no list of the toolkit's files."""
    toolkit = str(THEME_DIR)
    if toolkit not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, toolkit)
    for index, css in enumerate(TOOLKIT_CSS):
        if css not in config.extra_css:
            config.extra_css.insert(index, css)
    if config.theme.get("favicon") == MATERIAL_FAVICON:
        config.theme["favicon"] = "assets/images/favicon.svg"


def _briefing_slug(src_uri: str) -> str | None:
    parts = src_uri.split("/")
    if len(parts) == 3 and parts[0] == "briefings" and parts[2] == "index.md":
        return parts[1]
    return None


def _language(config: MkDocsConfig) -> str:
    """The site's language for search's word stems: "en" from the theme's "en-GB"."""
    return str(config.theme.get("language") or "en").split("-")[0].lower()


def _setting_line(config: MkDocsConfig, key: str) -> str:
    """file:line:column of a setting in mkdocs.yml (its first line), for an error about its value."""
    path = Path(config.config_file_path or "mkdocs.yml")
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    found = [(n, len(text) - len(text.lstrip()) + 1) for n, text in enumerate(lines, 1)
             if text.lstrip().startswith(f"{key}:")]
    line, column = found[0] if found else (1, 1)
    return f"{os.path.relpath(path)}:{line}:{column}"


def _project(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path or ".").parent.resolve()

