from datetime import timedelta
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.utils import timezone

from voorkant.jobs.models import WorkerHeartbeat


def beat(seconds_ago: float) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id=f"w-{seconds_ago}",
        hostname="test",
        pid=1,
        started_at=now - timedelta(hours=1),
        last_seen=now - timedelta(seconds=seconds_ago),
    )


def test_health_reports_database_and_a_fresh_worker_ok(client, db, settings):
    settings.WORKER_STALE_SECONDS = 120
    beat(5)
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["worker"] == "ok"
    assert 4 <= body["checks"]["worker_heartbeat_age_seconds"] <= 60


def test_health_is_503_when_the_worker_is_stale(client, db, settings):
    settings.WORKER_STALE_SECONDS = 120
    beat(600)
    beat(300)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "verouderd"


@pytest.mark.parametrize(("required", "status"), [(True, 503), (False, 200)])
def test_health_without_any_worker_follows_worker_required(client, db, settings, required, status):
    settings.WORKER_REQUIRED = required
    response = client.get("/health")
    assert response.status_code == status
    assert response.json()["checks"]["worker"] == "nooit gestart"


def test_health_is_503_when_database_unreachable(client, db):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("weg")):
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "onbereikbaar"
