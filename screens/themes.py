"""hcpay's own theme: high contrast (white on black, yellow for what has focus), and the names a
person may write in config.toml or --theme ("default", "high-contrast")."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#1A1A1A",
    warning="#FFFF00",
    error="#FF8080",
    success="#00FF00",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "text-muted": "#FFFFFF",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "input-cursor-background": "#FFFF00",
        "input-cursor-foreground": "#000000",
        "input-selection-background": "#FFFF00 60%",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "scrollbar": "#FFFFFF",
        "border": "#FFFFFF",
    },
)

ALIASES = {"default": "textual-dark", "high_contrast": "high-contrast", "hc": "high-contrast"}


def theme_name(name: str | None) -> str | None:
    """The Textual theme a configured name means (None stays None)."""
    if name is None:
        return None
    key = name.strip().lower()
    return ALIASES.get(key, key)
