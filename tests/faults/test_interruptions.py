"""Runs killed with SIGKILL at random points (seeded), a disk that fills, and two runs at once: the database
and the child-level store are always consistent, nothing is half-stored, and a re-run ends exactly where an
uninterrupted run does. The commands run as real processes (``python -m csinspect``)."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import MetaData, select, text

from csinspect.store.db import get_engine, init_db
from csinspect.testing.reports import FocusedVisit, Ilacs, SifWithLscb, write

SEED = 20261206
TABLES = (
    "source_file", "authority", "authority_code", "authority_name", "authority_succession", "sn_model",
    "stat_neighbour", "inspection", "judgement", "recommendation", "finding", "fact", "document",
    "indicator_value", "provider_inspection",
)  # fmt: skip
VOLATILE = {"id", "loaded_at", "created_at", "updated_at", "first_seen", "at", "stored_path", "last_sign_in"}


def dump(url: str) -> dict[str, tuple[int, str]]:
    """Row count and content hash per table, without ids, foreign ids and times (they differ run to run)."""
    engine = get_engine(url)
    meta = MetaData()
    meta.reflect(engine, only=TABLES)
    out = {}
    with engine.connect() as conn:
        for name in TABLES:
            t = meta.tables[name]
            cols = [c for c in t.columns if c.name not in VOLATILE and not c.name.endswith("_id")]
            rows = sorted(repr(tuple(r)) for r in conn.execute(select(*cols)))
            out[name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16])
    return out


def cli(*args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "csinspect", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "csinspect", *args], env=env, capture_output=True, timeout=600
    )


def killed_at(args: tuple[str, ...], delay: float, env: dict[str, str]) -> None:
    proc = cli(*args, env=env)
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    e = dict(os.environ)
    e["CSINSPECT_DATA_DIR"] = str(tmp_path / "data")
    e["CSINSPECT_PSEUDONYM_KEY"] = "fault-suite-key-0123456789"
    e.pop("CSINSPECT_DATABASE_URL", None)
    return e


def _reports(folder: Path) -> Path:
    for i, doc in enumerate(
        [Ilacs(), SifWithLscb(), FocusedVisit(), Ilacs(council="Bedford Borough Council")]
    ):
        write(doc.pages(), folder / f"r{i}.pdf")
    return folder


def _timed(args: tuple[str, ...], env: dict[str, str]) -> float:
    t = time.perf_counter()
    done = run(*args, env=env)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return time.perf_counter() - t


def test_killed_data_loads_and_ingests_end_where_a_whole_run_does(
    mini_official_dir: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    reports = _reports(tmp_path / "reports")
    whole, broken = f"sqlite:///{tmp_path / 'whole.sqlite'}", f"sqlite:///{tmp_path / 'broken.sqlite'}"
    for url in (whole, broken):
        init_db(url)
    load = ("data", "load", str(mini_official_dir), "--database-url")
    ingest = ("ingest", str(reports), "--workers", "2", "--database-url")
    t_load = _timed((*load, whole), env)
    t_ingest = _timed((*ingest, whole), env)
    rng = random.Random(SEED)
    for _ in range(3):  # killed somewhere between start-up and the end, then run again to the end
        killed_at((*load, broken), rng.uniform(0.3, t_load), env)
        killed_at((*ingest, broken), rng.uniform(0.3, t_ingest), env)
        with get_engine(broken).connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            orphans = conn.execute(
                text("SELECT count(*) FROM document d WHERE d.copy_of IS NULL AND NOT EXISTS "
                     "(SELECT 1 FROM inspection i WHERE i.document_id = d.id)")
            ).scalar()  # fmt: skip
            assert orphans == 0  # never a document without its records (one transaction per document)
    assert run(*load, broken, env=env).returncode == 0
    assert run(*ingest, broken, env=env).returncode == 0
    assert dump(broken) == dump(whole)
    leftovers = list((Path(env["CSINSPECT_DATA_DIR"]) / "documents").glob("*.part"))
    assert leftovers == []


def test_killed_returns_loads_leave_one_load_in_force(
    tmp_path: Path, env: dict[str, str], mini_official_dir: Path
) -> None:
    from csinspect.store import returns_files as storage
    from csinspect.testing.synth import generate

    generate(tmp_path / "syn", councils=[("821", 30_000)], years=1, last_year=2025, seed=5, size=0.4)
    folder = tmp_path / "syn" / "821" / "2025"
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    init_db(url)
    assert (
        run(
            "data", "load", str(mini_official_dir), "--kinds", "authorities", "--database-url", url, env=env
        ).returncode
        == 0
    )
    args = ("returns", "load", str(folder), "--la", "821", "--year", "2025", "--database-url", url)
    root = Path(env["CSINSPECT_DATA_DIR"]) / "returns"
    t_load = _timed(args, env)

    def stored() -> dict[str, tuple[int, str]]:
        out = {}
        for ds in storage.DATASETS:
            folder_ = storage.dataset_dir(root, "821", 2025, ds)
            for p in sorted(folder_.glob("*.parquet")) if folder_.is_dir() else []:
                df = pl.read_parquet(p)
                out[f"{ds}/{p.stem}"] = (df.height, hashlib.sha256(df.write_csv().encode()).hexdigest()[:16])
        return out

    whole = stored()
    assert whole
    rng = random.Random(SEED + 1)
    for _ in range(3):
        killed_at(args, rng.uniform(0.3, t_load), env)
        now = stored()
        assert now == whole  # the previous load stays in force until the next is complete
    assert run(*args, env=env).returncode == 0
    assert stored() == whole
    year = root / "821" / "2025"
    assert [p.name for p in year.iterdir() if p.name.startswith(".tmp-")] == []


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs to fill needs root")
def test_a_full_disk_fails_the_run_and_half_stores_nothing(
    tmp_path: Path, env: dict[str, str], mini_official_dir: Path
) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)], capture_output=True
    ).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        env = {**env, "CSINSPECT_DATA_DIR": str(disk / "data")}
        url = f"sqlite:///{disk / 'db.sqlite'}"
        assert run("db", "init", "--database-url", url, env=env).returncode == 0
        assert (
            run(
                "data",
                "load",
                str(mini_official_dir),
                "--kinds",
                "authorities",
                "--database-url",
                url,
                env=env,
            ).returncode
            == 0
        )
        reports = tmp_path / "reports"
        for i in range(12):
            write(
                Ilacs(council="Luton Borough Council", lead_inspector=f"Inspector {i}").pages(),
                reports / f"r{i}.pdf",
            )
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        (disk / "filler").write_bytes(b"\0" * max(0, free - 120_000))  # room for a few reports, not all
        done = run("ingest", str(reports), "--database-url", url, env=env)
        assert done.returncode == 1, done.stdout.decode()[-1500:]  # some could not be stored: the run says so
        with get_engine(url).connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            docs = conn.execute(text("SELECT id, stored_path FROM document")).all()
            for doc_id, stored_path in docs:  # each stored document has its file and its records
                assert stored_path and Path(stored_path).is_file()
                assert conn.execute(
                    text("SELECT count(*) FROM inspection WHERE document_id = :d"), {"d": doc_id}
                ).scalar()
        assert list((disk / "data" / "documents").glob("*.part")) == []
        get_engine(url).dispose()
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def test_two_runs_at_once(mini_official_dir: Path, tmp_path: Path, env: dict[str, str]) -> None:
    reports = _reports(tmp_path / "reports")
    single, double = f"sqlite:///{tmp_path / 'single.sqlite'}", f"sqlite:///{tmp_path / 'double.sqlite'}"
    for url in (single, double):
        init_db(url)
    assert run("data", "load", str(mini_official_dir), "--database-url", single, env=env).returncode == 0
    assert run("ingest", str(reports), "--database-url", single, env=env).returncode == 0
    for args in (("data", "load", str(mini_official_dir)), ("ingest", str(reports))):
        procs = [cli(*args, "--database-url", double, env=env) for _ in range(2)]
        for p in procs:
            _, err = p.communicate(timeout=600)
            assert p.returncode == 0, err.decode()[-2000:]
    assert dump(double) == dump(single)
