"""Judge speed, zygote pool vs one-shot subprocess; results go to docs/benchmarks.md (## Judge).

    python bench/judge.py              # full run, rewrites the ## Judge section
    python bench/judge.py --quick      # fewer repetitions (a smoke run)
    python bench/judge.py --no-write   # print only
    python bench/judge.py --src DIR    # judge code from DIR (e.g. `git archive` of an older
                                       # commit, extracted): before/after comparisons; with
                                       # --only overhead it prints just that table

Measures, in one run with both executors side by side:
  1. overhead: a trivial submission with one trivial case, end to end through `judge()`,
     zygote and subprocess runs interleaved (N=200 and N=30);
  2. throughput: the k-means challenge's reference solution (10 cases) with 2 zygote workers
     vs 2 concurrent subprocesses, submissions/s; plus the same work in-process (no sandbox),
     which bounds what any executor can reach;
  3. TLE latency: wall and CPU limit 1 s, a CPU loop and a sleep: time to the verdict - limit.
Timing is wall-clock on a possibly shared machine: read the figures as orders of magnitude.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "benchmarks.md"


def _use_source(src: str | None) -> None:
    """Import mlcoach from `src` here and in every sandboxed process (via PYTHONPATH)."""
    path = str(Path(src).resolve()) if src else str(ROOT / "src")
    sys.path.insert(0, path)
    if src:
        from mlcoach.judge import pool

        original = pool._env
        pool._env = lambda: {**original(), "PYTHONPATH": path}  # type: ignore[attr-defined]


TRIVIAL_TESTS = """
import numpy as np
from mlcoach.judge.testkit import call, case


@case(visible=True)
def echo(t):
    got = yield call("solve", 1.0)
    t.close(got, 1.0)
"""

TARGETS = {
    "overhead_p50_ms": 10.0,
    "overhead_p99_ms": 25.0,
    "kmeans_per_s": 15.0,
    "tle_margin_ms": 100.0,
}


@dataclass
class Figures:
    overhead: dict[str, list[float]]
    executor_ms: dict[str, list[float]]
    throughput: dict[str, float]
    throughput_n: dict[str, int]
    challenge: str
    cases: int
    tle: dict[str, list[float]]
    cpu: dict[str, tuple[float, float, float]]
    load: tuple[float, float]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def trivial_challenge(**limits: float):  # type: ignore[no-untyped-def]
    from mlcoach.content.models import Challenge, Limits

    return Challenge(
        id="bench-trivial",
        difficulty=1,
        title="Trivial",
        topics=("python",),
        entry_points=("solve",),
        limits=Limits(**limits),
        prompt="p",
        starter="def solve(x):\n    raise NotImplementedError\n",
        solution="def solve(x):\n    return x\n",
        tests=TRIVIAL_TESTS,
        hints=("h",),
    )


def measure_overhead(
    n_zygote: int, n_oneshot: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    from mlcoach.judge.pool import SubprocessExecutor, ZygoteExecutor
    from mlcoach.judge.runner import judge

    challenge = trivial_challenge()
    zygote, oneshot = ZygoteExecutor(size=1), SubprocessExecutor()
    runs: dict[str, list[float]] = {"zygote": [], "subprocess": []}
    inside: dict[str, list[float]] = {"zygote": [], "subprocess": []}

    class Timed:
        """Wraps an executor to time its `run` separately from the rest of `judge()`."""

        def __init__(self, inner, bucket: list[float]):  # type: ignore[no-untyped-def]
            self.inner, self.bucket, self.name = inner, bucket, inner.name

        def run(self, job):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            outcome = self.inner.run(job)
            self.bucket.append((time.perf_counter() - start) * 1000)
            return outcome

        def protections(self) -> dict[str, str]:
            return self.inner.protections()  # type: ignore[no-any-return]

        def close(self) -> None:
            self.inner.close()

    try:
        for _ in range(5):  # start the worker, fill caches
            assert judge(challenge, challenge.solution, zygote).verdict == "AC"
        judge(challenge, challenge.solution, oneshot)
        every = max(n_zygote // max(n_oneshot, 1), 1)
        timed = {
            "zygote": Timed(zygote, inside["zygote"]),
            "subprocess": Timed(oneshot, inside["subprocess"]),
        }
        for i in range(n_zygote):
            names = ["zygote"]
            if i % every == 0 and len(runs["subprocess"]) < n_oneshot:
                names.append("subprocess")
            for name in names:
                start = time.perf_counter()
                result = judge(challenge, challenge.solution, timed[name])
                runs[name].append((time.perf_counter() - start) * 1000)
                assert result.verdict == "AC", result.to_dict()
    finally:
        zygote.close()
    return runs, inside


def _zygote_pids() -> list[int]:
    """Our zygote workers: children of this process running mlcoach.judge.zygote."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat, open(f"/proc/{entry}/cmdline", "rb") as cmd:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
                if ppid == os.getpid() and b"mlcoach.judge.zygote" in cmd.read():
                    found.append(int(entry))
        except (OSError, ValueError):
            continue
    return found


def _cpu_seconds(pid: int) -> tuple[float, float]:
    """(own, reaped children's) user+system CPU seconds of `pid`."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    utime, stime, cutime, cstime = (int(x) / tick for x in fields[11:15])
    return utime + stime, cutime + cstime


def measure_cpu(n_trivial: int, n_kmeans: int) -> dict[str, tuple[float, float, float]]:
    """CPU ms per submission on one zygote: (worker, sandboxed child, judge process).

    CPU time, unlike wall time, hardly depends on what else the machine is doing.
    """
    from mlcoach.judge.pool import ZygoteExecutor
    from mlcoach.judge.runner import judge

    kmeans, _, _ = kmeans_like()
    figures = {}
    zygote = ZygoteExecutor(size=1)
    try:
        zygote.warm_up()
        (pid,) = _zygote_pids()
        for label, challenge, n in (
            ("trivial, 1 case", trivial_challenge(), n_trivial),
            ("k-means, 10 cases", kmeans, n_kmeans),
        ):
            for _ in range(3):
                judge(challenge, challenge.solution, zygote)  # type: ignore[arg-type]
            worker0, child0 = _cpu_seconds(pid)
            mine0 = sum(os.times()[:2])
            for _ in range(n):
                judge(challenge, challenge.solution, zygote)  # type: ignore[arg-type]
            worker1, child1 = _cpu_seconds(pid)
            mine1 = sum(os.times()[:2])
            figures[label] = tuple(
                1000 * d / n for d in (worker1 - worker0, child1 - child0, mine1 - mine0)
            )
    finally:
        zygote.close()
    return figures  # type: ignore[return-value]


def kmeans_like() -> tuple[object, str, int]:
    from mlcoach.content import load_bank
    from mlcoach.judge.runner import load_suite

    bank = load_bank(ROOT / "content").bank
    for cid in ("kmeans-clustering", "softmax"):
        challenge = bank.get(cid)
        if challenge is not None:
            n = len(load_suite(challenge.id, challenge.tests, challenge.solution).cases)
            return challenge, cid, n
    raise SystemExit("no challenge to run")


def measure_throughput(
    n_zygote: int, n_oneshot: int
) -> tuple[dict[str, float], dict[str, int], str, int]:
    from mlcoach.judge.fake import FakeExecutor
    from mlcoach.judge.pool import SubprocessExecutor, ZygoteExecutor
    from mlcoach.judge.runner import judge

    challenge, cid, n_cases = kmeans_like()
    source = challenge.solution  # type: ignore[attr-defined]
    rates, counts = {}, {}

    def run_parallel(executor: object, n: int, workers: int = 2) -> float:
        todo = list(range(n))
        lock = threading.Lock()
        verdicts: list[str] = []

        def worker() -> None:
            while True:
                with lock:
                    if not todo:
                        return
                    todo.pop()
                verdicts.append(judge(challenge, source, executor).verdict)  # type: ignore[arg-type]

        threads = [threading.Thread(target=worker) for _ in range(workers)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
        assert set(verdicts) == {"AC"}, verdicts
        return n / elapsed

    zygote = ZygoteExecutor(size=2)
    try:
        zygote.warm_up()
        run_parallel(zygote, 4)
        rates["zygote (2 workers)"] = run_parallel(zygote, n_zygote)
        counts["zygote (2 workers)"] = n_zygote
    finally:
        zygote.close()
    rates["subprocess (2 at a time)"] = run_parallel(SubprocessExecutor(), n_oneshot)
    counts["subprocess (2 at a time)"] = n_oneshot
    fake = FakeExecutor()
    judge(challenge, source, fake)  # type: ignore[arg-type]
    start = time.perf_counter()
    n_fake = max(n_oneshot, 5)
    for _ in range(n_fake):
        judge(challenge, source, fake)  # type: ignore[arg-type]
    rates["in-process, 1 thread (no sandbox)"] = n_fake / (time.perf_counter() - start)
    counts["in-process, 1 thread (no sandbox)"] = n_fake
    return rates, counts, cid, n_cases


def measure_tle(n_zygote: int, n_oneshot: int) -> dict[str, list[float]]:
    from mlcoach.judge.pool import SubprocessExecutor, ZygoteExecutor
    from mlcoach.judge.runner import judge

    challenge = trivial_challenge(wall_seconds=1, cpu_seconds=1)
    limit_ms = challenge.limits.wall_seconds * 1000
    sources = {
        "CPU loop": "def solve(x):\n    while True:\n        pass\n",
        "sleep": "import time\n\n\ndef solve(x):\n    time.sleep(60)\n",
    }
    late: dict[str, list[float]] = {}
    zygote = ZygoteExecutor(size=1)
    try:
        zygote.warm_up()
        for executor, n in ((zygote, n_zygote), (SubprocessExecutor(), n_oneshot)):
            for what, source in sources.items():
                key = f"{executor.name}: {what}"
                late[key] = []
                for _ in range(n):
                    start = time.perf_counter()
                    result = judge(challenge, source, executor)
                    late[key].append((time.perf_counter() - start) * 1000 - limit_ms)
                    assert result.verdict == "TLE", result.to_dict()
    finally:
        zygote.close()
    return late


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def render(fig: Figures, command: str, protections: dict[str, str]) -> str:
    z, s = fig.overhead["zygote"], fig.overhead["subprocess"]
    zi, si = fig.executor_ms["zygote"], fig.executor_ms["subprocess"]
    z50, z99, s50, s99 = pct(z, 50), pct(z, 99), pct(s, 50), pct(s, 99)
    zygote_rate = fig.throughput["zygote (2 workers)"]
    oneshot_rate = fig.throughput["subprocess (2 at a time)"]
    tle_z = [v for k, vals in fig.tle.items() if k.startswith("zygote") for v in vals]
    active = ", ".join(k for k, v in protections.items() if v == "on") or "none"
    off = "; ".join(f"{k}: {v}" for k, v in protections.items() if v != "on")
    lines = [
        "## Judge",
        "",
        f"Machine: {os.cpu_count()} CPUs (nproc), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}. Sandbox protections on: {active}"
        + (f" (off: {off})" if off else "")
        + ".",
        f"Command: `{command}`. Wall-clock times on a shared machine: the 1-minute load average "
        f"was {fig.load[0]:.1f} at the start and {fig.load[1]:.1f} at the end (other work ran "
        "at the same time), so wall figures vary by about 2x between runs; the CPU table does not.",
        "",
        "### Per-submission overhead (trivial submission, 1 trivial case)",
        "",
        "Through `judge()` end to end; the executor column is the time inside `executor.run`.",
        "",
        "| executor | runs | p50 ms | p99 ms | executor p50 ms |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| zygote | {len(z)} | {z50:.1f} | {z99:.1f} | {pct(zi, 50):.1f} |",
        f"| subprocess | {len(s)} | {s50:.1f} | {s99:.1f} | {pct(si, 50):.1f} |",
        f"| **subprocess / zygote** | | **{s50 / z50:.1f}x** | **{s99 / z99:.1f}x** | |",
        "",
        f"### Throughput ({fig.challenge}, reference solution, {fig.cases} cases)",
        "",
        "| executor | submissions | submissions/s |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {k} | {fig.throughput_n[k]} | {v:.1f} |" for k, v in fig.throughput.items()]
    lines += [
        f"| **zygote / subprocess** | | **{zygote_rate / oneshot_rate:.1f}x** |",
        "",
        "### Where the time goes: CPU per submission on a zygote",
        "",
        "CPU time barely depends on other load, unlike the wall-clock figures above.",
        "",
        "| submission | worker ms | sandboxed child ms | judge process ms | total ms |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {k} | {w:.2f} | {c:.2f} | {j:.2f} | {w + c + j:.2f} |"
        for k, (w, c, j) in fig.cpu.items()
    ]
    lines += [
        "",
        "### TLE latency (wall and CPU limit 1 s): time to the verdict minus the limit",
        "",
        "| executor: submission | runs | p50 ms | max ms |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [f"| {k} | {len(v)} | {pct(v, 50):.0f} | {max(v):.0f} |" for k, v in fig.tle.items()]
    lines += [
        "",
        "### Against the targets",
        "",
        "| target | measured (zygote) | |",
        "| --- | --- | --- |",
        f"| warm overhead p50 <= {TARGETS['overhead_p50_ms']:.0f} ms | {z50:.1f} ms | "
        f"{verdict(z50 <= TARGETS['overhead_p50_ms'])} |",
        f"| warm overhead p99 <= {TARGETS['overhead_p99_ms']:.0f} ms | {z99:.1f} ms | "
        f"{verdict(z99 <= TARGETS['overhead_p99_ms'])} |",
        f"| >= {TARGETS['kmeans_per_s']:.0f} k-means submissions/s ({fig.cases} cases) | "
        f"{zygote_rate:.1f}/s | {verdict(zygote_rate >= TARGETS['kmeans_per_s'])} |",
        f"| TLE within limit + {TARGETS['tle_margin_ms']:.0f} ms | max +{max(tle_z):.0f} ms | "
        f"{verdict(max(tle_z) <= TARGETS['tle_margin_ms'])} |",
    ]
    return "\n".join(lines) + "\n"


def write_section(section: str) -> None:
    """Replace (or append) the ## Judge section; every other section is left as it was."""
    text = DOCS.read_text("utf-8") if DOCS.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## Judge\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section.rstrip() + "\n\n", text)
    else:
        text = text.rstrip() + "\n\n" + section.rstrip() + "\n"
    DOCS.write_text(text.rstrip() + "\n", encoding="utf-8")


T = TypeVar("T")


def step(name: str, fn: Callable[[], T]) -> T:
    start = time.perf_counter()
    print(f"- {name} ...", file=sys.stderr, flush=True)
    value = fn()
    print(f"  done in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    return value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--no-write", action="store_true", help="print, do not touch docs/")
    parser.add_argument("--src", help="import mlcoach from this folder instead")
    parser.add_argument("--only", choices=("overhead",), help="measure just this, print it")
    args = parser.parse_args(argv)
    _use_source(args.src)
    from mlcoach.judge.sandbox import protections

    quick = args.quick
    load_start = os.getloadavg()[0]
    overhead, inside = step(
        "overhead", lambda: measure_overhead(60 if quick else 200, 10 if quick else 30)
    )
    if args.only == "overhead":
        for name, values in overhead.items():
            print(
                f"{name}: n={len(values)} p50={pct(values, 50):.1f} ms "
                f"p99={pct(values, 99):.1f} ms executor p50={pct(inside[name], 50):.1f} ms"
            )
        return
    rates, counts, cid, n_cases = step(
        "throughput", lambda: measure_throughput(20 if quick else 80, 6 if quick else 16)
    )
    tle = step("TLE latency", lambda: measure_tle(2 if quick else 6, 1 if quick else 2))
    cpu = step(
        "CPU per submission", lambda: measure_cpu(100 if quick else 300, 20 if quick else 60)
    )
    load = (load_start, os.getloadavg()[0])
    figures = Figures(overhead, inside, rates, counts, cid, n_cases, tle, cpu, load)
    command = "python bench/judge.py" + (" --quick" if quick else "")
    section = render(figures, command, protections())
    print(section)
    if not args.no_write and not args.src:
        write_section(section)


if __name__ == "__main__":
    main()
