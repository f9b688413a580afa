"""The soak tests start the real app as a subprocess; they take minutes, not seconds."""

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "soak: the real app in a subprocess for minutes")
