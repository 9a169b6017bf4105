"""Untrusted files are read in child processes: a crash, a runaway allocation, an endless loop or an
exception in one becomes that file's reason, and every other file still gets its result."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from csinspect.sources.sandbox import Failure, Limits, run_many, run_one


def behave(kind: str) -> str:
    if kind == "crash":
        ctypes.string_at(0)  # a segmentation fault, as a C library might have on a crafted file
    if kind == "hog":
        blocks = []
        while True:
            blocks.append(bytearray(64 * 1024 * 1024))
    if kind == "loop":
        while True:
            time.sleep(0.01)
    if kind == "raise":
        raise ValueError("bad row 7")
    return f"read {kind} in {os.getpid()}"


def test_one_bad_file_never_takes_the_others_with_it() -> None:
    kinds = ["a", "crash", "b", "hog", "c", "loop", "raise", "d"]
    got = dict(run_many(behave, kinds, Limits(seconds=3, memory_mb=256), workers=2))
    assert set(got) == set(kinds)
    for good in "abcd":
        assert isinstance(got[good], str) and got[good].startswith(f"read {good} in ")
    assert str(os.getpid()) not in str(got["a"])  # read in a child, not here
    assert isinstance(got["crash"], Failure) and "SIGSEGV" in got["crash"].reason
    assert isinstance(got["hog"], Failure) and "256 MB memory limit" in got["hog"].reason
    assert isinstance(got["loop"], Failure) and "3 s limit" in got["loop"].reason
    assert got["raise"] == Failure("bad row 7", "ValueError") and str(got["raise"]) == "ValueError: bad row 7"


def test_run_one() -> None:
    assert run_one(behave, "x", Limits()).startswith("read x")  # type: ignore[union-attr]


def test_children_die_with_a_killed_parent(tmp_path: Path) -> None:
    """kill -9 of the run: the reader it started does not live on."""
    pidfile = tmp_path / "child.pid"
    script = textwrap.dedent(
        f"""
        import os, time
        from pathlib import Path
        from csinspect.sources.sandbox import Limits, run_one

        def sleeper(_):
            Path({str(pidfile)!r}).write_text(str(os.getpid()))
            time.sleep(60)

        run_one(sleeper, None, Limits(seconds=60))
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script])
    for _ in range(100):
        if pidfile.exists() and pidfile.read_text():
            break
        time.sleep(0.05)
    child = int(pidfile.read_text())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    for _ in range(100):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        raise AssertionError(f"reader {child} outlived its killed parent")


def test_a_child_reads_file_after_file_until_one_fails_then_a_fresh_one_takes_over() -> None:
    """Children are kept between files (forking one per file cost more than reading most reports) and
    replaced after any failure, and after FILES_PER_CHILD files, so a failure is always its own file's."""
    from csinspect.sources import sandbox

    kinds = ["a", "b", "c", "raise", "d", "e", "crash", "f"]
    got = list(run_many(behave, kinds, Limits(seconds=10, memory_mb=256), workers=1))
    assert [k for k, _ in got] == kinds
    pid = {k: str(v).rsplit(" ", 1)[-1] for k, v in got if isinstance(v, str)}
    assert pid["a"] == pid["b"] == pid["c"]  # one child for the good files in a row
    assert pid["d"] == pid["e"] != pid["c"]  # a fresh child after the exception
    assert pid["f"] != pid["e"]  # and after the crash
    assert str(os.getpid()) not in pid.values()
    many = [str(i) for i in range(sandbox.FILES_PER_CHILD + 2)]
    pids = {str(v).rsplit(" ", 1)[-1] for _, v in run_many(behave, many, Limits(seconds=10), workers=1)}
    assert len(pids) == 2  # recycled after FILES_PER_CHILD files
