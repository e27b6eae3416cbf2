"""A real gunicorn for the benchmarks that drive the portal over loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def start_gunicorn(bind: str, *, log_name: str = "gunicorn.log") -> subprocess.Popen:
    """gunicorn with the project's config on ``bind``, once it accepts connections;
    its output goes to ``benchmarks/out/<log_name>``."""
    OUT.mkdir(exist_ok=True)
    log_path = OUT / log_name
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "inspection_portal.wsgi:application"]
        + ["--config", str(ROOT / "gunicorn.conf.py")],
        cwd=ROOT,
        env=os.environ | {"GUNICORN_BIND": bind},
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
    )
    host, port = bind.rsplit(":", 1)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited; see {log_path}")
        with socket.socket() as probe:
            if probe.connect_ex((host, int(port))) == 0:
                return process
        time.sleep(0.2)
    process.terminate()
    sys.exit(f"gunicorn did not start on {bind}")
