"""``python -m bot export-case``: one case as an HTML file a lawyer can read; audited."""

from __future__ import annotations

import asyncio
import datetime as dt
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.admin import cli
from bot.clock import FrozenClock
from bot.dispatcher import App
from bot.models import AuditEvent
from tests.conftest import START
from tests.hearing_helpers import add_hearing, make_family


async def test_export_holds_people_hearings_and_timeline_and_is_audited(
    app: App, tmp_path: Path
) -> None:
    family = await make_family(app, latin="PETROV PAVEL", cyrillic="Петров Павел")
    await add_hearing(app, family, dt.datetime(2027, 1, 12, 9, 0), tz="America/Chicago")
    out = tmp_path / "case.html"
    settings = app.settings

    def run() -> int:
        return cli.export_main(
            settings, [str(family.case_id), "--out", str(out)], clock=FrozenClock(START)
        )

    code = await asyncio.to_thread(run)
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert f"Дело №{family.case_id}" in page
    assert "PETROV PAVEL" in page
    assert "Петров Павел" in page
    assert "12 января 2027" in page  # the hearing, at the court's local time
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    async with app.sessionmaker() as session:
        actions = list(
            await session.scalars(
                select(AuditEvent.action).where(AuditEvent.object_type == "case")
            )
        )
    assert "case.export" in actions


def test_export_of_a_missing_case_says_so(
    app: App, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = cli.export_main(app.settings, ["999", "--out", str(tmp_path / "x.html")])
    assert code == 2
    assert "there is no case 999" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()
