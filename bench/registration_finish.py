"""Server time of the workspace's hot paths: opening a conversation and registering it (finish).

Runs in-process through Django's test client against the configured database (use a scratch PostgreSQL
database: it adds a bench user and conversations). Reports percentiles over many runs, never one timing.

    DATABASE_URL=postgres://.../scratch SECRET_KEY=x PROCESSING_LOG_KEY=y \
        .venv/bin/python bench/registration_finish.py --runs 300 --questions 2
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voorkant.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from voorkant.organisation.models import User  # noqa: E402
from voorkant.organisation.roles import Role  # noqa: E402
from voorkant.organisation.services import user_create  # noqa: E402

# Valid test BSNs (11-proef), as in the RvIG test set.
BSNS = ["999993653", "999990627", "999991772", "999992570", "999995078", "999998456"]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--questions", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    random.seed(args.seed)
    call_command("migrate", verbosity=0)
    from voorkant.organisation.roles import sync_role_groups

    sync_role_groups()
    user = User.objects.filter(username="bench-kcc").first() or user_create(
        username="bench-kcc", password="bench-only-password", roles=[Role.AGENT]
    )
    client = Client()
    client.force_login(user)
    open_times, finish_times = [], []
    for run in range(args.runs + 10):
        response = client.post(reverse("contacts:draft_create"), {"channel": "telefoon"})
        draft_url = response["Location"]
        started = time.perf_counter()
        client.get(draft_url)
        opened = time.perf_counter() - started
        caller = {"bsn": random.choice(BSNS)} if random.random() < 0.7 else {"anoniem": "1"}
        client.post(draft_url + "klant/", caller)
        form = {"channel": "telefoon"}
        for i in range(args.questions):
            form[f"q-{i}-subject"] = f"Vraag {i} van gesprek {run}"
            form[f"q-{i}-note"] = "Notitie " * random.randint(0, 20)
            form[f"q-{i}-outcome"] = "zelfstandig-afgehandeld"
        started = time.perf_counter()
        response = client.post(draft_url + "afronden/", form)
        finished = time.perf_counter() - started
        assert response.status_code == 302, response.status_code
        if run >= 10:  # warm-up runs are not counted
            open_times.append(opened * 1000)
            finish_times.append(finished * 1000)
    for name, values in [("werkplek openen (GET)", open_times), ("gesprek afronden (POST)", finish_times)]:
        print(
            f"{name}: n={len(values)} p50={statistics.median(values):.1f} ms "
            f"p95={percentile(values, 95):.1f} ms p99={percentile(values, 99):.1f} ms"
        )


if __name__ == "__main__":
    main()
