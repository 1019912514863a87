"""Every .xlsx export prints: A4 landscape one page wide, header repeated, title and date."""

import io

import openpyxl

from portal.exports import xlsx_response
from tests.documents import assert_prints_well


def _sheet(response):
    body = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(body)).active


def test_a_16_column_sheet_is_set_up_to_print_one_page_wide():
    header = [f"第{n}列很长很长的表头文字" for n in range(16)]
    rows = ([n, *["值"] * 15] for n in range(200))
    response = xlsx_response(
        "志愿服务台帐-甲党支部.xlsx", "台帐", header, rows, column_widths=[8] * 16
    )
    sheet = _sheet(response)
    assert_prints_well(sheet, title="志愿服务台帐-甲党支部")
    # A 12-character header in an 8-wide column wraps onto several lines, all shown.
    assert sheet.row_dimensions[1].height >= 45
    assert sheet["A1"].value == header[0] and sheet.max_row == 201


def test_the_title_can_be_given_and_keeps_an_ampersand():
    response = xlsx_response("x.xlsx", "x", ["a"], [], title="学习&考核")
    assert_prints_well(_sheet(response), title="学习&考核")


def test_a_header_typed_as_a_formula_stays_text():
    sheet = _sheet(xlsx_response("x.xlsx", "x", ["=1+1"], []))
    assert sheet["A1"].value == "=1+1" and sheet["A1"].data_type == "s"


def test_a_name_typed_as_a_formula_stays_text_and_numbers_stay_numbers():
    rows = [['=HYPERLINK("http://x")', "", 3, "张三"]]
    sheet = _sheet(xlsx_response("x.xlsx", "x", ["a", "b", "c", "d"], rows))
    assert sheet["A2"].value == '=HYPERLINK("http://x")' and sheet["A2"].data_type == "s"
    assert sheet["B2"].value is None
    assert sheet["C2"].value == 3 and sheet["C2"].data_type == "n"
    assert sheet["D2"].value == "张三"


def test_every_kind_of_value_reads_back_as_the_secretary_would_see_it():
    from datetime import date, datetime
    from decimal import Decimal

    from django.utils.translation import gettext_lazy

    rows = [
        [1, Decimal("2.5"), date(2026, 3, 1), datetime(2026, 3, 1, 8, 30), True, None],
        [],  # a blank line, as before a ledger's totals row
        ["  两端有空格 ", "含\x07控制字符", gettext_lazy("是"), "<a & b>", 2.25, "x" * 40000],
    ]
    sheet = _sheet(xlsx_response("x.xlsx", "x", ["甲", "乙", "丙", "丁", "戊", "己"], rows))
    assert [cell.value for cell in sheet[2]][:5] == [
        1,
        2.5,
        datetime(2026, 3, 1),
        datetime(2026, 3, 1, 8, 30),
        True,
    ]
    assert sheet["C2"].number_format == "yyyy-mm-dd" and sheet["C2"].is_date
    assert sheet["D2"].is_date
    assert all(cell.value is None for cell in sheet[3])
    assert [cell.value for cell in sheet[4]][:5] == [
        "  两端有空格 ",
        "含控制字符",
        "是",
        "<a & b>",
        2.25,
    ]
    assert len(sheet["F4"].value) == 32767  # Excel's limit on one cell
    assert sheet.max_row == 4


def test_the_sheet_is_well_formed_xml_and_keeps_its_print_setup_after_the_rows():
    import zipfile

    from lxml import etree

    response = xlsx_response("x.xlsx", "x", ["a"], ([n] for n in range(3)))
    body = io.BytesIO(b"".join(response.streaming_content))
    assert int(response["Content-Length"]) == len(body.getvalue())
    xml = zipfile.ZipFile(body).read("xl/worksheets/sheet1.xml")
    root = etree.fromstring(xml)
    names = [etree.QName(child).localname for child in root]
    assert names.index("sheetData") < names.index("pageSetup")
    data = root.find("{*}sheetData")
    assert [row.get("r") for row in data] == ["1", "2", "3", "4"]
