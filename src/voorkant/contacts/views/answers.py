"""A registered question's stored protocol answers, opened on request from the klantbeeld (and logged)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from voorkant.contacts import services
from voorkant.privacy.access import visible_questions


@login_required
@permission_required("organisation.view_klantbeeld", raise_exception=True)
@require_GET
def question_answers(request, question_uuid):
    question = get_object_or_404(visible_questions(request.user), uuid=question_uuid)
    answers = services.question_answers_open(user=request.user, question=question)
    return render(
        request, "contacts/partials/stored_answers.html", {"answers": answers, "question": question}
    )
