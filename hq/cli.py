"""``antrean-hq``: set up the HQ database, manage halls and users, run the server.

Exit codes are those of ``antrean`` (``app/cli/main.py``): 0 ok; 1 unexpected error; 2 usage
(a bad argument, a short password, passwords that differ); 4 not found (an unknown hall);
5 not allowed now (the user exists); 7 configuration (a database URL that cannot be used);
11 database unavailable. Every refusal is one sentence on stderr, in the language of
``--lang`` (Indonesian by default; English from the gettext catalog, ``app.i18n``, as on the
hall's ``antrean``). ``hall list`` and the printed id, token and read token are data for
scripts and stay as they are.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import logging
import os
import sys
from collections.abc import Sequence

from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, SQLAlchemyError

from app.i18n import LANGS, N_, gettext
from hq import admin
from hq.db import default_url, init_db, make_engine, make_sessionmaker

log = logging.getLogger(__name__)
EXIT_UNEXPECTED, EXIT_USAGE, EXIT_NOT_FOUND, EXIT_NOT_ALLOWED = 1, 2, 4, 5
EXIT_CONFIG, EXIT_DATABASE = 7, 11
_lang = "id"  # set from --lang by main()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _say(text: str, /, **fields: object) -> str:
    """``text`` (an Indonesian template marked with ``N_``) in the ``--lang`` language."""
    translated = gettext(text, _lang)
    return translated.format(**fields) if fields else translated


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="antrean-hq", description="Antrean HQ statistics service")
    p.add_argument("--db", default=os.environ.get("ANTREAN_HQ_DB"), help="SQLAlchemy URL")
    p.add_argument("--lang", choices=LANGS, default="id", help="output language")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="create the tables")
    hall = sub.add_parser("hall", help="manage halls").add_subparsers(dest="action", required=True)
    hall_add = hall.add_parser("add", help="register a hall; prints its id and token once")
    hall_add.add_argument("name")
    hall_add.add_argument("--region", help="its Polda (the dashboard filters by it)")
    hall_region = hall.add_parser("region", help="set (or clear, with '') a hall's region")
    hall_region.add_argument("id")
    hall_region.add_argument("region")
    hall.add_parser("list", help="list halls")
    hall.add_parser("revoke", help="revoke a hall and its tokens").add_argument("id")
    user = sub.add_parser("user", help="manage HQ users").add_subparsers(
        dest="action", required=True
    )
    add_user = user.add_parser("add", help="add a dashboard user")
    add_user.add_argument("name")
    add_user.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    token = sub.add_parser("token", help="read-only API tokens").add_subparsers(
        dest="action", required=True
    )
    token.add_parser("add", help="create a read token; printed once").add_argument("name")
    rebuild = sub.add_parser(
        "rebuild-stats", help="recompute the ticket facts and daily rollups from the events"
    )
    rebuild.add_argument("--hall", help="only this hall (its id)")
    serve = sub.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--log-level", default="info")
    serve.add_argument(
        "--workers", type=int, default=1, help="worker processes sharing the database"
    )
    return p


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(_say(N_("Kata sandi: ")))
    if first != getpass.getpass(_say(N_("Ulangi kata sandi: "))):
        print(_say(N_("Kata sandi tidak sama.")), file=sys.stderr)
        raise SystemExit(EXIT_USAGE)
    return first


def _hall_command(args: argparse.Namespace, url: str) -> int:
    factory = make_sessionmaker(make_engine(url))
    if args.action == "add":
        hall = admin.add_hall(factory, args.name, _now(), region=args.region)
        print(f"hall_id: {hall.id}")
        print(f"token:   {hall.token}")
        print(_say(N_("Simpan token ini sekarang; tidak akan ditampilkan lagi.")), file=sys.stderr)
        return 0
    if args.action == "list":
        from hq.stats import hall_status

        # id, state, max seq, last sync, databases (epochs), events HQ lacks, name
        for h in hall_status(factory, _now()):
            state = "revoked" if h["revoked"] else "active"
            if h["concurrent"]:
                state += ",concurrent"
            last = h["last_sync_at"] or "never"
            print(
                f"{h['id']}\t{state}\t{h['max_seq']}\t{last}\t{h['epochs']}\t"
                f"{h['lacking']}\t{h['name']}"
            )
        return 0
    if args.action == "region":
        if not admin.set_region(factory, args.id, args.region):
            print(_say(N_("Aula tidak ditemukan: {id}"), id=args.id), file=sys.stderr)
            return EXIT_NOT_FOUND
        print(_say(N_("Wilayah {id}: {region}"), id=args.id, region=args.region or "-"))
        return 0
    if not admin.revoke_hall(factory, args.id, _now()):
        print(_say(N_("Aula tidak ditemukan: {id}"), id=args.id), file=sys.stderr)
        return EXIT_NOT_FOUND
    print(_say(N_("Aula {id} dicabut."), id=args.id))
    return 0


def _rebuild(args: argparse.Namespace, url: str) -> int:
    from hq import rollups
    from hq.db import Hall

    engine = make_engine(url)
    init_db(engine)
    factory = make_sessionmaker(engine)
    with factory.begin() as session:
        if args.hall is not None and session.get(Hall, args.hall) is None:
            print(_say(N_("Aula tidak ditemukan: {id}"), id=args.hall), file=sys.stderr)
            return EXIT_NOT_FOUND
        tickets = rollups.rebuild(session, args.hall)
    print(_say(N_("Statistik dibangun ulang: {tickets} tiket"), tickets=tickets))
    return 0


def _run(args: argparse.Namespace) -> int:
    url = args.db or default_url()
    if args.command == "init":
        init_db(make_engine(url))
        shown = make_engine(url).url.render_as_string(hide_password=True)
        print(_say(N_("Basis data disiapkan: {url}"), url=shown))
        return 0
    if args.command == "hall":
        return _hall_command(args, url)
    if args.command == "rebuild-stats":
        return _rebuild(args, url)
    factory = make_sessionmaker(make_engine(url))
    if args.command == "user":
        password = _read_password(args.password_stdin)
        if len(password) < 8:
            print(_say(N_("Kata sandi minimal 8 karakter.")), file=sys.stderr)
            return EXIT_USAGE
        try:
            admin.add_user(factory, args.name, password, _now())
        except IntegrityError:
            print(_say(N_("Pengguna sudah ada: {name}"), name=args.name), file=sys.stderr)
            return EXIT_NOT_ALLOWED
        print(_say(N_("Pengguna {name} ditambahkan."), name=args.name))
        return 0
    if args.command == "token":
        print(admin.add_read_token(factory, args.name, _now()))
        return 0
    import uvicorn

    from hq.app import DB_ENV, create_app
    from hq.throttle import SharedLoginThrottle

    if args.workers < 1:
        print(_say(N_("--workers minimal 1.")), file=sys.stderr)
        return EXIT_USAGE
    init_db(make_engine(url))  # an older HQ database is brought up to date first
    if args.workers > 1:
        os.environ[DB_ENV] = url
        uvicorn.run(
            "hq.app:app_from_env",
            factory=True,
            workers=args.workers,
            host=args.host,
            port=args.port,
            log_level=args.log_level,
        )
        return 0
    # One process on SQLite (a trial HQ) keeps the backoff in memory: a failed login then
    # writes nothing, so it never takes SQLite's write lock from an upload.
    single = url.startswith("sqlite")
    app = create_app(factory, throttle=None if single else SharedLoginThrottle(factory))
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    global _lang
    args = _parser().parse_args(argv)
    _lang = args.lang
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        return _run(args)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        print(_say(N_("Alamat basis data HQ tidak dapat dipakai: {exc}"), exc=exc), file=sys.stderr)
        return EXIT_CONFIG
    except SQLAlchemyError as exc:
        print(_say(N_("Basis data HQ tidak tersedia: {exc}"), exc=exc), file=sys.stderr)
        return EXIT_DATABASE
    except Exception:
        log.exception("antrean-hq failed")
        print(_say(N_("Kesalahan tak terduga (lihat log).")), file=sys.stderr)
        return EXIT_UNEXPECTED
