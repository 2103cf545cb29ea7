import pytest

from voorkant.jobs.models import Job, JobLog, JobStatus
from voorkant.jobs.services import enqueue_now

# Hand-written: URL x persona -> status.
MATRIX = [
    ("/beheer/taken/", "beheerder", 200),
    ("/beheer/taken/", "kcc", 403),
    ("/beheer/taken/", "teamleider", 403),
    ("/beheer/taken/", "privacy", 403),
    ("/beheer/taken/{job}/", "beheerder", 200),
    ("/beheer/taken/{job}/", "kcc", 403),
    ("/beheer/", "beheerder", 200),
]


@pytest.mark.parametrize(("url", "persona", "status"), MATRIX)
def test_permission_matrix(client_as, url, persona, status):
    enqueue_now("tests.record")
    job = Job.objects.get()
    assert client_as(persona).get(url.format(job=job.pk)).status_code == status


def test_the_beheerder_sees_a_failed_job_with_its_log_and_can_retry_it(client_as, run_worker):
    enqueue_now("tests.fail", max_attempts=1)
    run_worker()
    job = Job.objects.get()
    client = client_as("beheerder")
    page = client.get(f"/beheer/taken/{job.pk}/").content.decode()
    assert "Mislukt" in page and "bewust mislukt" in page and "Opnieuw proberen" in page
    client.post(f"/beheer/taken/{job.pk}/opnieuw/")
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 0)
    assert JobLog.objects.filter(job=job, message__contains="beheerder").exists()


def test_others_cannot_retry_a_job(client_as, run_worker):
    enqueue_now("tests.fail", max_attempts=1)
    run_worker()
    job = Job.objects.get()
    assert client_as("kcc").post(f"/beheer/taken/{job.pk}/opnieuw/").status_code == 403
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_the_list_filters_by_status(client_as):
    enqueue_now("tests.record")
    page = client_as("beheerder").get("/beheer/taken/?status=failed").content.decode()
    assert "Geen taken gevonden." in page


def test_the_job_list_takes_the_same_queries_for_1_and_25_rows(client_as, query_counter):
    client = client_as("beheerder")
    enqueue_now("tests.record")
    one = query_counter(lambda: client.get("/beheer/taken/"))
    for _ in range(24):
        enqueue_now("tests.record")
    many = query_counter(lambda: client.get("/beheer/taken/"))
    assert one == many
