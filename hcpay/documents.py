"""Documents a member keeps (receipts, bills, coverage notices, tax forms): one structure, two
renderings.

A ``Document`` is what the page says, in order: who issued it, its title, a note under the
title, labelled rows, tables (a tax form's twelve months), and closing lines. ``as_text`` and
``as_pdf`` (fpdf2) render the same structure, so the text a member reads in the app and the PDF
they file can never say different things. The portal builds documents (and keeps the ones it
sends as ``to_json``); the client saves the files it is given.

Files a member asks for (receipts, CSV exports, due-date calendars) go to one folder they can
find: ``paths.documents_dir()``. Written whole or not at all (a temporary file renamed), readable
by the member only."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hcpay import paths


@dataclass(frozen=True)
class Table:
    """A table under the rows: a heading, column headings, and rows of cells (the first column
    is words, the others are right-aligned figures). The last row may be a total."""

    heading: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Narrow headings for the text (``A``, ``B``): the full ones are listed above the table, so
    # it fits 80 columns; the PDF has room for the full ones.
    short_columns: tuple[str, ...] = ()

    def text_lines(self) -> list[str]:
        heads = self.short_columns or self.columns
        legend = [full for short, full in zip(self.short_columns, self.columns, strict=True)
                  if short != full]
        cells = [heads, *self.rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(self.columns))]

        def line(row: tuple[str, ...]) -> str:
            first = row[0].ljust(widths[0])
            rest = [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
            return "  ".join([first, *rest]).rstrip()

        return [self.heading, "-" * len(self.heading), *legend, "", line(heads),
                *(line(row) for row in self.rows)]


@dataclass(frozen=True)
class Document:
    issuer: str  # the portal's name
    contact: str  # its support line, as a member would use it
    title: str
    rows: tuple[tuple[str, str], ...]
    note: str = ""  # under the title: what this document is (and is not)
    closing: tuple[str, ...] = field(default=())
    tables: tuple[Table, ...] = field(default=())

    def to_json(self) -> str:
        return json.dumps({
            "issuer": self.issuer, "contact": self.contact, "title": self.title,
            "rows": [list(row) for row in self.rows], "note": self.note,
            "closing": list(self.closing),
            "tables": [{"heading": t.heading, "columns": list(t.columns),
                        "rows": [list(row) for row in t.rows],
                        "short_columns": list(t.short_columns)} for t in self.tables],
        })

    @classmethod
    def from_json(cls, text: str) -> Document:
        data = json.loads(text)
        return cls(
            issuer=data["issuer"], contact=data["contact"], title=data["title"],
            rows=tuple((label, value) for label, value in data["rows"]), note=data["note"],
            closing=tuple(data["closing"]),
            tables=tuple(Table(t["heading"], tuple(t["columns"]),
                               tuple(tuple(row) for row in t["rows"]),
                               tuple(t.get("short_columns", ())))
                         for t in data.get("tables", [])),
        )

    def as_text(self) -> str:
        width = max((len(label) for label, _ in self.rows), default=0)
        lines = [self.issuer, self.contact, "", self.title, "=" * len(self.title)]
        if self.note:
            lines += [self.note]
        lines.append("")
        lines += [f"{label.ljust(width)}  {value}" for label, value in self.rows]
        for table in self.tables:
            lines += ["", *table.text_lines()]
        if self.closing:
            lines += ["", *self.closing]
        return "\n".join(lines) + "\n"

    def as_pdf(self) -> bytes:
        from fpdf import FPDF

        pdf = FPDF(format="Letter")
        pdf.set_title(self.title)
        pdf.set_author(self.issuer)
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(0, 7, _latin(self.issuer), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)
        pdf.cell(0, 6, _latin(self.contact), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 16)
        pdf.cell(0, 10, _latin(self.title), new_x="LMARGIN", new_y="NEXT")
        if self.note:
            pdf.set_font("Helvetica", "I", 11)
            pdf.multi_cell(0, 6, _latin(self.note), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_font("Helvetica", size=11)
        for label, value in self.rows:
            pdf.set_font("Helvetica", "B", 11)
            pdf.cell(50, 7, _latin(label))
            pdf.set_font("Helvetica", size=11)
            pdf.multi_cell(0, 7, _latin(value), new_x="LMARGIN", new_y="NEXT")
        for table in self.tables:
            _pdf_table(pdf, table)
        if self.closing:
            pdf.set_font("Helvetica", size=11)
            pdf.ln(4)
            for line in self.closing:
                pdf.multi_cell(0, 6, _latin(line), new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())


def _pdf_table(pdf: Any, table: Table) -> None:
    """The table across the page: the first column wider, the figures right-aligned, the
    column headings bold (wrapped onto two lines when long) and the last row (the total) bold."""
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, _latin(table.heading), new_x="LMARGIN", new_y="NEXT")
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    first = usable * 0.25
    other = (usable - first) / max(1, len(table.columns) - 1)
    widths = [first] + [other] * (len(table.columns) - 1)
    pdf.set_font("Helvetica", "B", 9)
    top = pdf.get_y()
    heads = [_latin(heading) for heading in table.columns]
    tall = max(len(pdf.multi_cell(width, 5, head, dry_run=True, output="LINES"))
               for head, width in zip(heads, widths, strict=True))
    for i, (head, width) in enumerate(zip(heads, widths, strict=True)):
        lines = len(pdf.multi_cell(width, 5, head, dry_run=True, output="LINES"))
        pdf.set_xy(pdf.l_margin + sum(widths[:i]), top)
        pdf.multi_cell(width, 5, head + "\n " * (tall - lines), border="B",
                       align="L" if i == 0 else "R")
    pdf.set_xy(pdf.l_margin, top + 5 * tall)
    for n, row in enumerate(table.rows):
        pdf.set_font("Helvetica", "B" if n == len(table.rows) - 1 else "", 10)
        for i, (cell, width) in enumerate(zip(row, widths, strict=True)):
            pdf.cell(width, 6, _latin(cell), align="L" if i == 0 else "R")
        pdf.ln(6)


def _latin(text: str) -> str:
    """The PDF's core font has Latin-1 only: a bullet or a dash outside it becomes its
    nearest Latin-1 look-alike, never an error and never a missing line."""
    swaps = {"\u2022": "*", "\u2013": "-", "\u2014": "-", "\u2019": "'", "\u201c": '"',
             "\u201d": '"', "\u2026": "..."}
    text = "".join(swaps.get(ch, ch) for ch in text)
    return text.encode("latin-1", "replace").decode("latin-1")


def save(filename: str, data: bytes | str, *, folder: str = "") -> Path:
    """Write ``data`` to ``filename`` in the documents folder (in ``folder`` below it); the
    full path, to tell the member where it is."""
    target_dir = paths.documents_dir() / folder if folder else paths.documents_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / Path(filename).name  # a name, never a path out of the folder
    raw = data.encode("utf-8") if isinstance(data, str) else data
    handle, temp = tempfile.mkstemp(dir=target_dir, prefix=".saving-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(raw)
        os.chmod(temp, 0o600)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target
