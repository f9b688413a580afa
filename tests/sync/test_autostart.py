"""Start at login: the Linux XDG autostart file for real (written, valid, removed); the macOS
LaunchAgent and the Windows Run value with the OS layer (launchctl, registry) injected."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

from scripe_desktop.autostart import RUN_KEY, RUN_VALUE, Autostart, launch_command


def test_linux_autostart_file_is_written_valid_and_removed(tmp_path: Path) -> None:
    cmd = ["/opt/Scripe Desktop/scripe-desktop", "--background"]
    auto = Autostart("linux", home=tmp_path, env={"XDG_CONFIG_HOME": str(tmp_path / "cfg")},
                     command=cmd)  # fmt: skip
    assert not auto.enabled()
    auto.set_enabled(True)
    path = tmp_path / "cfg" / "autostart" / "scripe-desktop.desktop"
    assert auto.path == path and auto.enabled()
    text = path.read_text()
    assert 'Exec="/opt/Scripe Desktop/scripe-desktop" --background' in text
    assert "Type=Application" in text and "X-GNOME-Autostart-enabled=true" in text
    validate = shutil.which("desktop-file-validate")  # the spec's own checker
    assert validate, "needs desktop-file-utils (bash .ci/run installs it)"
    run = subprocess.run([validate, str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    auto.set_enabled(False)
    assert not path.exists() and not auto.enabled()
    auto.set_enabled(False)  # idempotent


def test_default_location_and_command_start_this_installation_in_the_tray(tmp_path: Path) -> None:
    auto = Autostart("linux", home=tmp_path, env={})
    assert auto.path == tmp_path / ".config" / "autostart" / "scripe-desktop.desktop"
    assert launch_command() == [sys.executable, "-m", "scripe_desktop", "--background"]


def test_macos_launch_agent_with_launchctl_injected(tmp_path: Path) -> None:
    calls: list[tuple[str, ...]] = []
    auto = Autostart("darwin", home=tmp_path, command=["/Applications/Scripe Desktop.app/x",
                     "--background"], launchctl=lambda *a: calls.append(a))  # fmt: skip
    auto.set_enabled(True)
    plist = tmp_path / "Library" / "LaunchAgents" / "io.scripe.desktop.plist"
    data = plistlib.loads(plist.read_bytes())
    assert data["Label"] == "io.scripe.desktop" and data["RunAtLoad"] is True
    assert data["ProgramArguments"] == ["/Applications/Scripe Desktop.app/x", "--background"]
    assert auto.enabled()
    auto.set_enabled(False)
    assert not plist.exists() and calls == [("unload", str(plist))]


class FakeRegistry:
    """HKCU as a dict: the Windows registry cannot run here."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], str] = {}

    def get(self, key: str, name: str) -> str | None:
        return self.values.get((key, name))

    def set(self, key: str, name: str, value: str) -> None:
        self.values[(key, name)] = value

    def delete(self, key: str, name: str) -> None:
        self.values.pop((key, name), None)


def test_windows_run_value_with_the_registry_injected() -> None:
    reg = FakeRegistry()
    exe = r"C:\Program Files\Scripe Desktop\scripe-desktop.exe"
    auto = Autostart("win32", command=[exe, "--background"], registry=reg)
    assert auto.path is None and not auto.enabled()
    auto.set_enabled(True)
    assert reg.values == {(RUN_KEY, RUN_VALUE): f'"{exe}" --background'}
    assert RUN_KEY == r"Software\Microsoft\Windows\CurrentVersion\Run"
    assert auto.enabled()
    auto.set_enabled(False)
    assert reg.values == {} and not auto.enabled()
