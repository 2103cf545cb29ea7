"""Erlang C (M/M/n) and Erlang A (M/M/n+M) in pure Python: service level, waiting, abandonment, staffing.

Sources:
- Erlang C and its service level SL(t) = 1 - C(n, A)·exp(-(n - A)·t / AHT), ASA = C(n, A)·AHT / (n - A): N. Gans,
  G. Koole, A. Mandelbaum, "Telephone call centers: tutorial, review, and research prospects", Manufacturing &
  Service Operations Management 5(2), 2003, section 4.1; G. Koole, "Call Center Optimization", MG books, 2013,
  chapter 5. C(n, A) is computed through the numerically stable Erlang B recursion
  B(0) = 1, B(k) = A·B(k-1) / (k + A·B(k-1)), C = n·B / (n - A·(1 - B)) (Koole 2013, ch. 5; Gans et al. 2003).
- Erlang A: O. Garnett, A. Mandelbaum, M. Reiman, "Designing a call center with impatient customers",
  Manufacturing & Service Operations Management 4(3), 2002. Here it is evaluated as the birth-death process it is
  (arrival rate λ; death rate k·μ for k <= n, n·μ + (k - n)·θ above), truncated where the stationary
  probabilities fall below 1e-15, instead of through incomplete gamma functions: slower but simple to check.
  Waiting-time figures follow a tagged customer who finds j others queued ahead: each step forward happens at rate
  n·μ + j·θ, and the customer abandons at rate θ. The service level at t is the probability of being answered within
  t, over all offered calls; it is computed by uniformisation (W. Grassmann, "Transient solutions in Markovian
  queueing systems", Computers & Operations Research 4, 1977).
- Patience is estimated from data as total waiting time of all calls / number of abandoned calls, the maximum
  likelihood estimate for exponential patience censored by being answered (Gans et al. 2003, section 6.3.3;
  Garnett et al. 2002).
All rates are per second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

_TAIL = 1e-15


@dataclass(frozen=True)
class QueueFigures:
    """What a number of agents gives, as fractions (not percentages) and seconds."""

    agents: int
    load: float  # offered load A = λ·AHT in Erlang
    p_wait: float  # probability an arriving call has to wait
    service_level: float  # share of offered calls answered within `threshold`
    asa: float  # mean wait of answered calls, seconds
    p_abandon: float  # share of offered calls that hang up while waiting (0 in Erlang C)
    occupancy: float  # share of agent time spent handling calls
    stable: bool = True


def erlang_b(agents: int, load: float) -> float:
    """Blocking probability of M/M/n/n with offered load `load` (Erlang B), by the stable recursion."""
    if agents < 0 or load < 0:
        raise ValueError("agents and load must be non-negative")
    blocking = 1.0
    for k in range(1, agents + 1):
        blocking = load * blocking / (k + load * blocking)
    return blocking


def erlang_c(agents: int, load: float) -> float:
    """Probability that an arriving call waits in M/M/n (Erlang C); 1 when the queue is unstable (A >= n)."""
    if agents <= load:
        return 1.0
    blocking = erlang_b(agents, load)
    return agents * blocking / (agents - load * (1.0 - blocking))


def erlang_c_figures(*, agents: int, arrival_rate: float, aht: float, threshold: float) -> QueueFigures:
    """Service level within `threshold` seconds, ASA and occupancy for M/M/n."""
    load = arrival_rate * aht
    if agents <= load:
        return QueueFigures(agents, load, 1.0, 0.0, math.inf, 0.0, 1.0, stable=False)
    p_wait = erlang_c(agents, load)
    service_level = 1.0 - p_wait * math.exp(-(agents - load) * threshold / aht)
    asa = p_wait * aht / (agents - load)
    return QueueFigures(agents, load, p_wait, service_level, asa, 0.0, load / agents)


def _stationary(agents: int, arrival_rate: float, mu: float, theta: float) -> list[float]:
    """Stationary distribution of the M/M/n+M birth-death process, truncated at a negligible tail."""
    log_terms = [0.0]
    k = 0
    while True:
        k += 1
        death = k * mu if k <= agents else agents * mu + (k - agents) * theta
        log_terms.append(log_terms[-1] + math.log(arrival_rate) - math.log(death))
        past_mode = k > agents and death > arrival_rate
        if past_mode and log_terms[-1] - max(log_terms) < math.log(_TAIL):
            break
        if k > agents + 100_000:
            raise ValueError("Erlang A did not converge; is the patience unrealistically long?")
    peak = max(log_terms)
    weights = [math.exp(t - peak) for t in log_terms]
    total = sum(weights)
    return [w / total for w in weights]


def _absorbed_by(queued: list[float], agents: int, mu: float, theta: float, t: float) -> tuple[float, float]:
    """Probability mass answered and abandoned within t seconds, for customers who start at each queue position."""
    if t <= 0 or not queued:
        return 0.0, 0.0
    size = len(queued)
    down = [agents * mu + j * theta for j in range(size)]
    rate = down[-1] + theta
    mass = list(queued)
    served = abandoned = 0.0
    served_by_t = abandoned_by_t = 0.0
    lam_t = rate * t
    log_lam_t = math.log(lam_t)
    cumulative = 0.0
    step = 0
    while True:
        weight = math.exp(-lam_t + step * log_lam_t - math.lgamma(step + 1))
        cumulative += weight
        served_by_t += weight * served
        abandoned_by_t += weight * abandoned
        if cumulative > 1.0 - 1e-12 or step > lam_t + 20 * math.sqrt(lam_t) + 50:
            # The remaining Poisson weight multiplies masses that only grow: bound it by the last values.
            served_by_t += (1.0 - cumulative) * served
            abandoned_by_t += (1.0 - cumulative) * abandoned
            return served_by_t, abandoned_by_t
        served += mass[0] * down[0] / rate
        abandoned += sum(mass) * theta / rate
        mass = [
            mass[j] * (1.0 - (down[j] + theta) / rate)
            + (mass[j + 1] * down[j + 1] / rate if j + 1 < size else 0)
            for j in range(size)
        ]
        step += 1


def erlang_a_figures(
    *,
    agents: int,
    arrival_rate: float,
    aht: float,
    patience: float,
    threshold: float,
    short_abandon: float = 0.0,
) -> QueueFigures:
    """Service level within `threshold`, ASA of answered calls, abandonment and occupancy for M/M/n+M.

    With `short_abandon` > 0, callers who hang up within that many seconds leave the service-level denominator,
    as Voorkant's measured service level does by default.
    """
    mu, theta = 1.0 / aht, 1.0 / patience
    load = arrival_rate * aht
    pi = _stationary(agents, arrival_rate, mu, theta)
    immediate = sum(pi[:agents])
    queued = pi[agents:]  # arrivals finding j = 0, 1, ... others waiting ahead (PASTA)
    p_wait = 1.0 - immediate
    mean_queue = sum(j * p for j, p in enumerate(queued))
    p_abandon = theta * mean_queue / arrival_rate
    served_weight = immediate
    wait_served = 0.0
    reach, time_served = 1.0, 0.0  # h_{j-1}, g_{j-1}
    for j, p in enumerate(queued):
        total_rate = agents * mu + (j + 1) * theta
        forward = (agents * mu + j * theta) / total_rate
        time_served = reach * forward / total_rate + forward * time_served
        reach = reach * forward
        served_weight += p * reach
        wait_served += p * time_served
    asa = wait_served / served_weight if served_weight > 0 else math.inf
    served_by_t, _ = _absorbed_by(queued, agents, mu, theta, threshold)
    _, short = _absorbed_by(queued, agents, mu, theta, short_abandon)
    service_level = (immediate + served_by_t) / (1.0 - short)
    occupancy = arrival_rate * (1.0 - p_abandon) * aht / agents
    return QueueFigures(agents, load, p_wait, service_level, asa, p_abandon, occupancy)


def patience_estimate(*, total_wait_seconds: float, abandoned: int) -> float | None:
    """Mean patience from data: total waiting time of all calls / number of abandoned calls."""
    if abandoned <= 0:
        return None
    return total_wait_seconds / abandoned


@dataclass(frozen=True)
class StaffingNeed:
    agents: int
    scheduled: int  # agents to roster once shrinkage is taken into account
    figures: QueueFigures


def agents_required(
    *,
    arrival_rate: float,
    aht: float,
    threshold: float,
    service_level_target: float,
    abandon_target: float | None = None,
    patience: float | None = None,
    shrinkage: float = 0.0,
    short_abandon: float = 0.0,
) -> StaffingNeed:
    """The fewest agents that meet the service-level norm (and the abandonment norm with Erlang A).

    Erlang C is used when `patience` is None, Erlang A otherwise. Targets are fractions. Both figures grow with
    the number of agents, so a doubling search followed by bisection finds the smallest sufficient number.
    """
    if not 0 <= shrinkage < 1:
        raise ValueError("shrinkage must be in [0, 1)")

    def evaluate(n: int) -> QueueFigures:
        if patience is None:
            return erlang_c_figures(agents=n, arrival_rate=arrival_rate, aht=aht, threshold=threshold)
        return erlang_a_figures(
            agents=n,
            arrival_rate=arrival_rate,
            aht=aht,
            patience=patience,
            threshold=threshold,
            short_abandon=short_abandon,
        )

    def good(figures: QueueFigures) -> bool:
        if not figures.stable or figures.service_level < service_level_target:
            return False
        return abandon_target is None or figures.p_abandon <= abandon_target

    if arrival_rate <= 0:
        zero = QueueFigures(0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0)
        return StaffingNeed(0, 0, zero)
    load = arrival_rate * aht
    low = 0  # known insufficient (0 agents never suffices with arrivals)
    high = max(1, math.ceil(load))
    while not good(evaluate(high)):
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        if good(evaluate(middle)):
            high = middle
        else:
            low = middle
    return StaffingNeed(high, math.ceil(high / (1.0 - shrinkage) - 1e-9), evaluate(high))
