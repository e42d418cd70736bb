"""Whole numbers from requests (ids, page numbers, counts), kept to what the database can hold.

A value outside 1 .. 2**63 - 1 (the range of a BigAutoField on PostgreSQL and SQLite alike)
can match no row, and passing it to a query raises OverflowError on SQLite; so it is treated
as "no such thing" here, once, instead of at every query.
"""

MAX_ID = 2**63 - 1


def parse_id(value, maximum=MAX_ID):
    """`value` as an int in 1..maximum, or None for anything else (text, negative, too large)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value or "").strip()
        if not text.isascii() or not text.isdigit() or len(text) > len(str(maximum)):
            return None
        number = int(text)
    return number if 1 <= number <= maximum else None
