"""The policy a submission's process puts on itself before running any learner code.

Order matters: close inherited descriptors, set resource limits, drop to an unprivileged uid,
then Landlock (filesystem, network, signals) and seccomp (no fork, exec, sockets, ptrace).
Landlock is a handful of syscalls with no maintained Python binding, so it is called through
ctypes here; seccomp uses libseccomp through `pyseccomp`.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import math
import os
import resource
import stat
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NOBODY_UID = 65534
NOBODY_GID = 65534
_libc = ctypes.CDLL(None, use_errno=True)

# Landlock ABI (linux/landlock.h); syscall numbers are x86_64's.
_SYS_CREATE_RULESET, _SYS_ADD_RULE, _SYS_RESTRICT_SELF = 444, 445, 446
_RULE_PATH_BENEATH = 1
_FS_EXECUTE, _FS_READ_FILE, _FS_READ_DIR = 1 << 0, 1 << 2, 1 << 3
_FS_ALL_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 5: (1 << 16) - 1}
_NET_ALL = (1 << 0) | (1 << 1)  # bind and connect TCP (ABI 4+)
_SCOPE_ALL = (1 << 0) | (1 << 1)  # abstract unix sockets and signals outside (ABI 6+)
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_DUMPABLE = 4
# Private mount namespace with a size-capped tmpfs as the work folder (root only).
_CLONE_NEWNS = 0x00020000
_MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 2, 4, 8
_MS_BIND, _MS_REC, _MS_PRIVATE = 1 << 12, 1 << 14, 1 << 18
WORKDIR_INODES = 256


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, or 0 when Landlock is unavailable."""
    version = _libc.syscall(_SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    return max(int(version), 0)


def _import_seccomp() -> Any:
    # Imported while files are still readable: after Landlock, loading libseccomp would fail.
    try:
        import pyseccomp
    except (ImportError, OSError):
        return None
    return pyseccomp


_seccomp = _import_seccomp()


def seccomp_available() -> bool:
    return _seccomp is not None


@dataclass(frozen=True)
class Policy:
    wall_seconds: float
    cpu_seconds: float
    memory_mb: int
    file_kb: int
    read_only: tuple[str, ...]
    read_write: tuple[str, ...]


@functools.cache
def read_only_paths() -> tuple[str, ...]:
    """Only the interpreter and installed packages: never the repo, the bank or user data."""
    import numpy

    candidates = {
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        str(Path(numpy.__file__).parents[1]),
        str(Path(__file__).parents[1]),
        "/usr/lib",
        "/usr/lib64",
        "/lib",
        "/lib64",
        "/usr/share/zoneinfo",
    }
    return tuple(sorted(p for p in candidates if os.path.isdir(p)))


def close_inherited_fds(keep: tuple[int, ...]) -> None:
    """stdin/stdout/stderr become /dev/null; every other descriptor but `keep` is closed."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        if fd not in keep:
            os.dup2(null, fd)
    low = 3
    for fd in [*sorted(k for k in keep if k >= 3), os.sysconf("SC_OPEN_MAX")]:
        os.closerange(low, fd)
        low = fd + 1
    if null not in keep and null > 2:
        with contextlib.suppress(OSError):
            os.close(null)


def set_limits(policy: Policy) -> None:
    baseline = _virtual_memory_bytes()
    memory = baseline + policy.memory_mb * 1024 * 1024
    # RLIMIT_CPU counts the whole process, in whole seconds: a fresh interpreter (one-shot
    # executor) has already spent some importing; a forked zygote child starts near zero.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = max(1, math.ceil(policy.cpu_seconds)) + round(usage.ru_utime + usage.ru_stime)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))  # soft < hard: SIGXCPU first
    resource.setrlimit(resource.RLIMIT_FSIZE, (policy.file_kb * 1024, policy.file_kb * 1024))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # Not dumpable: no core dump even through a piped core_pattern (apport, systemd-coredump),
    # and other processes of the same uid cannot ptrace it or read its /proc files.
    if _libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE) failed")
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
    resource.setrlimit(resource.RLIMIT_NPROC, (8, 8))


def _virtual_memory_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def workdir_options(policy: Policy) -> bytes:
    size = policy.file_kb * 1024
    return (
        f"size={size},nr_inodes={WORKDIR_INODES},mode=0700,uid={NOBODY_UID},gid={NOBODY_GID}"
    ).encode()


def private_mounts(policy: Policy) -> bool:
    """As root, give this process its own mount namespace and return whether the disk is capped.

    - The work folder becomes a tmpfs of `file_kb`: RLIMIT_FSIZE caps one file, this caps them
      all (many small files end in ENOSPC), and it vanishes with the process. Without root the
      executor measures the folder after the run instead.
    - Folders nobody cannot enter on the way to the interpreter (e.g. /root holding pyenv) are
      covered by an empty tmpfs with just the needed paths bound back: otherwise the unprivileged
      child could only use modules the zygote had already imported.

    Must run before Landlock, whose rules name the mounted folders.
    """
    if os.geteuid() != 0 or not policy.read_write:
        return False
    if _libc.unshare(_CLONE_NEWNS) != 0:
        return False
    if _libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None) != 0:
        return False
    for ancestor, paths in (
        *hidden_ancestors(policy.read_only),
        *hidden_ancestors(policy.read_write),
    ):
        _reveal(ancestor, paths)
    flags = _MS_NOSUID | _MS_NODEV | _MS_NOEXEC
    return all(
        _libc.mount(b"tmpfs", path.encode(), b"tmpfs", flags, workdir_options(policy)) == 0
        for path in policy.read_write
    )


def _nobody_can_enter(path: Path) -> bool:
    info = path.stat()
    if info.st_uid == NOBODY_UID:
        return bool(info.st_mode & stat.S_IXUSR)
    if info.st_gid == NOBODY_GID:
        return bool(info.st_mode & stat.S_IXGRP)
    return bool(info.st_mode & stat.S_IXOTH)


@functools.cache
def hidden_ancestors(paths: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The topmost folder nobody cannot enter above each path, with the paths beneath it."""
    groups: dict[str, list[str]] = {}
    for path in sorted(paths):
        for ancestor in reversed(Path(path).parents[:-1]):  # from just below "/" down
            if not _nobody_can_enter(ancestor):
                covered = groups.setdefault(str(ancestor), [])
                if not any(Path(path).is_relative_to(c) for c in covered):
                    covered.append(path)
                break
    return tuple((a, tuple(p)) for a, p in groups.items())


def _reveal(ancestor: str, paths: tuple[str, ...]) -> None:
    """Cover `ancestor` with an empty tmpfs and bind `paths` back (held open while covered)."""
    fds = [os.open(p, os.O_PATH | os.O_CLOEXEC) for p in paths]
    try:
        if (
            _libc.mount(
                b"tmpfs", ancestor.encode(), b"tmpfs", _MS_NOSUID | _MS_NODEV, b"mode=0755,size=64k"
            )
            != 0
        ):
            return
        os.umask(0o022)
        for path, fd in zip(paths, fds, strict=True):
            os.makedirs(path, exist_ok=True)
            _libc.mount(
                f"/proc/self/fd/{fd}".encode(), path.encode(), None, _MS_BIND | _MS_REC, None
            )
    finally:
        for fd in fds:
            os.close(fd)


_PROBE = """
import ctypes, sys
libc = ctypes.CDLL(None, use_errno=True)
ok = (libc.unshare(0x00020000) == 0
      and libc.mount(b"none", b"/", None, (1 << 14) | (1 << 18), None) == 0
      and libc.mount(b"tmpfs", sys.argv[1].encode(), b"tmpfs", 14, b"size=4096") == 0)
sys.exit(0 if ok else 1)
"""


@functools.cache
def workdir_cap_available() -> bool:
    """Whether `private_mounts` works here (root, and mounts allowed): probed once, in a process."""
    if os.geteuid() != 0:
        return False
    with tempfile.TemporaryDirectory(prefix="mlcoach-probe-") as path:
        try:
            probe = subprocess.run(
                [sys.executable, "-I", "-c", _PROBE, path],
                capture_output=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return False
    return probe.returncode == 0


def drop_privileges() -> bool:
    """Switch to nobody when running as root; returns whether the uid changed."""
    if os.geteuid() != 0:
        return False
    os.setgroups([])
    os.setresgid(NOBODY_GID, NOBODY_GID, NOBODY_GID)
    os.setresuid(NOBODY_UID, NOBODY_UID, NOBODY_UID)
    return True


def prepare_landlock(policy: Policy) -> int | None:
    """Build the ruleset while still privileged (paths under /root need root to open)."""
    abi = landlock_abi()
    if abi < 1:
        return None
    fs_all = _FS_ALL_BY_ABI[max(k for k in _FS_ALL_BY_ABI if k <= abi)]
    attr = _RulesetAttr(fs_all, _NET_ALL if abi >= 4 else 0, _SCOPE_ALL if abi >= 6 else 0)
    size = ctypes.sizeof(_RulesetAttr) if abi >= 6 else (16 if abi >= 4 else 8)
    ruleset = int(
        _libc.syscall(
            _SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0)
        )
    )
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
    ro = _FS_EXECUTE | _FS_READ_FILE | _FS_READ_DIR
    for path in policy.read_only:
        _allow(ruleset, path, ro)
    for path in policy.read_write:
        _allow(ruleset, path, fs_all)
    return ruleset


def restrict_self(ruleset: int | None) -> bool:
    if _libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(NO_NEW_PRIVS) failed")
    if ruleset is None:
        return False
    try:
        if _libc.syscall(_SYS_RESTRICT_SELF, ruleset, ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(ruleset)
    return True


def _allow(ruleset: int, path: str, access: int) -> None:
    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    try:
        rule = _PathBeneathAttr(access, fd)
        if (
            _libc.syscall(
                _SYS_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule), ctypes.c_uint32(0)
            )
            != 0
        ):
            raise OSError(ctypes.get_errno(), f"landlock_add_rule({path}) failed")
    finally:
        os.close(fd)


_KILLED_SYSCALLS = (
    "fork",
    "vfork",
    "execve",
    "execveat",
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "socket",
    "socketpair",
    "connect",
    "bind",
    "listen",
    "accept",
    "accept4",
    "mount",
    "umount2",
    "unshare",
    "setns",
    "chroot",
    "pivot_root",
    "reboot",
    "kexec_load",
    "init_module",
    "finit_module",
    "delete_module",
    "bpf",
    "perf_event_open",
    "keyctl",
    "add_key",
    "request_key",
    "userfaultfd",
    "io_uring_setup",
    "pidfd_open",
    "pidfd_send_signal",
    "pidfd_getfd",
    "mknod",
    "mknodat",
    "iopl",
    "ioperm",
    "swapon",
    "swapoff",
    "acct",
    "settimeofday",
    "clock_settime",
    "quotactl",
    "personality",
    # the new mount API, kernel logs, handles and process comparison (defence in depth: most
    # need privileges nobody lacks, but a denylist should not rely on that)
    "fsopen",
    "fsmount",
    "fsconfig",
    "fspick",
    "open_tree",
    "move_mount",
    "mount_setattr",
    "syslog",
    "kcmp",
    "name_to_handle_at",
    "open_by_handle_at",
    "kexec_file_load",
    "process_madvise",
    "vhangup",
)
_CLONE_THREAD = 0x00010000
_SIGNAL_SYSCALLS = ("kill", "tgkill", "tkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo")
_SELF_ONLY_SYSCALLS = (
    "prlimit64",
    "sched_setaffinity",
    "sched_setscheduler",
    "sched_setparam",
    "sched_setattr",
    "migrate_pages",
    "move_pages",
)


def _seccomp_rules(pid: int) -> Any:
    """Kill the process on any call that would leave the sandbox (SIGSYS → verdict SV)."""
    sc = _seccomp
    if sc is None:
        return None
    rules = sc.SyscallFilter(defaction=sc.ALLOW)
    for name in _KILLED_SYSCALLS:
        # a name this libseccomp does not know is a call it cannot filter: skip, do not fail
        if sc.resolve_syscall(sc.Arch.NATIVE, name) >= 0:
            rules.add_rule(sc.KILL_PROCESS, name)
    # clone is how threads start too; only new processes (no CLONE_THREAD) are refused
    rules.add_rule(sc.KILL_PROCESS, "clone", sc.Arg(0, sc.MASKED_EQ, _CLONE_THREAD, 0))
    rules.add_rule(sc.ERRNO(errno.ENOSYS), "clone3")  # glibc then falls back to clone
    for name in _SIGNAL_SYSCALLS:  # signals only to ourselves
        rules.add_rule(sc.KILL_PROCESS, name, sc.Arg(0, sc.NE, pid))
    # Every submission runs as the same uid: no touching another one's limits or scheduling.
    for name in _SELF_ONLY_SYSCALLS:  # pid 0 means "this process"
        rules.add_rule(sc.KILL_PROCESS, name, sc.Arg(0, sc.NE, 0))
    rules.add_rule(sc.KILL_PROCESS, "setpriority", sc.Arg(0, sc.NE, 0))  # only PRIO_PROCESS
    rules.add_rule(sc.KILL_PROCESS, "setpriority", sc.Arg(1, sc.NE, 0))  # of pid 0
    return rules


# Compiling the filter takes about a millisecond; the zygote compiles it once with this
# stand-in for the child's pid (no real pid is this large) and each child patches it in.
_PID_PLACEHOLDER = 0x3ABCDEF1
_BPF_INSN = struct.Struct("<HBBI")  # struct sock_filter: code, jt, jf, k
_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 22, 2


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _compile_seccomp(pid: int) -> bytes:
    with tempfile.TemporaryFile() as out:
        _seccomp_rules(pid).export_bpf(out)
        out.seek(0)
        return out.read()


@functools.cache
def seccomp_program() -> bytes | None:
    """The compiled BPF filter with the pid placeholder, or None if it cannot be patched.

    Compiled twice with two stand-ins: the programs must differ only in instructions whose
    constant is the stand-in, so patching those is exactly compiling with the real pid.
    """
    if _seccomp is None:
        return None
    first = _compile_seccomp(_PID_PLACEHOLDER)
    second = _compile_seccomp(_PID_PLACEHOLDER + 1)
    if len(first) != len(second) or len(first) % _BPF_INSN.size:
        return None
    for offset in range(0, len(first), _BPF_INSN.size):
        a, b = _BPF_INSN.unpack_from(first, offset), _BPF_INSN.unpack_from(second, offset)
        pid_slot = a[:3] == b[:3] and (a[3], b[3]) == (_PID_PLACEHOLDER, _PID_PLACEHOLDER + 1)
        if (a != b and not pid_slot) or (a == b and a[3] == _PID_PLACEHOLDER):
            return None
    return first


def prepare_seccomp() -> bytes | None:
    """This process's filter: the compiled program with our pid where the placeholder was."""
    if _seccomp is None:
        return None
    template = seccomp_program()
    if template is None:
        return _compile_seccomp(os.getpid())
    patched = bytearray(template)
    for offset in range(0, len(patched), _BPF_INSN.size):
        code, jt, jf, k = _BPF_INSN.unpack_from(patched, offset)
        if k == _PID_PLACEHOLDER:
            _BPF_INSN.pack_into(patched, offset, code, jt, jf, os.getpid())
    return bytes(patched)


def load_seccomp(program: bytes) -> None:
    """Install the filter (no_new_privs is already set by `restrict_self`)."""
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _SockFprog(len(program) // _BPF_INSN.size, ctypes.cast(buffer, ctypes.c_void_p))
    if _libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")


def enter(policy: Policy, keep_fds: tuple[int, ...]) -> dict[str, bool]:
    """Apply the whole policy to this process, in order; returns what took effect."""
    os.setsid()
    close_inherited_fds(keep_fds)
    disk = private_mounts(policy)
    ruleset = prepare_landlock(policy)
    syscalls = prepare_seccomp()
    set_limits(policy)
    applied = {"rlimits": True, "disk": disk, "uid": drop_privileges()}
    for path in policy.read_write:
        os.chdir(path)
    applied["landlock"] = restrict_self(ruleset)
    if syscalls is not None:
        load_seccomp(syscalls)
    applied["seccomp"] = syscalls is not None
    return applied


def protections() -> dict[str, str]:
    """What the judge can enforce on this machine, for `mlcoach doctor` and results."""
    abi = landlock_abi()
    return {
        "rlimits": "on",
        "uid": "on"
        if os.geteuid() == 0
        else "off: not running as root, so submissions keep "
        "your uid (they still cannot leave Landlock/seccomp)",
        "landlock": "on"
        if abi
        else "off: this kernel has no Landlock; files outside the "
        "sandbox are protected only by permissions",
        "seccomp": "on"
        if seccomp_available()
        else "off: libseccomp not found; network, fork and exec are not blocked",
        "network": "on"
        if seccomp_available() or abi >= 4
        else "off: no seccomp and no Landlock network rules (ABI 4+); submissions can open sockets",
        "disk": "on"
        if workdir_cap_available()
        else "off: needs root and mount namespaces; one "
        "file is still capped, and a folder over the limit is found after the run (OLE)",
    }
