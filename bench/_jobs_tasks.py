"""The job the throughput benchmark runs: render a real e-mail template and queue it in the outbox."""

from voorkant.jobs.context import current_job
from voorkant.jobs.registry import task
from voorkant.outbox.services import email_queue


@task("bench.render_mail")
def render_mail(*, n: int, run: str) -> None:
    email_queue(
        template_code="vervolgactie-bevestiging",
        to=f"inwoner{n}@voorbeeld.invalid",
        context={
            "naam": f"inwoner {n}",
            "onderwerp": "een kapotte lantaarnpaal",
            "afdeling": "team Openbare Ruimte",
            "uiterlijk": "vrijdag 6 maart",
            "kenmerk": f"VK-{n}",
        },
        idempotency_key=f"bench:{run}:{n}:{current_job().job_id}",
    )
