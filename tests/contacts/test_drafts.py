"""Drafts: kept server-side per agent, several at once, private to their agent, expiring, finished once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.contacts.conftest import VALID_BSN
from voorkant.contacts.models import Conversation, ConversationDraft, Question
from voorkant.contacts.services import draft_create, drafts_purge_expired
from voorkant.privacy.models import ProcessingActivity, ProcessingLogRecord


def _form(**fields):
    data = {"channel": "telefoon", "q-0-subject": "", "q-0-note": "", "q-0-outcome": ""}
    data.update(fields)
    return data


def test_autosave_keeps_what_was_typed(client_as, outcomes):
    client = client_as("kcc")
    client.post(reverse("contacts:draft_create"), {"channel": "balie"})
    draft = ConversationDraft.objects.get()
    response = client.post(
        reverse("contacts:draft", args=[draft.uuid]),
        _form(
            **{"channel": "balie", "q-0-subject": "Rijbewijs verlengen", "q-0-note": "Verloopt volgende week"}
        ),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.data["channel"] == "balie"
    assert draft.data["questions"][0]["subject"] == "Rijbewijs verlengen"
    page = client.get(reverse("contacts:draft", args=[draft.uuid]))
    assert 'value="Rijbewijs verlengen"' in page.content.decode()
    assert draft.expires_at > timezone.now() + timedelta(hours=11)


def test_an_agent_holds_several_conversations_in_tabs(client_as):
    client = client_as("kcc")
    for channel in ["telefoon", "balie", "chat"]:
        client.post(reverse("contacts:draft_create"), {"channel": channel})
    drafts = list(ConversationDraft.objects.order_by("created_at"))
    assert [d.data["channel"] for d in drafts] == ["telefoon", "balie", "chat"]
    html = client.get(reverse("contacts:draft", args=[drafts[1].uuid])).content.decode()
    assert html.count('class="vk-tab"') == 3
    assert "Gesprek 3 · Chat" in html


def test_another_agents_draft_does_not_exist_for_me(client_as, make_persona):
    other = make_persona("teamleider")
    draft = draft_create(user=other, channel_code="telefoon")
    client = client_as("kcc")
    for name, method in [
        ("contacts:draft", "get"),
        ("contacts:draft", "post"),
        ("contacts:draft_caller", "post"),
        ("contacts:draft_finish", "post"),
        ("contacts:draft_discard", "post"),
        ("contacts:draft_add_question", "post"),
    ]:
        assert getattr(client, method)(reverse(name, args=[draft.uuid])).status_code == 404, name
    assert ConversationDraft.objects.filter(pk=draft.pk).exists()


def test_expired_drafts_are_gone_and_purged(make_persona, client_as):
    user = make_persona("kcc")
    old = draft_create(user=user, channel_code="telefoon")
    fresh = draft_create(user=user, channel_code="telefoon")
    ConversationDraft.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client = client_as("kcc")
    assert client.get(reverse("contacts:draft", args=[old.uuid])).status_code == 404
    assert drafts_purge_expired() == 1
    assert list(ConversationDraft.objects.all()) == [fresh]


def test_purge_command_removes_expired_drafts(make_persona):
    from io import StringIO

    from django.core.management import call_command

    user = make_persona("kcc")
    draft = draft_create(user=user)
    ConversationDraft.objects.filter(pk=draft.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    out = StringIO()
    call_command("purge_expired_drafts", stdout=out)
    assert "1 verlopen" in out.getvalue()
    assert not ConversationDraft.objects.exists()


def test_finishing_registers_and_removes_the_draft(client_as, outcomes):
    client = client_as("kcc")
    client.post(reverse("contacts:draft_create"), {"channel": "telefoon"})
    draft = ConversationDraft.objects.get()
    response = client.post(reverse("contacts:draft_caller", args=[draft.uuid]), {"bsn": VALID_BSN})
    assert response.status_code == 200
    assert ProcessingLogRecord.objects.get().activity == ProcessingActivity.IDENTIFICATION
    response = client.post(
        reverse("contacts:draft_finish", args=[draft.uuid]),
        _form(**{"q-0-subject": "Verhuizing doorgeven", "q-0-outcome": "zelfstandig-afgehandeld"}),
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.subject == "Verhuizing doorgeven"
    assert question.involvements.get().party is not None
    assert not ConversationDraft.objects.exists()
    assert ProcessingLogRecord.objects.filter(activity=ProcessingActivity.CUSTOMER_CONTACT).count() == 1


def test_finishing_with_errors_keeps_the_draft_and_shows_dutch_messages(client_as, outcomes):
    client = client_as("kcc")
    client.post(reverse("contacts:draft_create"), {"channel": "telefoon"})
    draft = ConversationDraft.objects.get()
    client.post(reverse("contacts:draft_caller", args=[draft.uuid]), {"anoniem": "1"})
    response = client.post(
        reverse("contacts:draft_finish", args=[draft.uuid]),
        _form(
            **{
                "q-0-subject": "<script>alert(1)</script>" + "a" * 190,
                "q-0-note": "n" * 1001,
                "q-0-outcome": "zelfstandig-afgehandeld",
                "q-0-phone": "bel me",
            }
        ),
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Het onderwerp is te lang: maximaal 200 tekens, nu 215." in html
    assert "De notitie is te lang: maximaal 1000 tekens, nu 1001." in html
    assert "Dit is geen geldig telefoonnummer." in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert Conversation.objects.count() == 0
    draft.refresh_from_db()
    assert draft.data["questions"][0]["note"] == "n" * 1001


def test_unknown_product_name_is_reported_at_the_product_field(client_as, outcomes, product):
    client = client_as("kcc")
    client.post(reverse("contacts:draft_create"), {"channel": "telefoon"})
    draft = ConversationDraft.objects.get()
    client.post(reverse("contacts:draft_caller", args=[draft.uuid]), {"anoniem": "1"})
    form = _form(
        **{"q-0-subject": "Paspoort", "q-0-outcome": "zelfstandig-afgehandeld", "q-0-product": "Paspoort"}
    )
    response = client.post(reverse("contacts:draft_finish", args=[draft.uuid]), form)
    assert "Dit product staat niet in de lijst." in response.content.decode()
    form["q-0-product"] = "paspoort aanvragen"
    assert client.post(reverse("contacts:draft_finish", args=[draft.uuid]), form).status_code == 302
    assert Question.objects.get().product == product


def test_product_type_ahead_offers_matching_products(client_as, product):
    client = client_as("kcc")
    html = client.get(reverse("contacts:product_options"), {"q-0-product": "pasp"}).content.decode()
    assert '<option value="Paspoort aanvragen">' in html


def test_linking_a_kennisbank_item_marks_the_answer_found(client_as, knowledge_item):
    client = client_as("kcc")
    client.post(reverse("contacts:draft_create"), {"channel": "telefoon"})
    draft = ConversationDraft.objects.get()
    url = reverse("contacts:draft_link_answer", args=[draft.uuid, 0])
    response = client.post(url, {"knowledge_item": str(knowledge_item.uuid)}, HTTP_HX_REQUEST="true")
    assert response["HX-Retarget"] == "#vk-q-0-answer"
    assert "Wat kost een paspoort?" in response.content.decode()
    draft.refresh_from_db()
    assert draft.data["questions"][0]["knowledge_item"] == str(knowledge_item.uuid)
    # Autosave of a form that does not carry the link keeps it.
    client.post(reverse("contacts:draft", args=[draft.uuid]), _form(**{"q-0-subject": "Kosten paspoort"}))
    draft.refresh_from_db()
    assert draft.data["questions"][0]["knowledge_item"] == str(knowledge_item.uuid)
    client.post(url, {"knowledge_item": ""})
    draft.refresh_from_db()
    assert draft.data["questions"][0]["knowledge_item"] is None
    assert client.post(reverse("contacts:draft_link_answer", args=[draft.uuid, 5]), {}).status_code == 404


def test_adding_and_removing_questions_keeps_typed_text(client_as):
    client = client_as("kcc")
    client.post(reverse("contacts:draft_create"), {"channel": "telefoon"})
    draft = ConversationDraft.objects.get()
    response = client.post(
        reverse("contacts:draft_add_question", args=[draft.uuid]), _form(**{"q-0-subject": "Eerste"})
    )
    html = response.content.decode()
    assert 'value="Eerste"' in html and 'id="q-1-subject"' in html
    client.post(
        reverse("contacts:draft_remove_question", args=[draft.uuid, 0]),
        _form(**{"q-0-subject": "Eerste", "q-1-subject": "Tweede"}),
    )
    draft.refresh_from_db()
    assert [q["subject"] for q in draft.data["questions"]] == ["Tweede"]


def test_invalid_bsn_for_the_caller_is_refused_at_the_field(client_as):
    client = client_as("kcc")
    client.post(reverse("contacts:draft_create"), {"channel": "telefoon"})
    draft = ConversationDraft.objects.get()
    response = client.post(reverse("contacts:draft_caller", args=[draft.uuid]), {"bsn": "123456789"})
    assert response.status_code == 422
    assert "elfproef" in response.content.decode()
    draft.refresh_from_db()
    assert draft.data["caller"] is None
    assert (
        client.post(reverse("contacts:draft_caller", args=[draft.uuid]), {"party_uuid": "x"}).status_code
        == 422
    )


def test_workspace_query_count_does_not_grow_with_open_drafts(client_as, make_persona, query_counter):
    client = client_as("kcc")
    user = make_persona("kcc")
    first = draft_create(user=user, channel_code="telefoon")
    url = reverse("contacts:draft", args=[first.uuid])
    one = query_counter(lambda: client.get(url))
    for _ in range(9):
        draft_create(user=user, channel_code="balie")
    assert query_counter(lambda: client.get(url)) == one


def test_finishing_twice_registers_once(client_as, make_persona, outcomes):
    from voorkant.contacts.services import draft_finish, draft_set_caller

    client = client_as("kcc")
    user = make_persona("kcc")
    draft = draft_create(user=user, channel_code="telefoon")
    draft_set_caller(draft=draft, user=user, caller={"anonymous": True})
    form = _form(**{"q-0-subject": "Dubbel afgerond", "q-0-outcome": "zelfstandig-afgehandeld"})
    assert client.post(reverse("contacts:draft_finish", args=[draft.uuid]), form).status_code == 302
    assert client.post(reverse("contacts:draft_finish", args=[draft.uuid]), form).status_code == 404
    # The service itself refuses a draft that is gone, even when the caller still holds the object.
    with pytest.raises(ConversationDraft.DoesNotExist):
        draft_finish(draft=draft, user=user)
    assert Conversation.objects.count() == 1


# Locked: the whole Ctrl+Enter request (session, user, permissions, draft, party, reserved question ids,
# writes, processing log, counter, event jobs). Each kind of row is written once per conversation, not per
# question. Was 21: channel, outcomes, protocol version and its fields now come from the per-process
# reference cache (warm after the first registration: -4), and the question ids are reserved before the
# insert instead of the numbers being set by an UPDATE afterwards (±0), and whether to go on to a follow-up is
# decided from the rows just written instead of a query (-1), and the agent's actor id is kept per process
# like the reference rows (-1): 15; on PostgreSQL the processing-log record and its subjects are one
# statement (privacy.services), so 14 there. The event jobs are written just before
# the COMMIT, which the test transaction never reaches: they are not counted here (see
# test_a_registration_commits_once_with_its_event_jobs).
REGISTRATION_QUERIES = 15


def test_registration_takes_a_locked_number_of_queries_whatever_the_number_of_questions(
    client_as, make_persona, query_counter
):
    from voorkant.contacts.services import draft_set_caller

    client = client_as("kcc")
    user = make_persona("kcc")

    def finish(count: int) -> int:
        draft = draft_create(user=user, channel_code="telefoon")
        draft_set_caller(draft=draft, user=user, caller={"bsn": VALID_BSN})
        form = {"channel": "telefoon"}
        for i in range(count):
            form.update({f"q-{i}-subject": f"Vraag {i}", f"q-{i}-outcome": "zelfstandig-afgehandeld"})
        url = reverse("contacts:draft_finish", args=[draft.uuid])
        return query_counter(lambda: client.post(url, form))

    finish(1)  # the first registration creates the party
    from django.db import connection

    expected = REGISTRATION_QUERIES - (1 if connection.vendor == "postgresql" else 0)
    assert [finish(1), finish(2), finish(3)] == [expected] * 3


def test_autosave_after_the_draft_was_finished_is_a_404_and_brings_nothing_back(client_as, make_persona):
    from voorkant.contacts.services import draft_save

    client = client_as("kcc")
    user = make_persona("kcc")
    draft = draft_create(user=user, channel_code="telefoon")
    ConversationDraft.objects.filter(pk=draft.pk).delete()  # finished in another request meanwhile
    with pytest.raises(ConversationDraft.DoesNotExist):
        draft_save(draft=draft, data={"questions": [{"subject": "te laat"}]})
    assert not ConversationDraft.objects.exists()
    response = client.post(reverse("contacts:draft", args=[draft.uuid]), _form(**{"q-0-subject": "x"}))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("questions", "follow_up_index"),
    [
        ([{"outcome": "zelfstandig-afgehandeld"}], None),
        ([{"outcome": "zelfstandig-afgehandeld"}, {"outcome": "vervolgactie"}], 1),
        ([{"outcome": "doorverbonden", "connected": "ja", "reached_right_person": "ja"}], None),
        ([{"outcome": "doorverbonden", "connected": "nee"}, {"outcome": "vervolgactie"}], 0),
    ],
)
def test_finishing_goes_on_to_the_follow_up_form_of_the_first_question_that_needs_one(
    client_as, outcomes, questions, follow_up_index
):
    from voorkant.followups.selectors import needs_followup

    client = client_as("kcc")
    client.post(reverse("contacts:draft_create"), {"channel": "telefoon"})
    draft = ConversationDraft.objects.get()
    client.post(reverse("contacts:draft_caller", args=[draft.uuid]), {"anoniem": "1"})
    form = _form()
    for i, question in enumerate(questions):
        form.update({f"q-{i}-subject": f"Vraag {i}", f"q-{i}-note": ""})
        form.update({f"q-{i}-{name}": value for name, value in question.items()})
    response = client.post(reverse("contacts:draft_finish", args=[draft.uuid]), form)
    registered = list(Question.objects.order_by("pk"))
    assert len(registered) == len(questions)
    # Decided from the rows just written, without a query; the same answer as the inbox's query gives.
    expected = needs_followup(Question.objects.all()).first()
    if follow_up_index is None:
        assert response["Location"] == reverse("contacts:workspace") and expected is None
    else:
        assert expected == registered[follow_up_index]
        assert response["Location"] == reverse(
            "followups:new", kwargs={"uuid": registered[follow_up_index].uuid}
        )
