"""Spreadsheet downloads (.xlsx) for matrices and ledgers, built with flat memory.

Rows come from an iterator and openpyxl's write-only mode streams them to a
temporary file, so a ledger of 50,000 rows costs no more memory than one of 50.
"""

import re
import tempfile
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from portal.caching import private

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Excel's own limits on a sheet title.
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_TITLE_MAX = 31


def _sheet_title(title: str) -> str:
    return _SHEET_TITLE_FORBIDDEN.sub(" ", title).strip()[:_SHEET_TITLE_MAX] or "Sheet1"


def _cell(sheet, value):
    """A string that starts with "=" stays text.

    openpyxl would otherwise store it as a formula, and a member's name or an
    article title typed as "=HYPERLINK(...)" would run in the secretary's Excel.
    """
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback and the real (Chinese) name as RFC 6266 filename*."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, "xlsx"
    ascii_stem = re.sub(r"[^A-Za-z0-9_-]+", "", stem).strip("-_") or "export"
    return (
        f'attachment; filename="{ascii_stem}.{extension}"; '
        f"filename*=UTF-8''{quote(filename, safe='')}"
    )


def xlsx_response(
    filename: str,
    sheet_title: str,
    header: Sequence,
    rows: Iterable[Sequence],
    *,
    column_widths: Sequence[float] | None = None,
) -> FileResponse:
    """A download of one sheet: `header` on the first row, then every row of `rows`.

    `rows` may be a generator over a queryset `.iterator()`: nothing is kept in
    memory but the row being written. Values may be str, int, Decimal, date or None.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_title))
    if column_widths:
        from openpyxl.utils import get_column_letter

        for index, width in enumerate(column_widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, value) for value in header])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])

    # Spooled to disk past 1 MiB; FileResponse streams it and closes it afterwards.
    handle = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115
    try:
        workbook.save(handle)
    except BaseException:
        handle.close()
        raise
    size = handle.tell()
    handle.seek(0)
    response = FileResponse(handle, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    response["Content-Length"] = str(size)
    return private(response)
