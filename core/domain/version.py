"""The package version, from pyproject.toml: the one place it is written."""

import tomllib
from pathlib import Path

with (Path(__file__).resolve().parents[2] / "pyproject.toml").open("rb") as _file:
    VERSION: str = tomllib.load(_file)["project"]["version"]
