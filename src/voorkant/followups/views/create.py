"""The agent makes a follow-up for a question just registered in the werkplek (or a failed transfer)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.views.decorators.http import require_GET, require_http_methods

from voorkant.followups import deadlines, selectors
from voorkant.followups.forms import FollowupCreateForm
from voorkant.followups.models import FollowupKind, Priority
from voorkant.followups.routing import route_for
from voorkant.followups.services import Author, followup_create
from voorkant.followups.views.routing import add_service_errors
from voorkant.organisation.models import Domain
from voorkant.privacy.access import visible_questions

AGENT = "organisation.use_agent_workspace"


def _question(request, uuid):
    # the conversation too: after a follow-up is made the view looks for the conversation's next question
    queryset = visible_questions(request.user).select_related("product", "channel", "outcome", "conversation")
    return get_object_or_404(queryset, uuid=uuid)


def promise_text(*, kind: str, deadline) -> str:
    """What the agent tells the customer, with the deadline in words."""
    when = formats.date_format(timezone.localtime(deadline), "l j F \\o\\m H:i")
    if kind == FollowupKind.CALLBACK:
        return f"Wij bellen u uiterlijk {when} terug."
    if kind == FollowupKind.EMAIL_BACK:
        return f"U krijgt uiterlijk {when} antwoord per e-mail."
    return f"Uw vraag is doorgezet. U hoort uiterlijk {when} van ons."


def _initial(question) -> tuple[dict, str]:
    failed = selectors.failed_transfer_of(question)
    kind = FollowupKind.CALLBACK
    domain = team = None
    reason = ""
    if failed is not None and failed.target_actor is not None:
        actor = failed.target_actor
        team = actor.team if actor.team_id else None
        domain = team.domain if team else (actor.domain if actor.domain_id else None)
        reason = f"Doorverbinden met {actor.name} is niet gelukt."
    if domain is None:
        route = route_for(question=question)
        domain, team = route.domain, route.team
        if failed is not None:
            reason = (
                f"Doorverbinden{' met ' + failed.target_label if failed.target_label else ''} is niet gelukt."
            )
    norm = deadlines.norm_for(question.product)
    deadline, _ = deadlines.deadlines_for(start=timezone.now(), norm=norm)
    initial = {
        "kind": kind,
        "requested_action": f"Klant terugbellen over: {question.subject}"[:200],
        "customer_told": promise_text(kind=kind, deadline=deadline),
        "explanation": reason,
        "priority": Priority.NORMAL,
        "domain": domain,
        "team": team,
        **selectors.contact_details_of(question),
    }
    return initial, norm.label()


@login_required
@permission_required(AGENT, raise_exception=True)
@require_http_methods(["GET", "POST"])
def followup_new(request, uuid):
    question = _question(request, uuid)
    domain_id = request.POST.get("domain") if request.method == "POST" else None
    # The prefill (route, deadline promise, contact details) is decided when the form is shown; a posted form
    # carries its own route, so it is worked out again only when the post names no domain.
    initial = {} if domain_id else _initial(question)[0]
    domain_id = domain_id or getattr(initial.get("domain"), "pk", None)
    domain_id = int(domain_id) if str(domain_id or "").isdigit() else None
    extra = selectors.domain_questions(domain_id=domain_id)
    form = FollowupCreateForm(request.POST or None, initial=initial, extra_questions=extra)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = followup_create(
                by=Author.of(request.user),
                question=question,
                kind=data["kind"],
                requested_action=data["requested_action"],
                explanation=data["explanation"],
                customer_told=data["customer_told"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                contact_email=data["contact_email"],
                callback_window=data["callback_window"],
                priority=data["priority"],
                domain=data["domain"],
                team=data["team"],
                assignee=data["assignee"],
                answers=form.answers(),
                domain_questions=(domain_id, extra),  # read above for the form: not read again
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            where = task.team.name if task.team_id else task.domain.name
            messages.success(
                request,
                f"Vervolgactie {task.number} is doorgezet naar {where}. "
                + promise_text(kind=task.kind, deadline=task.deadline_at),
            )
            following = selectors.next_question_to_follow_up(conversation=question.conversation)
            if following is not None:
                return redirect("followups:new", uuid=following.uuid)
            return redirect("contacts:workspace")
    existing = list(question.internal_tasks.select_related("team", "domain"))
    return render(
        request,
        "followups/new.html",
        {
            "form": form,
            "question": question,
            "norm_label": deadlines.norm_for(question.product).label(),
            "deadline_preview": deadlines.deadlines_for(
                start=timezone.now(), norm=deadlines.norm_for(question.product)
            )[0],
            "existing": existing,
            "failed_transfer": selectors.failed_transfer_of(question),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@permission_required(AGENT, raise_exception=True)
@require_GET
def followup_new_questions(request, uuid):
    """htmx: the chosen domain's extra questions, when the agent picks another domain."""
    _question(request, uuid)
    domain = Domain.objects.filter(pk=request.GET.get("domain") or 0).first()
    extra = selectors.domain_questions(domain_id=domain.pk if domain else None)
    form = FollowupCreateForm(extra_questions=extra)
    return render(request, "followups/partials/extra_questions.html", {"form": form})
