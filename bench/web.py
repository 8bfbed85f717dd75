"""Web load benchmark with locust on loopback; results go to docs/benchmarks.md (## Web).

    python bench/web.py                 # 50 users (after a 5 s ramp) for 40 s, then 1 user for 40 s
    python bench/web.py --seconds 15    # shorter runs
    python bench/web.py --no-write      # print only
    python bench/web.py --no-pin        # locust and the server share every core
    python bench/web.py --without grade,judge --detail   # diagnose: pages only, per URL

On a machine with 2 cores or more, locust runs on core 0 and the server (with its judge
workers) on core 1, like `taskset -c 1`, so the load generator does not take the server's CPU.

The server is the real app (uvicorn, one process, the zygote judge pool, the real sentence
model) over a fresh data folder, started by this script. Simulated learners mostly browse pages
(dashboard, practice, challenges, bank search, plan, interview, design); some answer a concept
question (graded by the sentence model) or submit the softmax solution (judged in the sandbox).
Page latency is reported apart from grading and judging, with /static/favicon.svg (no app
work) as the floor, and the 1-user run beside the 50-user run as ratios. The users arrive over
a ramp and are measured after it (steady state); the start burst, every user's first click at
the same instant, is measured once on its own, because on one core its last request waits
for all the others whatever the app does.
"""

from __future__ import annotations

import gevent.monkey

gevent.monkey.patch_all()

import argparse  # noqa: E402
import functools  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from contextlib import suppress  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
import gevent.event  # noqa: E402
import numpy as np  # noqa: E402
import requests  # noqa: E402
from locust import HttpUser, between, task  # noqa: E402
from locust.env import Environment  # noqa: E402

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
    skip: frozenset[str] = frozenset()  # kinds of work left out (--without): browse instead

    @task(16)
    def browse(self) -> None:
        path = random.choice(PAGES)
        self.client.get(path, name=f"page {path}")

    @task(2)
    def floor(self) -> None:
        self.client.get("/static/favicon.svg", name="floor /static/favicon.svg")

    @task(1)
    def grade(self) -> None:
        if "grade" in self.skip:
            return self.browse()
        self.client.post(
            "/api/practice/dropout-regularization/answer", json={"answer": ANSWER},
            name="grade POST /api/practice/{id}/answer",
        )  # fmt: skip

    @task(1)
    def judge(self) -> None:
        if "judge" in self.skip:
            return self.browse()
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
    max: float

    @staticmethod
    def of(samples: list[Sample], seconds: float) -> Group:
        ms = np.array([s.ms for s in samples]) if samples else np.zeros(1)  # none: all zero
        seen = functools.partial(np.percentile, ms, method="higher")  # a latency that was seen
        p50, p95, p99 = (float(seen(q)) for q in (50, 95, 99))
        failures = sum(s.failed for s in samples)
        return Group(len(samples), failures, len(samples) / seconds, p50, p95, p99, ms.max())


@dataclass
class Sample:
    name: str  # "page /plan", "grade POST ..."
    started: float  # seconds after the first user started
    ms: float
    failed: bool


def run(base: str, users: int, seconds: float, ramp: float) -> list[Sample]:
    """Latencies of the requests started in `seconds` after `ramp` seconds in which the users
    arrive one by one (steady state: the start, where no user is yet waiting, is left out)."""
    Learner.host = base
    env = Environment(user_classes=[Learner])
    t0 = time.monotonic()
    samples: list[Sample] = []

    def record(name: str, response_time: float, exception: object, **_: object) -> None:
        started = time.monotonic() - response_time / 1000 - t0
        samples.append(Sample(name, started, response_time, exception is not None))

    env.events.request.add_listener(record)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users / ramp if ramp else users)
    gevent.spawn_later(ramp + seconds, runner.quit)
    runner.greenlet.join()
    return [s for s in samples if s.started >= ramp]


def burst(base: str, users: int) -> list[Sample]:
    """Every user asks for a page at the same instant: the worst start a server can get."""
    go = gevent.event.Event()
    samples: list[Sample] = []

    def one(path: str) -> None:
        with requests.Session() as client:
            go.wait()
            began = time.monotonic()
            ok = client.get(base + path, timeout=30).ok
            samples.append(Sample(f"page {path}", 0.0, 1000 * (time.monotonic() - began), not ok))

    workers = [gevent.spawn(one, PAGES[i % len(PAGES)]) for i in range(users)]
    gevent.sleep(0.5)  # every worker is waiting at the gate
    go.set()
    gevent.joinall(workers)
    return samples


def groups(samples: list[Sample], seconds: float) -> dict[str, Group]:
    return {
        prefix: Group.of([s for s in samples if s.name.startswith(prefix)], seconds)
        for prefix in ("page", "floor", "grade", "judge")
    }


def print_detail(samples: list[Sample], seconds: float) -> None:
    for name in sorted({s.name for s in samples}):
        g = Group.of([s for s in samples if s.name == name], seconds)
        print(f"{name:45} n={g.requests:4} p50={g.p50:4.0f} p99={g.p99:4.0f} max={g.max:5.0f}")


def warm(base: str) -> None:
    """A plan saved and the model and judge used once, so the runs measure the steady state."""
    interview_day = (date.today() + timedelta(weeks=6)).isoformat()
    requests.post(f"{base}/api/plan", json={"interview_date": interview_day}, timeout=60)
    requests.post(f"{base}/api/practice/knn-basics/answer", json={"answer": ANSWER}, timeout=120)
    requests.post(f"{base}/api/challenges/softmax/check", json={"source": SOFTMAX}, timeout=60)
    for path in PAGES:
        requests.get(base + path, timeout=30)


def table(single: dict[str, Group], many: dict[str, Group], herd: Group, users: int) -> str:
    rows = [
        "| requests | users | count | errors | req/s | p50 ms | p95 ms | p99 ms | max ms "
        "| p99 vs 1 user |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    labels = {
        "floor": "floor: static file",
        "page": "pages (no grading/judge)",
        "grade": "grading",
        "judge": "judge",
    }

    def row(label: str, count: int, g: Group, ratio: str, rate: str = "") -> str:
        rate = rate or f"{g.rps:.1f}"
        return (
            f"| {label} | {count} | {g.requests} | {g.failures} | {rate} | "
            f"{g.p50:.0f} | {g.p95:.0f} | {g.p99:.0f} | {g.max:.0f} | {ratio} |"
        )

    for key, label in labels.items():
        rows.append(row(label, 1, single[key], _ratio(single[key], single[key])))
        rows.append(row(label, users, many[key], _ratio(many[key], single[key])))
    label = "start burst: one page each, all at the same instant"
    rows.append(row(label, users, herd, _ratio(herd, single["page"]), rate="—"))
    return "\n".join(rows)


def _ratio(loaded: Group, alone: Group) -> str:
    return f"{loaded.p99 / alone.p99:.1f}x" if alone.requests and loaded.requests else "—"


def section(
    text: str, users: int, seconds: float, ramp: float, page99: float, errors: int, machine: str
) -> str:
    verdict = "met" if page99 <= 50 and errors == 0 else "missed"
    return (
        "## Web\n\n"
        f"Produced by `python bench/web.py` on {date.today().isoformat()}: "
        f"{platform.machine()} with {_cores()} cores, Python "
        f"{platform.python_version()}, locust and the server on the same machine (loopback). "
        f"{users} simulated learners arrive over {ramp:g} s and are then measured for "
        f"{seconds:g} s; then 1 learner for {seconds:g} s. Each clicks every 1-3 s: mostly "
        "one of 11 pages, sometimes answers a concept question (graded by the sentence model) "
        "or submits the softmax solution (judged in the sandbox). The floor is a static file "
        "served without app work. The start burst is measured apart: every learner asks for a "
        "page at the same instant, once. Latencies are exact (locust's request events), "
        "percentiles are latencies that were seen. "
        f"Machine: {machine}.\n\n"
        f"{text}\n\n"
        f"Target: p99 ≤ 50 ms for pages without grading or judging and no errors, with "
        f"{users} learners browsing: **{verdict}** (page p99 {page99:.0f} ms, {errors} errors).\n"
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
    """Replace the generated part of ## Web; a hand-written ### part after it is kept."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"^## Web\n.*?(?=^##? |^### |\Z)", text, flags=re.S | re.M)
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
    parser.add_argument("--ramp", type=float, default=5, help="seconds over which users arrive")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--pin", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument(
        "--without", default="", help="leave out work, e.g. grade,judge (a diagnostic run)"
    )
    parser.add_argument("--detail", action="store_true", help="print each URL's latencies")
    args = parser.parse_args()
    Learner.skip = frozenset(filter(None, args.without.split(",")))
    server_cpus, pinned = pinning(args.pin)
    machine = f"{load()}; {pinned}"
    with (
        tempfile.TemporaryDirectory(prefix="mlcoach-web-bench-") as data,
        running_server(Path(data), {"MLCOACH_USER_NAME": "bench"}, server_cpus) as (base, server),
    ):
        warm(base)
        herd = Group.of(burst(base, args.users), 1.0)
        start = Cpu.read(server.pid)
        samples = run(base, args.users, args.seconds, args.ramp)
        cpu = Cpu.read(server.pid).since(start, args.ramp + args.seconds)
        single = groups(run(base, 1, args.seconds, 0), args.seconds)
    many = groups(samples, args.seconds)
    if args.detail:
        print_detail(samples, args.seconds)
    text = table(single, many, herd, args.users)
    errors = herd.failures + sum(g.failures for g in (*many.values(), *single.values()))
    doc = section(
        text, args.users, args.seconds, args.ramp, many["page"].p99, errors, f"{machine}; {cpu}"
    )
    print(doc)
    if not args.no_write:
        write(doc)


if __name__ == "__main__":
    main()
