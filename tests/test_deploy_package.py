"""``pip install .`` (no source tree): the wheel carries the migrations, the locales and
every data file the bot reads, inside the ``bot`` package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_migrations_locales_and_data(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if result.returncode != 0 and "No matching distribution" in result.stderr:
        pytest.skip("no package index to fetch the build backend from")
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        f"bot/migrations/{p.relative_to(ROOT / 'migrations').as_posix()}"
        for p in (ROOT / "migrations").rglob("*")
        if p.is_file() and p.suffix in {".py", ".mako"} and "__pycache__" not in p.parts
    }
    expected |= {
        f"bot/locales/{p.relative_to(ROOT / 'locales').as_posix()}"
        for p in (ROOT / "locales").rglob("*.ftl")
    }
    expected |= {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "bot").rglob("*")
        if p.is_file()
        and p.suffix in {".py", ".toml", ".json", ".csv"}
        and "__pycache__" not in p.parts
    }
    assert "bot/migrations/env.py" in expected
    assert "bot/locales/ru/core.ftl" in expected
    missing = sorted(expected - names)
    assert missing == []
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", "migrations/"))]
