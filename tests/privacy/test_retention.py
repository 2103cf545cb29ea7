import datetime as dt

from django.utils import timezone

from voorkant.catalogue.models import Product
from voorkant.contacts.models import Channel, Conversation, ConversationDraft, Involvement, Outcome, Question
from voorkant.parties.models import IdentifierType, ObjectType, Party, PartyIdentifier, Register
from voorkant.privacy.models import ProcessingLogRecord, ProcessingLogSubject, RetentionRun
from voorkant.privacy.retention import months_before, retention_run
from voorkant.privacy.services import Subject, subject_hash

NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)


def _party(number: str, bsn: str) -> Party:
    party = Party.objects.create(number=number, kind="persoon", surname=f"Test{number}")
    PartyIdentifier.objects.create(
        party=party,
        object_type=ObjectType.NATURAL_PERSON,
        identifier_type=IdentifierType.BSN,
        value=bsn,
        register=Register.BRP,
    )
    return party


def _question(number: str, product, occurred_at, party=None, conversation=None) -> Question:
    channel = Channel.objects.get(code="telefoon")
    conversation = conversation or Conversation.objects.create(
        channel=channel, started_at=occurred_at, ended_at=occurred_at
    )
    question = Question.objects.create(
        number=number,
        conversation=conversation,
        channel=channel,
        occurred_at=occurred_at,
        subject="Vraag",
        note="Notitie met persoonlijke details",
        product=product,
        outcome=Outcome.objects.get(code="zelfstandig-afgehandeld"),
    )
    Involvement.objects.create(question=question, party=party, occurred_at=occurred_at)
    return question


def test_months_before_handles_month_ends_and_years():
    assert months_before(dt.datetime(2026, 3, 31, 12, 0), 1) == dt.datetime(2026, 2, 28, 12, 0)
    assert months_before(dt.datetime(2026, 1, 15), 13) == dt.datetime(2024, 12, 15)


def test_retention_removes_exactly_what_is_due_and_reports_it(db):
    passport = Product.objects.create(name="paspoort", retention_months=12)
    complaint = Product.objects.create(name="klacht", retention_months=60)
    forever = Product.objects.create(name="zonder termijn")
    old = NOW - dt.timedelta(days=400)
    gone_party = _party("P1", "999993653")
    kept_party = _party("P2", "999990627")
    due = _question("Q1", passport, old, party=gone_party)
    shared = Conversation.objects.create(channel=due.channel, started_at=old, ended_at=old)
    due_shared = _question("Q2", passport, old, party=kept_party, conversation=shared)
    keep_in_shared = _question("Q3", complaint, old, party=kept_party, conversation=shared)
    recent = _question("Q4", passport, NOW - dt.timedelta(days=100))
    no_term = _question("Q5", forever, old - dt.timedelta(days=3000))
    ConversationDraft.objects.create(user=_user(), data={"q": "x"}, expires_at=NOW - dt.timedelta(hours=1))
    ConversationDraft.objects.create(user=_user("b"), data={"q": "y"}, expires_at=NOW + dt.timedelta(hours=1))

    run = retention_run(now=NOW)

    remaining = set(Question.objects.values_list("number", flat=True))
    assert remaining == {keep_in_shared.number, recent.number, no_term.number}
    assert not Conversation.objects.filter(pk=due.conversation_id).exists()
    assert Conversation.objects.filter(pk=shared.pk).exists()
    assert not Party.objects.filter(pk=gone_party.pk).exists()
    assert Party.objects.filter(pk=kept_party.pk).exists()
    assert not Involvement.objects.filter(question_id__in=[due.pk, due_shared.pk]).exists()
    assert ConversationDraft.objects.count() == 1
    run = RetentionRun.objects.get(pk=run.pk)
    assert (run.questions_removed, run.conversations_removed, run.parties_removed, run.drafts_removed) == (
        2,
        1,
        1,
        1,
    )
    assert run.details == [
        {
            "product": "paspoort",
            "bewaartermijn_maanden": 12,
            "grens": months_before(NOW, 12).isoformat(),
            "verwijderd": 2,
        }
    ]
    record = ProcessingLogRecord.objects.get(action="bewaartermijn.uitvoeren")
    hashes = set(ProcessingLogSubject.objects.filter(record=record).values_list("subject_hash", flat=True))
    assert subject_hash(Subject("bsn", "999993653")) in hashes
    assert subject_hash(Subject("bsn", "999990627")) not in hashes


def test_second_run_removes_nothing_more(db):
    product = Product.objects.create(name="paspoort", retention_months=1)
    _question("Q1", product, NOW - dt.timedelta(days=60))
    assert retention_run(now=NOW).questions_removed == 1
    again = retention_run(now=NOW)
    assert (again.questions_removed, again.parties_removed) == (0, 0)
    assert timezone.is_aware(again.started_at)


def _user(name="a"):
    from voorkant.organisation.models import User

    return User.objects.create(username=f"retentie-{name}")


def test_retention_is_a_daily_job():
    from voorkant.jobs.registry import get_task

    definition = get_task("privacy.retention")
    assert definition.every == dt.timedelta(days=1)


def test_privacy_officer_reads_the_retention_report_and_others_cannot(client_as):
    product = Product.objects.create(name="paspoort", retention_months=1)
    _question("Q1", product, NOW - dt.timedelta(days=60))
    retention_run(now=NOW)
    page = client_as("privacy").get("/privacy/bewaartermijnen/")
    assert page.status_code == 200
    assert "1 vragen" in page.content.decode() and "paspoort" in page.content.decode()
    for persona in ["kcc", "manager", "beheerder"]:
        assert client_as(persona).get("/privacy/bewaartermijnen/").status_code == 403
