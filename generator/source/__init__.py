"""The files as text and values: the gate, YAML with positions, settings, fields, media."""
