"""Retake docs/img/home.png, the README's screenshot, from a running `make run`.

    make run &                      # the demo data on http://127.0.0.1:8000
    .venv/bin/python docs/screenshot.py [--url http://127.0.0.1:8000]

Playwright drives Debian's Chromium (tests/browser.json: /usr/bin/chromium, or CHROMIUM): the global feed of the
demo data, 1200 x 760 at scale 1, the size the README shows.
"""

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from the checkout
from tests.browser import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

OUT = ROOT / "docs" / "img" / "home.png"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000/")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1200, "height": 760}, device_scale_factor=1)
        page.goto(args.url)
        page.wait_for_selector(".article-preview")  # the feed has loaded
        page.screenshot(path=OUT)
        browser.close()
    print(f"written to {OUT}")


if __name__ == "__main__":
    main()
