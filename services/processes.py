"""Processes that end with the one that started them (Linux `PR_SET_PDEATHSIG`): `rnnvis serve`'s
children, the workers' pool children and the API's worker processes, so that nothing of a stack
outlives it however it is killed (SIGKILL, the kernel's OOM killer)."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1
DIE_WITH_PARENT = "RNNVIS_DIE_WITH_PARENT"  # set by `rnnvis serve` for the processes it starts


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Ask the kernel to send `sig` to this process when its parent ends (Linux; elsewhere nothing).

    Safe as a Popen preexec_fn: it only calls prctl."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")


def die_with_parent_if_asked() -> None:
    """In a process `rnnvis serve` started (directly or through a pool): end with its parent. The
    parent may already be gone by the time this runs (then end now)."""
    if os.environ.get(DIE_WITH_PARENT) != "1":
        return
    parent = os.getppid()
    die_with_parent()
    if os.getppid() != parent:  # the parent died before prctl: the kernel will not tell us
        os.kill(os.getpid(), signal.SIGKILL)
