"""Reading untrusted files in child processes with a time and memory ceiling.

A reader that crashes (a C library on a crafted PDF), runs away with memory (a decompression bomb) or never
ends cannot take the run, or the web server, with it: files are read in child processes, one file at a time
per child; the parent waits with a deadline and gets back the result, or a reason naming what happened to that
file. A child that fails in any way is replaced by a fresh one, and every child is replaced after
``FILES_PER_CHILD`` files, so nothing one file did is charged to another. Children die with their parent
(``PR_SET_PDEATHSIG``), so a killed run leaves no reader behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import gc
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

A = TypeVar("A")
R = TypeVar("R")


@dataclass(frozen=True)
class Limits:
    seconds: float = 120.0
    memory_mb: int = 2048  # address space the reader may add to what the process already has

    @classmethod
    def of(cls, settings: Any) -> Limits:
        """From the settings' ``reader_seconds`` and ``reader_memory_mb``."""
        return cls(seconds=settings.reader_seconds, memory_mb=settings.reader_memory_mb)


@dataclass(frozen=True)
class Failure:
    """Why a child gave no result (timed out, killed by a signal, out of memory, or an exception: then
    ``exception`` names its type and ``reason`` is its message)."""

    reason: str
    exception: str | None = None

    def __str__(self) -> str:
        return f"{self.exception}: {self.reason}" if self.exception else self.reason


@dataclass
class _Worker(Generic[A]):
    """A child that reads one file at a time: ``arg`` is the file it is reading (None when idle)."""

    process: Any
    conn: Connection
    arg: A | None = None
    busy: bool = False
    deadline: float = 0.0
    done: int = 0


# A child reads at most this many files before a fresh one takes over, so memory one file leaves behind
# (fragmentation, caches) is never charged to a later file for long.
FILES_PER_CHILD = 24


def _die_with_parent() -> None:
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _vm_size() -> int:
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _child(conn: Connection, func: Callable[[Any], Any], memory_mb: int) -> None:
    """Read the files the parent sends, one at a time, answering each with ("ok", result) or ("failed",
    Failure); ("stop", None) ends the loop. A crash or a kill ends the process, and the parent names the file."""
    _die_with_parent()
    faulthandler.disable()  # a crash is reported by the parent, once, as the file's reason
    # no cyclic garbage collection in a reader: it makes few cycles, lives for a few files, and the
    # collector's passes over everything the child inherited cost more than the memory they would free
    gc.disable()
    if memory_mb:
        ceiling = _vm_size() + memory_mb * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    while True:
        try:
            command, arg = conn.recv()
        except (EOFError, OSError):
            break
        if command != "read":
            break
        failed = False
        try:
            result: tuple[str, Any] = ("ok", func(arg))
        except MemoryError:
            result, failed = ("failed", Failure(f"ran out of its {memory_mb} MB memory limit")), True
        except Exception as exc:
            result, failed = ("failed", Failure(str(exc), type(exc).__name__)), True
        try:
            conn.send(result)
        except Exception as exc:  # an unpicklable result
            failed = True
            conn.send(("failed", Failure(f"its result could not be returned ({type(exc).__name__}: {exc})")))
        if failed:
            break  # a reader that failed may have left the process in any state: the parent starts a fresh one
    conn.close()
    # leave at once: tearing down the interpreter (finalisers, freeing the heap the child inherited) would
    # cost more than a file's reading
    os._exit(0)


def _exit_reason(code: int | None, limits: Limits) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        hint = (
            f" (it may have run out of its {limits.memory_mb} MB memory limit)" if name != "SIGKILL" else ""
        )
        return f"the reading process was stopped by {name}{hint}"
    return f"the reading process ended without a result (exit code {code})"


def _context(method: str | None) -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context(method if method in methods else None)


def _start(ctx: Any, func: Callable[[Any], Any], limits: Limits) -> _Worker[Any]:
    parent, child = ctx.Pipe(duplex=True)
    proc = ctx.Process(target=_child, args=(child, func, limits.memory_mb), daemon=True)
    proc.start()
    child.close()
    return _Worker(proc, parent)


def _stop(w: _Worker[Any], kill: bool) -> None:
    if kill:
        w.process.kill()
    else:
        with contextlib.suppress(OSError, ValueError):
            w.conn.send(("stop", None))
    w.process.join(5)
    if w.process.is_alive():
        w.process.kill()
        w.process.join(5)
    w.conn.close()


def run_many(
    func: Callable[[A], R],
    args: Iterable[A],
    limits: Limits,
    workers: int = 1,
    *,
    method: str | None = "fork",
) -> Iterator[tuple[A, R | Failure]]:
    """``func(arg)`` for every arg in child processes, ``workers`` at a time, one arg per child at a time;
    yields (arg, result or Failure) as each ends. A child that fails, crashes, is killed or passes its time
    limit is replaced by a fresh one, so each failure is its own file's alone. ``func`` must be a
    module-level function (picklable for non-fork methods)."""
    ctx = _context(method)
    pending = list(args)
    frozen = len(pending) > 1 and ctx.get_start_method() == "fork"
    if frozen:  # what exists now is shared with the forked children, not copied by the collector's visits
        gc.freeze()
    pending.reverse()
    pool: list[_Worker[A]] = []
    try:
        while pending or any(w.busy for w in pool):
            while pending and (len(pool) < max(1, workers) or any(not w.busy for w in pool)):
                w = next((x for x in pool if not x.busy), None)
                if w is None:
                    w = _start(ctx, func, limits)
                    pool.append(w)
                w.arg, w.busy = pending.pop(), True
                w.deadline = time.monotonic() + limits.seconds
                with contextlib.suppress(OSError, ValueError):  # the child is gone: the next round names it
                    w.conn.send(("read", w.arg))
            busy = [w for w in pool if w.busy]
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout))
            for w in busy:
                outcome: R | Failure | None = None
                replace = False
                if w.conn in ready:
                    try:
                        status, outcome = w.conn.recv()
                        replace = status != "ok"
                    except (EOFError, OSError):
                        w.process.join(5)
                        outcome, replace = Failure(_exit_reason(w.process.exitcode, limits)), True
                elif w.process.sentinel in ready:
                    if w.conn.poll():
                        continue  # the result arrived with the exit: read it next round
                    w.process.join(5)
                    outcome, replace = Failure(_exit_reason(w.process.exitcode, limits)), True
                elif time.monotonic() >= w.deadline:
                    outcome, replace = (
                        Failure(f"took longer than its {limits.seconds:g} s limit and was stopped"),
                        True,
                    )
                    w.process.kill()
                if outcome is None:
                    continue
                arg, w.arg, w.busy = w.arg, None, False
                w.done += 1
                if replace or w.done >= FILES_PER_CHILD:
                    pool.remove(w)
                    _stop(w, kill=replace)
                yield arg, outcome  # type: ignore[misc]
    finally:
        for w in pool:  # finished, or the caller stopped early (or was interrupted): no child is left behind
            _stop(w, kill=w.busy)
        if frozen:
            gc.unfreeze()


def run_one(func: Callable[[A], R], arg: A, limits: Limits, *, method: str | None = "fork") -> R | Failure:
    [(_, result)] = list(run_many(func, [arg], limits, 1, method=method))
    return result
