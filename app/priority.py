"""Background threads give way to the window.

At a busy show the comment pipeline (ingest server, triage, the store writer) keeps both
cores of a laptop busy, and the operating system shares them out evenly: the GUI thread
then waits its turn and the window stutters (``bench chat``: GUI stall p99 40-60 ms at
6,000 comments/s). A worker that calls :func:`yield_to_window` as it starts asks for a
lower share of the CPU, so the window is scheduled first and the workers use what is left.
Throughput does not change when the window is idle, and nothing is dropped: the workers
only wait a little longer when the window needs a core.

Threads that feed the broadcast or must not fall behind real time (camera, vision stage,
microphone, recorders) keep the normal priority.
"""

from __future__ import annotations

import logging
import os
import sys
import threading

log = logging.getLogger("app.priority")

#: Linux nice increment for a background thread (0-19; 10 is what desktop indexers use).
BACKGROUND_NICE = 10
#: macOS quality-of-service class "utility" (long-running work the user is not waiting on).
_QOS_CLASS_UTILITY = 0x11
#: Windows THREAD_PRIORITY_BELOW_NORMAL.
_BELOW_NORMAL = -1


def yield_to_window() -> bool:
    """Lower the calling thread's CPU priority; True when the system took it.

    Linux: the thread's nice value (per thread there); macOS: the utility QoS class;
    Windows: below-normal priority. Anything else, or a refusal, leaves it as it was.
    """
    try:
        if sys.platform.startswith("linux"):
            tid = threading.get_native_id()
            current = os.getpriority(os.PRIO_PROCESS, tid)
            os.setpriority(os.PRIO_PROCESS, tid, min(19, current + BACKGROUND_NICE))
            return True
        if sys.platform == "darwin":
            import ctypes

            libc = ctypes.CDLL("/usr/lib/libSystem.dylib")
            return int(libc.pthread_set_qos_class_self_np(_QOS_CLASS_UTILITY, 0)) == 0
        if sys.platform == "win32":
            import ctypes

            kernel32 = getattr(ctypes, "windll").kernel32  # noqa: B009 - Windows only
            return bool(kernel32.SetThreadPriority(kernel32.GetCurrentThread(), _BELOW_NORMAL))
    except (OSError, AttributeError) as exc:
        log.debug("thread priority unchanged: %s", exc)
    return False
