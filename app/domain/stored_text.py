"""A catalog text stored in a text column, read later in each reader's language.

The HQ link's notice and last error (``sync_state.notice``/``last_error``) are written by
the sync worker and shown by the hall's staff lines, ``antrean doctor`` and
``antrean sync status``, each in its own language: the column holds the Indonesian template
(the msgid, marked with ``N_`` where it is written) and its fields as JSON, and ``read``
fills it from the catalog. A plain string stored before this (English text) reads as it is.
"""

from __future__ import annotations

import json

from app.domain.errors import KnownError
from app.domain.wording import Bilingual

_FIELD_LIMIT = 200  # the column holds 500 characters: a long field is cut, not the JSON


def store(template: str, /, **fields: str | int | float) -> str:
    """``template`` (marked with ``N_``) and its fields, as the column stores them."""
    cut = {k: v[:_FIELD_LIMIT] if isinstance(v, str) else v for k, v in fields.items()}
    return json.dumps({"msgid": template, "fields": cut}, ensure_ascii=False)


def store_error(error: KnownError) -> str:
    """A refusal's catalog text and details; its English when they are not plain values."""
    details = error.details
    plain = all(isinstance(v, str | int | float) for v in details.values())
    if isinstance(error.template, str) and plain:
        return store(error.template, **details)  # type: ignore[arg-type]
    return error.message_en


def read(stored: str | None) -> Bilingual | None:
    """What ``store`` wrote, in both languages; an older plain string as it is."""
    if not stored:
        return None
    try:
        raw = json.loads(stored)
    except ValueError:
        raw = None
    if isinstance(raw, dict) and isinstance(raw.get("msgid"), str):
        fields = raw.get("fields")
        if isinstance(fields, dict):
            try:
                return Bilingual.of(raw["msgid"], **fields)
            except (KeyError, IndexError, ValueError):
                pass
    return Bilingual.data(stored, stored)
