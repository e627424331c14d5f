"""The command-line commands, one module per group; each has ``register(app)``."""
