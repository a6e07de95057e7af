"""The desk example in docs/sandbox-desk.md is real: its script, piped into the sandbox,
prints exactly the output the document shows."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "sandbox-desk.md"


def test_documented_desk_session_reproduces(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    command = re.search(r"```sh\n(.+?) <<'EOF'\n(.*?)\nEOF\n```", text, re.DOTALL)
    output = re.search(r"Output:\n\n```text\n(.*?)```", text, re.DOTALL)
    assert command is not None
    assert output is not None
    assert command[1] == ".venv/bin/python -m bot chat"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "chat",
            "--database",
            f"sqlite+aiosqlite:///{tmp_path / 'sandbox.sqlite3'}",
        ],
        input=command[2] + "\n",
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=180,
        env={
            "PATH": "/usr/bin:/bin",
            "ENCRYPTION_KEY_FILE": str(tmp_path / "keys.json"),
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == output[1]
    # The relative never sees who answered; the volunteer never sees who asked.
    to_user = "\n".join(re.findall(r"bot → user:\n((?:  .*\n)+)", result.stdout))
    assert "Ответ от волонтёра" in to_user
    assert "Вера" not in to_user
    to_volunteer = "\n".join(re.findall(r"bot → volunteer:\n((?:  .*\n)+)", result.stdout))
    assert "1001" not in to_volunteer
    assert "User" not in to_volunteer
