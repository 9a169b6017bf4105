"""Speed of the child-level returns pipeline on synthetic data (run as a command; prints figures).

    .venv/bin/python benchmarks/returns.py large        # (a) one large council, previous year included
    .venv/bin/python benchmarks/returns.py national     # (b) 150 councils x 2 years
    .venv/bin/python benchmarks/returns.py cin-vs-dfe   # (c) CIN XML ingest vs csc-validator-be-cin
    .venv/bin/python benchmarks/returns.py storage      # Polars vs DuckDB over the stored Parquet
    .venv/bin/python benchmarks/returns.py xml-memory   # peak memory vs CIN XML file size
    .venv/bin/python benchmarks/returns.py all

Targets (issue 5): (a) < 5 s; (b) < 120 s and peak memory < 8 GB; (c) >= 50x faster. Generated data is
cached under $CSINSPECT_BENCH_DIR (default /tmp/csinspect-bench) and is not part of the timings.
(c) needs csc-validator-be-cin in a separate venv: python3 -m venv /tmp/benchvenv &&
/tmp/benchvenv/bin/pip install csc-validator-be-cin (or set CSINSPECT_BENCH_CIN_PYTHON)."""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

BENCH = Path(os.environ.get("CSINSPECT_BENCH_DIR", "/tmp/csinspect-bench"))
KEY = "benchmark-only-key-0123456789"
LARGE = ("998", 84000)  # a synthetic council sized for ~6,000 children in need in the year


def _settings(root: Path):
    from csinspect.settings import Settings

    return Settings(data_dir=root, database_url="sqlite://", pseudonym_key=KEY)


# Polars runs a thread pool: worker processes are spawned, never forked from a process that used it.


def _cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def large_data() -> Path:
    from csinspect.testing.synth import generate

    out = BENCH / "large"
    if not (out / LARGE[0] / "2025" / "cin_census.xml").exists():
        shutil.rmtree(out, ignore_errors=True)
        generate(out, councils=[LARGE], years=2, last_year=2025, seed=7, error_rate=0.01, cla_scale=2.1)
    return out / LARGE[0] / "2025"


def bench_large() -> dict[str, float]:
    import polars as pl

    from csinspect.analysis.returns import compute_values
    from csinspect.load.returns import load_dir

    folder = large_data()
    root = Path(tempfile.mkdtemp(prefix="csinspect-bench-large-"))
    settings = _settings(root)
    # the previous year's return is already stored, as it would be in a council using csinspect
    load_dir(folder.parent / "2024", LARGE[0], 2024, root=settings.returns_dir, key=settings.pseudonym_key)
    t0, c0 = time.perf_counter(), time.process_time()
    report = load_dir(folder, LARGE[0], 2025, root=settings.returns_dir, key=settings.pseudonym_key)
    t1 = time.perf_counter()
    values = compute_values(settings.returns_dir, LARGE[0], 2025, population=LARGE[1])
    t2, c2 = time.perf_counter(), time.process_time()
    cin = report.results["cin"].tables
    eps = report.results["ssda903"].tables["episodes"]
    figures = {
        "cin_children": cin["cin_details"]["LAchildID"].n_unique(),
        "cin_episodes": cin["cin_details"].height,
        "looked_after_children": eps["CHILD"].n_unique(),
        "episodes": eps.height,
        "previous_year_episodes": report.results["ssda903_prev"].tables["episodes"].height,
        "annex_a_rows": sum(df.height for df in report.results["annex_a"].tables.values()),
        "problems": report.problems.height,
        "indicators": len(values),
        "load_validate_store_s": round(t1 - t0, 2),
        "indicators_s": round(t2 - t1, 2),
        "total_s": round(t2 - t0, 2),
        "total_cpu_s": round(c2 - c0, 2),
    }
    assert all(c.reconciles for c in report.counts)
    assert pl.__version__
    shutil.rmtree(root, ignore_errors=True)
    print(f"(a) one large council: {json.dumps(figures)}  target total < 5 s")
    return figures


# ----------------------------------------------------------------------------------- national


# National volume: DfE's rates give ~915,000 CIN census episodes and ~175,000 looked-after episodes a year;
# the national set is ~650,000 and ~100,000, so the default scales the synthetic councils down.
NATIONAL_SIZE = float(os.environ.get("CSINSPECT_BENCH_NATIONAL_SIZE", "0.71"))
NATIONAL_CLA_SCALE = float(os.environ.get("CSINSPECT_BENCH_NATIONAL_CLA_SCALE", "0.8"))


def _gen_council(args: tuple[str, int, Path]) -> str:
    from csinspect.testing.synth import generate

    la, pop, out = args
    generate(
        out,
        councils=[(la, pop)],
        years=2,
        last_year=2025,
        seed=9,
        error_rate=0.01,
        truth=False,
        size=NATIONAL_SIZE,
        cla_scale=NATIONAL_CLA_SCALE,
    )
    return la


def default_councils_cache() -> list[tuple[str, int]]:
    """150 real council codes and 0-17 populations (the ONS file beside the project, when there)."""
    from csinspect.testing.synth import default_councils

    ons = (
        Path(__file__).resolve().parents[2]
        / "shared/data/official/ons_mid-year_population_estimates_2012_to_2024.csv"
    )
    return default_councils(150, seed=9, population_file=ons if ons.exists() else None)


def national_data(workers: int = 2) -> tuple[Path, list[tuple[str, int]]]:

    out = BENCH / f"national-{NATIONAL_SIZE:g}-{NATIONAL_CLA_SCALE:g}"
    councils = sorted(default_councils_cache(), key=lambda c: -c[1])  # largest first: even load on workers
    todo = [(la, pop, out) for la, pop in councils if not (out / la / "2025" / "cin_census.xml").exists()]
    if todo:
        t = time.perf_counter()
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            list(pool.map(_gen_council, todo))
        print(f"generated {len(todo)} councils in {time.perf_counter() - t:.0f} s (not part of the timing)")
    return out, councils


def _load_council(args: tuple[str, Path, str]) -> dict[str, int]:
    from csinspect.analysis.returns import compute_values
    from csinspect.load.returns import load_dir

    la, out, root = args
    pop = dict(default_councils_cache()).get(la)
    settings = _settings(Path(root))
    n = {"cin_episodes": 0, "la_episodes": 0, "rows": 0, "indicators": 0}
    for year in (2024, 2025):
        rep = load_dir(out / la / str(year), la, year, root=settings.returns_dir, key=settings.pseudonym_key)
        assert rep.ok and all(c.reconciles for c in rep.counts), (la, year, rep.failures)
        n["cin_episodes"] += rep.results["cin"].tables["cin_details"].height
        n["la_episodes"] += rep.results["ssda903"].tables["episodes"].height
        n["rows"] += sum(c.read for c in rep.counts)
    for year in (2024, 2025):
        n["indicators"] += len(compute_values(settings.returns_dir, la, year, population=pop))
    return n


def _one_polars_thread() -> None:
    """Each worker runs Polars on one thread: with one worker per core, more threads only contend."""
    os.environ["POLARS_MAX_THREADS"] = "1"


def bench_national(workers: int = 2) -> dict[str, float]:
    out, councils = national_data(workers)
    root = Path(tempfile.mkdtemp(prefix="csinspect-bench-national-"))
    cpu0 = _cpu_children() + time.process_time()
    t0 = time.perf_counter()
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_one_polars_thread) as pool:
        results = list(pool.map(_load_council, [(la, out, str(root)) for la, _ in councils]))
    elapsed = time.perf_counter() - t0
    own, kids = _peak_mb()
    figures = {
        "councils": len(councils),
        "size": NATIONAL_SIZE,
        "cla_scale": NATIONAL_CLA_SCALE,
        "years": 2,
        "cin_episodes": sum(r["cin_episodes"] for r in results),
        "la_episodes": sum(r["la_episodes"] for r in results),
        "rows_read": sum(r["rows"] for r in results),
        "indicator_values": sum(r["indicators"] for r in results),
        "workers": workers,
        "total_s": round(elapsed, 1),
        "cpu_s_all_processes": round(_cpu_children() + time.process_time() - cpu0, 1),
        "peak_rss_parent_mb": round(own),
        "peak_rss_largest_worker_mb": round(kids),
        "peak_memory_upper_bound_mb": round(own + workers * kids),
    }
    print(f"(b) national: {json.dumps(figures)}  target < 120 s, peak < 8 GB")
    storage_compare(root)
    shutil.rmtree(root, ignore_errors=True)
    return figures


def storage_compare(root: Path) -> None:
    """The same query (children looked after at 31 March 2025, by council) with Polars and with DuckDB."""
    import duckdb
    import polars as pl

    pattern = str(root / "returns" / "*" / "2025" / "ssda903" / "episodes.parquet")
    t = time.perf_counter()
    pl_res = (
        pl.scan_parquet(pattern, include_file_paths="path")
        .filter(
            (pl.col("DECOM") <= pl.date(2025, 3, 31))
            & (pl.col("DEC").is_null() | (pl.col("DEC") > pl.date(2025, 3, 31)))
        )
        .filter(~pl.col("LS").is_in(["V3", "V4"]))
        .group_by("path")
        .agg(pl.col("CHILD").n_unique())
        .collect()
    )
    t_pl = time.perf_counter() - t
    t = time.perf_counter()
    con = duckdb.connect()
    dk = con.execute(
        f"""select filename, count(distinct CHILD) from read_parquet('{pattern}', filename=true)
        where DECOM <= DATE '2025-03-31' and (DEC is null or DEC > DATE '2025-03-31') and LS not in ('V3','V4')
        group by filename"""
    ).fetchall()
    t_dk = time.perf_counter() - t
    assert sorted(pl_res.to_numpy()[:, 1].tolist()) == sorted(r[1] for r in dk)
    print(
        f"storage: CLA at 31 March over {len(dk)} councils' Parquet: Polars {t_pl * 1000:.0f} ms, DuckDB {t_dk * 1000:.0f} ms"
    )


# ----------------------------------------------------------------------------------- CIN vs DfE

DFE_INGEST = r"""
import sys, time, xml.etree.ElementTree as ET
from cin_validator.cin_validator import convert_data, process_data
t, c = time.perf_counter(), time.process_time()
root = ET.parse(sys.argv[1]).getroot()
tables = process_data(convert_data(root))
print(time.perf_counter() - t, time.process_time() - c, len(tables["ChildIdentifiers"]), len(tables["CINdetails"]))
"""


def bench_cin_vs_dfe() -> dict[str, float] | None:
    from csinspect.sources.returns.cin_xml import read_cin_xml

    folder = large_data()
    xml = folder / "cin_census.xml"
    t, c = time.perf_counter(), time.process_time()
    res = read_cin_xml(xml, la_code=LARGE[0], year=2025)
    ours, ours_cpu = time.perf_counter() - t, time.process_time() - c
    children = res.tables["children"].height
    py = os.environ.get("CSINSPECT_BENCH_CIN_PYTHON", "/tmp/benchvenv/bin/python")
    if not Path(py).exists():
        print(
            f"(c) csinspect CIN XML ingest {ours:.2f} s for {children} children; csc-validator-be-cin not installed at {py}"
        )
        return None
    proc = subprocess.run([py, "-c", DFE_INGEST, str(xml)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        print(f"(c) csc-validator-be-cin failed: {proc.stderr[-2000:]}")
        return None
    dfe_s, dfe_cpu, dfe_children, dfe_cin = proc.stdout.split()
    figures = {
        "children": children,
        "cin_episodes": res.tables["cin_details"].height + int(res.counts[1].rejected),
        "xml_mb": round(xml.stat().st_size / 1e6, 1),
        "csinspect_stream_validate_s": round(ours, 3),
        "csinspect_cpu_s": round(ours_cpu, 3),
        "csc_validator_be_cin_ingest_s": round(float(dfe_s), 2),
        "csc_validator_cpu_s": round(float(dfe_cpu), 2),
        "csc_validator_children": int(dfe_children),
        "csc_validator_cin_episodes": int(dfe_cin),
        "speedup_wall": round(float(dfe_s) / ours, 1),
        "speedup_cpu": round(float(dfe_cpu) / ours_cpu, 1),
    }
    print(f"(c) CIN XML ingest: {json.dumps(figures)}  target speedup >= 50")
    return figures


XML_MEMORY = r"""
import resource, sys, time
from pathlib import Path
from csinspect.sources.returns.cin_xml import read_cin_xml
t = time.perf_counter()
r = read_cin_xml(Path(sys.argv[1]), la_code=None, year=None)
print(time.perf_counter() - t, r.tables["children"].height, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def bench_xml_memory() -> None:
    """Peak memory reading the large council's CIN file and the same file with its children repeated 4 and
    16 times: the XML tree is never held, so memory grows only with the columnar rows kept."""
    src = (large_data() / "cin_census.xml").read_text(encoding="utf-8")
    head, rest = src.split("<Children>\n", 1)
    body, tail = rest.rsplit("</Children>", 1)
    for k in (1, 4, 16):
        path = BENCH / f"cin_x{k}.xml"
        if not path.exists():
            with path.open("w", encoding="utf-8") as fh:
                fh.write(head + "<Children>\n")
                for i in range(k):
                    fh.write(body.replace("<LAchildID>", f"<LAchildID>R{i}-"))
                fh.write("</Children>" + tail)
        proc = subprocess.run(
            [sys.executable, "-c", XML_MEMORY, str(path)], capture_output=True, text=True, check=True
        )
        secs, children, rss = proc.stdout.split()
        print(
            f"xml memory: {path.stat().st_size / 1e6:.0f} MB file, {children} children: {float(secs):.1f} s, peak RSS {rss} MB"
        )


def main(argv: list[str]) -> None:
    which = argv[1] if len(argv) > 1 else "all"
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start; python {sys.version.split()[0]}"
    )
    if which in ("large", "all"):
        bench_large()
    if which in ("cin-vs-dfe", "all"):
        bench_cin_vs_dfe()
    if which in ("national", "all"):
        bench_national()
    if which in ("xml-memory", "all"):
        bench_xml_memory()
    if which == "storage":
        root = Path(tempfile.mkdtemp(prefix="csinspect-bench-storage-"))
        out, councils = national_data()
        for la, _ in councils[:20]:
            _load_council((la, out, str(root)))
        storage_compare(root)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv)
