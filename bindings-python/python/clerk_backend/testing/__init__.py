"""Testing helpers: `Emulator`, a local Clerk users API running inside this process, and a
pytest plugin.

Enable the plugin in a `conftest.py` (it is never loaded on its own)::

    pytest_plugins = ["clerk_backend.testing"]

(or `pytest -p clerk_backend.testing`). It provides the fixture `clerk_emulator`: an `Emulator`
shared by the whole test session and reset before each test that uses it; and
`clerk_emulator_session`, the same emulator without the reset.
"""

from __future__ import annotations

from typing import Any

from ._emulator import (
    Emulator,
    EmulatorData,
    Fault,
    IdentifierSettings,
    InstanceSettings,
    PasswordSettings,
    RateLimit,
    Stats,
    UsernameSettings,
)

__all__ = [
    "Emulator",
    "EmulatorData",
    "Fault",
    "IdentifierSettings",
    "InstanceSettings",
    "PasswordSettings",
    "RateLimit",
    "Stats",
    "UsernameSettings",
]


def pytest_configure(config: Any) -> None:
    """pytest hook, run when this module is enabled as a plugin: registers the fixtures of
    `clerk_backend.testing.pytest_plugin` (so that importing this module never imports pytest)."""
    from . import pytest_plugin

    if not config.pluginmanager.is_registered(pytest_plugin):
        config.pluginmanager.register(pytest_plugin, pytest_plugin.__name__)
