"""Per-user notifications and self-refreshing live regions (polling with ETag/304; state in the database)."""
