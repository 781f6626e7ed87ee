"""Reading input and writing output files safely.

Input comes from a pull request, which can commit symbolic links (to /etc/passwd, to a folder
outside the checkout, to themselves) and name files anything. So the build reads only regular
files whose real path lies inside the folders it was given, never more than a bounded number of
bytes, and never opens a FIFO or a device (opening a FIFO would block; /dev/zero never ends).
Inside the project it reads only the repository's own files (see Scope): never anything under
.git/, and in a git repository only what git tracks or, in the content folders, what it would
add. Output is written atomically, into folders the build made itself."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Union

from sevenminute.files.repository import owned_files

MAX_FILE_BYTES = 50_000_000  # a font or an image in docs/ is a few megabytes at most


class UnsafeFile(Exception):
    """A file the build refuses to read: `message` says why, `hint` what to do."""

    def __init__(self, path: Path, message: str, hint: str, line: int = 1, column: int = 1):
        super().__init__(f"{path}: {message}")
        self.path, self.message, self.hint = Path(path), message, hint
        self.line, self.column = line, column


def _inside(path: Path, folders: tuple[Path, ...]) -> bool:
    return any(path == folder or folder in path.parents for folder in folders)


def real_folders(*folders: Path) -> tuple[Path, ...]:
    return tuple(Path(f).resolve() for f in folders)


# The folders of a project that hold its content, when nothing names others.
CONTENT_FOLDERS = ("briefings", "docs", "overrides")


@dataclass(frozen=True)
class Scope:
    """Where a build may read. A file's real path must lie in one of `folders` (real paths), never
    under a .git folder, and, when `owned` is known (the project is a git repository), be one of
    the repository's files if it lies inside `project`."""

    folders: tuple[Path, ...]
    project: Path | None = None
    owned: frozenset[Path] | None = None

    def refusal(self, path: Path, real: Path, link: bool) -> UnsafeFile | None:
        if not _inside(real, self.folders):
            if self.project is not None and _inside(real, (self.project,)):
                # Only outside a git repository: the content folders are all a build can trust.
                names = ", ".join(f"{f.name}/" for f in self.folders)
                return UnsafeFile(path, f"this leads to {real.relative_to(self.project)}, outside the content "
                                        f"folders ({names}); the project is not a git repository, so a "
                                        "build reads nothing else", "put the file itself in one of those "
                                        "folders, or make the project a git repository (`git init`, `git add`)")
            return UnsafeFile(path, f"this symbolic link leads outside the project (to {real})",
                              "put the file itself in the repository instead of a link to it")
        base = next(f for f in self.folders if real == f or f in real.parents)
        if ".git" in real.relative_to(base).parts or (self.project and ".git" in _below(real, self.project)):
            return UnsafeFile(path, "this leads into .git/, the repository's own settings (which can "
                                    "hold a token), never published", "remove the link")
        if self.owned is None or self.project is None or not _inside(real, (self.project,)) or real in self.owned:
            return None
        if link:
            return UnsafeFile(path, f"this symbolic link leads to {real.relative_to(self.project)}, which is "
                                    "not one of the repository's files (git does not track it)",
                              "put the file itself here and add it with `git add`, or remove the link")
        return UnsafeFile(path, "this file is not one of the repository's files (git ignores it, or "
                                "it is untracked outside the content folders), so a build does not read it",
                          "add it with `git add` (and take it out of .gitignore), or remove it")


def _below(real: Path, folder: Path) -> tuple[str, ...]:
    try:
        return real.relative_to(folder).parts
    except ValueError:
        return ()


def read_scope(project: Path, content: Iterable[Path] | None = None,
               extra: Iterable[Path] = ()) -> Scope:
    """What a build of the project in `project` may read. In a git repository: the repository's
    files (see files/repository.py) anywhere in the project. Outside one (a site before `git
    init`, an unpacked archive) nothing can tell its files from anything else lying in the folder,
    so only the `content` folders count (briefings/, docs/, overrides/ by default). `extra`:
    folders outside the project that the configuration chose, read as they are."""
    project = Path(project).resolve()
    content = [Path(f) for f in (content if content is not None else
                                 (project / name for name in CONTENT_FOLDERS))]
    owned = owned_files(project, content)
    if owned is not None:
        return Scope((project, *real_folders(*extra)), project, owned)
    # A content folder that is itself a link out of the project counts for nothing.
    inside = tuple(f for f in real_folders(*content) if f == project or project in f.parents)
    return Scope((*inside, *real_folders(*extra)), project, None)


Within = Union[Scope, tuple[Path, ...]]


def check_file(path: Path, within: Within, limit: int = MAX_FILE_BYTES) -> os.stat_result:
    """The stat of `path` if the build may read it: its real path inside `within` (a Scope, or
    real folders), a regular file, at most `limit` bytes. Raises UnsafeFile otherwise."""
    path = Path(path)
    scope = within if isinstance(within, Scope) else Scope(tuple(within))
    try:
        link = path.is_symlink()
        real = path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a symlink loop this way
        raise UnsafeFile(path, "this symbolic link points to itself (a loop)", "remove the link") from None
    except OSError as error:
        if error.errno == 40:  # ELOOP
            raise UnsafeFile(path, "this symbolic link points to itself (a loop)", "remove the link") from None
        raise UnsafeFile(path, "this symbolic link points to a file that does not exist",
                         "remove the link, or put the file itself here") from None
    refused = scope.refusal(path, real, link)
    if refused is not None:
        raise refused
    info = os.stat(real)
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device, FIFO or socket)"
        raise UnsafeFile(path, f"this is {kind}{' through a link' if link else ''}",
                         "only ordinary files can be published; remove it")
    if info.st_size > limit:
        raise UnsafeFile(path, f"the file is too large ({info.st_size / 1e6:.1f} MB; the limit is "
                               f"{limit / 1e6:g} MB)", "check that this is the right file")
    return info


def read_bounded(path: Path, within: Within, limit: int) -> bytes:
    """The bytes of a file that check_file accepts, reading at most `limit` of them even if the
    file grows (or is swapped) between the check and the read."""
    check_file(path, within, limit)
    # O_NONBLOCK: a FIFO swapped in after the check does not block the open.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnsafeFile(path, "this is not a regular file", "only ordinary files can be read; remove it")
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise UnsafeFile(path, f"the file is too large (the limit is {limit / 1e6:g} MB)",
                         "check that this is the right file")
    return data


MAX_DEPTH = 32  # folders below a content folder; os.walk and MkDocs recurse once a level


def walk(folder: Path) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk(folder) (top down, sorted, `dirs` prunable, links to folders listed in `dirs` but
    never entered) without recursion, so a folder 1,100 levels deep cannot overflow the stack.
    Raises UnsafeFile at the first folder nested more than MAX_DEPTH deep."""
    stack = [(os.fspath(folder), 0)]
    while stack:
        top, depth = stack.pop()
        dirs, names = [], []
        try:
            with os.scandir(top) as entries:
                for entry in entries:
                    try:
                        is_dir = entry.is_dir()
                    except OSError:  # a link loop: listed as a file, for check_file to name
                        is_dir = False
                    (dirs if is_dir else names).append(entry.name)
        except OSError:
            continue
        dirs.sort()
        names.sort()
        yield top, dirs, names
        below = [d for d in dirs if not os.path.islink(os.path.join(top, d))]
        if below and depth >= MAX_DEPTH:
            raise UnsafeFile(Path(top) / below[0], f"folders are nested more than {MAX_DEPTH} deep here",
                             "move the files up: no site needs folders this deep")
        stack.extend((os.path.join(top, d), depth + 1) for d in reversed(below))


def tree_problems(folder: Path, within: Within, limit: int = MAX_FILE_BYTES) -> list[UnsafeFile]:
    """Every entry under `folder` (not following links) that a build must not read or copy: links
    to folders (they can loop or lead anywhere), links leaving `within`, devices, FIFOs, sockets,
    oversized files and folders nested too deep."""
    problems: list[UnsafeFile] = []
    try:
        for parent, dirs, names in walk(folder):
            problems += _entry_problems(parent, dirs, names, within, limit)
    except UnsafeFile as deep:
        problems.append(deep)
    return problems


def _entry_problems(parent: str, dirs: list[str], names: list[str], within: Within,
                    limit: int) -> list[UnsafeFile]:
    problems: list[UnsafeFile] = []
    for name in dirs:
        path = Path(parent) / name
        if path.is_symlink():
            problems.append(UnsafeFile(path, "this is a symbolic link to a folder",
                                       "put the folder itself here instead of a link to it"))
    for name in names:
        try:
            check_file(Path(parent) / name, within, limit)
        except UnsafeFile as problem:
            problems.append(problem)
    return problems


def lies_inside(path: str | Path | None, folder: Path) -> bool:
    """Whether `path`, with its links followed, is `folder` or lies inside it."""
    if not path:
        return False
    try:
        Path(path).resolve().relative_to(folder.resolve())
        return True
    except (ValueError, RuntimeError, OSError):  # outside, or a link loop
        return False


def copied_folder_problems(folders: Iterable[str | Path | None], project: Path,
                           content: Iterable[str | Path] = ()) -> list[UnsafeFile]:
    """Every entry of the folders a site generator copies into the site as they are (docs/, the
    theme's custom folder) that the build must not copy: links leaving the project (or the folder
    itself, when the folder is linked in), files that are not the repository's own (see Scope),
    links to folders, devices, FIFOs and oversized files. `content`: the project's other content
    folders (briefings/), which links may lead into."""
    problems = []
    chosen = [Path(os.path.abspath(f)) for f in folders if f and os.path.lexists(f)]
    # A folder the configuration names outside the project is the maintainer's choice; a
    # docs/ or overrides/ inside it that is a link must not lead out of it.
    outside = [f for f in chosen if project not in f.parents]
    scope = read_scope(project, [*chosen, *(Path(f) for f in content)], extra=outside)
    for folder in chosen:
        if folder not in outside and not lies_inside(str(folder), project):
            problems.append(UnsafeFile(
                folder, f"this folder is a symbolic link leading outside the project (to {folder.resolve()})",
                "put the folder itself in the repository instead of a link to it"))
            continue
        found = tree_problems(folder, scope)
        problems += found
        refused = {p.path for p in found}
        problems += [p for p in (text_problem(path, scope) for path in _text_files(folder))
                     if p is not None and p.path not in refused]
    return problems


# Files a site generator reads as text (MkDocs a page, Jinja a template): UTF-8 or a traceback.
TEXT_SUFFIXES = (".md", ".html")


def _text_files(folder: Path) -> list[Path]:
    try:
        return [Path(parent) / name for parent, _, names in walk(folder) for name in names
                if Path(name).suffix.lower() in TEXT_SUFFIXES]
    except UnsafeFile:
        return []  # tree_problems has said so


def text_problem(path: Path, within: Within) -> UnsafeFile | None:
    """An error at the first byte of `path` that is not UTF-8, or None."""
    try:
        data = read_bounded(path, within, MAX_FILE_BYTES)
    except (UnsafeFile, OSError):
        return None  # reported as a file problem, or gone
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[data.rfind(b"\n", 0, error.start) + 1:error.start].decode("utf-8", "replace")) + 1
        return UnsafeFile(path, f"this file is not UTF-8 text (byte 0x{data[error.start]:02x} here cannot be read)",
                          "save it as UTF-8 (in most editors: Save with encoding, UTF-8)", line, column)


def remove_path(path: Path) -> None:
    """Remove a file, link or folder without following any link: a planted link to a folder
    outside is removed, never emptied. Leftovers that cannot be removed are left alone."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(info.st_mode):
        shutil.rmtree(path, ignore_errors=True)  # rmtree never follows links below it
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


@contextlib.contextmanager
def locked_folder(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` itself (no lock file left in the project) while a
    command reads, changes and rewrites a file in it: six `partnership new` at once each see the
    others' entries instead of overwriting them."""
    import fcntl

    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def fresh_folder(parent: Path, prefix: str) -> Path:
    """A new, empty folder in `parent` that nobody else made (a unique name, created here), so a
    planted file, link or folder can never be taken for it."""
    return Path(tempfile.mkdtemp(dir=parent, prefix=prefix))


def write_atomic(path: Path, content: bytes, *, exclusive: bool = False) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it into place.
    With `exclusive`, link it into place instead: that fails (FileExistsError) if the name is
    taken, so an existing file is never overwritten."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        if exclusive:
            os.link(tmp, path)
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except BaseException as error:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(error, OSError) and error.filename is None:
            error.filename = str(path)  # a full disk fails in write(), which names no file
        raise
