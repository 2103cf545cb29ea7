"""Every change to a follow-up: create, route, claim, log, call, wait, resume, resolve, reopen.

Each service is one transaction that locks the task row, checks the transition against ``TRANSITIONS``,
appends a log line, writes one processing-log record and publishes a domain event after commit. The UI, the
Klantinteracties API (``internal_task_save``), jobs and the demo all come through here.

``common`` holds what they share, ``messages`` the notification and the customer's e-mail, ``create`` making
a follow-up, ``transitions`` every later change and ``api`` the Klantinteracties writes. Import from this
package: ``from voorkant.followups import services`` or ``from voorkant.followups.services import ...``.
"""

from voorkant.followups.services.api import API_FIELDS, internal_task_delete, internal_task_save
from voorkant.followups.services.common import (
    NUMBER_WIDTH,
    PURPOSE,
    REFUSALS,
    REROUTE_REFUSED,
    TRANSITIONS,
    Author,
    TransitionError,
    _append,
)
from voorkant.followups.services.create import followup_create
from voorkant.followups.services.messages import _email_customer, _notify_arrival
from voorkant.followups.services.transitions import (
    followup_call_attempt,
    followup_claim,
    followup_note_add,
    followup_reassign_many,
    followup_reopen,
    followup_resolve,
    followup_resume,
    followup_route,
    followup_wait,
)

__all__ = [
    "API_FIELDS",
    "NUMBER_WIDTH",
    "PURPOSE",
    "REFUSALS",
    "REROUTE_REFUSED",
    "TRANSITIONS",
    "Author",
    "TransitionError",
    "_append",
    "_email_customer",
    "_notify_arrival",
    "followup_call_attempt",
    "followup_claim",
    "followup_create",
    "followup_note_add",
    "followup_reassign_many",
    "followup_reopen",
    "followup_resolve",
    "followup_resume",
    "followup_route",
    "followup_wait",
    "internal_task_delete",
    "internal_task_save",
]
