"""gunicorn settings (read by `make serve` and benchmarks/load.py).

Each value can be overridden from the environment. Sync workers: pages are
short database-bound requests; a PDF render holds one worker for seconds, so
the timeout allows for it.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
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
