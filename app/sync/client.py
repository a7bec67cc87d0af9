"""``HqClient``: the HTTPS link to HQ (httpx), mapping every answer to an Ack or a typed error."""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
from typing import Any

import httpx
from pydantic import ValidationError

from app.sync.errors import HqAuthFailed, HqRateLimited, HqRejected, HqTooLarge, HqUnreachable
from app.sync.payload import Ack, Batch, wire_json

log = logging.getLogger(__name__)
DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)
MAX_RETRY_AFTER = 3600.0


def parse_retry_after(value: str | None, now: dt.datetime, default: float = 5.0) -> float:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return min(max(0.0, (when - now).total_seconds()), MAX_RETRY_AFTER)


def _detail(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {"reason": response.text[:200]}
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, dict):
        return detail
    return {"reason": str(detail if detail is not None else body)[:500]}


class HqClient:
    """Implements ``HqTransport`` over HTTP(S)."""

    def __init__(
        self,
        base_url: str,
        hall_id: str,
        token: str,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._hall_id = hall_id
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            timeout=timeout,
            headers={"Authorization": f"Bearer {token}", "User-Agent": "antrean-sync/1"},
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HqClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def send(self, batch: Batch) -> Ack:
        body = wire_json(batch)
        try:
            response = self._http.post(
                f"/api/v1/halls/{self._hall_id}/events",
                content=body,
                headers={"Content-Type": "application/json"},
            )
        except httpx.TimeoutException as exc:
            raise HqUnreachable(f"timeout: {type(exc).__name__}") from exc
        except httpx.TransportError as exc:
            raise HqUnreachable(f"{type(exc).__name__}: {exc}") from exc
        return self._answer(response)

    def _answer(self, response: httpx.Response) -> Ack:
        status = response.status_code
        if status == 200:
            try:
                return Ack.model_validate_json(response.content)
            except ValidationError as exc:
                raise HqUnreachable("HQ sent an unreadable answer") from exc
        detail = _detail(response)
        reason = str(detail.get("reason", f"HTTP {status}"))
        if status in (401, 403):
            raise HqAuthFailed(status, reason)
        if status == 413:
            raise HqTooLarge()
        if status in (429, 503):
            now = dt.datetime.now(dt.UTC)
            raise HqRateLimited(parse_retry_after(response.headers.get("retry-after"), now))
        if status in (409, 422):
            seq = detail.get("seq")
            feedback_id = detail.get("feedback_id")
            raise HqRejected(
                reason,
                seq=seq if isinstance(seq, int) else None,
                scope=str(detail.get("scope", "event" if status == 409 else "batch")),
                conflict=status == 409,
                feedback_id=feedback_id if isinstance(feedback_id, int) else None,
            )
        raise HqUnreachable(f"HTTP {status}: {reason[:200]}")
