"""Starting real Voorkant processes (worker, gunicorn) against the test database, for crash and
multi-server tests. They need a database other processes can open: PostgreSQL, or SQLite in a file."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

REPO_ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def test_database_url() -> str:
    """A DATABASE_URL for the test database pytest-django made (call inside a transactional_db test)."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user = settings["USER"] or "postgres"
        password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
        host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
        return f"postgres://{user}{password}@{host}/{settings['NAME']}"
    name = str(settings["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        pytest.skip("needs a database other processes can open (PostgreSQL, or SQLITE_TEST_NAME=<file>)")
    return f"sqlite:///{name}"


def process_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": test_database_url(),
            "PYTHONPATH": f"{REPO_ROOT}{os.pathsep}{REPO_ROOT / 'src'}",
            "DJANGO_SETTINGS_MODULE": "voorkant.settings",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "test-secret-key"),
            "PROCESSING_LOG_KEY": os.environ.get("PROCESSING_LOG_KEY", "test-log-key"),
            "STATIC_FROM_FINDERS": "true",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
    )
    env.update(extra)
    return env


def start_worker(env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
        [PYTHON, str(REPO_ROOT / "manage.py"), "worker", *args],
        env=env,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, workers: int = 2) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603
        [
            PYTHON,
            "-m",
            "gunicorn",
            "voorkant.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {process.stderr.read().decode()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start in time")


def wait_for(condition, *, timeout: float = 30.0, interval: float = 0.1, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
