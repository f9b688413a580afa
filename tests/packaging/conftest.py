"""The packaging scripts under installer/ are plain files, not a package: load them by path."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

INSTALLER = Path(__file__).resolve().parents[2] / "installer"


def load(relative: str) -> ModuleType:
    path = INSTALLER / relative
    name = "installer_" + path.stem.replace("-", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def deps() -> ModuleType:
    return load("linux/deps.py")


@pytest.fixture(scope="session")
def bundle_size() -> ModuleType:
    return load("bundle_size.py")
