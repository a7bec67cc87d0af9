"""The HQ web service: ingestion API, read API and the dashboard."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from importlib import resources
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from app.sync.payload import MAX_BODY_BYTES, Ack, Batch
from hq import admin
from hq.ingest import Conflict, store_batch
from hq.read_api import build_read_router
from hq.throttle import LoginThrottle, SharedLoginThrottle

log = logging.getLogger(__name__)
Now = Callable[[], dt.datetime]
RETRY_AFTER_BUSY = "2"
_V1_ACK = {"acked_seq", "stored", "duplicates", "acked_feedback_id"}


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _reject(reason: str, seq: int | None, scope: str, errors: list[Any] | None = None) -> None:
    detail = {"reason": reason, "scope": scope, "seq": seq, "errors": errors or []}
    raise HTTPException(status_code=422, detail=detail)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise HTTPException(status_code=413, detail={"reason": "body larger than 2 MB"})
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise HTTPException(status_code=413, detail={"reason": "body larger than 2 MB"})
        chunks.append(chunk)
    return b"".join(chunks)


def _seq_of_error(raw: Any, loc: tuple[Any, ...]) -> int | None:
    if len(loc) >= 2 and loc[0] == "events" and isinstance(loc[1], int):
        try:
            seq = raw["events"][loc[1]]["seq"]
        except (KeyError, IndexError, TypeError):
            return None
        return seq if type(seq) is int else None
    return None


def _parse_batch(body: bytes, hall_id: str, now: dt.datetime) -> Batch:
    try:
        raw = json.loads(body)
    except (ValueError, RecursionError):
        _reject("body is not valid JSON", None, "batch")
    try:
        batch = Batch.model_validate(raw)
    except ValidationError as exc:
        errors = json.loads(exc.json(include_url=False, include_input=False))
        first = errors[0] if errors else {}
        loc = tuple(first.get("loc", ()))
        seq = _seq_of_error(raw, loc)
        scope = "event" if loc[:1] in (("events",), ("feedback",)) and len(loc) > 1 else "batch"
        reason = f"{'.'.join(str(p) for p in loc) or 'body'}: {first.get('msg', 'invalid')}"
        _reject(reason, seq, scope, errors)
    if batch.hall_id != hall_id:
        _reject("hall_id in the body differs from the URL", None, "batch")
    return batch


def build_ingest_route(app: FastAPI, factory: sessionmaker[Session], now: Now) -> None:
    @app.post(
        "/api/v1/halls/{hall_id}/events",
        response_model=Ack,
        tags=["ingest"],
        summary="Upload a batch of hall events (idempotent)",
        responses={
            401: {"description": "unknown token"},
            403: {"description": "hall revoked"},
            409: {"description": "a stored seq replayed with different content"},
            413: {"description": "body larger than 2 MB"},
            422: {"description": "invalid batch; nothing stored"},
            503: {"description": "database busy; retry after Retry-After seconds"},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Batch"}}},
            }
        },
    )
    async def ingest(hall_id: str, request: Request) -> Ack:
        token = _bearer(request)
        if token is None:
            raise HTTPException(status_code=401, detail={"reason": "missing bearer token"})
        verdict = await run_in_threadpool(admin.check_hall_token, factory, hall_id, token)
        if verdict is admin.HallAuth.UNKNOWN:
            raise HTTPException(status_code=401, detail={"reason": "unknown token for this hall"})
        if verdict is admin.HallAuth.REVOKED:
            raise HTTPException(status_code=403, detail={"reason": "hall revoked"})
        received = now()
        batch = _parse_batch(await _read_body(request), hall_id, received)
        try:
            ack = await run_in_threadpool(store_batch, factory, hall_id, batch, received)
        except Conflict as exc:
            raise HTTPException(
                status_code=409,
                detail={"reason": str(exc), "seq": exc.seq, "feedback_id": exc.feedback_id},
            ) from exc
        log.info(
            "hall %s epoch %s: %d stored, %d duplicates, acked %d",
            hall_id,
            batch.epoch_key or "legacy",
            ack.stored,
            ack.duplicates,
            ack.acked_seq,
        )
        if batch.schema_version == 1:  # a version 1 hall reads exactly these fields
            return JSONResponse(ack.model_dump(include=_V1_ACK))  # type: ignore[return-value]
        return ack


PROBLEM = {
    "title": "Problem",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "type": "object",
            "required": ["reason"],
            "properties": {
                "reason": {"type": "string"},
                "scope": {"type": "string", "enum": ["event", "batch"]},
                "seq": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
                "feedback_id": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
                "errors": {"type": "array", "items": {"type": "object"}},
            },
        }
    },
}
_ERROR_TEXT = {
    "401": "login or token required, or wrong",
    "403": "hall revoked",
    "404": "unknown hall",
    "409": "a stored seq replayed with different content",
    "413": "body larger than 2 MB",
    "422": "invalid request; nothing stored",
    "429": "too many attempts; retry after Retry-After seconds",
    "503": "database busy; retry after Retry-After seconds",
}


def _document_errors(schema: dict[str, Any]) -> None:
    """Every error answer of every route is the one ``Problem`` shape the server sends."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    components["Problem"] = PROBLEM
    problem = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            codes = set(responses)
            if operation.get("parameters") or operation.get("requestBody"):
                codes.add("422")
            if path.startswith("/api/v1/") and path != "/api/v1/halls/{hall_id}/events":
                codes |= {"401", "429"}
            if path == "/login":
                codes.add("429")
            for code in sorted(codes):
                if code[0] in "45":
                    text = responses.get(code, {}).get("description") or _ERROR_TEXT[code]
                    responses[code] = {"description": text, "content": problem}


def _install_openapi(app: FastAPI) -> None:
    def custom() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
        batch = Batch.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(batch.pop("$defs", {}))
        components["Batch"] = batch
        _document_errors(schema)
        app.openapi_schema = schema
        return schema

    app.openapi = custom  # type: ignore[method-assign]


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000"


def _behind_tls(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def _install_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if _behind_tls(request):
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response


def _install_validation(app: FastAPI) -> None:
    """Every 422 has the one documented shape (``Problem``), query errors included."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = json.loads(json.dumps(exc.errors(), default=str))
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", ())) or "request"
        detail = {
            "reason": f"{where}: {first.get('msg', 'invalid')}",
            "scope": "batch",
            "seq": None,
            "errors": [{k: e.get(k) for k in ("loc", "msg", "type")} for e in errors],
        }
        return JSONResponse({"detail": detail}, status_code=422)


def create_app(
    factory: sessionmaker[Session], now: Now = _utcnow, throttle: LoginThrottle | None = None
) -> FastAPI:
    # No /docs or /redoc: their pages load assets from a CDN, and HQ may have no internet.
    app = FastAPI(title="Antrean HQ", version="1.1.0", docs_url=None, redoc_url=None)
    _install_headers(app)
    _install_validation(app)

    @app.exception_handler(OperationalError)
    async def _busy(_request: Request, exc: OperationalError) -> JSONResponse:
        log.warning("database busy or unavailable: %s", exc.orig)
        return JSONResponse(
            {"detail": {"reason": "database busy, retry later"}},
            status_code=503,
            headers={"Retry-After": RETRY_AFTER_BUSY},
        )

    build_ingest_route(app, factory, now)
    app.include_router(build_read_router(factory, now, throttle))
    static = resources.files("hq") / "static"

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(static / "index.html"), media_type="text/html")

    @app.get("/healthz", tags=["meta"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    _install_openapi(app)
    return app


DB_ENV = "ANTREAN_HQ_DB"


def app_from_env() -> FastAPI:
    """The app of one worker process of ``antrean-hq serve --workers N``: its own engine on
    the database ``ANTREAN_HQ_DB`` names; sessions and login backoff live in that database."""
    import os

    from hq.db import make_engine, make_sessionmaker

    factory = make_sessionmaker(make_engine(os.environ[DB_ENV]))
    return create_app(factory, throttle=SharedLoginThrottle(factory))
