"""Run the real command line and kill it (SIGKILL) right after it put its Nth file in place.

The moment between two renames of one write is too short to hit with a timer: here the
process wraps os.replace and kills itself after the Nth rename whose new name is not one of
the writer's temporaries (the journal's own rename, a folder moved aside, do not count).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

_HARNESS = """
import os, signal, sys
from briefgen.build.writer import PREFIX
after, renamed, real = int(sys.argv[1]), [], os.replace
def replace(src, dst, *args, **kwargs):
    real(src, dst, *args, **kwargs)
    if not os.path.basename(os.fspath(dst)).startswith(PREFIX):
        renamed.append(dst)
        if len(renamed) == after:
            os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
sys.argv = ["briefgen", *sys.argv[2:]]
from briefgen.cli import main
main()
"""


def run_killed(
    after: int, *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `briefgen ARGS` and kill it after its `after`-th rename into place; assert it was
    killed there (a command that ends first has fewer renames than the test thinks)."""
    result = subprocess.run(
        [sys.executable, "-c", _HARNESS, str(after), *args],
        cwd=cwd,
        env={**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == -signal.SIGKILL, (result.returncode, result.stderr)
    return result
