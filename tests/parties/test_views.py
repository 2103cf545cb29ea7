"""The search page, the klantbeeld and revealing a BSN, through HTTP as the KCC agent uses them."""

import datetime
import uuid

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tests.parties.builders import party_build, question_build, questions_build
from voorkant.contacts.models import ConversationDraft
from voorkant.parties.models import AddressKind
from voorkant.parties.selectors import caller_card
from voorkant.parties.services import digital_address_add
from voorkant.privacy.models import ProcessingLogRecord
from voorkant.privacy.services import Subject, subject_hash
from voorkant.registers.brp import person_register

pytestmark = pytest.mark.django_db

MOULIN = "999993653"
HTMX = {"HTTP_HX_REQUEST": "true"}


def _log_hashes(record):
    return set(record.subjects.values_list("subject_hash", flat=True))


# --- Search page --------------------------------------------------------------------------------------------


def test_search_page_posts_so_a_bsn_never_lands_in_the_url(client_as):
    client = client_as("kcc")
    page = client.get(reverse("parties:search")).content.decode()
    assert 'method="post"' in page and "hx-post" in page
    response = client.post(reverse("parties:search"), {"q": MOULIN}, **HTMX)
    html = response.content.decode()
    assert "Suzanne Moulin" in html and "••••••653" in html
    assert MOULIN not in html  # no choose-form without a draft, so the full BSN is nowhere in the page


def test_search_by_get_still_works_and_links_stored_parties_to_their_klantbeeld(client_as):
    party = party_build(bsn=MOULIN)
    response = client_as("kcc").get(reverse("parties:search"), {"q": "Moulin 01-12-1985"})
    assert response.status_code == 200
    assert reverse("parties:klantbeeld", args=[party.uuid]) in response.content.decode()


def test_search_itself_writes_no_processing_log(client_as):
    client_as("kcc").post(reverse("parties:search"), {"q": MOULIN}, **HTMX)
    assert ProcessingLogRecord.objects.count() == 0


def test_search_with_a_draft_offers_choose_forms_to_the_workspace(client_as):
    party = party_build(bsn=MOULIN)
    draft = uuid.uuid4()
    person = person_register().get("999990627")
    response = client_as("kcc").post(
        reverse("parties:search"),
        {"q": f"{person.geslachtsnaam} {person.geboortedatum:%d-%m-%Y}", "draft": draft},
    )
    html = response.content.decode()
    assert f'hx-post="/werkplek/{draft}/klant/"' in html
    assert 'hx-target="#vk-caller"' in html
    assert 'name="bsn" value="999990627"' in html
    response = client_as("kcc").post(reverse("parties:search"), {"q": MOULIN, "draft": draft}, **HTMX)
    assert f'name="party_uuid" value="{party.uuid}"' in response.content.decode()


def test_search_error_is_shown_in_dutch(client_as):
    html = client_as("kcc").post(reverse("parties:search"), {"q": "999993654"}, **HTMX).content.decode()
    assert "11-proef" in html and 'role="alert"' in html


def test_search_results_take_the_same_queries_for_1_and_25_parties(client_as, query_counter):
    client = client_as("kcc")

    def search():
        client.post(reverse("parties:search"), {"q": "06 12345678"}, **HTMX)

    party = party_build(bsn=MOULIN)
    digital_address_add(party=party, kind=AddressKind.PHONE, address="0612345678", keep=True)
    search()  # warm the session and permission caches
    one = query_counter(search)
    for i in range(24):
        other = party_build(bsn=None, surname=f"Achternaam{i}")
        digital_address_add(party=other, kind=AddressKind.PHONE, address="0612345678", keep=True)
    many = query_counter(search)
    assert one == many


def test_script_in_a_name_is_shown_escaped(client_as):
    party = party_build(bsn=None, surname="<script>alert(1)</script>", birth_date=datetime.date(1990, 1, 1))
    question_build(party=party, subject="<img src=x onerror=alert(2)>")
    client = client_as("kcc")
    html = client.post(
        reverse("parties:search"), {"q": "<script>alert(1)</script> 01-01-1990"}
    ).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html = client.get(reverse("parties:klantbeeld", args=[party.uuid])).content.decode()
    assert "<script>alert(1)" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html


# --- Klantbeeld ---------------------------------------------------------------------------------------------


def test_klantbeeld_shows_identity_masked_bsn_contact_details_and_history(client_as):
    party = party_build(bsn=MOULIN)
    digital_address_add(party=party, kind=AddressKind.PHONE, address="0612345678", keep=True)
    digital_address_add(party=party, kind=AddressKind.EMAIL, address="s.moulin@voorbeeld.invalid", keep=True)
    now = timezone.now()
    question_build(party=party, subject="Oude vraag", occurred_at=now - datetime.timedelta(days=30))
    question_build(party=party, subject="Nieuwe vraag", occurred_at=now, channel_code="balie")
    html = client_as("kcc").get(reverse("parties:klantbeeld", args=[party.uuid])).content.decode()
    assert "Suzanne Moulin" in html and "01-12-1985" in html
    assert "••••••653" in html and MOULIN not in html
    assert "06 12345678" in html and "s.moulin@voorbeeld.invalid" in html
    assert html.index("Nieuwe vraag") < html.index("Oude vraag")
    assert "Balie" in html and "Zelfstandig afgehandeld" in html
    assert "alleen bedoeld om te controleren wie u spreekt" in html
    assert "Vervolgacties</h2>" in html and "Geen vervolgacties." in html
    assert "BSN tonen" in html


def test_klantbeeld_shows_brp_flags_prominently(client_as):
    people = list(person_register()._by_bsn.values())
    dead_secret = next((p for p in people if p.overleden and p.geheimhouding), None)
    dead = dead_secret or next(p for p in people if p.overleden)
    party = party_build(bsn=dead.bsn, surname=dead.geslachtsnaam, is_confidential_address=True)
    html = client_as("kcc").get(reverse("parties:klantbeeld", args=[party.uuid])).content.decode()
    warnings = html[html.index("utrecht-alert--warning") :]
    assert "Overleden" in warnings
    secret = next(p for p in people if p.geheimhouding and p.bsn != "999999245")
    party = party_build(bsn=secret.bsn)
    html = client_as("kcc").get(reverse("parties:klantbeeld", args=[party.uuid])).content.decode()
    assert "Geheimhouding persoonsgegevens" in html[html.index("utrecht-alert--warning") :]


def test_klantbeeld_pages_by_25_newest_first(client_as):
    party = party_build(bsn=MOULIN)
    questions_build(party=party, count=30)
    client = client_as("kcc")
    first = client.get(reverse("parties:klantbeeld", args=[party.uuid])).content.decode()
    assert "Vraag 30" in first and "Vraag 6<" in first and "Vraag 5<" not in first
    assert "Pagina 1 van 2" in first and "?pagina=2" in first
    second = client.get(reverse("parties:klantbeeld", args=[party.uuid]), {"pagina": 2}).content.decode()
    assert "Vraag 5<" in second and "Vraag 1<" in second and "Vraag 6<" not in second


def test_klantbeeld_logs_one_record_with_party_and_bsn_hashes(client_as):
    party = party_build(bsn=MOULIN)
    questions_build(party=party, count=3)
    client_as("kcc").get(reverse("parties:klantbeeld", args=[party.uuid]))
    [record] = ProcessingLogRecord.objects.all()
    assert (record.activity, record.action, record.actor_label) == (
        "kcc-klantbeeld",
        "klantbeeld.raadplegen",
        "kcc",
    )
    assert record.object_uuid == party.uuid
    assert _log_hashes(record) == {
        subject_hash(Subject("partij", str(party.uuid))),
        subject_hash(Subject("bsn", MOULIN)),
    }


def test_klantbeeld_takes_the_same_queries_for_1_and_25_questions(client_as, query_counter):
    party = party_build(bsn=MOULIN)
    client = client_as("kcc")
    url = reverse("parties:klantbeeld", args=[party.uuid])
    question_build(party=party)
    client.get(url)
    one = query_counter(lambda: client.get(url))
    questions_build(party=party, count=24)
    many = query_counter(lambda: client.get(url))
    assert one == many


def test_klantbeeld_of_unknown_party_is_not_found(client_as):
    assert client_as("kcc").get(reverse("parties:klantbeeld", args=[uuid.uuid4()])).status_code == 404


# --- Revealing a BSN ---------------------------------------------------------------------------------------


def test_reveal_returns_the_full_bsn_and_logs_it(client_as):
    party = party_build(bsn=MOULIN)
    response = client_as("kcc").post(reverse("parties:reveal_bsn", args=[party.uuid]), **HTMX)
    assert response.status_code == 200
    assert MOULIN in response.content.decode()
    [record] = ProcessingLogRecord.objects.all()
    assert (record.action, record.activity, record.actor_label) == ("bsn.tonen", "kcc-identificatie", "kcc")
    assert subject_hash(Subject("bsn", MOULIN)) in _log_hashes(record)


def test_reveal_without_htmx_shows_a_page_with_a_way_back(client_as):
    party = party_build(bsn=MOULIN)
    response = client_as("kcc").post(reverse("parties:reveal_bsn", args=[party.uuid]))
    html = response.content.decode()
    assert MOULIN in html and reverse("parties:klantbeeld", args=[party.uuid]) in html


def test_reveal_by_get_is_refused(client_as):
    party = party_build(bsn=MOULIN)
    assert client_as("kcc").get(reverse("parties:reveal_bsn", args=[party.uuid])).status_code == 405
    assert ProcessingLogRecord.objects.count() == 0


def test_reveal_for_a_brp_person_reads_the_bsn_from_the_agents_own_draft(client_as, make_persona):
    kcc = make_persona("kcc")
    draft = ConversationDraft.objects.create(
        user=kcc, data={"caller": {"bsn": MOULIN}}, expires_at=timezone.now() + datetime.timedelta(hours=1)
    )
    response = client_as("kcc").post(reverse("parties:reveal_draft_bsn", args=[draft.uuid]), **HTMX)
    assert MOULIN in response.content.decode()
    [record] = ProcessingLogRecord.objects.all()
    assert record.action == "bsn.tonen"
    assert _log_hashes(record) == {subject_hash(Subject("bsn", MOULIN))}


def test_reveal_of_someone_elses_draft_is_not_found(client_as, make_persona):
    other = make_persona("teamleider")
    draft = ConversationDraft.objects.create(
        user=other, data={"caller": {"bsn": MOULIN}}, expires_at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert client_as("kcc").post(reverse("parties:reveal_draft_bsn", args=[draft.uuid])).status_code == 404
    assert ProcessingLogRecord.objects.count() == 0


# --- Caller card --------------------------------------------------------------------------------------------


def test_caller_card_of_a_stored_party_has_history_and_reveal(make_persona, rf):
    kcc = make_persona("kcc")
    party = party_build(bsn=MOULIN)
    for i in range(7):
        question_build(
            party=party, subject=f"Vraag {i}", occurred_at=timezone.now() - datetime.timedelta(days=i)
        )
    card = caller_card(user=kcc, party_uuid=party.uuid)
    assert card["contact_count"] == 7
    assert [question.subject for question in card["recent_questions"]] == [f"Vraag {i}" for i in range(5)]
    assert card["bsn_masked"] == "••••••653" and card["reveal_url"].endswith("/bsn-tonen/")
    assert card["klantbeeld_url"] == reverse("parties:klantbeeld", args=[party.uuid])
    html = render_to_string("parties/partials/caller_card.html", {"card": card}, request=rf.get("/"))
    assert "Eerdere contacten (7)" in html and "Open vervolgacties" in html and MOULIN not in html
    assert ProcessingLogRecord.objects.count() == 0


def test_caller_card_of_a_brp_only_person_reveals_through_the_draft(make_persona):
    kcc = make_persona("kcc")
    draft = uuid.uuid4()
    card = caller_card(user=kcc, bsn=MOULIN, draft_uuid=draft)
    assert card["party"] is None and card["source"] == "BRP"
    assert card["reveal_url"] == reverse("parties:reveal_draft_bsn", args=[draft])
    assert card["address_line"] and card["contact_count"] == 0


def test_caller_card_for_an_unknown_bsn_is_refused_in_dutch(make_persona):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="niet in de BRP"):
        caller_card(user=make_persona("kcc"), bsn="123456782")


def test_klantbeeld_of_a_party_with_an_invalid_stored_bsn_still_opens(client_as):
    party = party_build(bsn="999999245")
    response = client_as("kcc").get(reverse("parties:klantbeeld", args=[party.uuid]))
    assert response.status_code == 200 and "••••••245" in response.content.decode()
