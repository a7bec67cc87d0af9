"""Helpers shared by the test suite and the installer scripts (not shipped with the app)."""
