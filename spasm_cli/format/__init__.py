"""The routine format (core): model, durations, safe YAML, validation, library lookup, schema, starter."""
