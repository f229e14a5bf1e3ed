"""Read the copy of the booklet shipped in ``tests/data`` for fidelity tests.

The copy is the text extracted from Quinn, A. (2022). The RRN relational model of
coproduction. Restraint Reduction Network. Version 1.C, licensed CC BY-NC-ND 4.0,
kept unmodified. The only changes made when reading it are the repairs of text
extraction breaks that the library itself lists in ``_booklet.OCR_REPAIRS``.
"""

from __future__ import annotations

from pathlib import Path

from coproduction._booklet import OCR_REPAIRS

BOOKLET_PATH = Path(__file__).parent / "data" / "rrn-relational-model-of-coproduction-v1c.txt"


def booklet_text() -> str:
    """The booklet's text with the documented repairs applied, and nothing else."""
    text = BOOKLET_PATH.read_text(encoding="utf-8")
    for extracted, printed in OCR_REPAIRS:
        text = text.replace(extracted, printed)
    return text


def section(title: str, end: str) -> list[str]:
    """The lines of the booklet from the line ``title`` up to the line ``end``."""
    lines = booklet_text().splitlines()
    start = lines.index(title, lines.index("RRN Readiness Checker") if title != "" else 0)
    stop = lines.index(end, start)
    return lines[start:stop]


def readiness_rows() -> list[list[str]]:
    """The Readiness Checker's rows as printed: activity and its three questions."""
    rows = []
    for line in section("RRN Readiness Checker", "RRN Coproduction Evaluation"):
        fields = line.split("\t")
        if len(fields) >= 5 and fields[-1].endswith("?"):
            rows.append(fields[-4:])
    return rows


def evaluation_rows() -> list[tuple[str, str]]:
    """The Coproduction Evaluation's statements as printed, each with its domain heading."""
    rows = []
    domain = ""
    for line in section("RRN Coproduction Evaluation", "References"):
        fields = line.split("\t")
        if len(fields) < 2 or fields[0].startswith("When I am"):
            continue
        domain = fields[0] or domain
        rows.append((domain, fields[1]))
    return rows
