"""Repairs to the labels of list points, where extraction or a converter lost or garbled them.

Each repair that guesses adds a warning for staff to check: "I)" read for "l)" between k) and m),
a bullet that lost its letter in a lettered run, roman sub-points "(i)" told apart from point i,
and numbered points that all carry the same number.
"""

from learning.importer.blocks import LIST_TYPES, Block


def fix_lettered_runs(blocks: list[Block], warnings: list[str]) -> None:
    """Repair lettered runs: roman sub-points, "I)" read for "l)", and a bullet that lost its letter."""
    _mark_roman_numerals(blocks)
    for index, block in enumerate(blocks):
        if block.type == "letter" and block.raw_label == "I":
            previous, following = _neighbour_letter(blocks, index, -1), _neighbour_letter(blocks, index, +1)
            if _letters_around(previous, following, "l"):
                block.label = "l"
                warnings.append("“I)” between points k) and m) was read as “l)”. Please check.")
        elif block.type == "bullet" and _lost_letter(blocks, index):
            missing = chr(ord(blocks[index - 1].label) + 1)
            block.type, block.label = "letter", missing
            warnings.append(
                f"A bullet between points {blocks[index - 1].label}) and {blocks[index + 1].label}) had no letter; "
                f"it has been given the letter {missing}). Please check."
            )


def _letters_around(previous, following, letter: str) -> bool:
    """True when `letter` is the one missing between the two neighbouring points (k) and m) for l)."""
    if previous is None or following is None:
        return False
    return ord(previous.label) + 1 == ord(letter) == ord(following.label) - 1


def _neighbour_letter(blocks: list[Block], index: int, step: int):
    """The nearest lettered point before (step -1) or after (+1), not looking past a heading."""
    position = index + step
    while 0 <= position < len(blocks):
        block = blocks[position]
        if block.type == "heading":
            return None
        if block.type == "letter":
            return block
        position += step
    return None


def _lost_letter(blocks: list[Block], index: int) -> bool:
    """A plain bullet directly between lettered points X) and X+2), at their indent."""
    if index == 0 or index + 1 >= len(blocks):
        return False
    before, after = blocks[index - 1], blocks[index + 1]
    if before.type != "letter" or after.type != "letter" or len(before.label) != 1 or len(after.label) != 1:
        return False
    return ord(after.label) - ord(before.label) == 2 and blocks[index].indent == before.indent


def _mark_roman_numerals(blocks: list[Block]) -> None:
    """ "(i)" after "(b)" is a roman sub-point, not point i; so are "(v)" after "(iv)" and "(x)" after "(ix)"."""
    last_letter = ""
    last_roman = ""
    for index, block in enumerate(blocks):
        if block.type == "heading":
            last_letter = last_roman = ""
        elif block.type == "roman":
            last_roman = block.label
        elif block.type == "letter":
            if _is_roman_letter(blocks, index, last_letter, last_roman):
                block.type = "roman"
            if block.type == "roman":
                last_roman = block.label
            else:
                last_letter, last_roman = block.label, ""


def _is_roman_letter(blocks: list[Block], index: int, last_letter: str, last_roman: str) -> bool:
    """True when a point lettered i, v or x carries on roman sub-points rather than the letters."""
    block = blocks[index]
    if block.raw_label == "i":
        return bool(last_letter and last_letter != "h") or _starts_roman_run(blocks, index)
    return (block.label, last_roman) in (("v", "iv"), ("x", "ix"))


def _starts_roman_run(blocks: list[Block], index: int) -> bool:
    """True when the next list point after blocks[index] is "(ii)"."""
    for block in blocks[index + 1 :]:
        if block.type in LIST_TYPES:
            return block.type == "roman" and block.label == "ii"
    return False


def fix_repeated_numbers(blocks: list[Block], warnings: list[str]) -> None:
    """Numbered points that all carry the same number: "1." each time is markdown's way of writing
    1, 2, 3; any other number ("5.", "5.", "5.") means the real numbers were lost."""
    runs: list[list[Block]] = []
    for block in blocks:
        if block.type == "number":
            if runs and runs[-1] and runs[-1][-1].label == block.label:
                runs[-1].append(block)
            else:
                runs.append([block])
        elif block.type != "bullet":
            runs.append([])
    for run in runs:
        if len(run) > 1 and run[0].label == "1":
            for number, block in enumerate(run, start=1):
                block.label = str(number)
        elif len(run) > 1:
            warnings.append(
                f"{len(run)} paragraphs are all numbered “{run[0].label}.” (the rest of their numbers seems lost); "
                "they have been imported without a locator."
            )
            for block in run:
                block.label = ""
