"""Editors' tools: lints, the scaffold of a new briefing, adding a partnership, JSON Schemas, the field reference."""
