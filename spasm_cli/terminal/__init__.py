"""Everything spasm draws with Rich (the live session screen and other views); no other package imports Rich."""
