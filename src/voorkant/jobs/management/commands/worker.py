"""Run the background worker: ``manage.py worker``. Stop with SIGTERM or Ctrl+C (finishes the current job)."""

from django.core.management.base import BaseCommand

from voorkant.jobs.worker import Worker


class Command(BaseCommand):
    help = "Voert achtergrondtaken uit (wachtrij, planningen, e-mail). Stoppen met Ctrl+C of SIGTERM."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=None, help="Taken per claim (JOBS_BATCH_SIZE).")
        parser.add_argument("--poll-seconds", type=float, default=None, help="Wachttijd als er niets is.")
        parser.add_argument("--lease-seconds", type=float, default=None, help="Lease van een geclaimde taak.")
        parser.add_argument("--heartbeat-seconds", type=float, default=None, help="Interval van de hartslag.")
        parser.add_argument(
            "--exit-when-idle", action="store_true", help="Stoppen zodra de wachtrij leeg is."
        )
        parser.add_argument("--max-jobs", type=int, default=None, help="Stoppen na dit aantal taken.")
        parser.add_argument("--no-schedules", action="store_true", help="Geen periodieke taken inplannen.")

    def handle(self, *args, **options):
        worker = Worker(
            batch_size=options["batch_size"],
            poll_seconds=options["poll_seconds"],
            lease_seconds=options["lease_seconds"],
            heartbeat_seconds=options["heartbeat_seconds"],
            exit_when_idle=options["exit_when_idle"],
            max_jobs=options["max_jobs"],
            run_schedules=not options["no_schedules"],
        )
        done = worker.run()
        self.stdout.write(f"Worker gestopt na {done} taken.")
