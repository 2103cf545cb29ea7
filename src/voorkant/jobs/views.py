"""The beheerder's view of the queue: jobs by status, one job with its log, and retrying a failed job."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from voorkant.jobs.models import Job, JobStatus
from voorkant.jobs.selectors import job_list, job_status_counts, recent_workers, worker_health
from voorkant.jobs.services import job_retry

PERMISSION = "organisation.manage_reference_data"


@login_required
@permission_required(PERMISSION, raise_exception=True)
def job_index(request):
    status = request.GET.get("status") or None
    page = Paginator(job_list(status=status), 50).get_page(request.GET.get("pagina"))
    counts = job_status_counts()
    return render(
        request,
        "jobs/job_list.html",
        {
            "page": page,
            "status": status,
            "statuses": [(value, label, counts[value]) for value, label in JobStatus.choices],
            "health": worker_health(),
            "workers": recent_workers(),
        },
    )


@login_required
@permission_required(PERMISSION, raise_exception=True)
def job_detail(request, job_id: int):
    job = get_object_or_404(Job, pk=job_id)
    return render(request, "jobs/job_detail.html", {"job": job, "logs": job.logs.all()})


@require_POST
@login_required
@permission_required(PERMISSION, raise_exception=True)
def job_retry_view(request, job_id: int):
    job = job_retry(job=get_object_or_404(Job, pk=job_id), user=request.user)
    if job.status == JobStatus.QUEUED:
        messages.success(request, "De taak staat weer in de wachtrij.")
    else:
        messages.warning(request, "Alleen een mislukte taak kan opnieuw worden geprobeerd.")
    return redirect("jobs:detail", job_id=job.pk)
