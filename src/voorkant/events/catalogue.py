"""Every domain event Voorkant publishes. Add a member here when a service starts publishing a new one, so a
typo in a publisher or subscriber fails at start-up instead of silently never matching."""

from django.db import models


class EventType(models.TextChoices):
    CONVERSATION_STARTED = "conversation.started", "Gesprek gestart"
    CONVERSATION_COMPLETED = "conversation.completed", "Gesprek afgerond"
    QUESTION_REGISTERED = "question.registered", "Vraag geregistreerd"
    QUESTION_CHANGED = "question.changed", "Vraag gewijzigd of verwijderd"
    FOLLOWUP_CREATED = "followup.created", "Vervolgactie aangemaakt"
    FOLLOWUP_CHANGED = "followup.changed", "Vervolgactie gewijzigd"
    CALL_COMPLETED = "call.completed", "Telefoongesprek afgerond"
    KNOWLEDGE_PUBLISHED = "knowledge.published", "Kennisartikel gepubliceerd"
    NOTIFICATION_BROADCAST = "notification.broadcast", "Mededeling verstuurd"
