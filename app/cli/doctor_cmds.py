"""``antrean doctor`` (what is wrong with this PC, in plain words) and ``antrean clock``.

Each check says ok / warn / fail with one sentence; ``--json`` gives, per check, a stable
``id`` (``database``, ``schema``, ``durability``, ``clock``, ``disk_data``, ``disk_backups``,
``backup_age``, ``hq_sync``, ``hq_backlog``, ``hq_reach``, ``settings_pin``, ``printer``,
``speech``, ``audio``), the shown ``name``, ``level``, ``message`` and ``details``.

Exit code: 0 when nothing failed (warnings included), 7 when something must be fixed before
the hall can run. A monitoring script runs ``antrean doctor --json`` every few minutes (it
takes a few seconds; ``--no-printer`` on a PC whose kiosk prints, so the two do not talk to
the printer at once), alarms on exit 7, and reads the ``warn`` checks into a daily report;
any other exit code (1, 11...) means doctor itself could not run: alarm too.
The database is checked first; when it does not answer, the other checks still run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.errors import KnownError
from app.i18n import N_

from .output import Output, to_jsonable

if TYPE_CHECKING:  # loaded when a command runs, not when the parser is built
    from app.bootstrap import Core
    from app.settings import Settings

OK, WARN, FAIL = "ok", "warn", "fail"
DISK_WARN_BYTES = 2 * 1024**3  # below this much free space: warn
DISK_FAIL_BYTES = 200 * 1024**2  # below this: fail (backups and the WAL need room)
BACKUP_MAX_AGE = dt.timedelta(days=2)
BACKLOG_STALE = dt.timedelta(hours=24)  # records waiting for HQ longer than this: warn
HQ_TIMEOUT_S = 3.0


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    name: str
    level: str  # ok | warn | fail
    message: str
    details: dict[str, Any] = field(default_factory=dict)


def add_doctor_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "doctor",
        parents=[common],
        help="check this PC: database, clock, disk, backups, printer, speech, audio, HQ",
    )
    p.add_argument("--no-printer", action="store_true", help="skip asking the printer")
    p.add_argument("--no-speech", action="store_true", help="skip the speech and audio checks")
    p.set_defaults(handler=None, standalone=True, run=run_doctor)
    clock = sub.add_parser("clock", help="this PC's clock against the hall's reference")
    csub = clock.add_subparsers(dest="action", required=True)
    csub.add_parser("status", parents=[common]).set_defaults(handler=cmd_clock)
    csub.add_parser(
        "confirm", parents=[common], help="accept the clock although it is far from the records"
    ).set_defaults(handler=cmd_clock)


def cmd_clock(core: Core, args: argparse.Namespace, out: Output) -> None:
    if args.action == "confirm":
        from app.cli.signin import actor_for

        when = core.hall.confirm_clock(actor=actor_for(core, args))
        local = when.astimezone(core.hall.hall_config().zone())
        out.result(
            {"confirmed": when},
            out.say(
                N_("Jam {local:%d-%m-%Y %H:%M} diterima sebagai jam yang benar."),
                local=local,
            ),
        )
        return
    status = core.hall.clock_status()
    text = status.message(out.lang) or out.say(N_("Jam PC ini cocok."))
    out.result(status, text)


def run_doctor(settings: Settings, args: argparse.Namespace, out: Output) -> int:
    checks: list[Check] = []
    core = _open(settings, out, checks)
    if core is not None:
        try:
            checks += database_checks(core, out)
            checks.append(clock_check(core, out))
            checks += sync_checks(core, out)
        finally:
            core.close()
    checks += disk_checks(settings, out)
    checks += backup_checks(settings, out)
    checks += pin_checks(settings, out)
    checks += hq_checks(settings, out)
    if not args.no_printer:
        checks.append(printer_check(settings, out))
    if not args.no_speech:
        checks += speech_checks(settings, out)
    return report(checks, out)


def report(checks: list[Check], out: Output) -> int:
    failed = [c for c in checks if c.level == FAIL]
    worst = FAIL if failed else WARN if any(c.level == WARN for c in checks) else OK
    result = {"ok": not failed, "level": worst, "checks": checks}
    if out.json_mode:
        payload: dict[str, Any] = {"ok": not failed, "result": to_jsonable(result)}
        if failed:
            payload["error"] = {"code": "doctor_failed", "message": _failed(len(failed), out)}
        json.dump(payload, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        fail = out.say(N_("GAGAL"))
        marks = {OK: "  ok ", WARN: "  !  ", FAIL: f"{fail:<5}"}
        print("\n".join(f"[{marks[c.level]}] {c.name:<12} {c.message}" for c in checks))
        if failed:
            print(_failed(len(failed), out), file=sys.stderr)
    return 7 if failed else 0


def _failed(count: int, out: Output) -> str:
    return out.say(N_("{count} pemeriksaan gagal; lihat di atas."), count=count)


def _open(settings: Settings, out: Output, checks: list[Check]) -> Core | None:
    """The core, or a failed check (a database that does not exist yet is not created)."""
    from sqlalchemy import exc as sa_exc

    from app.bootstrap import build_core
    from app.cli.hall_database import require_existing
    from app.storage.engine import opening_error

    url = settings.database_url()
    name = out.say(N_("basis data"))
    try:
        require_existing(url)
        return build_core(settings)
    except KnownError as exc:
        checks.append(Check("database", name, FAIL, exc.message(out.lang), {"code": exc.code}))
    except sa_exc.DBAPIError as exc:
        known = opening_error(exc, url)
        if known is None:
            raise
        checks.append(Check("database", name, FAIL, known.message(out.lang), {"code": known.code}))
    return None


def database_checks(core: Core, out: Output) -> list[Check]:
    from app.storage.health import durability_warnings
    from app.storage.migrate import current_revision, known_head

    url = core.engine.url.render_as_string(hide_password=True)
    with core.engine.connect() as conn:
        revision = current_revision(conn)
    head = known_head()
    schema = {"revision": revision, "head": head}
    checks = [
        Check("database", out.say(N_("basis data")), OK, url, {"url": url}),
        Check(
            "schema",
            out.say(N_("skema")),
            OK if revision == head else WARN,
            out.say(N_("versi {revision}"), revision=revision)
            if revision == head
            else out.say(
                N_("skema {revision}, versi program ini {head}: perbarui semua PC"),
                revision=revision,
                head=head,
            ),
            schema,
        ),
    ]
    warnings = durability_warnings(core.engine)
    for w in warnings:  # fsync/full_page_writes off can corrupt; synchronous_commit loses
        level = WARN if w.setting == "synchronous_commit" else FAIL
        details = {"setting": w.setting, "value": w.value}
        checks.append(
            Check(
                "durability",
                out.say(N_("ketahanan")),
                level,
                w.message(out.lang),
                details,
            )
        )
    if not warnings and core.engine.dialect.name == "postgresql":
        checks.append(
            Check(
                "durability",
                out.say(N_("ketahanan")),
                OK,
                "synchronous_commit, fsync, full_page_writes on",
            )
        )
    return checks


def clock_check(core: Core, out: Output) -> Check:
    status = core.hall.clock_status()
    name = out.say(N_("jam"))
    details = {"reference": status.reference, "offset_seconds": status.offset_seconds}
    if status.refusal_id:
        return Check("clock", name, FAIL, status.message(out.lang), details)
    if status.warning:
        return Check("clock", name, WARN, status.message(out.lang), details)
    source = out.say(N_("server basis data"))
    if status.reference != "server":
        source = out.say(N_("catatan terakhir"))
    return Check("clock", name, OK, out.say(N_("cocok dengan {source}"), source=source), details)


def sync_checks(core: Core, out: Output) -> list[Check]:
    """HQ sync: dead letters and notices where this database has synced; the backlog where
    ``[hq]`` is set up."""
    from app.sync.health import sync_health

    checks = []
    health = sync_health(core.engine)
    if health is not None:
        level = OK if health.ok else WARN
        checks.append(Check("hq_sync", out.say(N_("pusat")), level, health.message(out.lang)))
    hq = core.settings.hq
    if hq.url and hq.hall_id:
        checks.append(_backlog(core, out))
    return checks


def _backlog(core: Core, out: Output) -> Check:
    from app.sync.cli import endpoint_key
    from app.sync.sql_outbox import SqlOutbox

    outbox = SqlOutbox(core.engine, endpoint_key(core.settings.hq.url, core.settings.hq.hall_id))
    state = outbox.load_state()
    pending = outbox.pending_count(state.last_acked_seq)
    pending += outbox.pending_feedback(state.last_acked_feedback_id)
    last = state.last_success_at
    details = {"pending": pending, "last_success_at": last, "dead_letters": len(state.dead_letters)}
    name = out.say(N_("antrean kirim"))
    stale = last is None or core.clock.now() - last > BACKLOG_STALE
    if pending and stale:
        when = out.say(N_("belum pernah")) if last is None else f"{last:%Y-%m-%d %H:%M} UTC"
        return Check(
            "hq_backlog",
            name,
            WARN,
            out.say(
                N_("{pending} data menunggu dikirim; terakhir berhasil: {when}"),
                pending=pending,
                when=when,
            ),
            details,
        )
    return Check(
        "hq_backlog", name, OK, out.say(N_("{pending} menunggu"), pending=pending), details
    )


def disk_checks(settings: Settings, out: Output) -> list[Check]:
    from app.settings import data_dir

    folders = [("disk_data", out.say(N_("disk data")), data_dir())]
    db = _sqlite_file(settings)
    if db is not None:
        from app.storage.backup import default_folder

        folders[0] = ("disk_data", out.say(N_("disk data")), db.parent)
        folders.append(("disk_backups", out.say(N_("disk cadangan")), default_folder(db)))
    checks = []
    for check_id, name, folder in folders:
        probe = folder
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        free = shutil.disk_usage(probe).free
        level = FAIL if free < DISK_FAIL_BYTES else WARN if free < DISK_WARN_BYTES else OK
        text = out.say(N_("{folder}: sisa {value:.1f} GB"), folder=folder, value=free / 1024**3)
        checks.append(Check(check_id, name, level, text, {"path": str(folder), "free_bytes": free}))
    return checks


def _sqlite_file(settings: Settings) -> Path | None:
    from sqlalchemy.engine import make_url

    from app.storage.engine import sqlite_path

    return sqlite_path(make_url(settings.database_url()))


def backup_checks(settings: Settings, out: Output) -> list[Check]:
    """The newest daily backup of an SQLite hall (PostgreSQL: pg_dump, docs/backup.md)."""
    from app.storage import backup as b

    db = _sqlite_file(settings)
    if db is None or not db.is_file():
        return []
    name = out.say(N_("cadangan"))
    folder = b.default_folder(db)
    found = b.backups(folder)
    if not found:
        return [
            Check(
                "backup_age",
                name,
                WARN,
                out.say(
                    N_("belum ada cadangan di {folder}: jalankan antrean backup"),
                    folder=folder,
                ),
                {"folder": str(folder), "newest": None},
            )
        ]
    newest = found[-1]
    taken = dt.datetime.fromtimestamp(newest.stat().st_mtime, dt.UTC)
    age = dt.datetime.now(dt.UTC) - taken
    details = {
        "folder": str(folder),
        "newest": str(newest),
        "age_hours": round(age.total_seconds() / 3600, 1),
    }
    days = age.total_seconds() / 86400
    if age > BACKUP_MAX_AGE:
        text = out.say(
            N_("cadangan terakhir {days:.0f} hari lalu ({name}): apakah layar menyala?"),
            days=days,
            name=newest.name,
        )
        return [Check("backup_age", name, WARN, text, details)]
    return [Check("backup_age", name, OK, newest.name, details)]


def pin_checks(settings: Settings, out: Output) -> list[Check]:
    """A plain ``admin_pin`` left in the settings file: the PIN lives hashed in the database."""
    from app.settings import config_path

    path = config_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return []  # no file (the usual case) or one the settings loader has judged already
    kiosk = raw.get("kiosk")
    if not isinstance(kiosk, dict) or "admin_pin" not in kiosk:
        return []
    return [
        Check(
            "settings_pin",
            out.say(N_("PIN")),
            WARN,
            out.say(
                N_("hapus admin_pin dari {path}: PIN kini disimpan ter-hash di basis data"),
                path=path,
            ),
            {"path": str(path)},
        )
    ]


def hq_checks(settings: Settings, out: Output) -> list[Check]:
    """Whether HQ answers (``GET /healthz``) when ``[hq] url`` is set."""
    url = settings.hq.url
    if not url:
        return []
    import httpx

    name = out.say(N_("jangkau pusat"))
    target = url.rstrip("/") + "/healthz"
    try:
        response = httpx.get(target, timeout=HQ_TIMEOUT_S)
    except httpx.HTTPError as exc:
        text = out.say(
            N_("{url} tidak menjawab ({name}); data disimpan dan dikirim nanti"),
            url=url,
            name=type(exc).__name__,
        )
        return [Check("hq_reach", name, WARN, text, {"url": url, "error": str(exc)})]
    level = OK if response.status_code == 200 else WARN
    return [Check("hq_reach", name, level, f"{url}: HTTP {response.status_code}", {"url": url})]


def printer_check(settings: Settings, out: Output) -> Check:
    from app.bootstrap import build_printer
    from app.ports import PrinterState
    from hardware.printer.status import describe_status

    name = out.say(N_("printer"))
    uri = settings.printer.uri
    try:
        status = build_printer(settings).status()
    except KnownError as exc:
        return Check("printer", name, FAIL, exc.message(out.lang), {"uri": uri})
    # The library's own (English) words stay in the JSON; the line says it in the catalog's.
    detail = f"{uri}: {status.state.value} ({describe_status(status, out.lang)})"
    details = {"uri": uri, "state": status.state.value, "detail": status.detail}
    if status.state is PrinterState.READY:
        return Check("printer", name, OK, detail, details)
    if status.can_print:  # paper low, or a connection that cannot report paper
        return Check("printer", name, WARN, detail, details)
    return Check("printer", name, FAIL, detail, details)


def speech_checks(settings: Settings, out: Output) -> list[Check]:
    """The engine that will speak, whether it has the Indonesian voice, and the speaker."""
    speech = settings.speech
    name = out.say(N_("suara"))
    if speech.engine == "none":
        return [Check("speech", name, OK, out.say(N_("dimatikan (engine = none)")))]
    from hardware.speech.engines import build_engine
    from hardware.speech.errors import SpeechError

    clips = Path(speech.clips_dir) if speech.clips_dir else None
    details: dict[str, Any] = {"preferred": speech.engine, "lang": speech.lang}
    details["voice"] = speech.voice
    try:
        engine = build_engine(speech.engine, clip_dir=clips, lang=speech.lang, voice=speech.voice)
    except SpeechError as exc:
        checks = [Check("speech", name, WARN, exc.message(out.lang), details)]
    else:
        details["engine"] = engine.name
        engine.close()
        if engine.name == speech.engine and speech.voice and engine.voice != speech.voice:
            text = out.say(
                N_('{name}: suara "{voice}" tidak ada di PC ini; memakai suara bawaan'),
                name=engine.name,
                voice=speech.voice,
            )
            checks = [Check("speech", name, WARN, text, details)]
        elif engine.name == speech.engine:
            text = out.say(
                N_("{name}, suara {v_lang} ada"),
                name=engine.name,
                v_lang=speech.lang,
            )
            checks = [Check("speech", name, OK, text, details)]
        else:
            text = out.say(
                N_("{engine} tidak punya suara {v_lang}: memakai {name}"),
                engine=speech.engine,
                v_lang=speech.lang,
                name=engine.name,
            )
            checks = [Check("speech", name, WARN, text, details)]
    if speech.volume == 0:
        muted = out.say(
            N_("volume speaker 0 (dimatikan): panggilan hanya tampil di layar"),
        )
        checks.append(Check("volume", out.say(N_("volume")), WARN, muted, {"volume": 0}))
    return [*checks, audio_check(out)]


def audio_check(out: Output) -> Check:
    from app.bootstrap import build_audio_sink
    from hardware.speech.player import NullSink

    sink = build_audio_sink()
    name = out.say(N_("speaker"))
    if isinstance(sink, NullSink):
        text = out.say(N_("tidak ada pemutar suara: panggilan tanpa suara"))
        return Check("audio", name, WARN, text)
    player = str(getattr(sink, "player", "winsound"))
    found, devices = _output_devices(player)
    details = {"player": player, "devices": devices}
    if found is False:
        text = out.say(
            N_("{player}: tidak ada perangkat suara ({devices}); panggilan tanpa suara"),
            player=player,
            devices=devices,
        )
        return Check("audio", name, WARN, text, details)
    return Check("audio", name, OK, f"{player}: {devices}" if devices else player, details)


def _output_devices(player: str) -> tuple[bool | None, str]:
    """Whether this PC has a sound output for ``player`` (None: cannot tell), and a note."""
    if sys.platform == "win32":
        import ctypes

        count = int(ctypes.windll.winmm.waveOutGetNumDevs())
        return count > 0, f"{count} output device(s)"
    probes = {"aplay": ["aplay", "-l"], "paplay": ["pactl", "list", "short", "sinks"]}
    probe = probes.get(player)
    if probe is None or shutil.which(probe[0]) is None:
        return None, ""
    try:
        done = subprocess.run(probe, capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if player == "aplay":
        lines = [line for line in lines if line.startswith("card ")]
    if done.returncode != 0 or not lines:
        detail = (done.stderr.strip().splitlines() or ["none found"])[-1]
        return False, detail[:200]
    return True, f"{len(lines)} output device(s)"
