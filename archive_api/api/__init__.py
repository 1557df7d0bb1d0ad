"""The HTTP layer: one blueprint per resource, its schemas beside it, and the app wiring."""
