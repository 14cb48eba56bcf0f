"""The test suite's settings (pyproject.toml: DJANGO_SETTINGS_MODULE): the project's, in
development mode, chosen explicitly. Without it the settings are production's and refuse to start
without real secrets (core/config/settings.py). Servers and commands the tests start inherit both
variables; tests of the production settings set their own in a subprocess."""

import os

os.environ["CONDUIT_ENV"] = "development"

from core.config.settings import *  # noqa: F403
