"""Pass 1 of the generator: when each conversation happens, how many questions, which channel and who called.

Also the test persons (the RvIG extract) and the few "bench parties" that get exactly 200 questions each.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import uuid
from dataclasses import dataclass
from pathlib import Path

from voorkant.demo import content
from voorkant.demo.timeline import ArrivalSampler

PERSONS_PATH = Path(__file__).resolve().parent / "data" / "test_persons.json"
# A few parties get exactly this many questions, for the klantbeeld benchmark (first persons of the file).
BENCH_PARTY_COUNT = 3
BENCH_PARTY_QUESTIONS = 200
BENCH_MIN_IDENTIFIED_QUESTIONS = 10 * BENCH_PARTY_COUNT * BENCH_PARTY_QUESTIONS


class Weighted:
    """Weighted choice by bisecting a cumulative table: one rng.random() per draw."""

    def __init__(self, items: list, weights: list[float]) -> None:
        self.items = items
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random):
        index = bisect.bisect_right(self.cumulative, rng.random() * self.total)
        return self.items[min(index, len(self.items) - 1)]


def load_test_persons() -> list[dict]:
    return json.loads(PERSONS_PATH.read_text(encoding="utf-8"))["persons"]


def bench_party_bsns() -> list[str]:
    """BSNs of the parties that get exactly BENCH_PARTY_QUESTIONS questions (when --contacts is large)."""
    return [person["bsn"] for person in load_test_persons()[:BENCH_PARTY_COUNT]]


def new_uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


@dataclass
class Plan:
    """Per conversation, by start time: (epoch seconds, question count, channel code, person index or -1)."""

    conversations: list[tuple[int, int, str, int]]
    person_indices: list[int]  # persons that had contact, in file order


def make_plan(*, rng: random.Random, contacts: int, sampler: ArrivalSampler, channel_codes: set[str]) -> Plan:
    sizes = Weighted(*zip(*content.QUESTIONS_PER_CONVERSATION, strict=True))
    mix = [(code, weight) for code, weight in content.CHANNEL_MIX if code in channel_codes]
    channels = Weighted([code for code, _ in mix], [weight for _, weight in mix])
    drafts: list[tuple[int, int, str, bool]] = []
    total = 0
    while total < contacts:
        count = min(sizes.pick(rng), contacts - total)
        identified = rng.random() >= content.ANONYMOUS_SHARE
        drafts.append((sampler.start(rng), count, channels.pick(rng), identified))
        total += count
    drafts.sort(key=lambda d: d[0])

    persons = load_test_persons()
    person_of = [-1] * len(drafts)
    identified_at = [i for i, d in enumerate(drafts) if d[3]]
    if sum(drafts[i][1] for i in identified_at) >= BENCH_MIN_IDENTIFIED_QUESTIONS:
        _assign_bench_parties(drafts, identified_at, person_of)
    # Everyone else calls with a skewed propensity: some frequent callers, many who rarely call.
    others = Weighted(
        list(range(BENCH_PARTY_COUNT, len(persons))),
        [rng.lognormvariate(0, 0.9) for _ in range(BENCH_PARTY_COUNT, len(persons))],
    )
    for i in identified_at:
        if person_of[i] == -1:
            person_of[i] = others.pick(rng)
    conversations = [(d[0], d[1], d[2], p) for d, p in zip(drafts, person_of, strict=True)]
    return Plan(conversations=conversations, person_indices=sorted({p for p in person_of if p >= 0}))


def _assign_bench_parties(drafts: list, identified_at: list[int], person_of: list[int]) -> None:
    """Give each bench person identified conversations spread over the year, exactly 200 questions each."""
    step = max(1, len(identified_at) // (BENCH_PARTY_QUESTIONS - 20))
    for person in range(BENCH_PARTY_COUNT):
        remaining = BENCH_PARTY_QUESTIONS
        for offset in range(person, person + step):
            for k in range(offset % step, len(identified_at), step):
                i = identified_at[k]
                if person_of[i] == -1 and drafts[i][1] <= remaining:
                    person_of[i] = person
                    remaining -= drafts[i][1]
                    if remaining == 0:
                        break
            if remaining == 0:
                break
