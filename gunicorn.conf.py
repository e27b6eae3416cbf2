"""gunicorn settings (read by `make serve` and benchmarks/load.py).

Each value can be overridden from the environment. Threaded workers (gthread):
an idle keep-alive connection — a browser between two clicks — waits in the
worker's poller instead of holding a sync worker, which would stall everyone
else (measured with 50 users and think time: p50 0.5 s with 5 sync workers,
35 ms with 5 × 4 threads). A PDF render holds one thread for seconds, so the
timeout allows for it.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Longer than nginx's upstream keep-alive (60 s), so nginx never reuses a closed socket.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Load Django and the URLconf once in the master (inspection_portal/wsgi.py);
# workers start warm and share those pages of memory.
preload_app = True
# Recycle workers now and then so that slow leaks never accumulate.
max_requests = 5000
max_requests_jitter = 500
# nginx keeps the access log in production; set GUNICORN_ACCESS_LOG=- to log here.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# No control socket: its default path ($HOME/.gunicorn/gunicorn.ctl) would be
# shared by every gunicorn of this user on the machine (serve, bench-load).
control_socket_disable = True
# Only the proxy may say the request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("TRUSTED_PROXY_IPS", "127.0.0.1")
