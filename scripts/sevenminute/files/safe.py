"""Reading input and writing output files safely.

Input comes from a pull request, which can commit symbolic links (to /etc/passwd, to a folder
outside the checkout, to themselves) and name files anything. So the build reads only regular
files whose real path lies inside the folders it was given, never more than a bounded number of
bytes, and never opens a FIFO or a device (opening a FIFO would block; /dev/zero never ends).
Output is written atomically, into folders the build made itself."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Iterable

MAX_FILE_BYTES = 50_000_000  # a font or an image in docs/ is a few megabytes at most


class UnsafeFile(Exception):
    """A file the build refuses to read: `message` says why, `hint` what to do."""

    def __init__(self, path: Path, message: str, hint: str):
        super().__init__(f"{path}: {message}")
        self.path, self.message, self.hint = Path(path), message, hint


def _inside(path: Path, folders: tuple[Path, ...]) -> bool:
    return any(path == folder or folder in path.parents for folder in folders)


def real_folders(*folders: Path) -> tuple[Path, ...]:
    return tuple(Path(f).resolve() for f in folders)


def check_file(path: Path, within: tuple[Path, ...], limit: int = MAX_FILE_BYTES) -> os.stat_result:
    """The stat of `path` if the build may read it: its real path inside `within` (real paths),
    a regular file, at most `limit` bytes. Raises UnsafeFile otherwise."""
    path = Path(path)
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
    if not _inside(real, within):
        raise UnsafeFile(path, f"this symbolic link leads outside the project (to {real})",
                         "put the file itself in the repository instead of a link to it")
    info = os.stat(real)
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device, FIFO or socket)"
        raise UnsafeFile(path, f"this is {kind}{' through a link' if link else ''}",
                         "only ordinary files can be published; remove it")
    if info.st_size > limit:
        raise UnsafeFile(path, f"the file is too large ({info.st_size / 1e6:.1f} MB; the limit is "
                               f"{limit / 1e6:g} MB)", "check that this is the right file")
    return info


def read_bounded(path: Path, within: tuple[Path, ...], limit: int) -> bytes:
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


def tree_problems(folder: Path, within: tuple[Path, ...], limit: int = MAX_FILE_BYTES) -> list[UnsafeFile]:
    """Every entry under `folder` (not following links) that a build must not read or copy: links
    to folders (they can loop or lead anywhere), links leaving `within`, devices, FIFOs, sockets
    and oversized files."""
    problems: list[UnsafeFile] = []
    for parent, dirs, names in os.walk(folder, followlinks=False):
        for name in sorted(dirs):
            path = Path(parent) / name
            if path.is_symlink():
                problems.append(UnsafeFile(path, "this is a symbolic link to a folder",
                                           "put the folder itself here instead of a link to it"))
        for name in sorted(names):
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
    except ValueError:
        return False


def copied_folder_problems(folders: Iterable[str | Path | None], project: Path) -> list[UnsafeFile]:
    """Every entry of the folders a site generator copies into the site as they are (docs/, the
    theme's custom folder) that the build must not copy: links leaving the project (or the folder
    itself, when the folder is linked in), links to folders, devices, FIFOs and oversized files."""
    problems = []
    for folder in folders:
        if not folder or not os.path.lexists(folder):
            continue
        folder = Path(os.path.abspath(folder))
        # A folder the configuration names outside the project is the maintainer's choice; a
        # docs/ or overrides/ inside it that is a link must not lead out of it.
        chosen_outside = project not in folder.parents
        within = real_folders(project, folder) if chosen_outside else (project,)
        if not chosen_outside and not lies_inside(str(folder), project):
            problems.append(UnsafeFile(
                folder, f"this folder is a symbolic link leading outside the project (to {folder.resolve()})",
                "put the folder itself in the repository instead of a link to it"))
            continue
        problems += tree_problems(folder, within)
    return problems


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
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
