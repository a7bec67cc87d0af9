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

from hq import admin, stats

SESSION_COOKIE = "antrean_hq_session"
From = Annotated[dt.date, Query(alias="from")]
To = Annotated[dt.date, Query(alias="to")]
MAX_PERIOD_DAYS = 366


class Login(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=200)


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


def _cell(value: object) -> object:
    """Neutralise spreadsheet formulas in names (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    if end < start:
        raise HTTPException(status_code=422, detail={"reason": "'to' is before 'from'"})
    if (end - start).days > MAX_PERIOD_DAYS:
        raise HTTPException(status_code=422, detail={"reason": "period longer than 366 days"})
    return start, end


def build_read_router(factory: sessionmaker[Session], now: Callable[[], dt.datetime]) -> APIRouter:
    router = APIRouter()

    def reader(request: Request) -> str:
        header = request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and admin.check_read_token(factory, value.strip()):
            return "token"
        creds = _basic(header)
        if creds is not None and admin.verify_user(factory, *creds) is not None:
            return creds[0]
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie and admin.check_session(factory, cookie, now()):
            return "session"
        raise HTTPException(status_code=401, detail={"reason": "login required"})

    Reader = Annotated[str, Depends(reader)]  # noqa: N806 (a type alias)

    @router.post("/login", tags=["auth"], responses={401: {"description": "bad login"}})
    def login(body: Login, response: Response, request: Request) -> dict[str, str]:
        user_id = admin.verify_user(factory, body.username, body.password)
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

    @router.get("/api/v1/halls", tags=["read"])
    def halls(_who: Reader) -> list[dict[str, Any]]:
        return stats.hall_status(factory, now())

    @router.get("/api/v1/halls/{hall_id}/summary", tags=["read"])
    def hall_summary(hall_id: str, start: From, end: To, _who: Reader) -> dict[str, Any]:
        if hall_id not in {h["id"] for h in stats.hall_status(factory, now())}:
            raise HTTPException(status_code=404, detail={"reason": "unknown hall"})
        return stats.summarise(factory, *_period(start, end), hall_id=hall_id)

    @router.get("/api/v1/summary", tags=["read"])
    def summary(start: From, end: To, _who: Reader) -> dict[str, Any]:
        return stats.summarise(factory, *_period(start, end))

    @router.get(
        "/api/v1/summary.csv",
        tags=["read"],
        response_class=Response,
        responses={200: {"content": {"text/csv": {}}}},
    )
    def summary_csv(start: From, end: To, _who: Reader) -> Response:
        data = stats.summarise(factory, *_period(start, end))
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
