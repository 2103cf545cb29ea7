"""API tokens with scopes, the DRF authentication and permission other apps use, and problem JSON errors."""
