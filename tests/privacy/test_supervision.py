"""The privacy officer's screen: who processed this person, when and why; the search is logged too."""

import pytest
from django.urls import reverse

from tests.parties.builders import party_build
from voorkant.privacy.models import Channel, ProcessingActivity, ProcessingLogRecord
from voorkant.privacy.services import Subject, processing_log_write, subject_hash

pytestmark = pytest.mark.django_db

MOULIN = "999993653"
URL = "/privacy/verwerkingen/"


def _view_logged(user, bsn=MOULIN, n=1):
    for _ in range(n):
        processing_log_write(
            user=user,
            channel=Channel.UI,
            activity=ProcessingActivity.CUSTOMER_VIEW,
            purpose="Klant te woord staan en de vraag afhandelen",
            action="klantbeeld.raadplegen",
            subjects=[Subject("bsn", bsn)],
        )


def test_url_name_is_privacy_log():
    assert reverse("privacy:log") == URL


def test_officer_sees_who_processed_a_bsn_and_why(client_as, make_persona):
    _view_logged(make_persona("kcc"))
    _view_logged(make_persona("teamleider"), bsn="999990627")
    html = client_as("privacy").post(URL, {"zoekterm": "9999 93 653"}).content.decode()
    assert "kcc" in html and "klantbeeld.raadplegen" in html
    assert "Klantbeeld raadplegen voor dienstverlening" in html
    assert "Klant te woord staan" in html
    # The kcc view and the officer's own search; the other BSN's record is not listed.
    assert "Verwerkingen (2)" in html
    assert ">teamleider<" not in html


def test_the_search_itself_is_logged_with_the_hashed_subject(client_as):
    client_as("privacy").post(URL, {"zoekterm": MOULIN})
    [record] = ProcessingLogRecord.objects.all()
    assert (record.activity, record.action, record.actor_label) == (
        "privacy-toezicht",
        "verwerkingen.zoeken",
        "privacy",
    )
    assert list(record.subjects.values_list("subject_hash", flat=True)) == [
        subject_hash(Subject("bsn", MOULIN))
    ]


def test_invalid_bsn_gets_a_dutch_message_at_the_field_and_logs_nothing(client_as):
    response = client_as("privacy").post(URL, {"zoekterm": "999993654"})
    html = response.content.decode()
    assert "11-proef" in html and "utrecht-form-field--invalid" in html
    assert 'value="999993654"' in html  # the input is kept
    assert ProcessingLogRecord.objects.count() == 0


def test_search_by_party_number_finds_records_about_the_party(client_as, make_persona):
    party = party_build(bsn=None)
    processing_log_write(
        user=make_persona("kcc"),
        channel=Channel.UI,
        activity=ProcessingActivity.CUSTOMER_VIEW,
        purpose="Klant te woord staan",
        action="klantbeeld.raadplegen",
        subjects=[Subject("partij", str(party.uuid))],
    )
    html = client_as("privacy").post(URL, {"zoekterm": party.number}).content.decode()
    assert "klantbeeld.raadplegen" in html
    html = client_as("privacy").post(URL, {"zoekterm": "0000000404"}).content.decode()
    assert "Er is geen klant met dit klantnummer" in html


def test_results_page_by_25_with_the_search_kept(client_as, make_persona):
    _view_logged(make_persona("kcc"), n=30)
    client = client_as("privacy")
    first = client.post(URL, {"zoekterm": MOULIN}).content.decode()
    assert "Pagina 1 van 2" in first and 'name="pagina" value="2"' in first
    second = client.post(URL, {"zoekterm": MOULIN, "pagina": 2}).content.decode()
    assert "Pagina 2 van 2" in second


def test_results_take_the_same_queries_for_1_and_25_records(client_as, make_persona, query_counter):
    kcc = make_persona("kcc")
    client = client_as("privacy")
    _view_logged(kcc, n=1)
    client.post(URL, {"zoekterm": MOULIN})
    one = query_counter(lambda: client.post(URL, {"zoekterm": MOULIN}))
    _view_logged(kcc, n=24)
    many = query_counter(lambda: client.post(URL, {"zoekterm": MOULIN}))
    assert one == many


def test_empty_form_shows_no_results_and_logs_nothing(client_as):
    html = client_as("privacy").get(URL).content.decode()
    assert "BSN of klantnummer" in html and "Verwerkingen (" not in html
    assert ProcessingLogRecord.objects.count() == 0
