"""The touch kiosk at the hall's door: pick a service, get a numbered ticket."""

from ui.kiosk.app import run_kiosk
from ui.kiosk.window import KioskTimings, KioskWindow

__all__ = ["KioskTimings", "KioskWindow", "run_kiosk"]
