"""Everything spasm draws: the live session screen, the plain printer, tables and reports.

The only package that imports Rich.
"""
