"""Debian's Chromium for the Python browser tests: the path and flags of tests/browser.json, which
the Playwright configs of the SPA and the Vue starter read too."""

import json
import os
from pathlib import Path

_BROWSER = json.loads((Path(__file__).with_name("browser.json")).read_text())

CHROMIUM: str = os.environ.get(_BROWSER["env"], _BROWSER["path"])
CHROMIUM_FLAGS: list[str] = _BROWSER["flags"]
