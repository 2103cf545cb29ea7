"""Telephony: raw call and agent events as the exchange sent them, and one derived summary row per call.

The events are the source of truth; a call's summary is recomputed from all its events whenever one arrives,
so events may come late, twice or out of order. Caller numbers are personal data: they live only in these two
tables, are removed by the retention job (settings.TELEPHONY_RETENTION_DAYS), and never go into logs.
"""

from __future__ import annotations

from django.db import models


class EventType(models.TextChoices):
    """What happened. The first six concern a call, the rest an agent's state."""

    QUEUED = "queued", "In de wachtrij"
    RINGING = "ringing", "Gaat over bij medewerker"
    ANSWERED = "answered", "Aangenomen"
    TRANSFERRED = "transferred", "Doorverbonden"
    ABANDONED = "abandoned", "Opgehangen tijdens wachten"
    COMPLETED = "completed", "Beëindigd"
    LOGGED_IN = "logged_in", "Aangemeld"
    LOGGED_OUT = "logged_out", "Afgemeld"
    PAUSED = "paused", "Pauze"
    UNPAUSED = "unpaused", "Pauze voorbij"
    WRAP_UP = "wrap_up", "Nawerk"


CALL_EVENT_TYPES = frozenset(
    {
        EventType.QUEUED,
        EventType.RINGING,
        EventType.ANSWERED,
        EventType.TRANSFERRED,
        EventType.ABANDONED,
        EventType.COMPLETED,
    }
)
AGENT_EVENT_TYPES = frozenset(set(EventType) - CALL_EVENT_TYPES)


class Source(models.TextChoices):
    API = "api", "API"
    QUEUE_LOG = "queue_log", "queue_log-bestand"
    BANK = "bank", "Anonymous Bank-gegevens"


class TelephonyEvent(models.Model):
    """One event from the telephone exchange. `event_id` is the sender's idempotency key."""

    event_id = models.CharField(max_length=100, help_text="Unieke sleutel van de afzender.")
    event_type = models.CharField(max_length=12, choices=EventType.choices)
    is_agent_event = models.BooleanField(default=False)
    call_id = models.CharField(max_length=100, blank=True, help_text="Gesprek waar dit bericht bij hoort.")
    occurred_at = models.DateTimeField(help_text="Tijdstip volgens de telefooncentrale.")
    queue = models.CharField(max_length=100, blank=True, help_text="Wachtrij.")
    agent_ref = models.CharField(
        max_length=150, blank=True, help_text="Medewerker zoals de centrale hem noemt."
    )
    # No index on the employee links (here and on Call): nothing reads calls or events by employee, and every
    # index costs each ingested event an insertion. Deleting an employee (rare: they are deactivated) scans.
    employee = models.ForeignKey(
        "organisation.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    target = models.CharField(max_length=150, blank=True, help_text="Doel van een doorverbinding.")
    # Resolved when the event arrives, so recomputing a call never needs to look up employees again.
    target_is_agent = models.BooleanField(default=False)
    caller_number = models.CharField(max_length=20, blank=True, help_text="Nummer van de beller (E.164).")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.API)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "telefoniebericht"
        verbose_name_plural = "telefonieberichten"
        # A named constraint rather than unique=True: on PostgreSQL the latter adds a second (LIKE) index on
        # the id that nothing searches with, and every ingested event pays for each index.
        constraints = [models.UniqueConstraint(fields=["event_id"], name="telephonyevent_event_id_unique")]
        indexes = [
            models.Index(fields=["call_id"], name="telephonyevent_call"),
            # Also serves the retention job (is_agent_event IN (true, false) AND occurred_at < cutoff), so no
            # separate time index has to be maintained on every insert.
            models.Index(fields=["is_agent_event", "occurred_at"], name="telephonyevent_kind_time"),
        ]


class CallStatus(models.TextChoices):
    WAITING = "waiting", "Wacht"
    TALKING = "talking", "In gesprek"
    COMPLETED = "completed", "Afgerond"
    ABANDONED = "abandoned", "Opgehangen"


class Call(models.Model):
    """A call as the customer lived it, derived from its events (see summary.py for every definition).

    Times are in seconds. `wait_seconds` is the first wait (until the first answer or the hang-up);
    `total_wait_seconds` adds every wait after a transfer; `right_person_seconds` runs from entering the queue
    to the answer of the last agent, the one the call ended with.
    """

    call_id = models.CharField(max_length=100)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.API)
    queue = models.CharField(max_length=100, blank=True, help_text="Eerste wachtrij.")
    final_queue = models.CharField(max_length=100, blank=True, help_text="Laatste wachtrij.")
    caller_number = models.CharField(max_length=20, blank=True, help_text="Nummer van de beller (E.164).")
    caller_key = models.CharField(
        max_length=64, blank=True, help_text="Gesleutelde hash van de beller, voor herhaalde oproepen."
    )
    entered_at = models.DateTimeField()
    interval_start = models.DateTimeField(help_text="Begin van het kwartier waarin de oproep binnenkwam.")
    status = models.CharField(max_length=10, choices=CallStatus.choices)
    waiting_since = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    answered = models.BooleanField(default=False)
    abandoned = models.BooleanField(default=False, help_text="Opgehangen voordat iemand opnam.")
    abandoned_after_transfer = models.BooleanField(default=False)
    wait_seconds = models.FloatField(null=True, blank=True)
    total_wait_seconds = models.FloatField(default=0)
    talk_seconds = models.FloatField(default=0)
    right_person_seconds = models.FloatField(null=True, blank=True)
    transfer_count = models.PositiveIntegerField(default=0)
    first_agent_ref = models.CharField(max_length=150, blank=True)
    first_employee = models.ForeignKey(
        "organisation.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    final_agent_ref = models.CharField(max_length=150, blank=True)
    final_employee = models.ForeignKey(
        "organisation.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    is_repeat = models.BooleanField(default=False, help_text="Zelfde beller belde in de 24 uur ervoor.")
    event_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "gesprek"
        verbose_name_plural = "gesprekken"
        constraints = [models.UniqueConstraint(fields=["call_id"], name="call_call_id_unique")]
        # No index includes a column that changes while a call goes on (status, answers, waits): each event
        # rewrites its call's row, and PostgreSQL can then update it in place on its page (a HOT update,
        # helped by the table's fillfactor, see migration 0004) without touching any index. The wall board
        # and the retention job reach calls by time through interval_start (at most 15 minutes before
        # entered_at). No index on entered_at alone: with statistics that lag behind the newest calls, the
        # planner took it for the repeat-flag update and scanned every recent call in each batch.
        indexes = [
            models.Index(fields=["interval_start", "queue"], name="call_interval_queue"),
            models.Index(fields=["caller_key", "entered_at"], name="call_caller_time"),
        ]


class QueueLogImport(models.Model):
    """Where an import of a queue_log file stopped, so the next run resumes after the last whole line."""

    path = models.CharField(max_length=500, unique=True, help_text="Pad van het queue_log-bestand.")
    offset = models.BigIntegerField(default=0, help_text="Aantal bytes dat al is verwerkt.")
    line_number = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "queue_log-import"
        verbose_name_plural = "queue_log-imports"


class CallConversation(models.Model):
    """A registered conversation that was this call: its questions' waiting and transfers come from telephony.

    Made when a conversation started from the screen-pop is registered. One call can become more than one
    conversation only through separate pops (a transfer to another Voorkant agent); a conversation is one
    call.
    """

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="conversation_links")
    conversation = models.OneToOneField(
        "contacts.Conversation", on_delete=models.CASCADE, related_name="call_link"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "gesprek bij oproep"
        verbose_name_plural = "gesprekken bij oproepen"
