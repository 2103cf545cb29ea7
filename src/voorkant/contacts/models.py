"""Conversations and the questions registered in them (each question is one "klantcontact").

A conversation is what the agent experiences: one call, one desk visit, one e-mail thread, on one channel.
The standard counts questions: each has its own subject, product, protocol, outcome and answer.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Channel(models.Model):
    """A contact channel; a reference table the functional administrator edits."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=50, unique=True, help_text="Naam zoals in 'kanaal' van de standaard.")
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "kanaal"
        verbose_name_plural = "kanalen"

    def __str__(self) -> str:
        return self.name


class OutcomeCategory(models.TextChoices):
    """Fixed categories the KPIs count; the municipality's own outcomes each map onto one."""

    RESOLVED = "afgehandeld", "Zelfstandig afgehandeld"
    TRANSFERRED = "doorverbonden", "Doorverbonden"
    FOLLOW_UP = "vervolgactie", "Vervolgactie"
    REFERRED = "verwezen", "Verwezen naar andere instantie"
    DISCONNECTED = "verbroken", "Verbinding verbroken"
    OTHER = "overig", "Overig"


class Outcome(models.Model):
    """An outcome (gespreksresultaat); a reference table mapped onto a fixed category."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100, unique=True)
    category = models.CharField(max_length=20, choices=OutcomeCategory.choices)
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "uitkomst"
        verbose_name_plural = "uitkomsten"

    def __str__(self) -> str:
        return self.name


class Conversation(models.Model):
    """One contact as the agent lives it: a channel, an agent, a start and an end."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="conversations")
    agent = models.ForeignKey(
        "organisation.Actor", on_delete=models.PROTECT, related_name="conversations", null=True, blank=True
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "gesprek"
        verbose_name_plural = "gesprekken"
        indexes = [models.Index(fields=["started_at"], name="conversation_started_idx")]


class Question(models.Model):
    """A question within a conversation: the standard's klantcontact."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(max_length=10, unique=True, help_text="Klantcontactnummer (nummer).")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="questions")
    # Channel and time repeat the conversation's so KPIs and the API read one table.
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="questions")
    occurred_at = models.DateTimeField(help_text="plaatsgevondenOp")
    subject = models.CharField(max_length=200, help_text="Onderwerp van de vraag (onderwerp).")
    note = models.CharField(max_length=1000, blank=True, help_text="Notitie bij de vraag (inhoud).")
    response = models.CharField(max_length=4000, blank=True, help_text="Gegeven antwoord (reactie).")
    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.PROTECT, null=True, blank=True, related_name="questions"
    )
    protocol_version = models.ForeignKey(
        "catalogue.ProtocolVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="questions"
    )
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="questions")
    knowledge_item = models.ForeignKey(
        "knowledge.KnowledgeItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    # True when a kennisbank item answered it; may be set by hand when the answer came from elsewhere.
    answer_found = models.BooleanField(default=False)
    contact_succeeded = models.BooleanField(null=True, blank=True, help_text="indicatieContactGelukt")
    further_action_taken = models.BooleanField(default=False, help_text="verdereActieOndernomen")
    language = models.CharField(max_length=3, default="nld", help_text="ISO 639-2/B (taal).")
    is_confidential = models.BooleanField(default=False, help_text="vertrouwelijk")
    # Only the Klantinteracties API sets these three; the UI has no use for them (yet).
    # Database defaults too: bulk loaders (the demo generator's COPY) name their columns and skip these.
    reference_number = models.CharField(
        max_length=10, blank=True, default="", db_default="", help_text="Referentienummer (referentienummer)."
    )
    main_subject_type = models.CharField(
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text="Type van het onderwerp (hoofdOnderwerpType).",
    )
    metadata = models.JSONField(
        default=dict, db_default={}, blank=True, help_text="Sleutel/waarde-gegevens (metadata)."
    )

    class Meta:
        verbose_name = "vraag (klantcontact)"
        verbose_name_plural = "vragen (klantcontacten)"
        indexes = [
            models.Index(fields=["occurred_at"], name="question_occurred_idx"),
            models.Index(fields=["product", "occurred_at"], name="question_product_idx"),
            # The API's referentienummer filter: only the few questions that have one (most have ''), so the
            # index is small and the writes of everything else never touch it.
            models.Index(
                fields=["reference_number"],
                name="question_reference_idx",
                condition=~models.Q(reference_number=""),
            ),
        ]


class InvolvementRole(models.TextChoices):
    """The standard's rol of a betrokkene."""

    CUSTOMER = "klant", "Klant"
    REPRESENTATIVE = "vertegenwoordiger", "Vertegenwoordiger"


class Involvement(models.Model):
    """A person's part in one question (betrokkene), with or without a stored party."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="involvements")
    party = models.ForeignKey(
        "parties.Party", on_delete=models.PROTECT, null=True, blank=True, related_name="involvements"
    )
    role = models.CharField(max_length=17, choices=InvolvementRole.choices, default=InvolvementRole.CUSTOMER)
    is_initiator = models.BooleanField(default=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    initials = models.CharField(max_length=10, blank=True)
    first_name = models.CharField(max_length=200, blank=True)
    surname_prefix = models.CharField(max_length=10, blank=True)
    surname = models.CharField(max_length=200, blank=True)
    # Denormalised from the question so the klantbeeld pages through a party's history on one index.
    occurred_at = models.DateTimeField()

    class Meta:
        verbose_name = "betrokkene"
        verbose_name_plural = "betrokkenen"
        indexes = [models.Index(fields=["party", "-occurred_at"], name="involvement_party_time_idx")]


class Transfer(models.Model):
    """A transfer (doorverbinding) records two separate facts: connected, and reached the right person."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="transfers")
    target_actor = models.ForeignKey(
        "organisation.Actor", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    target_label = models.CharField(max_length=200, blank=True)
    connected = models.BooleanField()
    reached_right_person = models.BooleanField(null=True, blank=True)
    wait_seconds = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "doorverbinding"
        verbose_name_plural = "doorverbindingen"


class ConversationDraft(models.Model):
    """A half-filled conversation, kept server-side per agent so it survives reload and a closed tab.

    Never in browser storage: a question's text can hold a citizen's secrets. Expired drafts are removed by
    the retention job.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = "concept-gesprek"
        verbose_name_plural = "concept-gesprekken"


class QuestionCount(models.Model):
    """How many questions exist per visibility class, kept by the services in the same transaction.

    An exact COUNT(*) over a million questions costs more than an API request may; these two rows answer the
    unfiltered ``count`` of the Klantinteracties API. ``question_counts_rebuild`` resets them after bulk load.
    """

    is_confidential = models.BooleanField(unique=True)
    total = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "aantal vragen"
        verbose_name_plural = "aantallen vragen"


class SubjectObject(models.Model):
    """An object a question was about (onderwerpobject), e.g. a zaak in another register."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="subject_objects"
    )
    # The earlier question this object was the subject of (wasKlantcontact).
    was_question = models.ForeignKey(
        Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="was_subject_objects"
    )
    object_id = models.CharField(max_length=200, blank=True, help_text="objectId")
    object_type = models.CharField(max_length=200, blank=True, help_text="codeObjecttype")
    register = models.CharField(max_length=200, blank=True, help_text="codeRegister")
    id_kind = models.CharField(max_length=200, blank=True, help_text="codeSoortObjectId")

    class Meta:
        verbose_name = "onderwerpobject"
        verbose_name_plural = "onderwerpobjecten"


class Attachment(models.Model):
    """A document that describes (part of) a question (bijlage); the file itself lives in another register."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    object_id = models.CharField(max_length=200, blank=True, help_text="objectId")
    object_type = models.CharField(max_length=200, blank=True, help_text="codeObjecttype")
    register = models.CharField(max_length=200, blank=True, help_text="codeRegister")
    id_kind = models.CharField(max_length=200, blank=True, help_text="codeSoortObjectId")

    class Meta:
        verbose_name = "bijlage"
        verbose_name_plural = "bijlagen"


class ActorInvolvement(models.Model):
    """An actor that took part in a question (actorklantcontact), besides the agent of the conversation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="actor_involvements")
    actor = models.ForeignKey("organisation.Actor", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "actor bij klantcontact"
        verbose_name_plural = "actoren bij klantcontacten"
        constraints = [
            models.UniqueConstraint(fields=["question", "actor"], name="actorinvolvement_unique_actor")
        ]


class QuestionAnswer(models.Model):
    """The answer to one protocol question, stored per field; only fields of the question's protocol version
    are ever stored (enforced by the registration service)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    field = models.ForeignKey("catalogue.ProtocolField", on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField()
    # Decided once when stored (catalogue.services.answer_is_filler), so the coordinators' analytics count
    # filler without reading what citizens said.
    is_filler = models.BooleanField(default=False, help_text="Opvulling zoals '-', 'nvt' of 'onbekend'.")

    class Meta:
        verbose_name = "antwoord op protocolvraag"
        verbose_name_plural = "antwoorden op protocolvragen"
        constraints = [
            models.UniqueConstraint(fields=["question", "field"], name="questionanswer_unique_field")
        ]
