"""Web load benchmark with locust on loopback; results go to docs/benchmarks.md (## Web).

    python bench/web.py                 # 50 users for 40 s and 1 user for 20 s, rewrites ## Web
    python bench/web.py --seconds 15    # shorter runs
    python bench/web.py --no-write      # print only
    python bench/web.py --no-pin        # locust and the server share every core

On a machine with 2 cores or more, locust runs on core 0 and the server (with its judge
workers) on core 1, like `taskset -c 1`, so the load generator does not take the server's CPU.

The server is the real app (uvicorn, one process, the zygote judge pool, the real sentence
model) over a fresh data folder, started by this script. Simulated learners mostly browse pages
(dashboard, practice, challenges, bank search, plan, interview, design); some answer a concept
question (graded by the sentence model) or submit the softmax solution (judged in the sandbox).
Page latency is reported apart from grading and judging, with /static/favicon.svg (no app
work) as the floor, and the 1-user run beside the 50-user run as ratios.
"""

from __future__ import annotations

import gevent.monkey

gevent.monkey.patch_all()

import argparse  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from contextlib import suppress  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
import requests  # noqa: E402
from locust import HttpUser, between, task  # noqa: E402
from locust.env import Environment  # noqa: E402
from locust.stats import StatsEntry  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from webserver import REPO, running_server  # noqa: E402

DOC = REPO / "docs" / "benchmarks.md"
SOFTMAX = (REPO / "content" / "challenges" / "softmax" / "solution.py").read_text(encoding="utf-8")
PAGES = [
    "/", "/practice", "/practice?kind=concept", "/challenges", "/challenges/softmax",
    "/bank?q=gradient+descent", "/bank/dropout-regularization", "/plan", "/interview",
    "/design/ad-click-prediction", "/behavioral",
]  # fmt: skip
ANSWER = "Dropout zeroes random activations in training so units cannot co-adapt; at inference "
ANSWER += "all units are kept and scaled, like averaging an ensemble of thinned networks."


class Learner(HttpUser):
    wait_time = between(1.0, 3.0)  # reading time between two clicks

    @task(16)
    def browse(self) -> None:
        path = random.choice(PAGES)
        self.client.get(path, name=f"page {path}")

    @task(2)
    def floor(self) -> None:
        self.client.get("/static/favicon.svg", name="floor /static/favicon.svg")

    @task(1)
    def grade(self) -> None:
        self.client.post(
            "/api/practice/dropout-regularization/answer", json={"answer": ANSWER},
            name="grade POST /api/practice/{id}/answer",
        )  # fmt: skip

    @task(1)
    def judge(self) -> None:
        self.client.post(
            "/api/challenges/softmax/check", json={"source": SOFTMAX},
            name="judge POST /api/challenges/{id}/check",
        )  # fmt: skip


@dataclass
class Group:
    requests: int
    failures: int
    rps: float
    p50: float
    p95: float
    p99: float


def run(base: str, users: int, seconds: float) -> dict[str, Group]:
    Learner.host = base
    env = Environment(user_classes=[Learner])
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()
    groups: dict[str, Group] = {}
    for prefix in ("page", "floor", "grade", "judge"):
        entries = [e for (name, _), e in env.stats.entries.items() if name.startswith(prefix)]
        merged = StatsEntry(env.stats, prefix, "")
        for entry in entries:
            merged.extend(entry)
        groups[prefix] = Group(
            merged.num_requests,
            merged.num_failures,
            merged.num_requests / seconds,
            merged.get_response_time_percentile(0.5) if entries else 0.0,
            merged.get_response_time_percentile(0.95) if entries else 0.0,
            merged.get_response_time_percentile(0.99) if entries else 0.0,
        )
    return groups


def warm(base: str) -> None:
    """A plan saved and the model and judge used once, so the runs measure the steady state."""
    interview_day = (date.today() + timedelta(weeks=6)).isoformat()
    requests.post(f"{base}/api/plan", json={"interview_date": interview_day}, timeout=60)
    requests.post(f"{base}/api/practice/knn-basics/answer", json={"answer": ANSWER}, timeout=120)
    requests.post(f"{base}/api/challenges/softmax/check", json={"source": SOFTMAX}, timeout=60)
    for path in PAGES:
        requests.get(base + path, timeout=30)


def table(single: dict[str, Group], many: dict[str, Group], users: int) -> str:
    rows = [
        "| requests | users | count | errors | req/s | p50 ms | p95 ms | p99 ms | p99 vs 1 user |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    labels = {
        "floor": "floor: static file",
        "page": "pages (no grading/judge)",
        "grade": "grading",
        "judge": "judge",
    }
    for key, label in labels.items():
        for count, groups in ((1, single), (users, many)):
            g = groups[key]
            ratio = f"{g.p99 / max(single[key].p99, 1):.1f}x" if count != 1 else "1.0x"
            rows.append(
                f"| {label} | {count} | {g.requests} | {g.failures} | {g.rps:.1f} | "
                f"{g.p50:.0f} | {g.p95:.0f} | {g.p99:.0f} | {ratio} |"
            )
    return "\n".join(rows)


def section(text: str, users: int, seconds: float, page99: float, errors: int, machine: str) -> str:
    verdict = "met" if page99 <= 50 and errors == 0 else "missed"
    return (
        "## Web\n\n"
        f"Produced by `python bench/web.py` on {date.today().isoformat()}: "
        f"{platform.machine()} with {_cores()} cores shared with other work, Python "
        f"{platform.python_version()}, locust and the server on the same machine (loopback). "
        f"{users} simulated learners for {seconds:g} s, then 1 learner for {seconds / 2:g} s; "
        "each clicks every 1-3 s: mostly one of 11 pages, sometimes answers a concept "
        "question (graded by the sentence model) or submits the softmax solution (judged in "
        "the sandbox). The floor is "
        "a static file served without app work. Locust rounds latencies above 100 ms to 10 ms. "
        f"Machine: {machine}.\n\n"
        f"{text}\n\n"
        f"Target: p99 ≤ 50 ms for pages without grading or judging and no errors: **{verdict}** "
        f"(page p99 {page99:.0f} ms, {errors} errors).\n"
    )


def _cores() -> int:
    return os.cpu_count() or 1


def pinning(pin: bool) -> tuple[set[int] | None, str]:
    """(the server's cores, a description) and pin this process (locust) to core 0."""
    if not pin or _cores() < 2:
        return None, "locust and the server unpinned"
    os.sched_setaffinity(0, {0})
    return {1}, "locust pinned to core 0 and the server to core 1 (`taskset -c 1`)"


@dataclass
class Cpu:
    """The server's CPU seconds (/proc/<pid>/stat) and, per thread, the seconds it was runnable
    but waiting for a core (/proc/<pid>/task/*/schedstat); locust's own CPU seconds."""

    server_run: float
    server_waits: dict[str, float]
    locust_run: float

    @staticmethod
    def read(pid: int) -> Cpu:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        run = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
        waits = {}
        for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
            with suppress(OSError, IndexError):
                waits[stat.parent.name] = int(stat.read_text().split()[1]) / 1e9
        mine = os.times()
        return Cpu(run, waits, mine.user + mine.system)

    def since(self, start: Cpu, seconds: float) -> str:
        run = self.server_run - start.server_run
        # threads that ended meanwhile are missing: the wait is a lower bound
        wait = sum(w - start.server_waits.get(tid, 0.0) for tid, w in self.server_waits.items())
        return (
            f"during the {seconds:g} s run the server used {run:.1f} CPU s "
            f"({100 * run / seconds:.0f}% of a core), its threads waited at least {wait:.1f} s "
            f"runnable for a core, and locust used {self.locust_run - start.locust_run:.1f} CPU s"
        )


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min) / {five:.1f} (5 min) before the run"


def write(doc: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"^## Web\n.*?(?=^## |\Z)", text, flags=re.S | re.M)
    text = (
        text[: match.start()] + doc + "\n" + text[match.end() :]
        if match
        else text.rstrip() + "\n\n" + doc
    )
    DOC.write_text(text.rstrip() + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--pin", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    server_cpus, pinned = pinning(args.pin)
    machine = f"{load()}; {pinned}"
    with (
        tempfile.TemporaryDirectory(prefix="mlcoach-web-bench-") as data,
        running_server(Path(data), {"MLCOACH_USER_NAME": "bench"}, server_cpus) as (base, server),
    ):
        warm(base)
        start = Cpu.read(server.pid)
        many = run(base, args.users, args.seconds)
        cpu = Cpu.read(server.pid).since(start, args.seconds)
        single = run(base, 1, args.seconds / 2)
    text = table(single, many, args.users)
    errors = sum(g.failures for g in many.values()) + sum(g.failures for g in single.values())
    doc = section(text, args.users, args.seconds, many["page"].p99, errors, f"{machine}; {cpu}")
    print(doc)
    if not args.no_write:
        write(doc)


if __name__ == "__main__":
    main()
