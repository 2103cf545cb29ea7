import pytest
from django.db import IntegrityError, transaction

from voorkant.organisation.models import Actor, ActorKind
from voorkant.organisation.services import domain_create, employee_create, system_actor, team_create


def test_each_domain_team_and_employee_gets_exactly_one_actor(db):
    domain = domain_create(code="burgerzaken", name="Burgerzaken")
    team = team_create(domain=domain, name="Publiekszaken")
    employee = employee_create(name="Anna de Vries", teams=[team], leads=[team])
    assert domain.actor.kind == ActorKind.ORGANISATIONAL_UNIT
    assert team.actor.kind == ActorKind.ORGANISATIONAL_UNIT
    assert employee.actor.kind == ActorKind.EMPLOYEE
    assert Actor.objects.count() == 3
    assert employee.memberships.get().is_leader is True


def test_actor_cannot_point_at_two_subjects(db):
    domain = domain_create(code="belastingen", name="Belastingen")
    team = team_create(domain=domain, name="Heffingen")
    with pytest.raises(IntegrityError), transaction.atomic():
        Actor.objects.create(name="fout", kind=ActorKind.ORGANISATIONAL_UNIT, domain=domain, team=team)


def test_system_actor_is_reused(db):
    first = system_actor(code="retentie", name="Bewaartermijnen")
    second = system_actor(code="retentie", name="Bewaartermijnen")
    assert first.pk == second.pk
    assert first.kind == ActorKind.SYSTEM


def test_roles_are_groups_with_permissions(make_persona):
    agent = make_persona("kcc")
    manager = make_persona("manager")
    assert agent.has_perm("organisation.use_agent_workspace")
    assert not agent.has_perm("organisation.view_management_information")
    assert manager.has_perm("organisation.view_management_information")
    assert not manager.has_perm("organisation.view_klantbeeld")
