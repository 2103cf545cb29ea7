"""Dashboard read performance on PostgreSQL: all KPIs for 12 months (HTTP) and the live today view.

Rollup rows for a year of questions are generated directly (the demo generator is not part of this branch):
each simulated question is drawn with a channel, product (and so domain), team, outcome and flags, and the
counts are summed into exactly the cells the incremental path would write. Then the pages are requested
through Django's full stack (middleware, permission, selectors, templates) and percentiles reported.

    .venv/bin/python bench/bench_dashboard.py --questions 2000000 --runs 40
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter, defaultdict
from datetime import date, timedelta

from _setup import configure, percentiles

CATEGORIES = [
    ("afgehandeld", 0.72),
    ("doorverbonden", 0.10),
    ("vervolgactie", 0.12),
    ("verwezen", 0.03),
    ("verbroken", 0.02),
    ("overig", 0.01),
]
CHANNEL_WEIGHTS = [0.55, 0.15, 0.12, 0.08, 0.05, 0.01, 0.03, 0.005, 0.005]
HOUR_WEIGHTS = {
    8: 0.10,
    9: 0.16,
    10: 0.15,
    11: 0.13,
    12: 0.08,
    13: 0.11,
    14: 0.11,
    15: 0.09,
    16: 0.05,
    17: 0.02,
}


def reference_data(rng: random.Random):
    from voorkant.catalogue.models import Product
    from voorkant.contacts.models import Channel
    from voorkant.organisation.models import Domain, Team
    from voorkant.organisation.services import domain_create, team_create

    domains = []
    for code, name in [
        ("burgerzaken", "Burgerzaken"),
        ("sociaal-domein", "Sociaal Domein"),
        ("openbare-ruimte", "Openbare Ruimte"),
        ("belastingen", "Belastingen"),
        ("vergunningen", "Vergunningen"),
    ]:
        domains.append(Domain.objects.filter(code=code).first() or domain_create(code=code, name=name))
    kcc = Domain.objects.filter(code="dienstverlening").first() or domain_create(
        code="dienstverlening", name="Dienstverlening"
    )
    teams = list(Team.objects.filter(domain=kcc))
    for index in range(4 - len(teams)):
        teams.append(team_create(domain=kcc, name=f"KCC team {len(teams) + 1 + index}", is_front_office=True))
    products = list(Product.objects.filter(name__startswith="Benchproduct"))
    if not products:
        Product.objects.bulk_create(
            [
                Product(name=f"Benchproduct {i:03d}", owner_domain=domains[i % 5], is_local=True)
                for i in range(120)
            ]
        )
        products = list(Product.objects.filter(name__startswith="Benchproduct"))
    channels = list(Channel.objects.order_by("order", "id"))
    # Product popularity follows a long tail, as in a real KCC (a few products carry most questions).
    product_weights = [1 / (rank + 1) ** 0.9 for rank in range(len(products))]
    rng.shuffle(product_weights)
    return channels, products, teams, product_weights


def generate(questions: int, seed: int, end: date) -> None:
    from django.db import connection

    from voorkant.dashboard.models import DailyRollup, DailySummary, HourlyRollup, HourlySummary

    rng = random.Random(seed)
    channels, products, teams, product_weights = reference_data(rng)
    for model in (DailyRollup, DailySummary, HourlyRollup, HourlySummary):
        model.objects.all().delete()
    days = [end - timedelta(days=offset) for offset in range(365)]
    working = [d for d in days if d.weekday() < 5]
    per_day = questions // len(working)
    hours, hour_w = list(HOUR_WEIGHTS), list(HOUR_WEIGHTS.values())
    cats, cat_w = [c for c, _ in CATEGORIES], [w for _, w in CATEGORIES]
    began = time.monotonic()
    daily_rows, summary_rows, hourly_rows, hourly_summary_rows = [], [], [], []
    for day in working:
        daily: dict[tuple, list[int]] = defaultdict(lambda: [0] * 13)
        hourly: Counter = Counter()
        hourly_resolved: Counter = Counter()
        ch = rng.choices(range(len(channels)), CHANNEL_WEIGHTS[: len(channels)], k=per_day)
        pr = rng.choices(range(len(products)), product_weights, k=per_day)
        hr = rng.choices(hours, hour_w, k=per_day)
        ca = rng.choices(cats, cat_w, k=per_day)
        tm = rng.choices(range(len(teams)), [0.4, 0.3, 0.2, 0.1], k=per_day)
        for i in range(per_day):
            product = products[pr[i]]
            key = (channels[ch[i]].id, product.owner_domain_id, product.id, teams[tm[i]].id, ca[i])
            cell = daily[key]
            transfers = rng.choice((1, 1, 1, 2, 2, 3)) if ca[i] == "doorverbonden" else 0
            cell[0] += 1
            if transfers:
                cell[min(transfers, 4)] += 1
                cell[5] += transfers
                cell[6] += transfers - (rng.random() < 0.2)
                cell[7] += transfers - (rng.random() < 0.4)
            found = rng.random() < 0.45
            cell[8] += found
            cell[9] += found and rng.random() < 0.8
            if rng.random() < 0.8:
                cell[10] += 1
                cell[11] += int(rng.gauss(300, 90))
            cell[12] += rng.random() < 0.07
            hkey = (hr[i], key[0], key[1], key[2], key[3])
            hourly[hkey] += 1
            hourly_resolved[hkey] += ca[i] == "afgehandeld"
        summary: dict[tuple, list[int]] = defaultdict(lambda: [0] * 13)
        for (channel, domain, product, team, category), values in daily.items():
            values = [max(0, v) for v in values]
            daily_rows.append((day, channel, domain, product, team, category, *values))
            target = summary[(channel, domain, category)]
            for index, value in enumerate(values):
                target[index] += value
        for (channel, domain, category), values in summary.items():
            summary_rows.append((day, channel, domain, category, *values))
        hsum: Counter = Counter()
        hsum_resolved: Counter = Counter()
        for (hour, channel, domain, product, team), count in hourly.items():
            resolved = hourly_resolved[(hour, channel, domain, product, team)]
            hourly_rows.append((day, hour, day.weekday(), channel, domain, product, team, count, resolved))
            hsum[(hour, channel, domain)] += count
            hsum_resolved[(hour, channel, domain)] += resolved
        for (hour, channel, domain), count in hsum.items():
            hourly_summary_rows.append(
                (day, hour, day.weekday(), channel, domain, count, hsum_resolved[(hour, channel, domain)])
            )
    measures = (
        "questions, transferred_1, transferred_2, transferred_3, transferred_4plus, transfers, "
        "transfers_connected, transfers_right_person, answer_found, knowledge_linked, handled_conversations, "
        "handling_seconds, repeats"
    )
    tables = [
        (
            "dashboard_dailyrollup",
            f"date, channel_id, domain_id, product_id, team_id, outcome_category, {measures}",
            daily_rows,
        ),
        (
            "dashboard_dailysummary",
            f"date, channel_id, domain_id, outcome_category, {measures}",
            summary_rows,
        ),
        (
            "dashboard_hourlyrollup",
            "date, hour, weekday, channel_id, domain_id, product_id, team_id, questions, resolved",
            hourly_rows,
        ),
        (
            "dashboard_hourlysummary",
            "date, hour, weekday, channel_id, domain_id, questions, resolved",
            hourly_summary_rows,
        ),
    ]
    with connection.cursor() as cursor:
        for table, columns, rows in tables:
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        cursor.execute("ANALYZE")
    followups = generate_followups(rng, working, per_day, channels, products, product_weights)
    own = generate_own_figures(rng, working, channels, teams)
    print(f"follow-ups: {followups[0]:,} daily rows, {followups[1]:,} open; own figures: {own:,} rows")
    print(
        f"generated {per_day * len(working):,} questions over {len(working)} working days in "
        f"{time.monotonic() - began:.0f} s: daily {len(daily_rows):,} rows, summary {len(summary_rows):,}, "
        f"hourly {len(hourly_rows):,}, hourly summary {len(hourly_summary_rows):,}"
    )


def generate_followups(rng, working, per_day, channels, products, product_weights) -> tuple[int, int]:
    """A follow-up for 12 % of questions, routed to each domain's back-office team; closed ones summed into
    FollowupDaily, the last working days' still-open ones as FollowupFact rows (judged at read time)."""
    from datetime import datetime
    from datetime import time as clock
    from zoneinfo import ZoneInfo

    from django.db import connection

    from voorkant.dashboard.models import FollowupDaily, FollowupFact, FollowupSummary
    from voorkant.organisation.models import Team
    from voorkant.organisation.services import team_create

    FollowupDaily.objects.all().delete()
    FollowupSummary.objects.all().delete()
    FollowupFact.objects.all().delete()
    back_office = {}
    for product in products:
        domain_id = product.owner_domain_id
        if domain_id not in back_office:
            team = Team.objects.filter(domain_id=domain_id, is_front_office=False).first()
            back_office[domain_id] = (
                team or team_create(domain=product.owner_domain, name="Backoffice", is_front_office=False)
            ).id
    zone = ZoneInfo("Europe/Amsterdam")
    kinds, kind_w = ["terugbelverzoek", "doorzetten", "email_terug"], [0.5, 0.4, 0.1]
    workdays, workday_w = list(range(1, 12)), [30, 35, 15, 7, 4, 3, 2, 1, 1, 1, 1]
    rows, facts, summary_rows = [], [], []
    count = int(per_day * 0.12)
    for age, day in enumerate(reversed(working)):
        cells: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        ch = rng.choices(range(len(channels)), CHANNEL_WEIGHTS[: len(channels)], k=count)
        pr = rng.choices(range(len(products)), product_weights, k=count)
        for i in range(count):
            product = products[pr[i]]
            kind = rng.choices(kinds, kind_w)[0]
            still_open = rng.random() < {0: 0.9, 1: 0.6, 2: 0.4, 3: 0.2, 4: 0.1}.get(age, 0.01)
            days = -1 if still_open or kind != "terugbelverzoek" else rng.choices(workdays, workday_w)[0]
            key = (
                channels[ch[i]].id,
                product.owner_domain_id,
                product.id,
                back_office[product.owner_domain_id],
            )
            cell = cells[(*key, kind, days)]
            cell[0] += 1
            if still_open:
                created = datetime.combine(day, clock(9 + rng.randrange(8)), tzinfo=zone)
                facts.append(
                    FollowupFact(
                        task_id=len(facts) + 1,
                        question_id=len(facts) + 1,
                        created_at=created,
                        date=day,
                        channel_id=key[0],
                        domain_id=key[1],
                        product_id=key[2],
                        team_id=key[3],
                        kind=kind,
                        deadline_at=created + timedelta(days=3),
                        very_late_at=created + timedelta(days=9),
                        paused_at=created + timedelta(hours=2) if rng.random() < 0.05 else None,
                        callback_start_day=day if kind == "terugbelverzoek" else None,
                    )
                )
                continue
            cell[1] += 1
            cell[2] += rng.random() < 0.8
            cell[3] += rng.random() < 0.03
        rows.extend((day, *key, *values) for key, values in cells.items())
        summary: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for (channel, domain, _product, _team, kind, days), values in cells.items():
            target = summary[(channel, domain, kind, days)]
            for index, value in enumerate(values):
                target[index] += value
        summary_rows.extend((day, *key, *values) for key, values in summary.items())
    with connection.cursor() as cursor:
        columns = (
            "date, channel_id, domain_id, product_id, team_id, kind, callback_workdays, "
            "created, resolved, on_time, very_late"
        )
        with cursor.copy(f"COPY dashboard_followupdaily ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        summary_columns = (
            "date, channel_id, domain_id, kind, callback_workdays, created, resolved, on_time, very_late"
        )
        with cursor.copy(f"COPY dashboard_followupsummary ({summary_columns}) FROM STDIN") as copy:
            for row in summary_rows:
                copy.write_row(row)
    FollowupFact.objects.bulk_create(facts, batch_size=2000)
    return len(rows), len(facts)


def generate_own_figures(rng, working, channels, teams) -> int:
    """A year of one agent's own rollup rows (about 40 questions a working day)."""
    from voorkant.dashboard.models import EmployeeDailyRollup
    from voorkant.organisation.models import Employee
    from voorkant.organisation.services import employee_create

    EmployeeDailyRollup.objects.all().delete()
    agent = Employee.objects.filter(name="Bench Agent").first() or employee_create(
        name="Bench Agent", teams=[teams[0]]
    )
    cats, cat_w = [c for c, _ in CATEGORIES], [w for _, w in CATEGORIES]
    cells: Counter = Counter()
    for day in working:
        for _ in range(40):
            channel = channels[rng.choices(range(len(channels)), CHANNEL_WEIGHTS[: len(channels)])[0]]
            cells[(day, channel.id, rng.choices(cats, cat_w)[0])] += 1
    EmployeeDailyRollup.objects.bulk_create(
        [
            EmployeeDailyRollup(
                date=day,
                employee_id=agent.id,
                team_id=teams[0].id,
                channel_id=channel_id,
                outcome_category=category,
                questions=n,
                answer_found=n // 2,
                handled_conversations=n,
                handling_seconds=300 * n,
            )
            for (day, channel_id, category), n in cells.items()
        ],
        batch_size=2000,
    )
    return len(cells)


def measure(runs: int, end: date) -> None:
    from django.test import Client

    from voorkant.catalogue.models import Product
    from voorkant.organisation.models import Domain, User
    from voorkant.organisation.roles import Role
    from voorkant.organisation.services import user_create

    user = User.objects.filter(username="bench-manager").first() or user_create(
        username="bench-manager", password="bench-wachtwoord-lang", roles=[Role.MANAGER]
    )
    client = Client()
    client.force_login(user)
    from voorkant.organisation.models import Employee

    agent = Employee.objects.get(name="Bench Agent")
    if agent.user_id is None:
        agent.user = user_create(username="bench-agent", password="bench-wachtwoord-lang", roles=[Role.AGENT])
        agent.save(update_fields=["user"])
    agent_client = Client()
    agent_client.force_login(agent.user)
    start = end - timedelta(days=364)
    domain = Domain.objects.get(code="sociaal-domein")
    product = Product.objects.filter(name__startswith="Benchproduct").order_by("id").first()
    year = f"periode=aangepast&van={start}&tot={end}"
    cases = [
        ("dashboard 12 months, all KPIs (HTML)", f"/dashboard/?{year}"),
        ("dashboard 12 months, one domain", f"/dashboard/?{year}&domein={domain.id}"),
        ("dashboard 12 months, one product (detail rollup)", f"/dashboard/?{year}&product={product.id}"),
        ("API kpis 12 months", f"/api/v1/dashboard/kpis?from={start}&to={end}"),
        ("XLSX export 12 months", f"/dashboard/export.xlsx?{year}"),
        ("today view (page)", "/dashboard/vandaag/"),
        ("today view (live region, changed)", "/dashboard/vandaag/live/"),
        ("today view (live region, unchanged: 304)", "/dashboard/vandaag/live/"),
        ("own figures 12 months (agent)", f"/dashboard/mijn-cijfers/?{year}"),
    ]
    for label, url in cases:
        caller = agent_client if "agent" in label else client
        headers = {}
        expected = 200
        if "304" in label:
            headers = {"HTTP_IF_NONE_MATCH": caller.get(url)["ETag"]}
            expected = 304
        for _ in range(3):  # warm caches and connections
            caller.get(url, **headers)
        samples = []
        for _ in range(runs):
            if "304" in label:  # a new minute changes the ETag: take the current one
                headers = {"HTTP_IF_NONE_MATCH": caller.get(url)["ETag"]}
            began = time.perf_counter()
            response = caller.get(url, **headers)
            samples.append((time.perf_counter() - began) * 1000)
            assert response.status_code in (expected, 200), response.status_code
        print(f"{label:55s} {percentiles(samples)}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--skip-generate", action="store_true")
    args = parser.parse_args()
    configure("voorkant_dashboard")
    from django.utils import timezone

    end = timezone.localdate()
    if not args.skip_generate:
        generate(args.questions, args.seed, end)
    measure(args.runs, end)


if __name__ == "__main__":
    main()
