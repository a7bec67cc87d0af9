"""Smoke run of the queue simulation (bench/queue_sim.py): it drives the real services end to
end and its figures hang together. The accuracy figures themselves live in
docs/benchmarks.md; a few simulated hours prove nothing about them."""

from __future__ import annotations

import json
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


def test_shared_counters_serve_first_come_first_served(tmp_path: Path) -> None:
    shared = queue_sim.SCENARIOS["shared"]  # services A and B on the same three counters
    result = queue_sim.simulate(shared, days=1, seed=3, quick=True, directory=tmp_path)
    assert result["tickets"] > 10
    # a textbook FIFO queue with the same arrivals and service times gives the same waits
    assert result["max_fifo_error_s"] == pytest.approx(0.0, abs=0.01)
