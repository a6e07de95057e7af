"""The fault test of issue 10 as a benchmark: the real bot process sends a few thousand due
messages to a fake Bot API that answers 429 (with retry_after), 500, 403 and hangs, and is
killed with SIGKILL three times on the way. The last line is one JSON object: ``lost``,
``duplicates`` (and how many were not in flight at a kill: 0), ``sends_inside_429_pause``,
``chats_stalled_by_a_hang``, the rate reached and the faults injected.

Usage: ``python benchmarks/outbox_faults.py`` (the same run as
``tests/test_sender_faults_e2e.py``).
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.sender_harness import run_sender  # noqa: E402
from tests.test_sender_faults_e2e import fault_run, fill  # noqa: E402


async def main() -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="outbox-faults-") as workdir:
        return await run_sender(Path(workdir), fault_run(), fill)


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main())))
