"""Publishing a built site into its output folder (site/): one build at a time, all or nothing.

A build writes into a staging folder it makes itself beside the output folder (a fresh, uniquely
named folder, so a file, link or folder planted under a predictable name is never written
through), then swaps it in when the whole build succeeded. The previous site moves to a fresh
backup folder and is removed; a leftover there that cannot be removed stays harmlessly, since the
next build picks new names. A lock (fcntl.flock, held outside the repository) lets one build at a
time publish into a given folder: a second one waits, saying so.

The output folder itself may be a mount point (a container volume): it cannot be renamed, so its
contents are replaced in place. A symbolic link is refused: the build never writes through a link
it did not make (a committed `site` link could point at any folder of the builder's)."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import shutil
import sys
from pathlib import Path

from sevenminute.files.cache import cache_root
from sevenminute.files.safe import fresh_folder, remove_path


class OutputError(Exception):
    """The output folder cannot be written; the message says which folder, why and what to do."""


def describe(error: OSError, folder: Path) -> str:
    """An OSError as a sentence a person can act on, naming the folder."""
    where = str(folder)
    if error.errno == errno.ENOSPC or error.errno == errno.EDQUOT:
        return f"the disk holding {where} is full: free some space and build again"
    if error.errno == errno.EROFS:
        return f"{where} is on a read-only file system: build into a writable folder (mkdocs build -d FOLDER)"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"no permission to write in {where}: fix its permissions or build into another folder (mkdocs build -d FOLDER)"
    return f"cannot write in {where}: {error.strerror or error}"


def output_problem(final: Path, project: Path, sources: tuple[Path, ...]) -> str | None:
    """Why the build must not write its site into `final`, or None. A build replaces its output
    folder whole: `-d briefings` (or `-d .git`, or `-d ..`) would replace the content with the
    site. So the output may not be the project, one of its `sources` folders (briefings/, docs/,
    overrides/) or .git, nor contain one, nor lie inside one."""
    real = Path(os.path.abspath(final)).resolve()
    project = Path(project).resolve()
    if real == project or real in project.parents:
        return (f"the output folder {final} is the project folder, or holds it: the build replaces its "
                "output folder whole. Build into site/ (the default) or another folder of its own")
    for folder in (*sources, project / ".git"):
        folder = Path(folder).resolve()
        if real == folder or real in folder.parents or folder in real.parents:
            what = "the repository's own git folder" if folder.name == ".git" else "which the build reads"
            return (f"the output folder {final} is, holds or lies inside {folder.name}/, {what}: it would "
                    "be replaced by the site. Build into site/ (the default) or another folder of its own")
    return None


class SitePublisher:
    """Staging, locking and swapping for one output folder (see the module's docstring)."""

    def __init__(self, final: Path, *, wait: bool = True, project: Path | None = None) -> None:
        self.final = Path(os.path.abspath(final))
        self.parent = self.final.parent
        self.wait = wait
        self.project = Path(project).resolve() if project else None
        self.staging: Path | None = None
        self._lock_fd: int | None = None

    # --- the lock -----------------------------------------------------------------------------
    def _lock(self) -> None:
        key = hashlib.sha256(str(self.final).encode()).hexdigest()[:24]
        folder = cache_root() / "locks"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(folder / f"{key}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        except OSError as error:
            raise OutputError(describe(error, folder)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not self.wait:
                os.close(fd)
                raise OutputError(f"another build is writing {self.final} now: wait for it to finish") from None
            sys.stderr.write(f"INFO    -  Another build is writing {self.final}; waiting for it to finish\n")
            sys.stderr.flush()
            fcntl.flock(fd, fcntl.LOCK_EX)
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing releases the flock
            self._lock_fd = None

    # --- the build ----------------------------------------------------------------------------
    def begin(self) -> Path:
        """Check the output folder, take the lock, clear what killed builds left, and return a
        fresh staging folder to build into."""
        if self.final.is_symlink():
            raise OutputError(
                f"{self.final} is a symbolic link (to {os.readlink(self.final)}); the build never writes "
                f"through a link. Remove the link, or build straight into the folder it points to with "
                f"`mkdocs build -d FOLDER`")
        real_parent = self.parent.resolve()
        if (self.project is not None and self.project in self.final.parents
                and not (real_parent == self.project or self.project in real_parent.parents)):
            raise OutputError(
                f"{self.parent} leads outside the project (to {real_parent}) through a symbolic link; "
                "the build never writes through a link. Remove the link, or build into a real folder "
                "with `mkdocs build -d FOLDER`")
        if self.final.exists() and not self.final.is_dir():
            raise OutputError(f"{self.final} is a file, not a folder: remove it or build elsewhere (-d FOLDER)")
        if not self.parent.is_dir():
            raise OutputError(f"the folder {self.parent} does not exist: create it or build elsewhere (-d FOLDER)")
        self._lock()
        try:
            # Under the lock no other build is using them: whatever has these prefixes is left over.
            for prefix in self._prefixes():
                for leftover in self.parent.glob(glob_escape(prefix) + "*"):
                    remove_path(leftover)
            self.staging = fresh_folder(self.parent, self._prefixes()[0])
            os.chmod(self.staging, 0o755)
        except OSError as error:
            self._unlock()
            raise OutputError(describe(error, self.parent)) from None
        except BaseException:
            self._unlock()
            raise
        return self.staging

    def _prefixes(self) -> tuple[str, str]:
        name = self.final.name
        return f".{name}.building-", f".{name}.old-"

    def commit(self) -> None:
        """Put the staged site in place of the output folder, then release the lock."""
        assert self.staging is not None
        try:
            if os.path.ismount(self.final):
                self._replace_contents()
            else:
                backup = fresh_folder(self.parent, self._prefixes()[1])
                moved = os.path.lexists(self.final)
                if moved:
                    os.replace(self.final, backup / "site")
                try:
                    os.replace(self.staging, self.final)
                except OSError:
                    if moved:  # put the previous site back where it was
                        os.replace(backup / "site", self.final)
                    raise
                remove_path(backup)
        except OSError as error:
            raise OutputError(describe(error, self.final)) from None
        finally:
            self.abort()

    def _replace_contents(self) -> None:
        """A mount point cannot be renamed: empty it and move the new site in (not atomic, but
        only after the whole build succeeded)."""
        assert self.staging is not None
        for entry in os.listdir(self.final):
            remove_path(self.final / entry)
            if os.path.lexists(self.final / entry):
                raise OutputError(f"cannot remove {self.final / entry} from the previous site: "
                                  "check its permissions")
        for entry in os.listdir(self.staging):
            shutil.move(str(self.staging / entry), str(self.final / entry))

    def abort(self) -> None:
        """Remove the staging folder (if any is left) and release the lock."""
        if self.staging is not None:
            remove_path(self.staging)
            self.staging = None
        self._unlock()


def glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)
