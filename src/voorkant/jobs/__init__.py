"""Database-backed job queue and scheduler: no extra server, claims rows atomically, retries with back-off.

Public entry points: ``voorkant.jobs.registry.task`` (declare a job), ``voorkant.jobs.services.enqueue``
(run it after the current transaction commits) and the ``worker`` management command. See docs/platform.md.
"""
