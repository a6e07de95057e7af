"""The Mexico example in the README is real: its script, piped into the sandbox with its fixed
start time, prints exactly the output the README shows (the one-time invitation token, random
by design, is compared as ``<token>``)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
TOKEN = re.compile(r"start=circle_[A-Za-z0-9_-]+")


def section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## People waiting in Mexico")
    return text[start : text.index("\n## ", start + 1)]


def test_documented_mexico_session_reproduces(tmp_path: Path) -> None:
    text = section()
    command = re.search(r"```sh\n(.+?) <<'EOF'\n(.*?)\nEOF\n```", text, re.DOTALL)
    output = re.search(r"<summary>Output</summary>\n\n```text\n(.*?)```", text, re.DOTALL)
    assert command is not None
    assert output is not None
    program = command[1].split()
    assert program[:4] == [".venv/bin/python", "-m", "bot", "chat"]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "chat",
            *program[4:],
            "--database",
            f"sqlite+aiosqlite:///{tmp_path / 'sandbox.sqlite3'}",
        ],
        input=command[2] + "\n",
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "ENCRYPTION_KEY_FILE": str(tmp_path / "keys.json")},
    )
    assert result.returncode == 0, result.stderr
    assert TOKEN.sub("start=circle_<token>", result.stdout) == output[1]
    # The alarm reaches the relative and the desk once each, with the action plan.
    alarms = re.findall(r"bot → (\w+):\n  🚨 Тревога", result.stdout)
    assert sorted(alarms) == ["admin", "relative"]
    assert "1-888-351-4024" in result.stdout
    assert "1-800-203-7001" in result.stdout
    assert "снята" in result.stdout
