"""The documented production web server: gunicorn reads this file from the working directory.

    gunicorn            # from the repository root; settings come from the environment (docs/operations.md)

WEB_CONCURRENCY worker processes (default 2, about one per core), each with WEB_THREADS threads (default 2:
while one thread waits for PostgreSQL the other can run, and keep-alive connections are kept). Each worker
holds its own persistent database connection per thread (DATABASE_CONN_MAX_AGE) or, with DATABASE_POOL_SIZE,
a psycopg pool.
"""

import os

wsgi_app = "voorkant.wsgi:application"
pythonpath = "src"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "2"))
worker_class = "gthread" if threads > 1 else "sync"
keepalive = int(os.environ.get("WEB_KEEPALIVE", "5"))
# Recycle a worker now and then so a slow leak can never grow without bound (jitter: not all at once).
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
