"""The agent's follow-up form: prefilled route, deadline and contact details; checks at the field."""

from __future__ import annotations

import pytest

from voorkant.followups.models import FollowupAnswer, InternalTask

pytestmark = pytest.mark.django_db


@pytest.fixture
def followup_question(make_question, wmo):
    from voorkant.contacts.models import Outcome, OutcomeCategory, Question

    question = make_question(product=wmo)
    outcome = Outcome.objects.filter(category=OutcomeCategory.FOLLOW_UP).first()
    Question.objects.filter(pk=question.pk).update(outcome=outcome)
    return question


def _url(question):
    return f"/vervolgacties/nieuw/{question.uuid}/"


def _post(organisation, **overrides):
    data = {
        "kind": "terugbelverzoek",
        "requested_action": "Terugbellen over huishoudelijke hulp",
        "customer_told": "Wij bellen u uiterlijk donderdag terug.",
        "explanation": "Klant is slechthorend, rustig praten",
        "contact_name": "J. Jansen",
        "contact_phone": "06 12345678",
        "contact_email": "j.jansen@voorbeeld.invalid",
        "callback_window": "ochtend (9–12 uur)",
        "priority": "2",
        "domain": organisation["social_domain"].pk,
        "team": organisation["social_team"].pk,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


ROLES = ["kcc", "teamleider", "backoffice", "manager", "beheerder", "redacteur", "privacy", "zonderrol"]


@pytest.mark.parametrize("username", ROLES)
def test_only_kcc_staff_may_make_a_follow_up(client_as, followup_question, username):
    response = client_as(username).get(_url(followup_question))
    assert response.status_code == (200 if username in ("kcc", "teamleider") else 403)


def test_form_offers_the_products_team_and_the_deadline_to_promise(
    client_as, followup_question, organisation
):
    page = client_as("kcc").get(_url(followup_question)).content.decode()
    assert f'<option value="{organisation["social_team"].pk}" selected>' in page
    assert "de norm voor dit product is 3 werkdagen" in page
    assert "Wij bellen u uiterlijk" in page


def test_agent_makes_a_callback_with_every_field(client_as, followup_question, organisation):
    response = client_as("kcc").post(_url(followup_question), _post(organisation))
    assert response.status_code == 302 and response["Location"] == "/werkplek/"
    task = InternalTask.objects.get()
    assert (task.kind, task.priority, task.team, task.contact_phone) == (
        "terugbelverzoek",
        2,
        organisation["social_team"],
        "06 12345678",
    )
    assert task.explanation == "Klant is slechthorend, rustig praten"
    assert task.customer_told.startswith("Wij bellen u")
    assert task.callback_window == "ochtend (9–12 uur)"
    assert task.log_entries.get().user.username == "kcc"


def test_callback_without_a_number_is_refused_at_the_field_and_the_form_kept(
    client_as, followup_question, organisation
):
    response = client_as("kcc").post(_url(followup_question), _post(organisation, contact_phone=""))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Vul het nummer in waarop de klant wil worden teruggebeld." in page
    assert "Klant is slechthorend, rustig praten" in page
    assert not InternalTask.objects.exists()


def test_invalid_phone_number_is_refused(client_as, followup_question, organisation):
    response = client_as("kcc").post(_url(followup_question), _post(organisation, contact_phone="bel me"))
    assert response.status_code == 422 and not InternalTask.objects.exists()


def test_domains_extra_questions_are_asked_and_stored_per_field(client_as, followup_question, organisation):
    from voorkant.followups.models import DomainQuestion

    DomainQuestion.objects.create(
        domain=organisation["social_domain"],
        key="mantelzorg",
        label="Is er een mantelzorger?",
        kind="janee",
        is_required=True,
    )
    DomainQuestion.objects.create(
        domain=organisation["social_domain"],
        key="urgentie",
        label="Hoe dringend?",
        kind="keuze",
        choices=["nu", "deze week"],
    )
    client = client_as("kcc")
    page = client.get(_url(followup_question)).content.decode()
    assert "Is er een mantelzorger?" in page
    refused = client.post(_url(followup_question), _post(organisation))
    assert refused.status_code == 422 and not InternalTask.objects.exists()
    client.post(
        _url(followup_question), _post(organisation, vraag_mantelzorg="nee", vraag_urgentie="deze week")
    )
    stored = {a.field.key: a.value for a in FollowupAnswer.objects.select_related("field")}
    assert stored == {"mantelzorg": False, "urgentie": "deze week"}


def test_picking_another_domain_loads_its_extra_questions(client_as, followup_question, organisation):
    from voorkant.followups.models import DomainQuestion

    DomainQuestion.objects.create(
        domain=organisation["kcc_domain"], key="x", label="Vraag van het KCC", kind="kort"
    )
    response = client_as("kcc").get(
        _url(followup_question) + "vragen/", {"domain": organisation["kcc_domain"].pk}
    )
    assert "Vraag van het KCC" in response.content.decode()


def test_failed_transfer_becomes_a_callback_to_the_team_it_was_meant_for(
    client_as, make_question, organisation
):
    from voorkant.contacts.models import Transfer

    question = make_question(product=None, subject="Vraag over bijstand")
    Transfer.objects.create(
        question=question, target_actor=organisation["social_team"].actor, connected=False, wait_seconds=240
    )
    client = client_as("kcc")
    page = client.get(_url(question)).content.decode()
    assert "Doorverbinden met Wmo is niet gelukt" in page
    assert f'<option value="{organisation["social_team"].pk}" selected>' in page
    response = client.post(_url(question), _post(organisation))
    assert response.status_code == 302
    assert InternalTask.objects.get().kind == "terugbelverzoek"


def test_after_one_follow_up_the_next_question_that_needs_one_is_offered(
    client_as, make_question, wmo, organisation
):
    from voorkant.contacts.models import Outcome, OutcomeCategory, Question

    first = make_question(product=wmo)
    second = Question.objects.create(
        number="~second",
        conversation=first.conversation,
        channel=first.channel,
        occurred_at=first.occurred_at,
        subject="Tweede vraag",
        product=wmo,
        outcome=Outcome.objects.filter(category=OutcomeCategory.FOLLOW_UP).first(),
    )
    Question.objects.filter(pk=first.pk).update(outcome=second.outcome)
    response = client_as("kcc").post(_url(first), _post(organisation))
    assert response["Location"] == _url(second)


def test_questions_read_for_another_domain_do_not_replace_the_tasks_own(followup_question, organisation, by):
    # The form hands the service the extra questions it read for the posted domain; when the task ends up in
    # another domain (the team's), the service reads that domain's questions itself.
    from django.core.exceptions import ValidationError

    from voorkant.followups.models import DomainQuestion
    from voorkant.followups.services import followup_create

    DomainQuestion.objects.create(
        domain=organisation["social_domain"],
        key="mantelzorg",
        label="Mantelzorger?",
        kind="janee",
        is_required=True,
    )
    fields = {
        "by": by,
        "question": followup_question,
        "requested_action": "Terugbellen",
        "team": organisation["social_team"],
        "answers": {},
        "domain_questions": (organisation["kcc_domain"].pk, []),
    }
    with pytest.raises(ValidationError) as refused:
        followup_create(**fields)
    assert "vraag_mantelzorg" in refused.value.message_dict and not InternalTask.objects.exists()
    known = list(DomainQuestion.objects.filter(domain=organisation["social_domain"]))
    task = followup_create(
        **{
            **fields,
            "answers": {"mantelzorg": True},
            "domain_questions": (organisation["social_domain"].pk, known),
        }
    )
    assert FollowupAnswer.objects.get(task=task).value is True
