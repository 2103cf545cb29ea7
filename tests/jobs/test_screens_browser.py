import pytest

from tests.conftest import assert_accessible
from voorkant.jobs.models import Job
from voorkant.jobs.services import enqueue_now

pytestmark = pytest.mark.browser


def test_the_beheerder_reads_the_job_list_and_a_failed_job(login_page, run_worker):
    enqueue_now("tests.fail", max_attempts=1)
    enqueue_now("tests.record")
    run_worker()
    page = login_page("beheerder")
    page.goto("/beheer/taken/")
    assert_accessible(page, "beheer-taken")
    page.get_by_role("link", name="Mislukt (1)").click()
    job = Job.objects.get(name="tests.fail")
    page.get_by_role("link", name=f"#{job.pk}").click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Taak #{job.pk}: tests.fail"
    assert_accessible(page, "beheer-taak-mislukt")
    page.get_by_role("button", name="Opnieuw proberen").click()
    assert "De taak staat weer in de wachtrij." in page.locator(".vk-messages").inner_text()
