"""The policy a submission's process puts on itself before running any learner code.

Order matters: close inherited descriptors, set resource limits, drop to an unprivileged uid,
then Landlock (filesystem, network, signals) and seccomp (no fork, exec, sockets, ptrace).
Landlock is a handful of syscalls with no maintained Python binding, so it is called through
ctypes here; seccomp uses libseccomp through `pyseccomp`.
"""

from __future__ import annotations

import ctypes
import errno
import os
import resource
import sys
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


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


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


def read_only_paths() -> tuple[str, ...]:
    """Only the interpreter and installed packages: never the repo, the bank or user data."""
    import numpy

    candidates = {sys.prefix, sys.base_prefix, sys.exec_prefix,
                  str(Path(numpy.__file__).parents[1]), str(Path(__file__).parents[1]),
                  "/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/share/zoneinfo"}
    return tuple(sorted(p for p in candidates if os.path.isdir(p)))


def close_inherited_fds(keep: tuple[int, ...]) -> None:
    """stdin/stdout/stderr become /dev/null; every other descriptor but `keep` is closed."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        if fd not in keep:
            os.dup2(null, fd)
    low = 3
    for fd in sorted(k for k in keep if k >= 3) + [os.sysconf("SC_OPEN_MAX")]:
        os.closerange(low, fd)
        low = fd + 1
    if null not in keep and null > 2:
        try:
            os.close(null)
        except OSError:
            pass


def set_limits(policy: Policy) -> None:
    baseline = _virtual_memory_bytes()
    memory = baseline + policy.memory_mb * 1024 * 1024
    cpu = max(1, int(policy.cpu_seconds + 0.999))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))  # soft < hard: SIGXCPU first
    resource.setrlimit(resource.RLIMIT_FSIZE, (policy.file_kb * 1024, policy.file_kb * 1024))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
    resource.setrlimit(resource.RLIMIT_NPROC, (8, 8))


def _virtual_memory_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


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
    ruleset = int(_libc.syscall(_SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size),
                                ctypes.c_uint32(0)))
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
        if _libc.syscall(_SYS_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule),
                         ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), f"landlock_add_rule({path}) failed")
    finally:
        os.close(fd)


_KILLED_SYSCALLS = (
    "fork", "vfork", "execve", "execveat", "ptrace", "process_vm_readv", "process_vm_writev",
    "socket", "socketpair", "connect", "bind", "listen", "accept", "accept4", "mount",
    "umount2", "unshare", "setns", "chroot", "pivot_root", "reboot", "kexec_load",
    "init_module", "finit_module", "delete_module", "bpf", "perf_event_open", "keyctl",
    "add_key", "request_key", "userfaultfd", "io_uring_setup", "pidfd_open",
    "pidfd_send_signal", "pidfd_getfd", "mknod", "mknodat", "iopl", "ioperm", "swapon",
    "swapoff", "acct", "settimeofday", "clock_settime", "quotactl", "personality",
)
_CLONE_THREAD = 0x00010000


def prepare_seccomp() -> Any:
    """Kill the process on any call that would leave the sandbox (SIGSYS → verdict SV)."""
    sc = _seccomp
    if sc is None:
        return None
    pid = os.getpid()
    rules = sc.SyscallFilter(defaction=sc.ALLOW)
    for name in _KILLED_SYSCALLS:
        rules.add_rule(sc.KILL_PROCESS, name)
    # clone is how threads start too; only new processes (no CLONE_THREAD) are refused
    rules.add_rule(sc.KILL_PROCESS, "clone", sc.Arg(0, sc.MASKED_EQ, _CLONE_THREAD, 0))
    rules.add_rule(sc.ERRNO(errno.ENOSYS), "clone3")  # glibc then falls back to clone
    for name in ("kill", "tgkill"):  # signals only to ourselves
        rules.add_rule(sc.KILL_PROCESS, name, sc.Arg(0, sc.NE, pid))
    rules.add_rule(sc.KILL_PROCESS, "tkill", sc.Arg(0, sc.NE, pid))
    return rules


def enter(policy: Policy, keep_fds: tuple[int, ...]) -> dict[str, bool]:
    """Apply the whole policy to this process, in order; returns what took effect."""
    os.setsid()
    close_inherited_fds(keep_fds)
    ruleset = prepare_landlock(policy)
    syscalls = prepare_seccomp()
    set_limits(policy)
    applied = {"rlimits": True, "uid": drop_privileges()}
    for path in policy.read_write:
        os.chdir(path)
    applied["landlock"] = restrict_self(ruleset)
    if syscalls is not None:
        syscalls.load()
    applied["seccomp"] = syscalls is not None
    return applied


def protections() -> dict[str, str]:
    """What the judge can enforce on this machine, for `mlcoach doctor` and results."""
    abi = landlock_abi()
    return {
        "rlimits": "on",
        "uid": "on" if os.geteuid() == 0 else "off: not running as root, so submissions keep "
        "your uid (they still cannot leave Landlock/seccomp)",
        "landlock": "on" if abi else "off: this kernel has no Landlock; files outside the "
        "sandbox are protected only by permissions",
        "seccomp": "on" if seccomp_available() else "off: libseccomp not found; network, fork "
        "and exec are not blocked",
        "network": "on" if seccomp_available() or abi >= 4 else "off",
    }
