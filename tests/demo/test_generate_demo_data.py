"""generate_demo_data and demo_logins: refusal, accounts, actors, parties, determinism and the timetable."""

from __future__ import annotations

from collections import Counter
from datetime import time
from io import StringIO
from zoneinfo import ZoneInfo

import holidays
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count

from voorkant.contacts.models import Conversation, Involvement, Question, Transfer
from voorkant.demo.content import DEMO_ACCOUNTS, DEMO_PASSWORD, KCC_TEAM
from voorkant.demo.generator import generate
from voorkant.demo.plan import BENCH_PARTY_QUESTIONS, bench_party_bsns
from voorkant.organisation.models import Actor, Domain, Employee, Team, TeamMembership, User
from voorkant.organisation.roles import Role
from voorkant.parties.models import Party, PartyIdentifier
from voorkant.privacy.models import ProcessingLogRecord

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Hashing seven demo passwords with the production hasher is slow and not what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("generate_demo_data", contacts=300, seed=7, stdout=StringIO())


def snapshot() -> dict:
    questions = list(
        Question.objects.order_by("number").values_list(
            "number",
            "uuid",
            "subject",
            "note",
            "occurred_at",
            "channel__code",
            "outcome__code",
            "product__name",
            "conversation__uuid",
            "conversation__agent__name",
        )
    )
    involvements = list(
        Involvement.objects.order_by("question__number").values_list("question__number", "party__number")
    )
    parties = list(Party.objects.order_by("number").values_list("number", "uuid", "identifiers__value"))
    transfers = list(
        Transfer.objects.order_by("question__number").values_list("question__number", "connected")
    )
    return {"questions": questions, "involvements": involvements, "parties": parties, "transfers": transfers}


def generate_and_roll_back(seed: int) -> dict:
    with transaction.atomic():
        generate(contacts=120, seed=seed)
        result = snapshot()
        transaction.set_rollback(True)
    return result


def test_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("generate_demo_data", contacts=10, seed=1, stdout=StringIO())
    assert not Question.objects.exists()
    assert not User.objects.filter(username="kcc").exists()


def test_runs_with_force_or_demo_mode_when_debug_is_off(settings):
    settings.DEBUG = False
    settings.DEMO_MODE = True
    call_command("generate_demo_data", contacts=10, seed=1, stdout=StringIO())
    assert Question.objects.count() == 10


def test_force_overrides_debug_off(settings):
    settings.DEBUG = False
    settings.DEMO_MODE = False
    call_command("generate_demo_data", contacts=5, seed=1, force=True, stdout=StringIO())
    assert Question.objects.count() == 5


def test_second_run_leaves_existing_demo_alone(demo):
    out = StringIO()
    call_command("generate_demo_data", contacts=50, seed=8, stdout=out)
    assert "bestaan al" in out.getvalue()
    assert Question.objects.count() == 300


def test_creates_exactly_the_requested_number_of_questions_in_conversations_of_one_to_three(demo):
    assert Question.objects.count() == 300
    sizes = Counter(Conversation.objects.annotate(n=Count("questions")).values_list("n", flat=True))
    assert set(sizes) <= {1, 2, 3}
    assert sizes[1] > sizes[2] > sizes[3]


def test_demo_accounts_have_their_roles_password_and_undeliverable_email(demo):
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(username=account.username)
        assert user.check_password(DEMO_PASSWORD)
        assert user.email.endswith(".invalid")
        assert set(user.groups.values_list("name", flat=True)) == {str(r) for r in account.roles}
        assert user.employee.actor is not None
    assert User.objects.get(username="beheerder").is_staff
    assert not User.objects.get(username="kcc").is_staff


def test_team_leader_leads_the_kcc_team_and_backoffice_works_in_the_social_domain(demo):
    leader = TeamMembership.objects.get(employee__user__username="teamleider")
    assert leader.is_leader and leader.team.name == KCC_TEAM and leader.team.is_front_office
    assert set(User.objects.get(username="teamleider").groups.values_list("name", flat=True)) == {
        str(Role.AGENT),
        str(Role.COORDINATOR),
    }
    backoffice = TeamMembership.objects.get(employee__user__username="backoffice")
    assert backoffice.team.domain.code == "sociaal-domein"
    assert not backoffice.is_leader


def test_domains_teams_and_leaders(demo):
    assert set(Domain.objects.values_list("name", flat=True)) >= {
        "Burgerzaken",
        "Sociaal Domein",
        "Openbare Ruimte",
        "Belastingen",
        "Vergunningen",
        "Dienstverlening",
    }
    for team in Team.objects.all():
        assert team.memberships.filter(is_leader=True).count() == 1, team.name


def test_every_domain_team_and_employee_has_exactly_one_actor(demo):
    assert Domain.objects.filter(actor__isnull=True).count() == 0
    assert Team.objects.filter(actor__isnull=True).count() == 0
    assert Employee.objects.filter(actor__isnull=True).count() == 0
    assert Actor.objects.filter(domain__isnull=False).count() == Domain.objects.count()
    assert Actor.objects.filter(team__isnull=False).count() == Team.objects.count()
    assert Actor.objects.filter(employee__isnull=False).count() == Employee.objects.count()


def test_conversations_are_handled_by_kcc_agents(demo):
    agent_actor_ids = set(Actor.objects.filter(employee__teams__name=KCC_TEAM).values_list("id", flat=True))
    used = set(Conversation.objects.values_list("agent_id", flat=True))
    assert used <= agent_actor_ids
    assert len(used) > 5


def test_parties_exist_only_for_test_persons_who_had_contact(demo):
    assert 0 < Party.objects.count() < 300
    assert not Party.objects.filter(involvements__isnull=True).exists()
    for identifier in PartyIdentifier.objects.all():
        assert (identifier.identifier_type, identifier.object_type, identifier.register) == (
            "bsn",
            "natuurlijk_persoon",
            "brp",
        )
    assert PartyIdentifier.objects.count() == Party.objects.count()


def test_about_forty_percent_anonymous_and_involvement_time_equals_question_time(demo):
    anonymous = Question.objects.filter(involvements__isnull=True).count()
    assert 0.25 < anonymous / 300 < 0.55
    for involvement in Involvement.objects.select_related("question", "party"):
        assert involvement.occurred_at == involvement.question.occurred_at
        assert involvement.surname == involvement.party.surname


def test_phone_numbers_are_kept_as_typed_and_as_e164(demo):
    phones = Party.objects.filter(digital_addresses__kind="telefoonnummer").values_list(
        "digital_addresses__address", "digital_addresses__normalized"
    )
    assert phones
    for typed, normalized in phones:
        assert normalized.startswith("+316") and len(normalized) == 12
        assert "".join(c for c in typed if c.isdigit()).endswith(normalized[-9:])
    emails = Party.objects.filter(digital_addresses__kind="email").values_list(
        "digital_addresses__address", flat=True
    )
    assert all(e.endswith(".invalid") and e.isascii() for e in emails)


def test_question_numbers_use_the_demo_prefix_and_fit_the_standard(demo):
    numbers = list(Question.objects.values_list("number", flat=True))
    assert all(n.startswith("D") and len(n) <= 10 for n in numbers)
    assert len(set(numbers)) == len(numbers)


def test_conversations_fall_on_working_days_within_opening_hours(demo):
    zone = ZoneInfo(settings.TIME_ZONE)
    public = holidays.country_holidays("NL", years=[2024, 2025])
    weekdays = Counter()
    for started in Conversation.objects.values_list("started_at", flat=True):
        local = started.astimezone(zone)
        assert local.weekday() < 5 and local.date() not in public
        assert time(8, 30) <= local.time() < time(17, 0)
        weekdays[local.weekday()] += 1
    # Every working day of the week gets calls; the question times sit in the same year.
    assert set(weekdays) == {0, 1, 2, 3, 4}
    years = {q.astimezone(zone).year for q in Question.objects.values_list("occurred_at", flat=True)}
    assert years <= {2024, 2025}


def test_same_seed_gives_the_same_rows_and_another_seed_other_rows(settings):
    first = generate_and_roll_back(3)
    assert first["questions"] and first["parties"] and first["involvements"]
    assert generate_and_roll_back(3) == first
    other = generate_and_roll_back(4)
    assert other["questions"] != first["questions"]


def test_bench_parties_get_exactly_two_hundred_questions():
    generate(contacts=10_500, seed=1)
    for bsn in bench_party_bsns():
        party = Party.objects.get(identifiers__value=bsn)
        assert party.involvements.count() == BENCH_PARTY_QUESTIONS


def test_the_command_writes_one_processing_log_record(demo):
    record = ProcessingLogRecord.objects.get(action="demo.genereren")
    assert record.channel == "command"
    assert record.subject_count == Party.objects.count()


def test_demo_logins_lists_every_account_with_the_password(demo, settings):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert DEMO_PASSWORD in text
    for account in DEMO_ACCOUNTS:
        assert account.username in text


def test_demo_logins_refuses_outside_debug_and_demo_mode(demo, settings):
    settings.DEBUG = False
    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("demo_logins", stdout=StringIO())
