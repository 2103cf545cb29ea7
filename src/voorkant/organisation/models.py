"""Domains, teams, employees and their actors (the standard's "actoren").

A municipality organises its service in domains (Burgerzaken, Sociaal Domein, ...) with teams inside them,
not in departments. Every domain, team and employee has exactly one actor row so contacts and internal
tasks can point at "who" without knowing which kind of who it is.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A log-in. What a user may do comes from role groups; who they are in the organisation from Employee."""

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"
        permissions = [
            ("use_agent_workspace", "Mag gesprekken registreren in de werkplek"),
            ("view_klantbeeld", "Mag het klantbeeld raadplegen"),
            ("reveal_bsn", "Mag een BSN zichtbaar maken"),
            ("view_management_information", "Mag managementinformatie zien"),
            ("manage_reference_data", "Mag referentiegegevens beheren"),
            ("edit_knowledge", "Mag de kennisbank bewerken"),
            ("view_processing_log", "Mag de verwerkingenlogging raadplegen"),
            ("coordinate_kcc", "Mag het KCC coördineren"),
            ("work_backoffice", "Mag vervolgacties in de backoffice behandelen"),
            ("decide_protocol_proposals", "Mag besluiten over voorstellen voor registratieprotocollen"),
        ]


class Domain(models.Model):
    """A back-office domain such as Burgerzaken or Sociaal Domein."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(max_length=40, unique=True, help_text="Korte code, bijvoorbeeld 'burgerzaken'.")
    name = models.CharField(max_length=200, unique=True, help_text="Naam van het domein.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "domein"
        verbose_name_plural = "domeinen"

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team inside a domain; the KCC itself is a team too."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    is_front_office = models.BooleanField(
        default=False, help_text="Aan als dit team het klantcontactcentrum (frontoffice) is."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["domain__name", "name"]
        constraints = [models.UniqueConstraint(fields=["domain", "name"], name="team_unique_name_per_domain")]
        verbose_name = "team"
        verbose_name_plural = "teams"

    def __str__(self) -> str:
        return self.name


class Employee(models.Model):
    """A person working for the municipality; may or may not have a log-in."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="employee"
    )
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    telephony_agent_id = models.CharField(
        max_length=50,
        blank=True,
        help_text="Agent-id in de telefooncentrale, als die afwijkt van de gebruikersnaam.",
    )
    teams = models.ManyToManyField(Team, through="TeamMembership", related_name="employees")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "medewerker"
        verbose_name_plural = "medewerkers"

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    """Membership of a team. Leading a team is a position, separate from the roles a user holds."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    is_leader = models.BooleanField(
        default=False, help_text="Aan als deze medewerker teamleider van dit team is."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee", "team"], name="teammembership_unique_employee_team")
        ]


class ActorKind(models.TextChoices):
    """The standard's soortActor."""

    EMPLOYEE = "medewerker", "Medewerker"
    SYSTEM = "geautomatiseerde_actor", "Geautomatiseerde actor"
    ORGANISATIONAL_UNIT = "organisatorische_eenheid", "Organisatorische eenheid"


class Actor(models.Model):
    """Who acted or is assigned: exactly one of domain, team, employee or a named system."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, help_text="Naam van de actor.")
    kind = models.CharField(max_length=24, choices=ActorKind.choices)
    is_active = models.BooleanField(default=True)
    domain = models.OneToOneField(
        Domain, on_delete=models.CASCADE, null=True, blank=True, related_name="actor"
    )
    team = models.OneToOneField(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="actor")
    employee = models.OneToOneField(
        Employee, on_delete=models.CASCADE, null=True, blank=True, related_name="actor"
    )
    system_code = models.SlugField(max_length=60, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "actor"
        verbose_name_plural = "actoren"
        constraints = [
            models.CheckConstraint(
                name="actor_exactly_one_subject",
                condition=(
                    models.Q(
                        domain__isnull=False,
                        team__isnull=True,
                        employee__isnull=True,
                        system_code__isnull=True,
                    )
                    | models.Q(
                        domain__isnull=True,
                        team__isnull=False,
                        employee__isnull=True,
                        system_code__isnull=True,
                    )
                    | models.Q(
                        domain__isnull=True,
                        team__isnull=True,
                        employee__isnull=False,
                        system_code__isnull=True,
                    )
                    | models.Q(
                        domain__isnull=True,
                        team__isnull=True,
                        employee__isnull=True,
                        system_code__isnull=False,
                    )
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name
