"""The program core: the progression rule, the days and the adherence, pure.

A program's sessions come in as ``Played`` values (what the history holds,
without the database); what comes out is the next dose, today's program day
and the figures ``stats`` shows. Nothing here imports Typer, Rich or sqlite3,
so every rule is tested on fixed data and a fixed ``today``.
"""
