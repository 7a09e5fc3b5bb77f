"""The review window (直播复盘): video, timeline, products, highlights, search, scorecard."""
