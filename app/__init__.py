"""AnchorDesk: a desktop assistant for live-commerce streamers."""

__version__ = "0.1.0"
APP_NAME = "AnchorDesk"
