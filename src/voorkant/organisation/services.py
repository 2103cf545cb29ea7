"""Changes to the organisation. Each creation also creates the one actor row that represents it."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from voorkant.organisation.models import Actor, ActorKind, Domain, Employee, Team, TeamMembership, User
from voorkant.organisation.roles import Role


def actor_sync(*, subject: Domain | Team | Employee) -> Actor:
    """Create the subject's actor if it has none, and keep its name and active flag in step.

    Every path that creates a domain, team or employee (services, admin, imports) ends here, so each has
    exactly one actor.
    """
    field = {Domain: "domain", Team: "team", Employee: "employee"}[type(subject)]
    kind = ActorKind.EMPLOYEE if isinstance(subject, Employee) else ActorKind.ORGANISATIONAL_UNIT
    actor, created = Actor.objects.get_or_create(
        **{field: subject}, defaults={"name": subject.name, "kind": kind, "is_active": subject.is_active}
    )
    if not created and (actor.name != subject.name or actor.is_active != subject.is_active):
        actor.name = subject.name
        actor.is_active = subject.is_active
        actor.save(update_fields=["name", "is_active"])
    return actor


@transaction.atomic
def domain_create(*, code: str, name: str) -> Domain:
    domain = Domain.objects.create(code=code, name=name)
    actor_sync(subject=domain)
    return domain


@transaction.atomic
def team_create(*, domain: Domain, name: str, is_front_office: bool = False) -> Team:
    team = Team.objects.create(domain=domain, name=name, is_front_office=is_front_office)
    actor_sync(subject=team)
    return team


@transaction.atomic
def employee_create(
    *,
    name: str,
    user: User | None = None,
    email: str = "",
    job_title: str = "",
    teams: Iterable[Team] = (),
    leads: Iterable[Team] = (),
) -> Employee:
    employee = Employee.objects.create(name=name, user=user, email=email, job_title=job_title)
    actor_sync(subject=employee)
    led = set(leads)
    for team in set(teams) | led:
        TeamMembership.objects.create(employee=employee, team=team, is_leader=team in led)
    return employee


def system_actor(*, code: str, name: str) -> Actor:
    """The actor a job or import acts as (the standard's geautomatiseerde actor)."""
    actor, _ = Actor.objects.get_or_create(
        system_code=code, defaults={"name": name, "kind": ActorKind.SYSTEM}
    )
    return actor


SYSTEM_ACTOR_ONLY = (
    "Via de API kunt u alleen geautomatiseerde actoren beheren; medewerkers en organisatorische eenheden "
    "komen uit de organisatie in Voorkant."
)


def _system_actor_or_refuse(kind: str) -> None:
    if kind != ActorKind.SYSTEM:
        raise ValidationError({"soortActor": [SYSTEM_ACTOR_ONLY]})


@transaction.atomic
def system_actor_create(*, name: str, kind: str, is_active: bool = True) -> Actor:
    """A geautomatiseerde actor another system registers (e.g. its own chatbot), with a generated code."""
    _system_actor_or_refuse(kind)
    return Actor.objects.create(
        name=name, kind=ActorKind.SYSTEM, is_active=is_active, system_code=f"extern-{uuid.uuid4().hex[:16]}"
    )


@transaction.atomic
def system_actor_update(*, actor: Actor, changes: dict) -> Actor:
    """Rename or (de)activate a geautomatiseerde actor; other actors follow their domain, team or employee."""
    _system_actor_or_refuse(actor.kind)
    _system_actor_or_refuse(changes.get("kind", actor.kind))
    for name in ("name", "is_active"):
        if name in changes:
            setattr(actor, name, changes[name])
    actor.save(update_fields=["name", "is_active"])
    return actor


@transaction.atomic
def system_actor_delete(*, actor: Actor) -> None:
    """Remove a geautomatiseerde actor that nothing refers to (ProtectedError otherwise)."""
    _system_actor_or_refuse(actor.kind)
    actor.delete()


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    roles: Iterable[Role] = (),
    is_staff: bool = False,
) -> User:
    user = User.objects.create_user(
        username=username,
        password=password,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=is_staff,
    )
    user_set_roles(user=user, roles=roles)
    return user


def user_set_roles(*, user: User, roles: Iterable[Role]) -> None:
    groups = [Group.objects.get_or_create(name=str(role))[0] for role in roles]
    user.groups.set(groups)
