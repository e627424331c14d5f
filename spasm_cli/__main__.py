"""Allow ``python -m spasm_cli``."""

from __future__ import annotations

from spasm_cli.cli.app import main

if __name__ == "__main__":
    main()
