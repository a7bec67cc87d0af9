"""IKM (PermenPANRB 14/2017) per hall from the survey answers halls upload (``feedback``).

The same definition as the halls' report (``app/domain/ikm.py``; HQ shares only the wire
schema, so it is restated here): per element U1–U9, NRR = sum of its scores / respondents;
IKM = Σ NRR × 1/9 × 25 (exact fractions), rounded to two decimals half up; grade A
88.31–100, B 76.61–88.30, C 65.00–76.60, D 25.00–64.99.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hq.db import FeedbackRow, Hall, reading

GRADES = (("A", Decimal("88.31")), ("B", Decimal("76.61")), ("C", Decimal("65.00")))


def _figures(respondents: int, sums: list[int]) -> dict[str, Any]:
    if not respondents:
        return {"respondents": 0, "nrr": None, "ikm": None, "grade": None}
    index = Fraction(sum(sums), respondents) / 9 * 25
    rounded = (Decimal(index.numerator) / Decimal(index.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    grade = next((letter for letter, low in GRADES if rounded >= low), "D")
    nrr = {f"U{i + 1}": round(s / respondents, 2) for i, s in enumerate(sums)}
    return {"respondents": respondents, "nrr": nrr, "ikm": float(rounded), "grade": grade}


def per_hall(
    factory: sessionmaker[Session],
    start: dt.date,
    end: dt.date,
    hall_ids: list[str] | None = None,
) -> dict[str, Any]:
    """IKM per hall and over all of them (every respondent counts once)."""
    answers = [getattr(FeedbackRow, f"u{i}") for i in range(1, 10)]
    query = (
        select(FeedbackRow.hall_id, func.count(), *[func.sum(a) for a in answers])
        .where(FeedbackRow.business_date >= start, FeedbackRow.business_date <= end)
        .group_by(FeedbackRow.hall_id)
    )
    if hall_ids is not None:
        query = query.where(FeedbackRow.hall_id.in_(hall_ids))
    with reading(factory).begin() as session:
        names: dict[str, str] = {i: n for i, n in session.execute(select(Hall.id, Hall.name))}
        rows = [(r[0], int(r[1]), [int(s or 0) for s in r[2:]]) for r in session.execute(query)]
    total = [0] * 9
    halls = []
    for hall, respondents, sums in sorted(rows, key=lambda r: names.get(r[0], r[0])):
        total = [a + b for a, b in zip(total, sums, strict=True)]
        name = names.get(hall, hall)
        halls.append({"hall_id": hall, "hall_name": name} | _figures(respondents, sums))
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "halls": halls,
        "total": _figures(sum(r[1] for r in rows), total),
    }
