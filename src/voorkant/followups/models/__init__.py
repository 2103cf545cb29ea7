"""Follow-ups: tasks and their log (tasks.py), routing rules (routing.py), domains' extra questions."""

from voorkant.followups.models.questions import DomainQuestion, FollowupAnswer
from voorkant.followups.models.routing import CustomerType, RoutingRule
from voorkant.followups.models.tasks import (
    OPEN_STATES,
    STATE_TO_STATUS,
    AppendOnlyError,
    CallResult,
    FollowupKind,
    FollowupLogEntry,
    FollowupState,
    InternalTask,
    LogKind,
    Priority,
    TaskStatus,
)

__all__ = [
    "OPEN_STATES",
    "STATE_TO_STATUS",
    "AppendOnlyError",
    "CallResult",
    "CustomerType",
    "DomainQuestion",
    "FollowupAnswer",
    "FollowupKind",
    "FollowupLogEntry",
    "FollowupState",
    "InternalTask",
    "LogKind",
    "Priority",
    "RoutingRule",
    "TaskStatus",
]
