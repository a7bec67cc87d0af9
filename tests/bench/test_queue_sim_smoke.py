"""Smoke run of the queue simulation (bench/queue_sim.py): it drives the real services end to
end and its figures hang together. The accuracy figures themselves live in
docs/benchmarks.md; a few simulated hours prove nothing about them."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest

from bench import queue_sim


def test_quick_run_of_one_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        queue_sim.main(
            ["--quick", "--days", "1", "--scenario", "priority", "--jobs", "1", "--json"]
        )
        == 0
    )
    payload = json.loads(capsys.readouterr().out)
    (result,) = payload["results"]
    assert result["scenario"] == "priority" and result["days"] == 1
    assert result["tickets"] > 10 and result["unserved"] == 0
    assert result["max_record_error_s"] < 0.01  # the database recorded the simulated waits
    assert result["theory"]["wait"] == pytest.approx(
        queue_sim.theory_wait(queue_sim.SCENARIOS["priority"]), rel=1e-3
    )
    for figures in (result["estimator"], result["naive"]):
        assert figures["mae"] >= 0 and 0 <= figures["within"] <= 1
    assert set(result["by_kind"]) == {"priority", "regular"}


def test_erlang_c_matches_known_values() -> None:
    assert queue_sim.erlang_c(1, 0.9) == pytest.approx(0.9)  # M/M/1: P(wait) = ρ
    assert queue_sim.erlang_c(2, 1.0) == pytest.approx(1 / 3)
    mm1 = queue_sim.SCENARIOS["mm1-80"]
    assert queue_sim.theory_wait(mm1) == pytest.approx(0.8 * 5.0 / (1 - 0.8))


def test_erlang_median_and_the_best_estimate_for_within() -> None:
    assert queue_sim.erlang_median(1) == pytest.approx(math.log(2))  # exponential
    assert queue_sim.erlang_cdf(2, queue_sim.erlang_median(2)) == pytest.approx(0.5)
    for k in (3, 40):  # k - 1/3 < median < k (Chen and Rubin)
        assert k - 1 / 3 < queue_sim.erlang_median(k) < k
    # one service of mean 5 ahead of nothing: ±5 min around 5 holds 1 - e^-2 of the waits
    best = queue_sim.erlang_best_within(1, 5.0)
    assert best == pytest.approx(5.0, abs=0.05)


def test_monte_carlo_wait_agrees_with_the_single_queue_formula() -> None:
    rng = random.Random(4)
    mean, median, _ = queue_sim.mc_wait(
        rng, ["A", "A"], {1: "A", 2: "A"}, {1: {"A"}, 2: {"A"}}, {"A": 8.0}, "A"
    )
    # behind 2 with both counters busy: Erlang(3, 2/8), mean 12, median 10.7
    assert mean == pytest.approx(12.0, rel=0.2)
    assert median == pytest.approx(queue_sim.erlang_median(3) * 4.0, rel=0.2)
    # a counter that serves only B never calls an A ticket
    mean, _, _ = queue_sim.mc_wait(
        rng, [], {1: "A", 2: None}, {1: {"A"}, 2: {"B"}}, {"A": 8.0}, "A"
    )
    assert mean == pytest.approx(8.0, rel=0.25)


def test_shared_counters_serve_first_come_first_served(tmp_path: Path) -> None:
    shared = queue_sim.SCENARIOS["shared"]  # services A and B on the same three counters
    result = queue_sim.simulate(shared, days=1, seed=3, quick=True, directory=tmp_path)
    assert result["tickets"] > 10
    # a textbook FIFO queue with the same arrivals and service times gives the same waits
    assert result["max_fifo_error_s"] == pytest.approx(0.0, abs=0.01)
