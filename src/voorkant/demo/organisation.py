"""The demo organisation, accounts and products, built through the organisation services.

These are a few hundred rows, so they go through the ordinary services: every domain, team and employee
gets its actor the same way as in production.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from voorkant.catalogue.demo_protocols import install_demo_protocols
from voorkant.catalogue.models import Product
from voorkant.demo.content import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DOMAINS,
    EMAIL_DOMAIN,
    EXTRA_KCC_AGENTS,
    FIRST_NAMES,
    FOLLOWUP_TEAMS,
    FRONT_OFFICE_TEAMS,
    KCC_TEAM,
    MEMBERS_PER_BACKOFFICE_TEAM,
    PRODUCTS,
    SURNAMES,
)
from voorkant.organisation.models import Domain, Team, User
from voorkant.organisation.services import domain_create, employee_create, team_create, user_create


@dataclass
class DemoOrganisation:
    """What the bulk generator needs to refer to: actor ids and product ids."""

    agent_actor_ids: list[int] = field(default_factory=list)
    team_actors_by_domain: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    product_ids: dict[str, int] = field(default_factory=dict)


# Demo product → its name in the Uniforme Productnamenlijst, so the demo uses the real catalogue rows.
UPL_NAMES = {
    "Paspoort": "paspoort",
    "Identiteitskaart": "identiteitskaart",
    "Rijbewijs": "rijbewijs",
    "Verhuizing doorgeven": "verhuismelding",
    "Bijstand": "bijstand",
    "Schuldhulpverlening": "schuldhulpverlening",
    "Wmo-voorziening": "wmo-voorziening",
    "Parkeervergunning": "parkeervergunning",
    "Omgevingsvergunning": "omgevingsvergunning",
    "Gemeentelijke belastingen / WOZ": "woz-beschikking",
    "Melding openbare ruimte": "melding openbare ruimte (algemeen)",
    "Klacht": "klacht",
}
# Retention periods (months) for the demo; a municipality sets its own from the Selectielijst.
RETENTION_MONTHS = {
    "Paspoort": 12,
    "Identiteitskaart": 12,
    "Rijbewijs": 12,
    "Bijstand": 84,
    "Schuldhulpverlening": 84,
    "Wmo-voorziening": 84,
    "Klacht": 60,
}


def demo_exists() -> bool:
    """True when (part of) the demo organisation is already there: the generator then does nothing."""
    codes = [code for code, _, _ in DOMAINS]
    usernames = [account.username for account in DEMO_ACCOUNTS]
    return (
        Domain.objects.filter(code__in=codes).exists() or User.objects.filter(username__in=usernames).exists()
    )


def _person_name(rng: random.Random, used: set[str]) -> tuple[str, str]:
    while True:
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        if f"{first} {last}" not in used:
            used.add(f"{first} {last}")
            return first, last


def build_organisation(*, rng: random.Random) -> DemoOrganisation:
    """Domains, teams with leaders, employees, the demo accounts and the products."""
    result = DemoOrganisation()
    teams: dict[str, Team] = {}
    domains: dict[str, Domain] = {}
    for code, name, team_names in DOMAINS:
        domains[code] = domain_create(code=code, name=name)
        result.team_actors_by_domain[code] = []
        for team_name in team_names:
            team = team_create(
                domain=domains[code], name=team_name, is_front_office=team_name in FRONT_OFFICE_TEAMS
            )
            teams[team_name] = team
            result.team_actors_by_domain[code].append((team.actor.id, team_name))

    used_names = {f"{a.first_name} {a.last_name}" for a in DEMO_ACCOUNTS}
    for account in DEMO_ACCOUNTS:
        user = user_create(
            username=account.username,
            password=DEMO_PASSWORD,
            first_name=account.first_name,
            last_name=account.last_name,
            email=f"{account.username}@{EMAIL_DOMAIN}",
            roles=account.roles,
            is_staff=account.is_staff,
        )
        team = teams[account.team] if account.team else None
        employee = employee_create(
            name=f"{account.first_name} {account.last_name}",
            user=user,
            email=user.email,
            job_title=account.job_title,
            teams=[team] if team else [],
            leads=[team] if team and account.leads else [],
        )
        if account.team == KCC_TEAM:
            result.agent_actor_ids.append(employee.actor.id)

    for _ in range(EXTRA_KCC_AGENTS):
        first, last = _person_name(rng, used_names)
        employee = employee_create(
            name=f"{first} {last}", job_title="KCC-medewerker", teams=[teams[KCC_TEAM]]
        )
        result.agent_actor_ids.append(employee.actor.id)

    led = {account.team for account in DEMO_ACCOUNTS if account.leads}
    for team_name, team in teams.items():
        if team_name == KCC_TEAM:
            continue
        size = rng.randint(*MEMBERS_PER_BACKOFFICE_TEAM)
        for index in range(size):
            first, last = _person_name(rng, used_names)
            is_leader = index == 0 and team_name not in led
            employee_create(
                name=f"{first} {last}",
                job_title=f"Teamleider {team_name}" if is_leader else "Medewerker",
                teams=[team],
                leads=[team] if is_leader else [],
            )

    for product in PRODUCTS:
        upl_name = UPL_NAMES.get(product.name, product.name)
        existing = Product.objects.filter(name__iexact=upl_name).order_by("-is_municipal", "id").first()
        if existing is None:
            # Not in the UPL (or the UPL was not loaded): the municipality's own product.
            existing = Product.objects.create(name=product.name, is_municipal=True, is_local=True)
        existing.owner_domain = existing.owner_domain or domains[product.domain]
        existing.followup_domain = existing.followup_domain or domains[product.domain]
        if product.name in FOLLOWUP_TEAMS and existing.followup_team_id is None:
            existing.followup_team = teams[FOLLOWUP_TEAMS[product.name]]
        existing.norm_amount = existing.norm_amount or 2
        existing.retention_months = existing.retention_months or RETENTION_MONTHS.get(product.name, 24)
        existing.save()
        result.product_ids[product.name] = existing.id
    # The demo protocols attach to the UPL products by name: minimal for identity documents, full for Wmo.
    install_demo_protocols()
    return result
