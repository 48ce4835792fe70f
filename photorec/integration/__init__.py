"""Per-user desktop integration: "Find similar" for images in the file manager.

``get_integration()`` returns the implementation for the running platform; each has
``install(dry_run)``, ``uninstall(dry_run)`` (returning a list of :class:`Change`) and
``status()`` (a :class:`Status`). The command-line front end is :mod:`photorec.integration.cli`.
"""

from __future__ import annotations

import sys

from .base import Change, IntegrationError, Status, StatusItem


def get_integration(platform: str | None = None):
    """The integration for ``platform`` (default: ``sys.platform``)."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        from .windows import WindowsIntegration

        return WindowsIntegration()
    if platform == "darwin":
        from .macos import MacIntegration

        return MacIntegration()
    if platform.startswith(("linux", "freebsd", "openbsd", "netbsd", "dragonfly")):
        from .linux import LinuxIntegration

        return LinuxIntegration()
    raise IntegrationError(f"desktop integration is not available on this platform ({platform})")


__all__ = ["Change", "IntegrationError", "Status", "StatusItem", "get_integration"]
