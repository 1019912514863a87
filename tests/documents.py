"""Reading printed documents the way a person does: as pixels, scanned, and as text.

PDFs go through poppler (pdftoppm, pdftotext, pdffonts); an SVG on its own is
placed on an A4 page by WeasyPrint at the size it prints, then read the same
way. QR codes are decoded by zbar (pyzbar), a real scanner's decoder.
"""

import subprocess
import tempfile
from pathlib import Path

from PIL import Image
from pyzbar.pyzbar import ZBarSymbol, decode


def decode_png(path: Path | str) -> list[str]:
    with Image.open(path) as image:
        found = decode(image.convert("L"), symbols=[ZBarSymbol.QRCODE])
    return [symbol.data.decode("utf-8") for symbol in found]


def pdf_pngs(pdf: bytes, *, dpi: int = 150) -> list[Path]:
    """Each page as a PNG in a temporary folder (kept for the test run)."""
    folder = Path(tempfile.mkdtemp(prefix="pdfpng-"))
    source = folder / "doc.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), str(source), str(folder / "page")], check=True
    )
    return sorted(folder.glob("page*.png"))


def pdf_qr_codes(pdf: bytes, *, dpi: int = 150) -> list[str]:
    """Every QR code payload printed on every page."""
    return [url for png in pdf_pngs(pdf, dpi=dpi) for url in decode_png(png)]


def pdf_text(pdf: bytes) -> str:
    """The text as pdftotext reads it, with layout spaces and line breaks removed."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        text = subprocess.run(
            ["pdftotext", "-raw", "-enc", "UTF-8", handle.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return "".join(text.split())


def pdf_pages(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        info = subprocess.run(
            ["pdfinfo", handle.name], capture_output=True, text=True, check=True
        ).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_fonts(pdf: bytes) -> list[str]:
    """The embedded font names (subset prefixes dropped)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        out = subprocess.run(
            ["pdffonts", handle.name], capture_output=True, text=True, check=True
        ).stdout
    return [line.split()[0].partition("+")[2] or line.split()[0] for line in out.splitlines()[2:]]


def svg_qr_codes(svg: str, *, box_mm: float = 30) -> list[str]:
    """Prints `svg` in a box of `box_mm` (as CSS sizes it: width only) and scans it."""
    from weasyprint import HTML

    html = (
        "<html><body style='margin:20mm'>"
        f"<div style='width:{box_mm}mm'><style>svg{{width:100%;height:auto}}</style>{svg}</div>"
        "</body></html>"
    )
    return pdf_qr_codes(HTML(string=html).write_pdf(), dpi=200)


def assert_prints_well(sheet, *, title: str) -> None:
    """An .xlsx sheet (loaded with openpyxl, not read-only) set up to print on A4 landscape."""
    import datetime

    setup = sheet.page_setup
    assert setup.orientation == "landscape"
    assert str(setup.paperSize) == "9"  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
    assert sheet.print_title_rows == "$1:$1"  # the header row on every page
    assert title in sheet.oddHeader.center.text.replace("&&", "&")
    assert f"导出日期：{datetime.date.today():%Y-%m-%d}" in sheet.oddHeader.right.text
    assert "&P" in sheet.oddFooter.center.text
    assert all(cell.alignment.wrap_text for cell in sheet[1] if cell.value)
