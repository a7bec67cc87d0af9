"""Qt helpers shared by every window: workers, theme, translations, resources."""
