"""The ``lifeos`` command: database, users and the one-shot demo.

lifeos db upgrade [REVISION]        migrate the app database (default: head)
lifeos db downgrade REVISION
lifeos db current
lifeos user create --email E [--password P] [--name N] [--timezone TZ] [--role R]
lifeos user reset-password EMAIL    print a one-time reset token
lifeos demo [--no-pipeline]         migrate, load the demo, run the pipeline, print counts
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys

from lifeos_core.config import ConfigurationError, get_settings
from lifeos_core.errors import LifeOSError


def _runtime():
    from lifeos_core.runtime import build_runtime

    return build_runtime()


def cmd_db(args: argparse.Namespace) -> int:
    from lifeos_core.database import migrate

    url = get_settings().database_url
    if args.action == "upgrade":
        migrate.upgrade(url, args.revision or "head")
    elif args.action == "downgrade":
        if not args.revision:
            print("lifeos db downgrade needs a REVISION (e.g. base)", file=sys.stderr)
            return 2
        migrate.downgrade(url, args.revision)
    else:
        migrate.current(url)
    return 0


def cmd_user_create(args: argparse.Namespace) -> int:
    from lifeos_core.auth import service as auth

    password = args.password
    if password is None:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Repeat password: ") != password:
            print("The passwords differ; nothing was created.", file=sys.stderr)
            return 1
    runtime = _runtime()
    with runtime.uow() as uow:
        actor = auth.create_user(
            uow,
            email=args.email,
            password=password,
            display_name=args.name,
            timezone=args.timezone,
            roles=tuple(args.role or ["owner"]),
        )
        uow.commit()
    print(
        f"Created user {actor.email} (id {actor.user_id}) with roles {', '.join(sorted(actor.roles))}."
    )
    return 0


def cmd_user_reset_password(args: argparse.Namespace) -> int:
    from lifeos_core.auth import service as auth

    runtime = _runtime()
    with runtime.uow() as uow:
        issued = auth.request_password_reset(uow, email=args.email)
        uow.commit()
    if issued is None:
        print(f"No active user has the email {args.email}.", file=sys.stderr)
        return 1
    token, expires_at = issued
    print(f"One-time reset token (valid until {expires_at:%Y-%m-%d %H:%M} UTC):\n\n  {token}\n")
    print("Open the app, choose 'Reset password' on the sign-in page, and paste it there.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from lifeos_core.auth.schemas import Actor
    from lifeos_core.calendar import service as calendar
    from lifeos_core.database import migrate
    from lifeos_core.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
    from lifeos_core.insights import service as insights
    from lifeos_core.outbox import service as outbox
    from lifeos_core.pipeline import run_pipeline_once

    settings = get_settings()
    migrate.upgrade(settings.database_url)
    runtime = _runtime()
    demo = load_demo(runtime)
    summary = None
    if not args.no_pipeline:
        summary = run_pipeline_once(runtime)
    actor: Actor = demo.actor
    with runtime.uow() as uow:
        counts = {
            "events": calendar.count_events(uow, actor),
            "interpretations": calendar.interpretation_status_counts(uow, actor),
            "outbox": outbox.status_counts(uow.session),
            "insights": insights.count_insights(uow, actor),
        }
    if summary is not None:
        counts["this_run"] = {
            "sync": summary.sync.as_metadata(),
            "interpretation": summary.interpretations.model_dump(),
            "dispatch": summary.dispatch.as_metadata(),
        }
        if summary.sync.errors:
            counts["this_run"]["sync_errors"] = summary.sync.errors
    interpretations = counts["interpretations"]
    print("LifeOS demo")
    print(f"  database         {settings.database_url}")
    print(f"  calendar events  {counts['events']}")
    print(
        f"  interpretations  {sum(interpretations.values())} "
        f"({interpretations.get('confirmed', 0)} auto-confirmed, "
        f"{interpretations.get('inferred', 0)} waiting for review)"
    )
    print(
        f"  outbox sent      {counts['outbox'].get('sent', 0)} (of {sum(counts['outbox'].values())})"
    )
    print(f"  insights         {counts['insights']}")
    print(f"Sign in as {DEMO_EMAIL} with password {DEMO_PASSWORD}")
    print(json.dumps(counts, default=str))
    return 0


def cmd_outbox(args: argparse.Namespace) -> int:
    from lifeos_core.outbox import service as outbox

    runtime = _runtime()
    with runtime.uow() as uow:
        if args.action == "status":
            result = outbox.queue_health(uow.session)
        elif args.action == "dead":
            result = outbox.dead_messages(uow.session, limit=args.limit)
        elif args.action == "requeue":
            result = {"requeued": outbox.requeue_dead(uow.session, args.id or None)}
            uow.commit()
        else:
            days = runtime.settings.outbox_retention_days
            result = {"pruned": outbox.prune_sent(uow.session, older_than_seconds=days * 86400)}
            uow.commit()
    print(json.dumps(result, default=str, indent=2))
    return 0


def cmd_calendar_check_ics(args: argparse.Namespace) -> int:
    from lifeos_core.calendar.check import check_ics_files

    return check_ics_files(args.paths, get_settings())


def cmd_keys_rotate(args: argparse.Namespace) -> int:
    from lifeos_core.crypto import rotate_keys

    count = rotate_keys(_runtime().uow, get_settings())
    print(f"Re-encrypted {count} secrets under the first key of LIFEOS_ENCRYPTION_KEY.")
    return 0


def cmd_metrics(args: argparse.Namespace) -> int:
    from lifeos_core import metrics

    metrics.serve(_runtime(), host=args.host, port=args.port)
    return 0


def cmd_analytics_refresh(args: argparse.Namespace) -> int:
    from lifeos_core.analytics.cli import refresh_command

    return refresh_command(full=args.full)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lifeos", description="LifeOS command line")
    sub = parser.add_subparsers(dest="command", required=True)

    db = sub.add_parser("db", help="migrate the app database")
    db.add_argument("action", choices=["upgrade", "downgrade", "current"])
    db.add_argument("revision", nargs="?")
    db.set_defaults(func=cmd_db)

    user = sub.add_parser("user", help="manage users").add_subparsers(
        dest="user_command", required=True
    )
    create = user.add_parser("create", help="create a user")
    create.add_argument("--email", required=True)
    create.add_argument("--password", help="omit to be prompted (keeps it out of shell history)")
    create.add_argument("--name")
    create.add_argument("--timezone", default="UTC")
    create.add_argument(
        "--role", action="append", help="owner (default), admin or viewer; repeatable"
    )
    create.set_defaults(func=cmd_user_create)
    reset = user.add_parser("reset-password", help="issue a one-time password reset token")
    reset.add_argument("email")
    reset.set_defaults(func=cmd_user_reset_password)

    cal = sub.add_parser("calendar", help="calendar files and connections")
    cal_sub = cal.add_subparsers(dest="calendar_command", required=True)
    check = cal_sub.add_parser(
        "check-ics", help="parse and normalise .ics files without writing anything (JSON lines)"
    )
    check.add_argument("paths", nargs="+")
    check.set_defaults(func=cmd_calendar_check_ics)

    keys = sub.add_parser("keys", help="encryption keys for credentials at rest")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    rotate = keys_sub.add_parser(
        "rotate", help="re-encrypt every credential under the first key of LIFEOS_ENCRYPTION_KEY"
    )
    rotate.set_defaults(func=cmd_keys_rotate)

    from lifeos_core.interpreter.contract import add_interpret_parser

    add_interpret_parser(sub)  # lifeos interpret --input FILE | interpret evaluate --labelled FILE

    box = sub.add_parser("outbox", help="inspect and repair the event outbox")
    box.add_argument("action", choices=["status", "dead", "requeue", "prune"])
    box.add_argument("--id", type=int, action="append", help="requeue only these dead messages")
    box.add_argument("--limit", type=int, default=50, help="how many dead messages to list")
    box.set_defaults(func=cmd_outbox)

    analytics = sub.add_parser("analytics", help="the DuckDB analytics snapshot")
    analytics_sub = analytics.add_subparsers(dest="analytics_command", required=True)
    refresh = analytics_sub.add_parser(
        "refresh", help="bring the snapshot up to date (incremental)"
    )
    refresh.add_argument(
        "--full", action="store_true", help="read everything again into a fresh file"
    )
    refresh.set_defaults(func=cmd_analytics_refresh)

    met = sub.add_parser(
        "metrics", help="serve Prometheus metrics of the outbox, calendar sync and interpretation"
    )
    met.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all)")
    met.add_argument("--port", type=int, default=9464, help="port (default: 9464)")
    met.set_defaults(func=cmd_metrics)

    demo = sub.add_parser(
        "demo", help="migrate, load the demo owner and calendar, run the pipeline"
    )
    demo.add_argument("--no-pipeline", action="store_true", help="only load the demo data")
    demo.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (LifeOSError, ConfigurationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
