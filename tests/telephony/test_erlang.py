"""Erlang C and Erlang A: exact small cases, identities, cross-checks and agreement with a simulation.

Every expected value below is either derived by hand in the comment next to it from a textbook identity, or
comes from an independent computation (the other model, or the simulation in simulation.py). No figure is copied
from a table we could not check.

Tolerance, stated before looking at results: the analytical service level must lie within 2 percentage points
and the analytical ASA within 5 % of the simulated mean (30 seeded replications of 72 hours after a 1-hour
warm-up); the simulation's 95 % confidence interval is reported in the failure message.
"""

from __future__ import annotations

import math

import pytest

from tests.telephony.simulation import simulate
from voorkant.telephony.erlang import (
    agents_required,
    erlang_a_figures,
    erlang_b,
    erlang_c,
    erlang_c_figures,
    patience_estimate,
)


@pytest.mark.parametrize("load", [0.1, 0.5, 0.9])
def test_erlang_c_for_one_agent_is_the_mm1_busy_probability(load):
    # M/M/1: an arrival waits exactly when the server is busy, which has probability ρ = λ/μ
    # (L. Kleinrock, Queueing Systems Vol. 1, 1975, ch. 3, M/M/1).
    assert erlang_c(1, load) == pytest.approx(load, rel=1e-12)


@pytest.mark.parametrize("load", [0.4, 1.0, 1.8])
def test_erlang_c_for_two_agents_matches_the_hand_derived_formula(load):
    # Erlang C: C(n, A) = (A^n/n! · n/(n-A)) / (Σ_{k<n} A^k/k! + A^n/n! · n/(n-A)). For n = 2:
    # numerator A²/2 · 2/(2-A) = A²/(2-A); denominator 1 + A + A²/(2-A) = ((1+A)(2-A) + A²)/(2-A)
    # = (2 + A)/(2-A); so C(2, A) = A²/(2 + A).
    assert erlang_c(2, load) == pytest.approx(load**2 / (2 + load), rel=1e-12)


def test_erlang_b_small_cases_match_the_definition():
    # Erlang B: B(n, A) = (A^n/n!) / Σ_{k<=n} A^k/k!.
    assert erlang_b(1, 3.0) == pytest.approx(3 / 4)
    assert erlang_b(2, 3.0) == pytest.approx(4.5 / (1 + 3 + 4.5))


def test_mm1_service_level_and_asa_match_the_closed_forms():
    # M/M/1: P(W > t) = ρ·e^{-(μ-λ)t} and E[W] = ρ/(μ-λ) (Kleinrock 1975, ch. 3).
    arrival, aht, t = 1 / 300, 180.0, 20.0
    rho, mu = arrival * aht, 1 / aht
    figures = erlang_c_figures(agents=1, arrival_rate=arrival, aht=aht, threshold=t)
    assert figures.service_level == pytest.approx(1 - rho * math.exp(-(mu - arrival) * t))
    assert figures.asa == pytest.approx(rho / (mu - arrival))


def test_erlang_c_reports_an_overloaded_queue_as_unstable():
    figures = erlang_c_figures(agents=10, arrival_rate=11 / 180, aht=180, threshold=15)
    assert not figures.stable and figures.service_level == 0.0


@pytest.mark.parametrize("agents,load", [(5, 4.0), (20, 17.5), (60, 55.0)])
def test_erlang_a_with_patience_equal_to_handling_time_is_the_infinite_server_queue(agents, load):
    # When θ = μ every customer, waiting or served, leaves at rate μ: the number in the system is that of
    # M/M/∞, Poisson(A). So P(wait) = P(N >= n) and P(abandon) = E[(N - n)^+] / A.
    aht = 200.0
    figures = erlang_a_figures(agents=agents, arrival_rate=load / aht, aht=aht, patience=aht, threshold=10)
    poisson = [math.exp(-load + k * math.log(load) - math.lgamma(k + 1)) for k in range(400)]
    assert figures.p_wait == pytest.approx(sum(poisson[agents:]), abs=1e-9)
    expected_abandon = sum((k - agents) * p for k, p in enumerate(poisson) if k > agents) / load
    assert figures.p_abandon == pytest.approx(expected_abandon, abs=1e-9)


@pytest.mark.parametrize("agents,load,threshold", [(11, 10.0, 20), (14, 10.0, 20), (40, 33.3, 15)])
def test_erlang_a_with_very_long_patience_converges_to_erlang_c(agents, load, threshold):
    aht = 180.0
    c = erlang_c_figures(agents=agents, arrival_rate=load / aht, aht=aht, threshold=threshold)
    a = erlang_a_figures(agents=agents, arrival_rate=load / aht, aht=aht, patience=1e9, threshold=threshold)
    assert a.p_wait == pytest.approx(c.p_wait, abs=1e-5)
    assert a.service_level == pytest.approx(c.service_level, abs=1e-5)
    assert a.asa == pytest.approx(c.asa, rel=1e-4)
    assert a.p_abandon < 1e-5


def test_erlang_a_answered_plus_abandoned_is_everyone():
    figures = erlang_a_figures(agents=12, arrival_rate=14 / 180, aht=180, patience=90, threshold=15)
    # An overloaded queue stays stable with abandonment: here λ·AHT = 14 > 12 agents.
    assert 0 < figures.p_abandon < 1
    assert figures.occupancy == pytest.approx((14 / 180) * (1 - figures.p_abandon) * 180 / 12)
    assert figures.occupancy < 1


def test_leaving_short_abandons_out_raises_the_erlang_a_service_level():
    base = {"agents": 10, "arrival_rate": 10 / 180, "aht": 180.0, "patience": 60.0, "threshold": 15}
    assert erlang_a_figures(**base, short_abandon=5).service_level > erlang_a_figures(**base).service_level


def test_patience_is_total_wait_over_abandons():
    assert patience_estimate(total_wait_seconds=9000, abandoned=30) == 300
    assert patience_estimate(total_wait_seconds=9000, abandoned=0) is None


@pytest.mark.parametrize("patience", [None, 120.0])
def test_required_agents_is_the_fewest_that_meet_the_norms(patience):
    norms = {
        "arrival_rate": 120 / 900,
        "aht": 240.0,
        "threshold": 15,
        "service_level_target": 0.85,
        "abandon_target": 0.05 if patience else None,
        "patience": patience,
    }
    need = agents_required(**norms, shrinkage=0.3)
    assert need.figures.service_level >= 0.85
    evaluate = erlang_c_figures if patience is None else erlang_a_figures
    extra = {} if patience is None else {"patience": patience}
    one_less = evaluate(agents=need.agents - 1, arrival_rate=norms["arrival_rate"], aht=240.0, threshold=15, **extra)
    assert one_less.service_level < 0.85 or (patience and one_less.p_abandon > 0.05)
    assert need.scheduled == math.ceil(need.agents / 0.7)


def test_erlang_a_never_needs_more_agents_than_erlang_c_for_the_service_level_alone():
    for calls in (10, 40, 120):
        norms = {"arrival_rate": calls / 900, "aht": 300.0, "threshold": 15, "service_level_target": 0.85}
        assert agents_required(**norms, patience=180.0).agents <= agents_required(**norms).agents


SCENARIOS = [
    # (agents, calls per 15 min, AHT s, patience s or None, threshold s)
    (16, 40, 300.0, None, 15),
    (15, 40, 300.0, 180.0, 15),
]


@pytest.mark.parametrize("agents,calls,aht,patience,threshold", SCENARIOS)
def test_analytical_figures_agree_with_a_simulation(agents, calls, aht, patience, threshold):
    rate = calls / 900
    if patience is None:
        analytic = erlang_c_figures(agents=agents, arrival_rate=rate, aht=aht, threshold=threshold)
    else:
        analytic = erlang_a_figures(
            agents=agents, arrival_rate=rate, aht=aht, patience=patience, threshold=threshold
        )
    simulated = simulate(
        replications=30,
        agents=agents,
        arrival_rate=rate,
        aht=aht,
        patience=patience,
        threshold=threshold,
        hours=72,
        warm_up_hours=1,
    )
    sl, asa, ab = simulated["service_level"], simulated["asa"], simulated["p_abandon"]
    message = (
        f"SL analytic {analytic.service_level:.4f} vs sim {sl.mean:.4f} [{sl.low:.4f}, {sl.high:.4f}]; "
        f"ASA analytic {analytic.asa:.2f} vs sim {asa.mean:.2f} [{asa.low:.2f}, {asa.high:.2f}]; "
        f"abandon analytic {analytic.p_abandon:.4f} vs sim {ab.mean:.4f} [{ab.low:.4f}, {ab.high:.4f}]"
    )
    assert abs(analytic.service_level - sl.mean) <= 0.02, message
    assert abs(analytic.asa - asa.mean) <= 0.05 * analytic.asa, message
    if patience is not None:
        assert abs(analytic.p_abandon - ab.mean) <= 0.005, message
    print(message)
