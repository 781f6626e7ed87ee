"""The plumbing of building printed documents in parallel: a pool of worker processes that each
receive the collection once and do not outlive the build, how many to start, and the progress
lines a person watching sees."""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from sevenminute.core.collection import Collection

# In a worker process: the collection and site address, received once when the worker starts.
WORKER: dict[str, object] = {}


def die_with_parent(parent: int) -> None:
    """A worker must not outlive the build that started it (a killed build would otherwise leave
    workers of ~90 MB each rendering for nobody). On Linux the kernel kills the worker when its
    parent dies; elsewhere a thread watches for the parent to go. `parent` is the build's pid as
    the build saw it: if it died while this worker was starting, the worker stops here."""
    if os.getppid() != parent:
        os._exit(1)
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent died before the call
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _warm_up(collection: Collection, site_url: str | None, parent: int) -> None:
    die_with_parent(parent)
    import weasyprint  # noqa: F401  (pay the import once per worker, before the first document)

    WORKER.update(collection=collection, site_url=site_url)


def pool(jobs: int, collection: Collection, site_url: str | None) -> ProcessPoolExecutor:
    """Worker processes for rendering, each holding the collection (in WORKER)."""
    context = multiprocessing.get_context("spawn")  # fresh workers that import WeasyPrint
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_warm_up,
                               initargs=(collection, site_url, os.getpid()))


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def progress_wanted(flag: bool | None) -> bool:
    """Progress lines are for people watching: on when asked (flag or SEVENMINUTE_PROGRESS=1),
    off when refused (flag False or SEVENMINUTE_PROGRESS=0); left to None, on only when stderr
    is a terminal, so CI logs stay quiet."""
    env = os.environ.get("SEVENMINUTE_PROGRESS", "").strip().lower()
    if env in ("1", "true", "yes", "on"):
        return True
    if env in ("0", "false", "no", "off"):
        return False
    if flag is not None:
        return flag
    return sys.stderr.isatty() and not os.environ.get("CI")


class Progress:
    """`sheets: 120/1000 rendered (2.4 a second, about 6 minutes left)` on stderr, at most once
    every few seconds (rewritten in place on a terminal), and a closing line."""

    EVERY = 2.0  # seconds between lines

    def __init__(self, total: int, enabled: bool, what: str = "sheets") -> None:
        self.total, self.enabled, self.done_count = total, enabled and total > 0, 0
        self.what = what
        self.start = self.last = time.monotonic()
        self.tty = sys.stderr.isatty()

    def step(self) -> None:
        self.done_count += 1
        now = time.monotonic()
        if self.enabled and now - self.last >= self.EVERY and self.done_count < self.total:
            self.last = now
            self._write(self.line(now), final=False)

    def done(self) -> None:
        if self.enabled:
            self._write(self.line(time.monotonic()), final=True)

    def line(self, now: float) -> str:
        elapsed = max(now - self.start, 1e-9)
        rate = self.done_count / elapsed
        text = f"{self.what}: {self.done_count}/{self.total} rendered ({rate:.1f} a second"
        left = self.total - self.done_count
        if left and rate > 0:
            seconds = left / rate
            text += f", about {seconds / 60:.0f} min left" if seconds >= 90 else f", about {seconds:.0f} s left"
        return text + ")" if left else text + f", in {elapsed:.1f} s)"

    def _write(self, text: str, final: bool) -> None:
        if self.tty:
            sys.stderr.write("\r\x1b[K" + text + ("\n" if final else ""))
        else:
            sys.stderr.write(text + "\n")
        sys.stderr.flush()

