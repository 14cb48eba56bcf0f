"""`make help` lists every task the Makefile documents (`e2e` was missing: the pattern skipped
names with digits)."""

import re
import subprocess

from tests.live import ROOT


def test_make_help_lists_every_documented_target():
    makefile = (ROOT / "Makefile").read_text()
    documented = set(re.findall(r"^([A-Za-z0-9_.-]+):[^=\n]*## ", makefile, re.MULTILINE))
    assert "e2e" in documented
    out = subprocess.run(
        ["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    listed = set(re.findall(r"^  make (\S+)", out, re.MULTILINE))
    assert listed == documented
