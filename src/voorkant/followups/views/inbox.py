"""The back office: inboxes (mine, my team's, all) and one follow-up with its actions and log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from voorkant.followups import inbox_table, selectors, services
from voorkant.followups.models import CallResult, FollowupState, InternalTask
from voorkant.followups.services import Author
from voorkant.organisation.models import Domain, Employee, Team
from voorkant.organisation.selectors import employee_for_user

PAGE_SIZE = 50
SCOPES = {"mijn": "Mijn vervolgacties", "team": "Mijn team", "alle": "Alle teams"}


def _may_work(user) -> bool:
    return user.has_perm("organisation.work_backoffice") or user.has_perm("organisation.coordinate_kcc")


def backoffice_view(view):
    def wrapper(request, *args, **kwargs):
        if not _may_work(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return login_required(wrapper)


def _task(request, uuid) -> InternalTask:
    try:
        return selectors.task_detail(user=request.user, uuid=uuid)
    except InternalTask.DoesNotExist:
        raise Http404("Deze vervolgactie bestaat niet of is niet voor u.") from None


@backoffice_view
@require_GET
def inbox(request):
    default = "team" if request.user.has_perm("organisation.work_backoffice") else "alle"
    scope = request.GET.get("lijst", default)
    if scope not in SCOPES:
        scope = default
    state = request.GET.get("status", "")
    if state not in FollowupState.values:
        state = ""
    team_ids = selectors.my_team_ids(request.user)  # read once for the list and the colleagues to pick
    tasks = selectors.inbox(user=request.user, scope=scope, state=state, team_ids=team_ids)
    page = Paginator(tasks.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = selectors.inbox_rows(list(page.object_list))
    # one reverse() for the page instead of one per row: a task's page is <inbox>/<uuid>/
    task_base = reverse("followups:inbox")
    can_overview = selectors.teams_overseen(user=request.user) != []
    return render(
        request,
        "followups/inbox.html",
        {
            "page": page,
            "rows": rows,
            "rows_html": inbox_table.rows_html(
                rows, now=timezone.now(), resolved=state == FollowupState.RESOLVED, task_base=task_base
            ),
            "scope": scope,
            "scopes": SCOPES
            if request.user.has_perm("organisation.coordinate_kcc")
            else dict(list(SCOPES.items())[:2]),
            "state": state,
            "states": FollowupState.choices,
            "candidates": selectors.reassign_candidates(user=request.user, team_ids=team_ids),
            "can_overview": can_overview,
            # moving work to another team in bulk: for those who lead a team or coordinate the KCC
            "team_targets": [t for t in selectors.reroute_targets() if t["value"].startswith("team:")]
            if can_overview and rows
            else [],
        },
    )


@backoffice_view
@require_GET
def task_detail(request, uuid):
    return _render_detail(request, _task(request, uuid))


def _render_detail(request, task: InternalTask, form_errors: dict | None = None, status: int = 200):
    now = timezone.now()
    return render(
        request,
        "followups/task.html",
        {
            "task": task,
            "timing": selectors.timing_of(task, now),
            "log": selectors.task_log(task),
            "answers": selectors.task_answers(task),
            "parties": selectors.task_parties(task),
            "candidates": selectors.reassign_candidates(user=request.user),
            "call_results": CallResult.choices,
            "errors": form_errors or {},
            "values": request.POST if form_errors else {},
            "me": employee_for_user(user=request.user),
            "reroute_targets": selectors.reroute_targets()
            if task.is_open and selectors.may_reroute(user=request.user, task=task)
            else [],
        },
        status=status,
    )


def _action(request, task: InternalTask, action: str):
    by = Author.of(request.user)
    post = request.POST
    if action == "oppakken":
        employee = employee_for_user(user=request.user)
        if employee is None:
            raise ValidationError("Uw account hoort niet bij een medewerker.")
        services.followup_claim(by=by, task=task, employee=employee)
        return "U behandelt deze vervolgactie nu."
    if action == "notitie":
        services.followup_note_add(by=by, task=task, text=post.get("text", ""))
        return "De notitie is toegevoegd."
    if action == "belpoging":
        services.followup_call_attempt(
            by=by, task=task, result=post.get("result", ""), text=post.get("text", "")
        )
        return "De belpoging is vastgelegd."
    if action == "wachten":
        services.followup_wait(by=by, task=task, text=post.get("text", ""))
        return "De vervolgactie wacht op de klant; de termijn staat stil."
    if action == "hervatten":
        services.followup_resume(by=by, task=task)
        return "De vervolgactie loopt weer; de termijn is opgeschoven."
    if action == "afhandelen":
        services.followup_resolve(
            by=by,
            task=task,
            result=post.get("result_text", ""),
            customer_message=post.get("customer_message", ""),
        )
        return "De vervolgactie is afgehandeld."
    if action == "heropenen":
        services.followup_reopen(by=by, task=task, reason=post.get("reason", ""))
        return "De vervolgactie is heropend."
    if action == "toewijzen":
        assignee = Employee.objects.filter(pk=post.get("assignee") or 0).first()
        team = Team.objects.filter(pk=post.get("team") or 0).first() or task.team
        services.followup_route(
            by=by,
            task=task,
            domain=None if team else task.domain,
            team=team,
            assignee=assignee,
            reason=post.get("reason", ""),
        )
        return "De vervolgactie is toegewezen."
    if action == "doorzetten":
        return _reroute(by, task, post)
    raise Http404


def _target(value: str) -> tuple[Domain | None, Team | None]:
    """'team:<pk>' or 'domein:<pk>' from the re-route form; (None, None) when it names nothing active."""
    kind, _, pk = (value or "").partition(":")
    if not pk.isdigit():
        return None, None
    if kind == "team":
        return None, Team.objects.filter(pk=pk, is_active=True).select_related("domain").first()
    if kind == "domein":
        return Domain.objects.filter(pk=pk, is_active=True).first(), None
    return None, None


def _reroute(by: Author, task: InternalTask, post) -> str:
    """Move the task to another team or domain; it goes back to "nieuw" there, without an employee."""
    domain, team = _target(post.get("target", ""))
    if domain is None and team is None:
        raise ValidationError({"target": ["Kies het team of domein waar de vervolgactie heen moet."]})
    reason = post.get("reason", "").strip()
    if not reason:
        raise ValidationError({"reroute_reason": ["Schrijf erbij waarom; het komt in de geschiedenis."]})
    services.followup_route(by=by, task=task, domain=domain, team=team, assignee=None, reason=reason)
    return f"De vervolgactie is doorgezet naar {(team or domain).name}."


@backoffice_view
@require_POST
def task_action(request, uuid, action: str):
    task = _task(request, uuid)
    try:
        text = _action(request, task, action)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        errors = {**errors, "_action": [action]}
        return _render_detail(request, _task(request, uuid), form_errors=errors, status=422)
    messages.success(request, text)
    if not selectors.visible(user=request.user, task=task):
        return redirect("followups:inbox")  # moved out of the user's domains: the task page would be a 404
    return redirect("followups:task", uuid=task.uuid)


@backoffice_view
@require_POST
def bulk_reassign(request):
    """Reassign the ticked tasks to one colleague (absence), or move them to another team (team leaders and
    the KCC coordinator); all or none."""
    uuids = request.POST.getlist("taak")
    back = reverse("followups:inbox") + "?" + request.POST.get("terug", "")
    assignee = (
        selectors.reassign_candidates(user=request.user).filter(pk=request.POST.get("assignee") or 0).first()
    )
    _, team = _target(request.POST.get("target", ""))
    if not uuids or (assignee is None and team is None):
        messages.error(request, "Kies een of meer vervolgacties en een collega of team.")
        return redirect(back)
    tasks = list(selectors.inbox(user=request.user, scope="alle").filter(uuid__in=uuids))
    try:
        changed = services.followup_reassign_many(
            by=Author.of(request.user), tasks=tasks, team=team, assignee=assignee
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    where = assignee.name if assignee is not None else team.name
    messages.success(request, f"{changed} vervolgactie(s) toegewezen aan {where}.")
    return redirect(back)


@login_required
@require_GET
def leader_overview(request):
    """Team leaders (their teams) and the KCC coordinator (all teams): open, due soon, overdue, 3× late."""
    team_ids = selectors.teams_overseen(user=request.user)
    if team_ids == []:
        raise PermissionDenied
    now = timezone.now()
    rows, overdue = selectors.leader_overview(team_ids=team_ids, now=now)
    return render(
        request,
        "followups/overview.html",
        {"rows": rows, "overdue": [{"task": t, "timing": selectors.timing_of(t, now)} for t in overdue]},
    )
