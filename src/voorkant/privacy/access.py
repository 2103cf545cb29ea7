"""The one authorisation chokepoint for citizen data: every view, export, API and job reads through here.

Each function narrows a queryset to what the user may see. Views never filter on roles themselves; they
start from these querysets, so a rule changed here holds on every path.
"""

from __future__ import annotations

from django.db.models import QuerySet


def _can_view_customers(user) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and user.has_perm("organisation.view_klantbeeld")
    )


def _backoffice_domain_ids(user) -> list[int]:
    """The domains of the back-office employee's teams: the only customers they may see are those with a
    follow-up in one of these domains."""
    from voorkant.organisation.models import Team

    if not (
        user and user.is_authenticated and user.is_active and user.has_perm("organisation.work_backoffice")
    ):
        return []
    return list(
        Team.objects.filter(memberships__employee__user=user).values_list("domain_id", flat=True).distinct()
    )


def visible_followups(user) -> QuerySet:
    """Follow-ups the user may open: the KCC coordinator all; a back-office employee those of their teams'
    domains and those assigned to them; everyone else none."""
    from django.db.models import Q

    from voorkant.followups.models import InternalTask

    if not (user and user.is_authenticated and user.is_active):
        return InternalTask.objects.none()
    if user.has_perm("organisation.coordinate_kcc"):
        return InternalTask.objects.all()
    if user.has_perm("organisation.work_backoffice"):
        return InternalTask.objects.filter(
            Q(domain_id__in=_backoffice_domain_ids(user)) | Q(assignee__user=user)
        )
    return InternalTask.objects.none()


def visible_parties(user) -> QuerySet:
    """Parties the user may open. KCC staff see all; the back office only customers of a follow-up of its
    own domain; other roles none."""
    from voorkant.parties.models import Party

    if _can_view_customers(user):
        return Party.objects.all()
    domains = _backoffice_domain_ids(user)
    if domains:
        return Party.objects.filter(involvements__question__internal_tasks__domain_id__in=domains).distinct()
    return Party.objects.none()


def visible_questions(user) -> QuerySet:
    """Questions (klantcontacten) the user may read in full: KCC staff all; the back office the questions
    that led to a follow-up of its own domain."""
    from voorkant.contacts.models import Question

    if _can_view_customers(user):
        return Question.objects.all()
    domains = _backoffice_domain_ids(user)
    if domains:
        return Question.objects.filter(internal_tasks__domain_id__in=domains).distinct()
    return Question.objects.none()


def may_open_klantbeeld(user) -> bool:
    """KCC staff, and the back office (which then sees only customers reachable through its follow-ups)."""
    return _can_view_customers(user) or bool(_backoffice_domain_ids(user))


def visible_processing_log(user) -> QuerySet:
    from voorkant.privacy.models import ProcessingLogRecord

    if user and user.is_authenticated and user.has_perm("organisation.view_processing_log"):
        return ProcessingLogRecord.objects.all()
    return ProcessingLogRecord.objects.none()


def api_sees_confidential(request) -> bool:
    """Whether an API caller may see confidential questions: only tokens flagged for it."""
    from voorkant.apitokens.models import ApiToken

    auth = getattr(request, "auth", None)
    return isinstance(auth, ApiToken) and auth.may_see_confidential


def api_visible_questions(request) -> QuerySet:
    """Questions an API caller may read: confidential ones only with a token flagged for them.

    The scope check (``klantinteracties:read``) happened in the API's permission class already; a logged-in
    employee's session reads what the employee may read in the UI, minus confidential questions.
    """
    from voorkant.apitokens.models import ApiToken
    from voorkant.contacts.models import Question

    if isinstance(getattr(request, "auth", None), ApiToken):
        questions = Question.objects.all()
    else:
        questions = visible_questions(request.user)
    if not api_sees_confidential(request):
        questions = questions.filter(is_confidential=False)
    return questions


def api_visible_parties(request) -> QuerySet:
    """Parties an API caller may read (the token's scope was checked by the API's permission class)."""
    from voorkant.apitokens.models import ApiToken
    from voorkant.parties.models import Party

    if isinstance(getattr(request, "auth", None), ApiToken):
        return Party.objects.all()
    return visible_parties(request.user)
