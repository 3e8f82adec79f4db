"""Fixtures for the packaging tests: packaging/build.py loaded by path (packaging/ is no
Python package: PyPI's ``packaging`` owns that name)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def load_packaging_module(name: str):
    key = f"creditdesk_packaging_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def build():
    return load_packaging_module("build")


@pytest.fixture(scope="session")
def installers(build):
    return load_packaging_module("installers")
