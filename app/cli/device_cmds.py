"""``antrean ticket issue --print``, ``ticket reprint`` and ``announce``: the hall's devices."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.args import Types
from app.cli.output import Output, minutes_text
from app.domain.announcement import announcement_text
from app.i18n import N_, pick

if TYPE_CHECKING:  # loaded when a command runs, not when the parser is built
    from app.bootstrap import Core
    from app.services.tickets import DeskResult, TicketDesk
    from app.settings import Settings


def add_announce_parser(sub: Any, common: argparse.ArgumentParser, t: Types) -> None:
    p = sub.add_parser("announce", parents=[common], help="speak, print or save a call")
    p.add_argument("ticket", type=t.ticket, help="ticket number, e.g. A-005")
    p.add_argument("--counter", type=t.counter(), required=True)
    p.add_argument("--style", choices=["digits", "words"])
    p.add_argument("--voice-lang", choices=["id", "en"], dest="voice_lang")
    p.add_argument("--engine", choices=["espeak", "pyttsx3", "clips"])
    p.add_argument("--recall", action="store_true")
    p.add_argument("--repeat", type=t.setting_range("speech", "repeat", N_("Pengulangan")))
    group = p.add_mutually_exclusive_group()
    group.add_argument("--text", action="store_true", help="print the sentence only")
    group.add_argument("--to-wav", type=Path, metavar="FILE", help="write chime + voice to WAV")
    p.set_defaults(handler=None, standalone=True, run=run_announce)


def run_announce(settings: Settings, args: argparse.Namespace, out: Output) -> int:
    from app.bootstrap import build_audio_sink
    from hardware.speech.announce import build_announcement_wav
    from hardware.speech.engines import build_engine
    from hardware.speech.paths import default_chime

    speech = settings.speech
    style = args.style or speech.style
    lang = args.voice_lang or speech.lang
    repeat = args.repeat or speech.repeat
    text = announcement_text(args.ticket.upper(), args.counter, style, lang, args.recall)
    if args.text:
        out.result(text, text.sentence)
        return 0
    engine = build_engine(args.engine or (speech.engine if speech.engine != "none" else "espeak"))
    try:
        chime = default_chime() if speech.chime else None
        path = build_announcement_wav(
            args.ticket.upper(),
            args.counter,
            style=style,
            lang=lang,
            engine=engine,
            chime=chime,
            repeat=repeat,
            out=args.to_wav or Path(tempfile.mkdtemp(prefix="antrean-announce-")) / "call.wav",
            recall=args.recall,
            volume=speech.volume,
        )
        if args.to_wav:
            out.result({"sentence": text.sentence, "wav": str(path)}, f"{text.sentence}\n{path}")
            return 0
        print(text.sentence, file=sys.stderr if out.json_mode else sys.stdout)
        build_audio_sink().play(path)
        out.result({"sentence": text.sentence, "played": True}, "")
        return 0
    finally:
        engine.close()


def desk_for(core: Core, args: argparse.Namespace, out: Output) -> TicketDesk:
    from app.bootstrap import build_printer
    from app.services.tickets import TicketDesk

    printer = build_printer(
        core.settings, getattr(args, "printer", None), logo=core.hall.logo_for_print
    )
    return TicketDesk(core.queue, core.hall, printer, lang=out.lang)


def print_result(result: DeskResult, out: Output, *, reprint: bool) -> None:
    """Say what came out; exit 8 when the paper did not, including a paper-out found by the
    check after the job (a command line has no citizen waiting, so it waits for it)."""
    if result.printed and result.after_check is not None:
        late = result.after_check.result()
        if late is not None:
            from app.services.tickets import DeskResult

            result = DeskResult(result.issued, printed=False, error=late)
    issued = result.issued
    name = pick(out.lang, issued.service_name_id, issued.service_name_en)
    head = f"{issued.ticket.display}  {name}"
    if result.printed:
        tail = out.say(N_("tercetak")) + (out.say(N_(" (cetak ulang)")) if reprint else "")
    else:
        tail = out.say(
            N_("TIDAK TERCETAK: {error_message} — nomor tetap berlaku"),
            error_message=result.error_message("id"),
            error_message2=result.error_message("en"),
        )
    wait = minutes_text(issued.estimate.minutes, out.lang)
    out.result(
        {"ticket": issued, "printed": result.printed, "error": result.error_message(out.lang)},
        f"{head}  — {issued.people_ahead} {out.say(N_('di depan'))}, {wait}; {tail}",
    )
    if not result.printed:
        raise SystemExit(8)


def cmd_ticket_issue_print(core: Core, args: argparse.Namespace, out: Output) -> None:
    desk = desk_for(core, args, out)
    print_result(desk.issue(args.service, priority=args.priority), out, reprint=False)


def cmd_ticket_reprint(core: Core, args: argparse.Namespace, out: Output) -> None:
    from app.cli.signin import actor_for

    actor = actor_for(core, args)  # needs REPRINT (a supervisor or an admin)
    desk = desk_for(core, args, out)
    print_result(desk.reprint(args.ticket, actor=actor), out, reprint=True)
