"""The administration window (``antrean admin``): sign-in, role-gated pages, first-run wizard."""
