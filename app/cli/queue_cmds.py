"""``antrean ticket|call|counter|service|hall|day|status|events|user`` handlers."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import queue
import sys
from collections.abc import Sequence
from datetime import tzinfo

from app.bootstrap import Core
from app.cli.output import Output, fill, minutes_text
from app.cli.signin import actor_for, read_secret
from app.domain.lifecycle import EVENT_ID, STATE_ID, STATUS_ID
from app.domain.model import Outcome, PrintState, QueueEvent, TicketStatus, TicketView
from app.domain.wording import ahead_text, wait_text
from app.i18n import N_, gettext, pick
from app.services.feed import watcher_for
from app.services.logo import HallLogo, checked_logo


def ticket_line(t: TicketView, lang: str) -> str:
    status = gettext(STATUS_ID[t.status], lang)
    parts = [f"{t.display:<6}", f"{status:<16}"]
    if t.priority:
        parts.append(gettext(N_("PRIORITAS"), lang))
    if t.counter_number:
        parts.append(fill(gettext(N_("loket {counter}"), lang), {"counter": t.counter_number}))
    if t.current_service_code != t.service_code:
        parts.append(f"→ {t.current_service_code}")
    if t.print_state is PrintState.FAILED:  # the supervisor's cue to reprint
        parts.append(gettext(N_("TIDAK TERCETAK"), lang))
    return "  ".join(parts).rstrip()


def cmd_ticket_issue(core: Core, args: argparse.Namespace, out: Output) -> None:
    issued = core.queue.issue_ticket(
        args.service, priority=args.priority, printed=bool(getattr(args, "print", False))
    )
    name = pick(out.lang, issued.service_name_id, issued.service_name_en)
    ahead = ahead_text(issued.people_ahead, out.lang)
    wait = wait_text(issued.estimate.minutes, out.lang)
    text = f"{issued.ticket.display}  {name}  — {ahead}. {wait}"
    out.result(issued, text)


def cmd_ticket_list(core: Core, args: argparse.Namespace, out: Output) -> None:
    statuses = [TicketStatus(s) for s in args.status] if args.status else None
    tickets = core.hall.tickets(statuses, day=args.date)
    lines = [ticket_line(t, out.lang) for t in tickets] or [out.say(N_("(kosong)"))]
    out.result(tickets, "\n".join(lines))


def cmd_ticket_show(core: Core, args: argparse.Namespace, out: Output) -> None:
    t = core.hall.ticket(args.ticket)
    out.result(t, ticket_line(t, out.lang))


def cmd_ticket_cancel(core: Core, args: argparse.Namespace, out: Output) -> None:
    t = core.queue.cancel(args.ticket, actor=actor_for(core, args))
    out.result(t, ticket_line(t, out.lang))


def cmd_call(core: Core, args: argparse.Namespace, out: Output) -> None:
    q, n = core.queue, args.counter
    actor = actor_for(core, args, counter=n)  # --user, or the counter's button box
    action = args.action
    if action == "next":
        t = q.call_next(n, actor=actor, auto_finish=not args.no_auto_finish)
    elif action == "ticket":
        t = q.call_ticket(n, args.ticket, actor=actor, auto_finish=not args.no_auto_finish)
    elif action == "recall":
        t = q.recall(n, actor=actor)
    elif action == "start":
        t = q.start(n, actor=actor)
    elif action == "finish":
        t = q.finish(n, Outcome(args.outcome), actor=actor)
    elif action == "no-show":
        t = q.no_show(n, requeue_after=args.requeue_after, actor=actor)
    elif action == "transfer":
        t = q.transfer(
            n,
            to_service=args.to_service,
            to_counter=args.to_counter,
            front=args.front,
            force=args.force,
            actor=actor,
        )
    elif action == "hold":
        t = q.hold(n, actor=actor)
    else:  # return
        t = q.return_held(n, args.ticket, actor=actor)
    out.result(t, ticket_line(t, out.lang))


def cmd_counter(core: Core, args: argparse.Namespace, out: Output) -> None:
    if args.action == "list":
        counters = core.hall.counters()
        lines = [
            f"{c.number:>3}  {out.say(STATE_ID[c.state]):<9} {','.join(c.service_codes):<12} "
            f"{c.current_ticket or '-':<7} {c.name}"
            + (f" ({out.say(N_('rasio'))} {c.priority_ratio})" if c.priority_ratio else "")
            for c in counters
        ]
        out.result(counters, "\n".join(lines))
        return
    if args.action == "assign":
        codes = [c.strip().upper() for c in args.services.split(",") if c.strip()]
        core.setup.assign_services(args.counter, codes, actor=actor_for(core, args))
        out.result({"counter": args.counter, "services": codes}, out.say(N_("Tersimpan.")))
        return
    if args.action == "set":
        core.setup.configure_counter(
            args.counter,
            actor=actor_for(core, args),
            name=args.name,
            priority_ratio=False if args.ratio is None else args.ratio,
        )
        out.result({"counter": args.counter}, out.say(N_("Tersimpan.")))
        return
    if args.action == "button-box":
        enabled = args.state == "on"
        core.access.set_button_box(actor_for(core, args), args.counter, enabled)
        allowed = out.say(N_("diizinkan")) if enabled else out.say(N_("tidak diizinkan"))
        text = out.say(
            N_("Loket {counter}: tombol tanpa petugas {allowed}."),
            counter=args.counter,
            allowed=allowed,
        )
        out.result({"counter": args.counter, "button_box": enabled}, text)
        return
    move = {
        "open": core.hall.open_counter,
        "pause": core.hall.pause_counter,
        "resume": core.hall.resume_counter,
        "close": core.hall.close_counter,
    }[args.action]
    c = move(args.counter, actor=actor_for(core, args, counter=args.counter))
    out.result(c, f"{out.say(N_('Loket'))} {c.number}: {out.say(STATE_ID[c.state])}")


def cmd_service(core: Core, args: argparse.Namespace, out: Output) -> None:
    if args.action == "list":
        services = core.hall.services()
        lines = []
        for s in services:
            hours = (
                f"{s.opens_at or '--'}–{s.closes_at or '--'}" if s.opens_at or s.closes_at else ""
            )
            quota_text = out.say(N_("kuota {quota}"), quota=s.daily_quota) if s.daily_quota else ""
            active = "" if s.active else out.say(N_("NONAKTIF"))
            lines.append(f"{s.code}  {s.name(out.lang):<16} {hours} {quota_text} {active}".rstrip())
        out.result(services, "\n".join(lines))
        return
    # As typed ('none' clears a value); the service judges each (InvalidSetting, exit 2).
    core.setup.configure_service(
        args.code,
        actor=actor_for(core, args),
        name_id=args.name_id,
        name_en=args.name_en,
        description_id=args.description_id,
        description_en=args.description_en,
        colour=args.colour,
        active=args.active,
        daily_quota=False if args.quota is None else args.quota,
        opens_at=False if args.opens is None else args.opens,
        closes_at=False if args.closes is None else args.closes,
        target_minutes=args.target,
        default_service_minutes=args.service_minutes,
    )
    out.result({"service": args.code.upper()}, out.say(N_("Tersimpan.")))


def cmd_hall(core: Core, args: argparse.Namespace, out: Output) -> None:
    if args.action == "set":
        actor = actor_for(core, args)
        changes: dict[str, object] = {}
        logo: str | None = None
        for key, value in args.pairs:  # (key, value): see Types.key_value
            if key == "logo":
                logo = value
            else:
                changes[key] = tuple(value.split("|")) if key == "footer_lines" else value
        if changes:  # every value judged before anything is stored (InvalidSetting)
            core.hall.hall_config().with_changes(**changes)
        if logo:  # read and judged before anything is stored
            from app.cli.logo import print_rendering, read_logo_file

            data = read_logo_file(logo)
            checked_logo(data, name=logo)  # refused here, before Qt is asked to draw it
            print_png = print_rendering(data, logo)
            core.hall.set_logo(data, print_png=print_png, name=logo, actor=actor)
        elif logo is not None:  # logo= clears it
            core.hall.clear_logo(actor=actor)
        if changes:
            core.hall.update_hall_config(actor=actor, **changes)
    cfg = core.hall.hall_config().to_json()
    info = core.hall.logo_info()
    lines = [f"{k} = {v}" for k, v in cfg.items()]
    lines.append(f"logo = {logo_line(info, out.lang)}")
    out.result({**cfg, "logo": info.summary() if info else None}, "\n".join(lines))


def logo_line(info: HallLogo | None, lang: str) -> str:
    """``PNG 512×512 px, 23 KB, sha256 1a2b3c4d5e6f`` or ``(tidak ada)``."""
    if info is None:
        return gettext(N_("(tidak ada)"), lang)
    size = f" {info.width}×{info.height} px" if info.width and info.height else ""
    kb = max(1, round(len(info.data) / 1024))
    return f"{info.kind}{size}, {kb} KB, sha256 {info.sha256[:12]}"


def cmd_day_close(core: Core, args: argparse.Namespace, out: Output) -> None:
    expired = core.hall.close_day(actor=actor_for(core, args))
    out.result(
        {"expired": expired},
        out.say(
            N_(
                "Hari layanan ditutup; {expired} nomor yang tersisa ditutup. Riwayat "
                "tetap tersimpan."
            ),
            expired=expired,
        ),
    )


def cmd_status(core: Core, args: argparse.Namespace, out: Output) -> None:
    rows = core.hall.status()
    header = out.say(
        N_("Kode Layanan          Tunggu Prior  Loket  Perkiraan   Keterangan"),
    )
    lines = [header]
    for s in rows:
        name = pick(out.lang, s.name_id, s.name_en)
        est = minutes_text(s.estimate_minutes, out.lang) if s.waiting else "-"
        note = "" if s.is_open_now else (s.closed_reason.text(out.lang) if s.closed_reason else "")
        lines.append(
            f"{s.code:<4} {name[:16]:<16} {s.waiting:>6} {s.waiting_priority:>6} "
            f"{s.open_counters:>6}  {est:<11} {note}".rstrip()
        )
    clock = core.hall.clock_status()
    if clock.warning:
        lines.append("")
        lines.append(out.say(N_("Peringatan: ")) + clock.message(out.lang))
    out.result(rows, "\n".join(lines))


def cmd_events(core: Core, args: argparse.Namespace, out: Output) -> None:
    """The event log; times in the hall's time zone (WIB/WITA/WIT), whatever this PC's.

    ``--follow`` runs the same live-feed watcher as the windows (NOTIFY on PostgreSQL, the
    commit probe on SQLite); its thread only queues batches, this one prints them.
    """
    zone = core.hall.hall_config().zone()
    if not args.follow:
        _print_events(core.hall.events_after(args.after, limit=args.limit), zone, out)
        return
    batches: queue.SimpleQueue[Sequence[QueueEvent]] = queue.SimpleQueue()
    watcher = watcher_for(
        core.hall,
        core.settings.database_url(),
        batches.put,
        start_seq=args.after,
        batch=args.limit,
        name="antrean-events",
    ).start()
    try:
        while True:
            try:
                _print_events(batches.get(timeout=1.0), zone, out)
            except queue.Empty:
                continue
    finally:
        watcher.stop()


def _print_events(events: Sequence[QueueEvent], zone: tzinfo, out: Output) -> None:
    for e in events:
        if out.json_mode:
            out.result(e, "")
        else:
            local = e.at.astimezone(zone).strftime("%H:%M:%S")
            who = " " + out.say(N_("loket {counter}"), counter=e.counter_number)
            who = who if e.counter_number else ""
            kind = out.say(EVENT_ID[e.kind])
            print(f"{e.seq:>7} {local} {kind:<17} {e.ticket_display or '':<6}{who}")
    sys.stdout.flush()


def _new_password(args: argparse.Namespace, out: Output, username: str) -> str:
    """The new account's password: one line of stdin (``--password-stdin``), else a prompt."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        from app.domain.errors import ConfigError

        raise ConfigError(
            N_("Kata sandi baru tidak dapat ditanyakan (bukan terminal); pakai --password-stdin."),
        )
    return getpass.getpass(out.say(N_("Kata sandi baru untuk {username}: "), username=username))


def cmd_user(core: Core, args: argparse.Namespace, out: Output) -> None:
    """``antrean user list|add|role|enable|disable|password``."""
    if args.action == "list":
        users = core.users.users()
        off = out.say(N_("NONAKTIF"))
        lines = [f"{u.username:<24} {u.role:<10} {'' if u.active else off}" for u in users]
        out.result(users, "\n".join(lines) or out.say(N_("(kosong)")))
        return
    actor = actor_for(core, args)
    if args.action == "add":
        password = _new_password(args, out, args.username)
        user = core.users.add_user(actor, args.username, password, args.role)
        text = out.say(N_("Pengguna {username} dibuat."), username=user.username)
    elif args.action == "role":
        user = core.users.set_role(actor, args.username, args.role)
        text = out.say(N_("{username}: peran {role}."), username=user.username, role=user.role)
    elif args.action in ("enable", "disable"):
        user = core.users.set_active(actor, args.username, args.action == "enable")
        state = out.say(N_("aktif")) if user.active else out.say(N_("nonaktif"))
        text = f"{user.username}: {state}."
    else:  # password
        password = _new_password(args, out, args.username)
        user = core.users.set_password(actor, args.username, password)
        text = out.say(N_("Kata sandi {username} diganti."), username=user.username)
    out.result(user, text)


def cmd_kiosk_pin(core: Core, args: argparse.Namespace, out: Output) -> None:
    """``antrean kiosk-pin``: set the kiosk admin menu's PIN (an admin; 4–8 digits)."""
    actor = actor_for(core, args)
    if args.pin_stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = read_secret(
            out.say(N_("PIN kios baru (4–8 angka): ")),
            env="ANTREAN_KIOSK_PIN",
            what="PIN",
        )
    core.access.set_kiosk_pin(actor, pin)
    out.result({"kiosk_pin_set": True}, out.say(N_("PIN kios tersimpan.")))


def cmd_audit(core: Core, args: argparse.Namespace, out: Output) -> None:
    """``antrean audit``: the audit trail, newest first (a supervisor or an admin)."""
    from app.services.audit import csv_text

    zone = core.hall.hall_config().zone()
    since = dt.datetime.combine(args.since, dt.time(), zone) if args.since else None
    entries = core.audit.entries(
        viewer=actor_for(core, args),
        since=since,
        actor=args.name,
        action=args.kind,
        limit=args.limit,
    )
    if args.csv:
        if out.json_mode:
            out.result(entries, "")
        else:
            sys.stdout.write(csv_text(entries))
        return
    lines = [
        f"{e.at.astimezone(zone):%Y-%m-%d %H:%M:%S}  {e.action:<18} {e.outcome:<7} "
        f"{e.username or '-':<16} {e.station:<12} {e.target}".rstrip()
        for e in entries
    ]
    out.result(entries, "\n".join(lines) or out.say(N_("(kosong)")))
