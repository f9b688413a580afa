"""Start at login: an XDG autostart file (Linux), a LaunchAgent (macOS), a Run value (Windows).

No maintained library does this, so it is the three small mechanisms the platforms document.
Started this way the app gets ``--background`` and comes up in the tray with no window. The
OS-specific parts (``launchctl``, the Windows registry) sit behind small injectable layers so
that tests on Linux can check what would be written without touching a Mac or a registry.
"""

from __future__ import annotations

import os
import plistlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

APP_ID = "io.scripe.desktop"
DESKTOP_NAME = "scripe-desktop.desktop"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "Scripe Desktop"
BACKGROUND_FLAG = "--background"


def launch_command() -> list[str]:
    """How to start this same installation: the frozen bundle, or this Python with the package."""
    if getattr(sys, "frozen", False):
        return [sys.executable, BACKGROUND_FLAG]
    return [sys.executable, "-m", "scripe_desktop", BACKGROUND_FLAG]


class Registry(Protocol):
    """The part of ``winreg`` used here (HKCU only)."""

    def get(self, key: str, name: str) -> str | None: ...
    def set(self, key: str, name: str, value: str) -> None: ...
    def delete(self, key: str, name: str) -> None: ...


class WinRegistry:  # pragma: no cover - Windows only
    def get(self, key: str, name: str) -> str | None:
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key) as k:
                return str(winreg.QueryValueEx(k, name)[0])
        except OSError:
            return None

    def set(self, key: str, name: str, value: str) -> None:
        import winreg

        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, key) as k:
            winreg.SetValueEx(k, name, 0, winreg.REG_SZ, value)

    def delete(self, key: str, name: str) -> None:
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key, 0, winreg.KEY_SET_VALUE) as k:
                winreg.DeleteValue(k, name)
        except OSError:
            pass


def _launchctl(*args: str) -> None:  # pragma: no cover - macOS only
    import subprocess

    subprocess.run(["launchctl", *args], check=False, capture_output=True, timeout=10)


class Autostart:
    """``enabled()`` / ``set_enabled(on)`` for the platform this runs on (or the one given)."""

    def __init__(
        self,
        platform: str = sys.platform,
        *,
        home: Path | None = None,
        env: dict[str, str] | None = None,
        command: list[str] | None = None,
        registry: Registry | None = None,
        launchctl: Callable[..., Any] = _launchctl,
    ) -> None:
        self.platform = platform
        self.home = Path(home or Path.home())
        self.env = dict(os.environ if env is None else env)
        self.command = command or launch_command()
        self._registry = registry
        self._launchctl = launchctl

    @property
    def path(self) -> Path | None:
        """The file that makes it start (None on Windows, where it is a registry value)."""
        if self.platform.startswith("linux") or self.platform.startswith("freebsd"):
            config = self.env.get("XDG_CONFIG_HOME") or str(self.home / ".config")
            return Path(config) / "autostart" / DESKTOP_NAME
        if self.platform == "darwin":
            return self.home / "Library" / "LaunchAgents" / f"{APP_ID}.plist"
        return None

    def enabled(self) -> bool:
        if self.platform == "win32":
            return self.registry.get(RUN_KEY, RUN_VALUE) is not None
        path = self.path
        return path is not None and path.exists()

    def set_enabled(self, on: bool) -> None:
        if self.platform == "win32":
            if on:
                self.registry.set(RUN_KEY, RUN_VALUE, _windows_command(self.command))
            else:
                self.registry.delete(RUN_KEY, RUN_VALUE)
            return
        path = self.path
        if path is None:
            return
        if not on:
            if self.platform == "darwin" and path.exists():
                self._launchctl("unload", str(path))
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        if self.platform == "darwin":
            tmp.write_bytes(plistlib.dumps(self._plist()))
        else:
            tmp.write_text(self._desktop_entry(), "utf-8")
        os.replace(tmp, path)

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = WinRegistry()
        return self._registry

    def _desktop_entry(self) -> str:
        return (
            "[Desktop Entry]\n"
            "Type=Application\n"
            "Name=Scripe Desktop\n"
            "Comment=Keeps your watched folders in sync with Scripe\n"
            f"Exec={_desktop_exec(self.command)}\n"
            "Icon=scripe-desktop\n"
            "Terminal=false\n"
            "Categories=Network;FileTransfer;\n"
            "X-GNOME-Autostart-enabled=true\n"
        )

    def _plist(self) -> dict[str, Any]:
        return {
            "Label": APP_ID,
            "ProgramArguments": list(self.command),
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }


def _desktop_exec(command: list[str]) -> str:
    """Quote per the Desktop Entry spec: reserved characters inside double quotes."""
    out = []
    for arg in command:
        if any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`="):
            escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`")
            escaped = escaped.replace("$", "\\$")
            out.append(f'"{escaped}"')
        else:
            out.append(arg)
    return " ".join(out).replace("%", "%%")


def _windows_command(command: list[str]) -> str:
    return " ".join(f'"{a}"' if " " in a else a for a in command)


__all__ = ["BACKGROUND_FLAG", "Autostart", "launch_command"]
