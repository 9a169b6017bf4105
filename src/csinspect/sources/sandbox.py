"""Reading untrusted files in a child process with a time and memory ceiling.

A reader that crashes (a C library on a crafted PDF), runs away with memory (a decompression bomb) or never
ends cannot take the run, or the web server, with it: each file is read in its own child process; the parent
waits on it with a deadline and gets back the result, or a reason naming what happened. Children die with
their parent (``PR_SET_PDEATHSIG``), so a killed run leaves no reader behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
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
class _Running(Generic[A]):
    arg: A
    process: Any
    conn: Connection
    deadline: float


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


def _child(conn: Connection, func: Callable[[Any], Any], arg: Any, memory_mb: int) -> None:
    _die_with_parent()
    faulthandler.disable()  # a crash is reported by the parent, once, as the file's reason
    if memory_mb:
        ceiling = _vm_size() + memory_mb * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    try:
        result: tuple[str, Any] = ("ok", func(arg))  # ("failed", Failure) otherwise
    except MemoryError:
        result = ("failed", Failure(f"ran out of its {memory_mb} MB memory limit"))
    except Exception as exc:
        result = ("failed", Failure(str(exc), type(exc).__name__))
    try:
        conn.send(result)
    except Exception as exc:  # an unpicklable result
        conn.send(("failed", Failure(f"its result could not be returned ({type(exc).__name__}: {exc})")))
    finally:
        conn.close()
    # leave at once: the result is sent, and tearing down the interpreter (finalisers, freeing the heap the
    # child inherited) would cost more than the file's reading; the parent waits on the exit
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


def run_many(
    func: Callable[[A], R],
    args: Iterable[A],
    limits: Limits,
    workers: int = 1,
    *,
    method: str | None = "fork",
) -> Iterator[tuple[A, R | Failure]]:
    """``func(arg)`` for every arg, each in its own child process, ``workers`` at a time; yields (arg, result
    or Failure) as each ends. ``func`` must be a module-level function (picklable for non-fork methods)."""
    ctx = _context(method)
    pending = list(args)
    pending.reverse()
    running: list[_Running[A]] = []
    try:
        while pending or running:
            while pending and len(running) < max(1, workers):
                arg = pending.pop()
                parent, child = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_child, args=(child, func, arg, limits.memory_mb), daemon=True)
                proc.start()
                child.close()
                running.append(_Running(arg, proc, parent, time.monotonic() + limits.seconds))
            now = time.monotonic()
            timeout = max(0.0, min(r.deadline for r in running) - now)
            ready = set(wait([r.conn for r in running] + [r.process.sentinel for r in running], timeout))
            for r in list(running):
                outcome: R | Failure | None = None
                if r.conn in ready:
                    try:
                        _, outcome = r.conn.recv()
                    except (EOFError, OSError):
                        r.process.join(5)
                        outcome = Failure(_exit_reason(r.process.exitcode, limits))
                elif r.process.sentinel in ready:
                    if r.conn.poll():
                        continue  # the result arrived with the exit: read it next round
                    r.process.join(5)
                    outcome = Failure(_exit_reason(r.process.exitcode, limits))
                elif time.monotonic() >= r.deadline:
                    r.process.kill()
                    outcome = Failure(f"took longer than its {limits.seconds:g} s limit and was stopped")
                if outcome is None:
                    continue
                r.process.join(5)
                r.conn.close()
                running.remove(r)
                yield r.arg, outcome
    finally:
        for r in running:  # the caller stopped early (or was interrupted): no child is left behind
            r.process.kill()
            r.process.join(5)
            r.conn.close()


def run_one(func: Callable[[A], R], arg: A, limits: Limits, *, method: str | None = "fork") -> R | Failure:
    [(_, result)] = list(run_many(func, [arg], limits, 1, method=method))
    return result
