"""History: the SQLite store and its migrations, the session recorder, stats and export."""
