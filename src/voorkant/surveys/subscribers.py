"""A completed conversation may lead to a survey invitation; the decision runs as a job, after commit."""

from voorkant.events.catalogue import EventType
from voorkant.events.services import DomainEvent, subscriber
from voorkant.surveys.services import invitation_for_conversation


@subscriber(EventType.CONVERSATION_COMPLETED)
def conversation_completed(event: DomainEvent) -> None:
    invitation_for_conversation(conversation_uuid=event.data["conversation_uuid"])
