"""A discrete-event simulation of one call-centre interval (M/M/n+M, first come first served) with simpy.

Used to check the analytical Erlang C and Erlang A figures independently: same assumptions, no formulas.
"""

from __future__ import annotations

import math
import random
import statistics
from dataclasses import dataclass

import simpy


@dataclass(frozen=True)
class Estimate:
    mean: float
    half_width: float  # of the 95 % confidence interval over replications

    @property
    def low(self) -> float:
        return self.mean - self.half_width

    @property
    def high(self) -> float:
        return self.mean + self.half_width


def _estimate(values: list[float]) -> Estimate:
    # t quantile for 29 degrees of freedom is 2.045; with more replications 1.96 is close enough.
    t = 2.045 if len(values) <= 30 else 1.96
    return Estimate(statistics.fmean(values), t * statistics.stdev(values) / math.sqrt(len(values)))


def replicate(
    *,
    agents: int,
    arrival_rate: float,
    aht: float,
    patience: float | None,
    threshold: float,
    hours: float,
    warm_up_hours: float,
    seed: int,
) -> tuple[float, float, float]:
    """One run: (service level over offered calls, ASA of answered calls, abandonment share)."""
    rng = random.Random(seed)
    env = simpy.Environment()
    desk = simpy.Resource(env, capacity=agents)
    waits: list[float] = []
    abandoned = [0]
    offered = [0]
    measure_from = warm_up_hours * 3600

    def customer():
        arrived = env.now
        counted = arrived >= measure_from
        if counted:
            offered[0] += 1
        request = desk.request()
        if patience is None:
            yield request
        else:
            outcome = yield request | env.timeout(rng.expovariate(1 / patience))
            if request not in outcome:
                request.cancel()
                if counted:
                    abandoned[0] += 1
                return
        if counted:
            waits.append(env.now - arrived)
        yield env.timeout(rng.expovariate(1 / aht))
        desk.release(request)

    def arrivals():
        while True:
            yield env.timeout(rng.expovariate(arrival_rate))
            env.process(customer())

    env.process(arrivals())
    env.run(until=(warm_up_hours + hours) * 3600)
    # Calls still waiting at the end are neither answered nor abandoned; with long runs they are negligible.
    within = sum(1 for w in waits if w <= threshold)
    return within / offered[0], statistics.fmean(waits), abandoned[0] / offered[0]


def simulate(*, replications: int = 30, base_seed: int = 20260302, **parameters) -> dict[str, Estimate]:
    runs = [replicate(seed=base_seed + i, **parameters) for i in range(replications)]
    service_level, asa, abandon = zip(*runs, strict=True)
    return {
        "service_level": _estimate(list(service_level)),
        "asa": _estimate(list(asa)),
        "p_abandon": _estimate(list(abandon)),
    }
