"""An edit is searchable from every web worker within seconds and after a restart: two server processes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from voorkant.knowledge.services import item_create, item_update

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    cfg = connection.settings_dict
    password = f":{cfg['PASSWORD']}" if cfg["PASSWORD"] else ""
    return f"postgres://{cfg['USER']}{password}@{cfg['HOST']}:{cfg['PORT'] or 5432}/{cfg['NAME']}"


def _start_server(port: int) -> subprocess.Popen:
    env = dict(
        os.environ,
        DATABASE_URL=_database_url(),
        SECRET_KEY=settings.SECRET_KEY,
        PROCESSING_LOG_KEY=settings.PROCESSING_LOG_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="false",
        STATIC_FROM_FINDERS="true",
        KNOWLEDGE_SEMANTIC="false",
    )
    return subprocess.Popen(  # noqa: S603 - fixed arguments, our own server
        [sys.executable, "-m", "gunicorn", "voorkant.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=REPO / "src",
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _titles(port: int, cookie: str, query: str) -> list[str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/knowledge/search?q={query}",
        headers={"Cookie": f"sessionid={cookie}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - local test server
        return [hit["titel"] for hit in json.load(response)["results"]]


def _wait_until_up(port: int, cookie: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            _titles(port, cookie, "x")
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_an_edit_is_found_by_two_server_processes_and_after_a_restart(client_as):
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite test database lives in memory, out of reach of other processes")
    item = item_create(kind="vac", title="Parkeervergunning", body="<p>Voor bewoners.</p>")
    client = client_as("kcc")
    cookie = client.cookies["sessionid"].value
    ports = [_free_port(), _free_port()]
    servers = [_start_server(port) for port in ports]
    try:
        for port in ports:
            _wait_until_up(port, cookie)
            assert _titles(port, cookie, "parkeervergunning") == ["Parkeervergunning"]
            assert _titles(port, cookie, "bewonersvergunning") == []
        item_update(item=item, title="Bewonersvergunning", change_note="nieuwe naam")
        for port in ports:
            assert _titles(port, cookie, "bewonersvergunning") == ["Bewonersvergunning"]
        servers[0].terminate()
        servers[0].wait(timeout=10)
        servers[0] = _start_server(ports[0])
        _wait_until_up(ports[0], cookie)
        assert _titles(ports[0], cookie, "bewonersvergunning") == ["Bewonersvergunning"]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
