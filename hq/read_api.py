"""Read API behind an HQ login (HTTP Basic or session cookie) or a read token."""

import base64
import binascii
import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session, sessionmaker

from hq import admin, epochs, ikm, rollups, stats
from hq.db import Hall, reading
from hq.throttle import LoginThrottle, TooManyAttempts

SESSION_COOKIE = "antrean_hq_session"
From = Annotated[dt.date, Query(alias="from")]
To = Annotated[dt.date, Query(alias="to")]
Region = Annotated[
    str | None, Query(max_length=100, description="only halls of this region (Polda)")
]
Daily = Annotated[
    bool, Query(description="include rows per hall × service × day (false: period rows only)")
]
MAX_PERIOD_DAYS = 366


class Login(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=200)


class HallStatus(BaseModel):
    id: str
    name: str
    revoked: bool
    last_sync_at: str | None
    lag_hours: float | None
    late: bool
    max_seq: int
    region: str | None = Field(None, description="the hall's Polda / region, if set")
    epochs: int = Field(description="hall databases (histories) that sent under this id")
    lacking: int = Field(description="events HQ knows it lacks (gaps and skipped seqs)")
    concurrent: bool = Field(description="two hall databases sent under this id at once")


class EpochStatus(BaseModel):
    epoch: str
    parent: str | None
    start_seq: int
    acked_seq: int
    max_seq: int
    acked_feedback_id: int
    max_feedback_id: int
    missing: list[tuple[int, int]]
    skipped: list[tuple[int, int]]
    skipped_feedback: list[tuple[int, int]]
    first_stored_at: str | None
    last_stored_at: str | None


class TrendPoint(BaseModel):
    date: str = Field(description="the day, or the Monday of the ISO week")
    issued: int
    served: int
    no_show: int
    cancelled: int
    expired: int
    called: int
    within_target_pct: float | None
    priority_pct: float | None


class HourCell(BaseModel):
    service: str
    hour: int = Field(description="hour of issue in hall time (UTC + utc_offset)")
    issued: int
    called: int
    wait_median_min: float | None


class SummaryOut(BaseModel):
    from_: str = Field(alias="from")
    to: str
    rows: list[stats.Summary]
    daily: list[stats.Summary]


def _basic(header: str) -> tuple[str, str] | None:
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """Neutralise spreadsheet formulas in names (CSV injection): a text cell that begins
    with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    if end < start:
        raise HTTPException(status_code=422, detail={"reason": "'to' is before 'from'"})
    if (end - start).days > MAX_PERIOD_DAYS:
        raise HTTPException(status_code=422, detail={"reason": "period longer than 366 days"})
    return start, end


def _address(request: Request) -> str:
    return request.client.host if request.client is not None else "-"


def build_read_router(
    factory: sessionmaker[Session],
    now: Callable[[], dt.datetime],
    throttle: LoginThrottle | None = None,
) -> APIRouter:
    router = APIRouter()
    guard = throttle or LoginThrottle()

    def password_ok(request: Request, username: str, password: str) -> int | None:
        """Check a password through the throttle (429 with Retry-After when refused)."""
        address = _address(request)
        try:
            with guard.attempt(username, address):
                user_id = admin.verify_user(factory, username, password)
        except TooManyAttempts as exc:
            raise HTTPException(
                status_code=429,
                detail={"reason": exc.reason},
                headers={"Retry-After": str(exc.retry_after)},
            ) from exc
        if user_id is None:
            guard.failed(username, address)
        else:
            guard.succeeded(username, address)
        return user_id

    def reader(request: Request) -> str:
        header = request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and admin.check_read_token(factory, value.strip()):
            return "token"
        creds = _basic(header)
        if creds is not None and password_ok(request, *creds) is not None:
            return creds[0]
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie and admin.check_session(factory, cookie, now()):
            return "session"
        raise HTTPException(status_code=401, detail={"reason": "login required"})

    Reader = Annotated[str, Depends(reader)]  # noqa: N806 (a type alias)

    @router.post("/login", tags=["auth"], responses={401: {"description": "bad login"}})
    def login(body: Login, response: Response, request: Request) -> dict[str, str]:
        user_id = password_ok(request, body.username, body.password)
        if user_id is None:
            raise HTTPException(status_code=401, detail={"reason": "wrong username or password"})
        token = admin.open_session(factory, user_id, now())
        response.set_cookie(
            SESSION_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            max_age=int(admin.SESSION_LIFETIME.total_seconds()),
        )
        return {"username": body.username}

    @router.post("/logout", tags=["auth"])
    def logout(request: Request, response: Response) -> dict[str, bool]:
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            admin.close_session(factory, cookie)
        response.delete_cookie(SESSION_COOKIE)
        return {"ok": True}

    @router.get("/api/v1/me", tags=["auth"])
    def me(who: Reader) -> dict[str, str]:
        return {"who": who}

    def known(hall_id: str) -> None:
        with reading(factory).begin() as session:  # one lookup, not every hall's status
            if session.get(Hall, hall_id) is None:
                raise HTTPException(status_code=404, detail={"reason": "unknown hall"})

    @router.get("/api/v1/halls", tags=["read"], response_model=list[HallStatus])
    def halls(_who: Reader) -> list[dict[str, Any]]:
        return stats.hall_status(factory, now())

    @router.get(
        "/api/v1/halls/{hall_id}/epochs",
        tags=["read"],
        response_model=list[EpochStatus],
        responses={404: {"description": "unknown hall"}},
        summary="A hall's histories (databases) and the seq ranges HQ lacks of each",
    )
    def hall_epochs(hall_id: str, _who: Reader) -> list[dict[str, Any]]:
        known(hall_id)
        with reading(factory).begin() as session:
            return epochs.describe(session, hall_id)

    @router.get(
        "/api/v1/halls/{hall_id}/summary",
        tags=["read"],
        response_model=SummaryOut,
        responses={404: {"description": "unknown hall"}},
    )
    def hall_summary(hall_id: str, start: From, end: To, _who: Reader) -> dict[str, Any]:
        known(hall_id)
        return stats.summarise(factory, *_period(start, end), hall_id=hall_id)

    def in_region(region: str | None) -> list[str] | None:
        return None if region is None else admin.region_halls(factory, region)

    @router.get("/api/v1/summary", tags=["read"], response_model=SummaryOut)
    def summary(
        start: From, end: To, _who: Reader, region: Region = None, daily: Daily = True
    ) -> dict[str, Any]:
        period = _period(start, end)
        return stats.summarise(factory, *period, hall_ids=in_region(region), daily=daily)

    @router.get(
        "/api/v1/trend",
        tags=["read"],
        response_model=list[TrendPoint],
        summary="Totals per day or ISO week, over all halls, a region or one hall",
    )
    def trend(
        start: From,
        end: To,
        _who: Reader,
        region: Region = None,
        hall_id: Annotated[str | None, Query(max_length=36)] = None,
        by: Annotated[str, Query(pattern="^(day|week)$")] = "day",
    ) -> list[dict[str, Any]]:
        halls = [hall_id] if hall_id is not None else in_region(region)
        return rollups.trend(factory, *_period(start, end), hall_ids=halls, by=by)

    @router.get(
        "/api/v1/ikm",
        tags=["read"],
        summary="IKM (PermenPANRB 14/2017) per hall and in total, from the uploaded survey",
    )
    def ikm_figures(start: From, end: To, _who: Reader, region: Region = None) -> dict[str, Any]:
        return ikm.per_hall(factory, *_period(start, end), hall_ids=in_region(region))

    @router.get(
        "/api/v1/halls/{hall_id}/hours",
        tags=["read"],
        response_model=list[HourCell],
        responses={404: {"description": "unknown hall"}},
        summary="A hall's tickets and median wait per service × hour of issue",
    )
    def hall_hours(
        hall_id: str,
        start: From,
        end: To,
        _who: Reader,
        utc_offset: Annotated[int, Query(ge=-12, le=14)] = 7,
    ) -> list[dict[str, Any]]:
        known(hall_id)
        return rollups.hours(factory, hall_id, *_period(start, end), utc_offset)

    @router.get(
        "/api/v1/summary.csv",
        tags=["read"],
        response_class=Response,
        responses={200: {"content": {"text/csv": {}}}},
    )
    def summary_csv(start: From, end: To, _who: Reader, region: Region = None) -> Response:
        period = _period(start, end)
        data = stats.summarise(factory, *period, hall_ids=in_region(region), daily=False)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=["from", "to", *stats.CSV_COLUMNS])
        writer.writeheader()
        for row in data["rows"]:
            writer.writerow(
                {"from": data["from"], "to": data["to"]}
                | {k: _cell(row[k]) for k in stats.CSV_COLUMNS}
            )
        name = f"antrean-hq-{data['from']}-{data['to']}.csv"
        return Response(
            out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    return router
