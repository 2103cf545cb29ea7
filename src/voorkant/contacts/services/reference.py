"""Changes to the reference tables the functional administrator keeps: channels and outcomes.

Nothing is ever deleted: questions point at these rows, so a channel or outcome no longer used is
deactivated and disappears from the agent's choices while history keeps its name.
"""

from __future__ import annotations

from django.db import transaction

from voorkant.contacts.models import Channel, Outcome


@transaction.atomic
def channel_save(
    *, channel: Channel | None = None, code: str, name: str, order: int, is_active: bool
) -> Channel:
    """Create a channel, or change one when ``channel`` is given."""
    channel = channel or Channel()
    channel.code, channel.name, channel.order, channel.is_active = code, name, order, is_active
    channel.full_clean()
    channel.save()
    return channel


@transaction.atomic
def outcome_save(
    *, outcome: Outcome | None = None, code: str, name: str, category: str, order: int, is_active: bool
) -> Outcome:
    """Create an outcome mapped onto a fixed category, or change one when ``outcome`` is given."""
    outcome = outcome or Outcome()
    outcome.code, outcome.name, outcome.category = code, name, category
    outcome.order, outcome.is_active = order, is_active
    outcome.full_clean()
    outcome.save()
    return outcome
