"""Domain events: services publish after commit; subscribers run as jobs. See docs/platform.md."""
