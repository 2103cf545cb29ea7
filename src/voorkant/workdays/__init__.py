"""The working-day calendar every deadline uses: Algemene termijnenwet, opening hours and closure days."""
