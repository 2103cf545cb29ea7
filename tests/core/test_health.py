from unittest import mock

from django.db.utils import OperationalError


def test_health_reports_database_ok(client, db):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


def test_health_is_503_when_database_unreachable(client, db):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("weg")):
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "onbereikbaar"
