"""The one reader of CSV text: the Step page's input sequences (rnnviz.data.sequences.parse_csv) and the Train
page's csv task (rnnviz.learn.tasks.csv_table) both read through read_csv.

Rows come one at a time, each cut from the text as it is reached, so a caller refuses a file at its own cap
(time steps, rows, cells) while reading it, before anything big is built: an upload may hold millions of lines.

The header rule: the first line that holds anything but whitespace is a header of column names when none of its
cells reads as a number (empty cells do not count, so a first line of only commas is a header that names nothing).
After it, a row whose cells are all empty (a spreadsheet's trailing ",,,") is skipped.
"""
from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from typing import NamedTuple


class CsvRow(NamedTuple):
    line: int  # the line the row ends on, counted from 1 (a quoted cell may span lines)
    cells: list[str]  # as written, spaces kept: a message quotes a cell as the user typed it


class CsvError(ValueError):
    """The text cannot be read as CSV (an unclosed quote, a cell past the csv module's size limit); `reason`, the
    csv module's own words, lets a caller word the message its page has always shown."""

    def __init__(self, line: int, reason: str):
        super().__init__(f"the CSV cannot be read (line {line}): {reason}")
        self.reason = reason


def read_csv(text: str, *, strict: bool = False) -> tuple[list[str] | None, Iterator[CsvRow]]:
    """(header, data rows): the header's cells by the rule above, or None; then the rows after it, read only as
    the caller asks for them. A byte-order mark (spreadsheet exports) is ignored. strict: a stray or unclosed
    quote is a CsvError instead of part of a cell. Reading raises CsvError, here or while the rows are read."""
    rows = _rows(text.lstrip("\ufeff"), strict)
    first = next(rows, None)
    if first is None:
        return None, iter(())
    if _is_header(first.cells):
        return first.cells, _not_empty(rows)
    return None, itertools.chain([first], _not_empty(rows))


def _is_header(cells: list[str]) -> bool:
    """Whether a first row is a header: none of its cells reads as a number."""
    return not any(_is_number(cell.strip()) for cell in cells if cell.strip())


def _is_number(cell: str) -> bool:
    """Whether a CSV cell reads as a number (float() accepts it)."""
    try:
        float(cell)
        return True
    except ValueError:
        return False


def _rows(text: str, strict: bool) -> Iterator[CsvRow]:
    """Every row but the blank lines (nothing but whitespace)."""
    reader = csv.reader(_lines(text), strict=strict)
    try:
        for cells in reader:
            if len(cells) > 1 or (cells and cells[0].strip()):
                yield CsvRow(reader.line_num, cells)
    except csv.Error as err:
        raise CsvError(reader.line_num, str(err)) from None


def _not_empty(rows: Iterator[CsvRow]) -> Iterator[CsvRow]:
    return (row for row in rows if any(cell.strip() for cell in row.cells))


def _lines(text: str) -> Iterator[str]:
    """The lines of `text`, each with its ending, one slice at a time: io.StringIO would first copy the whole
    text into a buffer of 4 bytes a character (80 MB for a 20 MB upload). \n, \r\n and a lone \r end lines."""
    newline = "\n" if "\n" in text or "\r" not in text else "\r"
    start = 0
    while start < len(text):
        end = text.find(newline, start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end
