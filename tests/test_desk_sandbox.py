"""The desk example in docs/sandbox-desk.md is real: its script, fed to the sandbox (in this
process, see tests/test_sandbox.py), prints exactly the output the document shows."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_sandbox import chat

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "sandbox-desk.md"


async def test_documented_desk_session_reproduces(sqlite_url: str, tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    command = re.search(r"```sh\n(.+?) <<'EOF'\n(.*?)\nEOF\n```", text, re.DOTALL)
    output = re.search(r"Output:\n\n```text\n(.*?)```", text, re.DOTALL)
    assert command is not None
    assert output is not None
    assert command[1] == ".venv/bin/python -m bot chat"
    stdout = await chat(command[2] + "\n", sqlite_url, tmp_path)
    assert stdout == output[1]
    # The relative never sees who answered; the volunteer never sees who asked.
    to_user = "\n".join(re.findall(r"bot → user:\n((?:  .*\n)+)", stdout))
    assert "Ответ от волонтёра" in to_user
    assert "Вера" not in to_user
    to_volunteer = "\n".join(re.findall(r"bot → volunteer:\n((?:  .*\n)+)", stdout))
    assert "1001" not in to_volunteer
    assert "User" not in to_volunteer
