"""Command line: ``python -m bot [run|chat|kb|migrate]``."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys

from bot.config import Settings, SettingsError, load_settings
from bot.logs import setup_logging, setup_sentry

USAGE = """usage: python -m bot [command]

  run (default)      run the bot (long polling, or webhook when WEBHOOK_URL is set)
  chat [--lang en]   local sandbox in the terminal: no token, no network
  migrate            apply database migrations and exit
  rotate-keys        re-encrypt stored personal data under the first ENCRYPTION_KEYS key
  healthcheck        exit 0 when the running bot's /readyz says ready (for Docker)
  keys generate      print a new ENCRYPTION_KEYS / BLIND_INDEX_KEY pair for an env file
  backup PATH        a consistent copy of the SQLite database (PostgreSQL: pg_dump advice)
  restore PATH [--force]   put a backup in place of the SQLite database
  stats [--json]     the operators' statistics (numbers only, no personal data)
  export-case ID [--lang ru|en] [--out FILE]   a case as an HTML file for a lawyer (audited)
  kb lint|export|search|eval   knowledge-base tools (python -m bot kb --help)
"""

BOTFATHER_HELP = """BOT_TOKEN is not set, so the bot cannot connect to Telegram.

To get a token: open Telegram, talk to @BotFather, send /newbot, follow the steps, and copy
the token it gives you. Then run again with it, for example:

    BOT_TOKEN=123456:ABC... python -m bot

Or put BOT_TOKEN=... into a file named .env here.

Meanwhile you can try the bot right here, without a token or network:

    python -m bot chat
"""


class StartupError(Exception):
    """Something the operator must fix before the bot can start; one line, exit code 2."""


NO_KEYS_IN_PRODUCTION = (
    "No encryption keys: set ENCRYPTION_KEYS and BLIND_INDEX_KEY (python -m bot keys "
    "generate prints a pair) or KEYS_FILE={path} pointing at an existing key file; in "
    "production (ENV=production, a webhook or PostgreSQL) keys are not generated next to "
    "the database (README, 'Keys')"
)
KEY_FILE_LOST = (
    "The key file {path} is missing but this database was written with keys: restore that "
    "file (or set ENCRYPTION_KEYS and BLIND_INDEX_KEY) instead of starting with new keys "
    "(README, 'Keys')"
)


def keys_configured(settings: Settings) -> bool:
    return settings.encryption_keys is not None or settings.encryption_key_file.exists()


def preflight(settings: Settings) -> None:
    """Checks that need neither the database nor the network, before migrations run."""
    if settings.webhook_url:
        from bot.webhook import WebhookSecretMissing, check_webhook_secret

        try:
            check_webhook_secret(settings)
        except WebhookSecretMissing as exc:
            raise StartupError(str(exc)) from None
    if settings.is_production and not keys_configured(settings):
        raise StartupError(NO_KEYS_IN_PRODUCTION.format(path=settings.encryption_key_file))


async def check_key_file_not_lost(settings: Settings) -> None:
    """Without configured keys a key file would be generated: not over existing data."""
    if keys_configured(settings):
        return
    from bot.crypto import canary_exists
    from bot.db import create_engine, create_sessionmaker

    engine = create_engine(settings.database_url)
    try:
        lost = await canary_exists(create_sessionmaker(engine))
    finally:
        await engine.dispose()
    if lost:
        raise StartupError(KEY_FILE_LOST.format(path=settings.encryption_key_file))


async def run_bot(settings: Settings) -> None:
    from bot.crypto import KeyCheckError, VaultError, verify_keys
    from bot.db import migrate
    from bot.dispatcher import build_app, freeze_startup_heap
    from bot.health import start_health_server
    from bot.webhook import run_polling, run_webhook

    preflight(settings)
    await migrate(settings.database_url)
    await check_key_file_not_lost(settings)
    try:
        app = build_app(settings)
    except VaultError as exc:
        raise StartupError(str(exc)) from None
    freeze_startup_heap()
    health = None
    try:
        try:
            await verify_keys(app.sessionmaker, app.dispatcher["vault"], app.clock.now())
        except KeyCheckError as exc:
            raise StartupError(str(exc)) from None
        if settings.health_listen:
            try:
                health = await start_health_server(app, settings.health_listen)
            except OSError as exc:  # the port is taken: families come before the probe
                logging.getLogger("bot").error(
                    "health port %s not opened (%s): running without /livez, /readyz, /metrics",
                    settings.health_listen,
                    exc.strerror or type(exc).__name__,
                )
        me = await app.bot.get_me()
        logging.getLogger("bot").info("connected as @%s", me.username)
        await app.set_commands()
        await app.start_jobs()
        if settings.webhook_url:
            await run_webhook(app)
        else:
            await run_polling(app, graceful=True)
    finally:
        if health is not None:
            await health.cleanup()
        await app.close()


async def rotate_keys(settings: Settings) -> int:
    from bot.admin.cli import migrated_database, settings_vault
    from bot.clock import SystemClock
    from bot.crypto import KeyCheckError, verify_keys
    from bot.keyrotation import rotate_all

    async with migrated_database(settings) as sessionmaker:
        vault = settings_vault(settings)
        try:  # never rotate with keys that cannot read the data
            await verify_keys(sessionmaker, vault, SystemClock().now())
        except KeyCheckError as exc:
            sys.stderr.write(f"{exc}\n")
            return 2
        async with sessionmaker() as session, session.begin():
            counts = await rotate_all(session, vault)
    for table, count in counts.items():
        sys.stdout.write(f"{table}: {count} value(s) re-encrypted\n")
    return 0


def healthcheck() -> int:
    """``python -m bot healthcheck``: exit 0 when /readyz on HEALTH_LISTEN says ready (the
    Dockerfile's HEALTHCHECK); one line otherwise."""
    import urllib.error
    import urllib.request

    try:
        settings = load_settings()
    except SettingsError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    if not settings.health_listen:
        sys.stderr.write("HEALTH_LISTEN is empty: no health port to ask\n")
        return 1
    host, _, port = settings.health_listen.rpartition(":")
    host = host.strip("[]")
    if host in {"0.0.0.0", "::", ""}:  # noqa: S104 (asking, not listening)
        host = "127.0.0.1"
    url = f"http://{host}:{port}/readyz"
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            ok = response.status == 200
    except urllib.error.HTTPError as exc:
        sys.stderr.write(f"not ready: {exc.read().decode(errors='replace')[:300]}\n")
        return 1
    except OSError as exc:
        sys.stderr.write(f"no answer from {url}: {exc}\n")
        return 1
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else "run"
    if command in {"-h", "--help", "help"}:
        sys.stdout.write(USAGE)
        return 0
    if args[:2] == ["keys", "generate"]:
        from bot.crypto import generate_env_keys

        sys.stdout.write(generate_env_keys())
        return 0
    if command == "healthcheck":
        return healthcheck()
    if command == "kb":
        from bot.knowledge.cli import main as kb_main

        return kb_main(args[1:])
    try:
        settings = load_settings()
    except SettingsError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    setup_logging(settings.log_level, settings.log_format)
    setup_sentry(
        settings.sentry_dsn.get_secret_value() if settings.sentry_dsn else None, settings.env
    )
    if command == "chat":
        from bot import sandbox

        logging.getLogger().setLevel(logging.WARNING)
        return sandbox.main(settings, args[1:])
    if command == "migrate":
        from bot.db import migrate

        asyncio.run(migrate(settings.database_url))
        sys.stdout.write("database is up to date\n")
        return 0
    if command in {"backup", "restore"}:
        import datetime as dt

        from bot.backup import main as backup_main

        return backup_main(settings, command, args[1:], dt.datetime.now(dt.UTC))
    if command == "rotate-keys":
        return asyncio.run(rotate_keys(settings))
    if command == "stats":
        from bot.admin.cli import main as stats_main

        logging.getLogger().setLevel(logging.WARNING)
        return stats_main(settings, args[1:])
    if command == "export-case":
        from bot.admin.cli import export_main

        logging.getLogger().setLevel(logging.WARNING)
        return export_main(settings, args[1:])
    if command != "run":
        sys.stderr.write(USAGE)
        return 2
    if settings.bot_token is None:
        sys.stderr.write(BOTFATHER_HELP)
        if not sys.stdin.isatty():
            return 1
        # A person at a terminal gets the sandbox right away instead of a dead end.
        sys.stderr.write("\nStarting the sandbox now (Ctrl-D to leave)...\n\n")
        from bot import sandbox

        return sandbox.main(settings, [])
    try:
        preflight(settings)
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(run_bot(settings))
    except StartupError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
