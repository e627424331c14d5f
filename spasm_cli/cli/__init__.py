"""The command line: the Typer app, one module per command group (see docs/ARCHITECTURE.md)."""
