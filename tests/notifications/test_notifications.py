import pytest

from voorkant.notifications.models import Notification, NotificationKind
from voorkant.notifications.services import notify

LIVE = "/meldingen/live/"


def test_the_live_region_answers_304_while_nothing_changed(client_as):
    client = client_as("kcc")
    first = client.get(LIVE)
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get(LIVE, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert "private" in again["Cache-Control"] and "no-cache" in again["Cache-Control"]


def test_a_new_notification_changes_the_region(client_as, make_persona):
    client = client_as("kcc")
    etag = client.get(LIVE)["ETag"]
    notify(user=make_persona("kcc"), title="Terugbelverzoek van 10:15 wacht", kind=NotificationKind.NEW_TASK)
    response = client.get(LIVE, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Terugbelverzoek van 10:15 wacht" in response.content.decode()


def test_marking_read_removes_it_from_the_region(client_as, make_persona):
    client = client_as("kcc")
    note = notify(user=make_persona("kcc"), title="Escalatie", kind=NotificationKind.ESCALATION)
    response = client.post(f"/meldingen/{note.pk}/gelezen/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Escalatie" not in response.content.decode()
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_user_sees_and_marks_only_their_own_notifications(client_as, make_persona):
    other = notify(user=make_persona("teamleider"), title="Alleen voor de teamleider")
    client = client_as("kcc")
    assert "Alleen voor de teamleider" not in client.get(LIVE).content.decode()
    client.post(f"/meldingen/{other.pk}/gelezen/")
    other.refresh_from_db()
    assert other.read_at is None


def test_text_in_a_notification_is_shown_escaped(client_as, make_persona):
    notify(user=make_persona("kcc"), title="<script>alert(1)</script>")
    body = client_as("kcc").get(LIVE).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_every_page_of_a_logged_in_user_has_the_polite_live_region_with_a_pause_button(client_as):
    body = client_as("kcc").get("/meldingen/").content.decode()
    assert 'aria-live="polite"' in body
    assert 'data-live-url="/meldingen/live/"' in body
    assert 'data-live-pause="vk-meldingen"' in body and 'aria-pressed="false"' in body
    assert "voorkant/live.js" in body


def test_the_login_page_has_no_live_region(client, db):
    assert "data-live-url" not in client.get("/inloggen/").content.decode()


def test_the_coordinator_broadcast_reaches_every_agent_and_no_one_else(client_as, make_persona):
    for name in ("kcc", "backoffice", "manager"):
        make_persona(name)
    response = client_as("teamleider").post("/meldingen/mededeling/", {"text": "Storing telefonie"})
    assert response.status_code == 302
    receivers = set(Notification.objects.values_list("user__username", flat=True))
    assert receivers == {"kcc", "teamleider"}


def test_an_empty_broadcast_shows_a_dutch_message_at_the_field(client_as):
    response = client_as("teamleider").post("/meldingen/mededeling/", {"text": ""})
    assert response.status_code == 200
    assert "Vul een mededeling in." in response.content.decode()
    assert not Notification.objects.exists()


# Hand-written: URL x persona -> status.
MATRIX = [
    ("/meldingen/", "kcc", 200),
    ("/meldingen/", "beheerder", 200),
    ("/meldingen/live/", "manager", 200),
    ("/meldingen/mededeling/", "teamleider", 200),
    ("/meldingen/mededeling/", "kcc", 403),
    ("/meldingen/mededeling/", "beheerder", 403),
    ("/meldingen/mededeling/", "manager", 403),
]


@pytest.mark.parametrize(("url", "persona", "status"), MATRIX)
def test_permission_matrix(client_as, url, persona, status):
    assert client_as(persona).get(url).status_code == status


@pytest.mark.parametrize("url", ["/meldingen/", "/meldingen/live/", "/meldingen/mededeling/"])
def test_anonymous_visitors_are_sent_to_the_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_the_notification_list_takes_the_same_queries_for_1_and_25_rows(
    client_as, make_persona, query_counter
):
    client = client_as("kcc")
    user = make_persona("kcc")
    notify(user=user, title="een")
    one = query_counter(lambda: client.get("/meldingen/"))
    for i in range(24):
        notify(user=user, title=f"melding {i}")
    many = query_counter(lambda: client.get("/meldingen/"))
    assert one == many


def test_marking_all_read_marks_only_ones_own_unread_notifications(client_as, make_persona):
    leader = make_persona("teamleider")
    mine = [
        notify(user=leader, title=f"Vervolgactie {i} is te laat", kind=NotificationKind.ESCALATION)
        for i in range(3)
    ]
    other = notify(user=make_persona("kcc"), title="Voor de medewerker")
    client = client_as("teamleider")
    region = client.get(LIVE).content.decode()
    assert "Alle meldingen gelezen" in region
    response = client.post("/meldingen/alles-gelezen/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "te laat" not in response.content.decode()
    assert all(Notification.objects.get(pk=n.pk).read_at is not None for n in mine)
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_marking_all_read_without_htmx_goes_back_and_says_how_many(client_as, make_persona):
    leader = make_persona("teamleider")
    notify(user=leader, title="Een", kind=NotificationKind.ESCALATION)
    notify(user=leader, title="Twee", kind=NotificationKind.ESCALATION)
    client = client_as("teamleider")
    response = client.post("/meldingen/alles-gelezen/", {"next": "/meldingen/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/meldingen/"
    assert "2 meldingen gemarkeerd als gelezen." in response.content.decode()
    assert not Notification.objects.filter(user=leader, read_at__isnull=True).exists()
    assert client.get("/meldingen/alles-gelezen/").status_code == 405


def test_the_region_offers_mark_all_only_for_more_than_one(client_as, make_persona):
    notify(user=make_persona("kcc"), title="Alleen deze")
    assert "Alle meldingen gelezen" not in client_as("kcc").get(LIVE).content.decode()
