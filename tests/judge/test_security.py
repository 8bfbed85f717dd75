"""Hostile submissions against the real sandbox.

Every attack must end with the right verdict, leave no process behind, and leave the judge able
to accept a correct solution straight after (same warm worker, still alive). If an attack gets
through, fix the sandbox (src/mlcoach/judge/), never this file.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import pickle
import shutil
import sqlite3
import tempfile
import textwrap
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlcoach.content.models import Challenge
from mlcoach.judge import sandbox, wire
from mlcoach.judge.child import frame
from mlcoach.judge.executor import ExecOutcome, Executor, Job
from mlcoach.judge.pool import SubprocessExecutor, ZygoteExecutor
from mlcoach.judge.results import JudgeResult, Verdict
from mlcoach.judge.runner import judge

REPO = Path(__file__).resolve().parents[2]
NOBODY = sandbox.NOBODY_UID
MARGIN_SECONDS = 3.0  # generous: timing precision belongs to bench/judge.py

_protections = sandbox.protections()
needs_landlock = pytest.mark.skipif(
    _protections["landlock"] != "on", reason=f"landlock: {_protections['landlock']}"
)
needs_seccomp = pytest.mark.skipif(
    _protections["seccomp"] != "on", reason=f"seccomp: {_protections['seccomp']}"
)


def sub(body: str, header: str = "") -> str:
    """A submission whose `solve(x)` runs `body`."""
    code = textwrap.indent(textwrap.dedent(body).strip("\n") + "\n", "    ")
    return f"{header}def solve(x):\n{code}"


@dataclass
class Harness:
    """Judges a submission and checks the aftermath: no strays, same workers, next one AC."""

    executor: Executor
    challenge: Challenge
    family: Callable[[], dict[int, int]]
    workers: set[int] = field(default_factory=set)
    baseline: dict[int, int] = field(default_factory=dict)

    def attack(
        self,
        source: str,
        verdict: Verdict,
        challenge: Challenge | None = None,
    ) -> JudgeResult:
        result = judge(challenge or self.challenge, source, self.executor)
        assert result.verdict == verdict, json.dumps(result.to_dict(), indent=1)
        self.assert_clean()
        follow = judge(self.challenge, self.challenge.solution, self.executor)
        assert follow.verdict == Verdict.AC, json.dumps(follow.to_dict(), indent=1)
        self.assert_clean()
        return result

    def assert_clean(self) -> None:
        now = self.family()
        strays = {pid: uid for pid, uid in now.items() if pid not in self.baseline}
        assert strays == {}, f"processes left behind (pid: uid): {strays}"
        assert NOBODY not in now.values()
        assert self.workers <= now.keys(), "a warm worker died"


@pytest.fixture(scope="module")
def zygote(double: Challenge, family: Callable[[], dict[int, int]]) -> Iterator[Harness]:
    before = family()
    executor = ZygoteExecutor(size=1)
    executor.warm_up()
    judge(double, double.solution, executor)  # the first run also probes protections once
    now = family()
    workers = set(now) - set(before)
    assert len(workers) == 1
    yield Harness(executor, double, family, workers, now)
    executor.close()
    assert not set(family()) & workers, "the zygote outlived close()"


@pytest.fixture(scope="module")
def oneshot(double: Challenge, family: Callable[[], dict[int, int]]) -> Harness:
    return Harness(SubprocessExecutor(), double, family, set(), family())


@pytest.fixture(scope="module")
def secrets() -> Iterator[dict[str, Path]]:
    """A data folder like the product's: world-readable, so only the sandbox keeps it safe."""
    root = Path(tempfile.mkdtemp(prefix="mlcoach-secret-data-"))
    root.chmod(0o755)
    db = root / "mlcoach.db"
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("create table users (name text, password_hash text)")
        conn.execute("insert into users values ('alice', 'secret-hash')")
    db.chmod(0o644)
    workspace = root / "workspaces" / "alice"
    workspace.mkdir(parents=True)
    for folder in (root / "workspaces", workspace):
        folder.chmod(0o755)
    (workspace / "solution.py").write_text("ALICE_SECRET = 42\n")
    (workspace / "solution.py").chmod(0o644)
    yield {"db": db, "workspace": workspace, "root": root}
    shutil.rmtree(root)


# --- attacks with a fixed source ----------------------------------------------------------

NETWORK = {
    "tcp-connect-postgres": """
        import socket
        socket.create_connection(("127.0.0.1", 5432), timeout=1)
        return 2 * x
    """,
    "udp-sendto": """
        import socket
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("127.0.0.1", 53))
        return 2 * x
    """,
    "listen-on-loopback": """
        import socket
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen()
        return 2 * x
    """,
    "unix-socketpair": """
        import socket
        socket.socketpair()
        return 2 * x
    """,
    "ctypes-socket-syscall": """
        import ctypes
        ctypes.CDLL(None).syscall(41, 2, 1, 0)  # socket(AF_INET, SOCK_STREAM, 0)
        return 2 * x
    """,
}

PROCESSES = {
    "fork-bomb": """
        import os
        while True:
            os.fork()
    """,
    "subprocess-run": """
        import subprocess
        subprocess.run(["ls"])
        return 2 * x
    """,
    "os-system": """
        import os
        os.system("ls")
        return 2 * x
    """,
    "execv": """
        import os
        os.execv("/bin/ls", ["ls"])
    """,
    "posix-spawn": """
        import os
        os.posix_spawn("/bin/ls", ["ls"], {})
        return 2 * x
    """,
    "ctypes-fork-syscall": """
        import ctypes
        ctypes.CDLL(None).syscall(57)  # fork
        return 2 * x
    """,
    "unshare-user-namespace": """
        import ctypes
        ctypes.CDLL(None).unshare(0x10000000)
        return 2 * x
    """,
    "ptrace-attach-parent": """
        import ctypes, os
        ctypes.CDLL(None).ptrace(16, os.getppid(), 0, 0)
        return 2 * x
    """,
    "setuid-root": """
        import os
        os.setuid(0)
        return 2 * x
    """,
    "read-kernel-log": """
        import ctypes
        buffer = ctypes.create_string_buffer(4096)
        ctypes.CDLL(None).klogctl(3, buffer, 4096)  # syslog(SYSLOG_ACTION_READ_ALL)
        return 2 * x
    """,
    "io-uring": """
        import ctypes
        params = ctypes.create_string_buffer(120)
        ctypes.CDLL(None).syscall(425, 8, params)  # io_uring_setup
        return 2 * x
    """,
}

SIGNALS = {
    "kill-parent": """
        import os
        os.kill(os.getppid(), 9)
        return 2 * x
    """,
    "kill-init": """
        import os
        os.kill(1, 9)
        return 2 * x
    """,
    "killpg-parent-group": """
        import os
        os.killpg(os.getpgid(os.getppid()), 9)
        return 2 * x
    """,
    "killpg-own-group": """
        import os
        os.killpg(0, 9)
        return 2 * x
    """,
    "kill-everyone": """
        import os
        os.kill(-1, 9)
        return 2 * x
    """,
    "sigqueue-parent": """
        import ctypes, os
        ctypes.CDLL(None).syscall(129, os.getppid(), 9, 0)  # rt_sigqueueinfo
        return 2 * x
    """,
    "prlimit-parent": """
        import os, resource
        resource.prlimit(os.getppid(), resource.RLIMIT_CPU, (0, 0))
        return 2 * x
    """,
}

EXITS = {
    "sys-exit": """
        import sys
        sys.exit(3)
    """,
    "os-exit": """
        import os
        os._exit(3)
    """,
    "raise-systemexit": "raise SystemExit('bye')",
    "raise-keyboardinterrupt": "raise KeyboardInterrupt",
    "sigterm-self": """
        import os, signal
        os.kill(os.getpid(), signal.SIGTERM)
    """,
    "segfault": """
        import ctypes
        ctypes.string_at(0)
    """,
}

MEMORY = {
    "bytearray-4gib": "return bytearray(4 * 1024**3)",
    "numpy-huge-array": """
        import numpy as np
        return np.ones((1 << 31,))
    """,
    "creeping-leak": """
        hog = []
        while True:
            hog.append(bytearray(16 * 1024 * 1024))
    """,
}

TIME = {
    "cpu-loop": """
        while True:
            pass
    """,
    "sleep": """
        import time
        time.sleep(60)
    """,
    "wait-forever": """
        import threading
        threading.Event().wait()
    """,
}

OUTPUT = {
    "disk-flood-one-file": """
        with open("big.bin", "wb") as f:
            while True:
                f.write(b"x" * 65536)
    """,
    "disk-flood-many-files": """
        i = 0
        while True:
            with open(f"part{i}.bin", "wb") as f:
                f.write(b"x" * 8192)
            i += 1
    """,
    "gigantic-return": """
        import numpy as np
        return np.ones(9 * 1024 * 1024)  # 72 MiB, over the 64 MiB result cap
    """,
}

SERIALISATION = {  # id: (source, words the message must contain)
    "return-lambda": ("return lambda: 1", "cannot return a value of type function"),
    "return-object-array": (
        """
        import numpy as np
        return np.array([object(), object()])
    """,
        "arrays of Python objects",
    ),
    "return-cyclic-list": (
        """
        a = []
        a.append(a)
        return a
    """,
        "nested too deeply",
    ),
    "return-custom-object": (
        """
        class Box:
            pass
        return Box()
    """,
        "cannot return a value of type Box",
    ),
}

COMPILE = {
    "syntax-error": "def solve(x:\n    return x\n",
    "missing-entry-point": "def solve_it(x):\n    return 2 * x\n",
    "exit-at-import": "import sys\nsys.exit(0)\n\n\ndef solve(x):\n    return 2 * x\n",
    "import-error": "import no_such_module_here\n\n\ndef solve(x):\n    return 2 * x\n",
}


def _cases(groups: dict[str, str], verdict: Verdict) -> list[Any]:
    return [pytest.param(sub(src), verdict, id=name) for name, src in groups.items()]


ZYGOTE_ATTACKS = (
    _cases(NETWORK, Verdict.SV)
    + _cases(PROCESSES, Verdict.SV)
    + _cases(SIGNALS, Verdict.SV)
    + _cases(EXITS, Verdict.RE)
    + _cases(MEMORY, Verdict.MLE)
    + _cases(OUTPUT, Verdict.OLE)
)


@needs_seccomp
@pytest.mark.parametrize(("source", "verdict"), ZYGOTE_ATTACKS)
def test_zygote_stops_attack(zygote: Harness, source: str, verdict: Verdict) -> None:
    result = zygote.attack(source, verdict)
    assert result.passed == 0


@pytest.mark.parametrize("name", sorted(COMPILE))
def test_broken_code_is_a_compile_error(zygote: Harness, name: str) -> None:
    result = zygote.attack(COMPILE[name], Verdict.CE)
    assert all(c.status.value == "not_run" for c in result.cases)
    assert result.message


@needs_seccomp
def test_attack_at_import_time_is_blocked(zygote: Harness) -> None:
    zygote.attack(
        "import socket\nsocket.socket()\n\n\ndef solve(x):\n    return 2 * x\n", Verdict.SV
    )


@needs_landlock
def test_a_file_blocked_at_import_time_is_named_in_the_verdict(zygote: Harness) -> None:
    source = "print(open('/etc/passwd').read()[:300])\n\n\ndef solve(x):\n    return 2 * x\n"
    result = zygote.attack(source, Verdict.SV)
    reason = result.cases[0].message
    assert result.cases[0].status.value == "blocked"
    assert "PermissionError" in reason and "/etc/passwd" in reason
    assert "root:" not in result.stdout


@pytest.mark.parametrize("name", sorted(SERIALISATION))
def test_unreturnable_values_get_a_clear_message(zygote: Harness, name: str) -> None:
    source, words = SERIALISATION[name]
    result = zygote.attack(sub(source), Verdict.RE)
    assert words in result.cases[0].message


@pytest.mark.parametrize("name", sorted(TIME))
def test_time_limits(zygote: Harness, name: str) -> None:
    result = zygote.attack(sub(TIME[name]), Verdict.TLE)
    limit = zygote.challenge.limits.wall_seconds
    assert result.duration_ms < (limit + MARGIN_SECONDS) * 1000
    assert "time limit" in result.cases[0].message


def test_print_flood_is_cut_and_marked(zygote: Harness) -> None:
    result = zygote.attack(sub("while True:\n    print('spam ' * 20)"), Verdict.OLE)
    assert result.stdout_truncated
    assert result.stdout.startswith("spam spam")
    assert len(result.stdout) <= zygote.challenge.limits.output_kb * 1024


def test_caught_print_flood_is_still_ole(zygote: Harness) -> None:
    source = sub("""
        try:
            while True:
                print("spam " * 20)
        except BaseException:
            pass
        return 2 * x
    """)
    result = zygote.attack(source, Verdict.OLE)
    assert result.stdout_truncated


def test_stderr_flood_is_ole(zygote: Harness) -> None:
    result = zygote.attack(
        sub("import sys\nwhile True:\n    sys.stderr.write('e' * 100)"), Verdict.OLE
    )
    assert result.stdout_truncated


@needs_landlock
def test_files_outside_the_sandbox_cannot_be_read(
    zygote: Harness, secrets: dict[str, Path]
) -> None:
    targets = [
        secrets["db"],
        secrets["workspace"] / "solution.py",
        "/etc/shadow",
        REPO / "content" / "challenges" / "softmax" / "solution.py",
        REPO / "pyproject.toml",
    ]
    for target in targets:
        zygote.attack(sub(f"return open({str(target)!r}, 'rb').read()"), Verdict.SV)
    zygote.attack(
        sub("import os\nreturn open(f'/proc/{os.getppid()}/environ', 'rb').read()"), Verdict.SV
    )
    zygote.attack(sub(f"import os\nreturn os.listdir({str(secrets['workspace'])!r})"), Verdict.SV)
    zygote.attack(sub("import os\nreturn os.listdir('/')"), Verdict.SV)
    zygote.attack(
        sub("import os\nos.symlink('/etc/passwd', 'p')\nreturn open('p').read()"), Verdict.SV
    )


@needs_landlock
def test_files_outside_the_sandbox_cannot_be_written(
    zygote: Harness, secrets: dict[str, Path]
) -> None:
    name = f"mlcoach-attack-{uuid.uuid4().hex}"
    targets = [
        Path("/tmp") / name,
        REPO / name,
        secrets["workspace"] / name,
        secrets["root"] / name,
    ]
    try:
        for target in targets:
            zygote.attack(
                sub(f"open({str(target)!r}, 'w').write('pwned')\nreturn 2 * x"), Verdict.SV
            )
        assert not any(t.exists() for t in targets)
        zygote.attack(sub(f"import os\nos.remove({str(secrets['db'])!r})"), Verdict.SV)
        assert secrets["db"].exists()
    finally:
        for target in targets:
            target.unlink(missing_ok=True)


FD_PROBE = sub("""
    import fcntl, os, stat
    seen, readable, sockets = [], [], []
    for fd in range(3, 4096):  # the parent may hold many descriptors, so numbers run high
        try:
            info = os.fstat(fd)
        except OSError:
            continue
        seen.append(fd)
        if stat.S_ISSOCK(info.st_mode):
            sockets.append(fd)
        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE != os.O_WRONLY:
            readable.append(fd)
            os.set_blocking(fd, False)
            try:
                os.read(fd, 1)
            except OSError:
                pass
    return repr((seen, readable, sockets))
""")


def _probe_report(result: JudgeResult) -> tuple[list[int], list[int], list[int]]:
    got = result.cases[0].got
    assert got is not None, result.to_dict()
    report: tuple[list[int], list[int], list[int]] = ast.literal_eval(ast.literal_eval(got))
    return report


@pytest.mark.parametrize("harness", ["zygote", "oneshot"])
def test_only_the_result_pipe_is_inherited(request: pytest.FixtureRequest, harness: str) -> None:
    """No control socket, no job pipe, nothing readable: one write-only pipe for results."""
    runner: Harness = request.getfixturevalue(harness)
    seen, readable, sockets = _probe_report(runner.attack(FD_PROBE, Verdict.WA))
    assert len(seen) == 1, seen
    assert readable == []
    assert sockets == []


def test_clone3_fails_quietly(zygote: Harness) -> None:
    """clone3 hides its flags in memory seccomp cannot read, so it fails with ENOSYS for all
    (glibc then starts threads with clone): no process, and the submission carries on."""
    source = sub("""
        import ctypes, os
        args = ctypes.create_string_buffer(88)  # struct clone_args, all zero: like fork()
        pid = ctypes.CDLL(None).syscall(435, args, 88)
        if pid == 0:
            os._exit(0)  # the child, had there been one
        if pid > 0:
            raise RuntimeError(f"clone3 made process {pid}")
        return 2 * x
    """)
    zygote.attack(source, Verdict.AC)


def test_submissions_are_not_dumpable(zygote: Harness) -> None:
    """No core dumps (even via a piped core_pattern); same-uid processes cannot ptrace it."""
    source = sub("""
        import ctypes
        return repr(ctypes.CDLL(None).prctl(3, 0, 0, 0, 0))  # PR_GET_DUMPABLE
    """)
    got = zygote.attack(source, Verdict.WA).cases[0].got
    assert got is not None and ast.literal_eval(got) == "0"


@pytest.mark.parametrize(
    ("source", "verdict"),
    [
        pytest.param(sub(NETWORK["tcp-connect-postgres"]), Verdict.SV, id="tcp-connect"),
        pytest.param(sub(PROCESSES["fork-bomb"]), Verdict.SV, id="fork-bomb"),
        pytest.param(sub(PROCESSES["execv"]), Verdict.SV, id="execv"),
        pytest.param(sub(PROCESSES["ctypes-fork-syscall"]), Verdict.SV, id="ctypes-fork"),
        pytest.param(sub(SIGNALS["kill-parent"]), Verdict.SV, id="kill-parent"),
        pytest.param(sub("return open('/etc/passwd').read()"), Verdict.SV, id="read-etc"),
        pytest.param(sub(MEMORY["bytearray-4gib"]), Verdict.MLE, id="bytearray-4gib"),
        pytest.param(sub(TIME["sleep"]), Verdict.TLE, id="sleep"),
        pytest.param(sub(OUTPUT["disk-flood-many-files"]), Verdict.OLE, id="disk-flood"),
        pytest.param(sub("while True:\n    print('spam')"), Verdict.OLE, id="print-flood"),
        pytest.param(sub(EXITS["os-exit"]), Verdict.RE, id="os-exit"),
        pytest.param(COMPILE["syntax-error"], Verdict.CE, id="syntax-error"),
    ],
)
@needs_seccomp
def test_subprocess_executor_stops_attack(oneshot: Harness, source: str, verdict: Verdict) -> None:
    result = oneshot.attack(source, verdict)
    if verdict == Verdict.TLE:  # the clock starts when the fresh interpreter is ready
        limit = oneshot.challenge.limits.wall_seconds
        assert result.duration_ms < (limit + 1.0 + MARGIN_SECONDS) * 1000


@needs_landlock
def test_subprocess_executor_keeps_data_private(oneshot: Harness, secrets: dict[str, Path]) -> None:
    oneshot.attack(sub(f"return open({str(secrets['db'])!r}, 'rb').read()"), Verdict.SV)
    target = Path("/tmp") / f"mlcoach-attack-{uuid.uuid4().hex}"
    try:
        oneshot.attack(sub(f"open({str(target)!r}, 'w').write('x')\nreturn 2 * x"), Verdict.SV)
        assert not target.exists()
    finally:
        target.unlink(missing_ok=True)


def test_forged_result_frames_cannot_break_the_judge(zygote: Harness) -> None:
    """The result pipe is the submission's to write: garbage there is its problem, not ours."""
    source = sub("""
        import os
        from mlcoach.judge.child import frame
        for fd in range(3, 64):
            for forged in ({"t": "case", "i": "zz", "ok": True, "ms": "x"},
                           {"t": "done", "truncated": [1, 2], "stdout": 7},
                           {"t": {"x": 1}}, [1, 2, 3]):
                try:
                    os.write(fd, frame(forged))
                except OSError:
                    pass
        os._exit(0)
    """)
    result = zygote.attack(source, Verdict.RE)
    json.dumps(result.to_dict())


# --- the wire format: bytes from the sandbox can fail to decode, never run code ----------


class _Trap:
    """Unpickling this would run code: it must never happen in the judge."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (exec, (f"open({str(self.marker)!r}, 'w').write('ran')",))


def _plain(value: Any) -> bool:
    if value is None or isinstance(value, bool | int | float | str | bytes):
        return True
    if isinstance(value, np.ndarray):
        return value.dtype != object
    if isinstance(value, list | tuple):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    return False


def _npy(array: np.ndarray[Any, Any], allow_pickle: bool = False) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=allow_pickle)
    return buffer.getvalue()


def test_pickle_payloads_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    trap = np.empty(1, dtype=object)
    trap[0] = _Trap(marker)
    npy = _npy(trap, allow_pickle=True)
    pickled = pickle.dumps(trap)

    def forged(header: Any, blob: bytes) -> bytes:
        text = json.dumps(header).encode()
        return (
            len(text).to_bytes(4, "little")
            + (1).to_bytes(4, "little")
            + text
            + len(blob).to_bytes(8, "little")
            + blob
        )

    attempts = [
        forged({"__nd__": 0}, npy),  # an .npy file holding a pickle
        forged({"__nd__": [0, "|O", [1]]}, pickled[:8]),  # object dtype, pointer-sized blob
        forged({"__nd__": [0, "|O", [len(pickled) // 8]]}, pickled[: len(pickled) // 8 * 8]),
        forged({"__nd__": [0, "[('a', 'O')]", [1]]}, pickled[:8]),  # objects inside a record
        forged({"__nd__": [0, "(1,)O", [1]]}, pickled[:8]),  # objects inside a subarray
        pickle.dumps(_Trap(marker)),
        pickle.dumps([_Trap(marker)], protocol=0),
    ]
    for data in attempts:
        with pytest.raises(wire.WireError):
            wire.decode(data)
    assert not marker.exists()


values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**62), 2**62)
    | st.floats()
    | st.text(max_size=8)
    | st.binary(max_size=8)
    | st.builds(np.array, st.lists(st.floats(allow_nan=True), max_size=4)),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=256))
def test_garbage_bytes_are_refused_or_plain(data: bytes) -> None:
    try:
        value = wire.decode(data)
    except wire.WireError:
        return
    assert _plain(value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_every_cut_of_a_valid_encoding_is_refused(value: Any) -> None:
    data = wire.encode(value)
    for cut in range(len(data)):
        with pytest.raises(wire.WireError):
            wire.decode(data[:cut])
    with pytest.raises(wire.WireError):
        wire.decode(data + b"\x00")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values, st.data())
def test_damaged_encodings_are_refused_or_plain(value: Any, data: st.DataObject) -> None:
    encoded = bytearray(wire.encode(value))
    index = data.draw(st.integers(0, len(encoded) - 1))
    encoded[index] = data.draw(st.integers(0, 255))
    try:
        decoded = wire.decode(bytes(encoded))
    except wire.WireError:
        return
    assert _plain(decoded)


@dataclass
class _Forger:
    """An executor whose 'submission' wrote arbitrary frames to its result pipe."""

    frames: bytes
    ending: str = "finished"
    name: str = "forger"

    def run(self, job: Job) -> ExecOutcome:
        return ExecOutcome(self.ending, self.frames, 1.0)

    def protections(self) -> dict[str, str]:
        return {"sandbox": "on"}

    def close(self) -> None:
        return None


field_values = (
    st.none()
    | st.booleans()
    | st.integers(-3, 5)
    | st.floats()
    | st.text(max_size=6)
    | st.binary(max_size=16)
    | st.lists(st.integers(), max_size=3)
    | st.dictionaries(
        st.sampled_from(["type", "message", "errno", "trace"]),
        st.integers() | st.text(max_size=4),
        max_size=3,
    )
)
forged_frames = st.lists(
    st.dictionaries(
        st.sampled_from(
            ["t", "i", "ok", "ms", "value", "error", "stdout", "truncated", "message", "trace"]
        ),
        st.sampled_from(["case", "done", "ce", "ole", "ie"]) | field_values,
        max_size=6,
    )
    | field_values,
    max_size=5,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    forged_frames,
    st.binary(max_size=6),
    st.sampled_from(["finished", "timeout", "crashed", "blocked"]),
)
def test_any_frames_give_a_result_never_an_exception(
    double: Challenge, frames: list[Any], tail: bytes, ending: str
) -> None:
    data = b"".join(frame(f) for f in frames) + tail
    result = judge(double, double.solution, _Forger(data, ending))
    assert result.verdict in set(Verdict)
    json.dumps(result.to_dict())
