"""macOS: nothing to install per user.

Finder's "Open With" menu lists photorec for images because the app bundle's Info.plist
declares them (``CFBundleDocumentTypes``, written by packaging/macos/Info.plist); Launch
Services registers that when the app is first copied to /Applications or opened. A Finder
context-menu item of its own would need a Finder Sync app extension or a Services provider
built into the app, neither of which a Python/Qt app can add from outside, so ``integrate``
on macOS installs nothing and says so.
"""

from __future__ import annotations

from .base import Change, Status

NOTE = (
    "On macOS, photorec appears in Finder's Open With menu for images through the "
    "CFBundleDocumentTypes of photorec.app's Info.plist; there is nothing to install per user. "
    "Copy photorec.app to /Applications (or open it once) so that Launch Services registers it."
)


class MacIntegration:
    platform = "macos"

    def install(self, dry_run: bool = False) -> list[Change]:
        return [Change("note", NOTE)]

    def uninstall(self, dry_run: bool = False) -> list[Change]:
        return [Change("note", "nothing was installed per user on macOS; to remove photorec, delete photorec.app")]

    def status(self) -> Status:
        return Status(platform=self.platform, notes=[NOTE])
