#!/usr/bin/python3
"""make_corpus.py — writes the hostile-input corpus of qtr (issue 5).

    make_corpus.py            rewrites the small files in tests/hostile/files/ (committed)
    make_corpus.py --big DIR  writes the big ones (1 MB fields, 100k columns, 200k rows...)
                              into DIR at test time; they are never committed

Every file is described in tests/hostile/MANIFEST (expected exit code of qtr-ingest and the
words its rejects must contain); tests/e2e/hostile.sh runs them all and tests/e2e/account.py
checks that every cell of each file is accounted for in facts.csv or rejects.csv.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
H = "报告期,填报单位,企业技术需求发布数(个),技术合同成交额(万元),技术经纪人累计人数(名)"
GOOD = "2025Q3,城关区,10,12000,22"
GOOD2 = "2025Q3,七里河区,5,8000,11"
UNITS = ["城关区", "七里河区", "西固区", "安宁区", "红古区", "永登县", "皋兰县", "榆中县",
         "兰州新区", "兰州高新区", "兰州经济区", "市本级"]


def lines(*rows, eol="\n"):
    return (eol.join(rows) + eol).encode("utf-8")


def gbk(text):
    return text.encode("gb18030")


def small_files():
    f = {}
    # ---- empty, blank, header only
    f["empty.csv"] = b""
    f["bom-only.csv"] = b"\xef\xbb\xbf"
    f["blank-lines-only.csv"] = b"\n \n\t\n\r\n\r\n   "
    f["header-only.csv"] = lines(H)
    f["header-only-no-eol.csv"] = H.encode()
    f["only-commas.csv"] = b",,,\n,,,\n"
    # ---- bytes that are no text
    f["nul-in-header.csv"] = lines(H.replace("报告期", "报告\0期"), GOOD)
    f["nul-in-cell.csv"] = lines(H, GOOD, "2025Q3,七里河区,1\0,8000,11")
    f["invalid-utf8-and-gb18030.csv"] = lines(H, GOOD) + b"2025Q3,\xff\xfe\xfd,1,2,3\n"
    f["gb18030-truncated.csv"] = gbk(H + "\n" + GOOD + "\n" + "2025Q3,七里河区,") + b"\x81"
    f["gb18030-bad-trail.csv"] = gbk(H + "\n" + GOOD + "\n") + b"2025Q3,\x81\x7f,1,2,3\n"
    f["gb18030-4byte-unit.csv"] = gbk(H + "\n" + GOOD + "\n" + "2025Q3,城关区\U0001F600,1,2,3\n")
    f["utf8-bom-then-invalid.csv"] = b"\xef\xbb\xbf" + lines(H, GOOD) + b"2025Q3,\xc0\xaf,1,2,3\n"
    f["utf8-overlong-no-bom.csv"] = lines(H, GOOD) + b"2025Q3,\xc0\xaf,1,2,3\n"
    f["utf8-surrogate-no-bom.csv"] = lines(H, GOOD) + b"2025Q3,\xed\xa0\x80,1,2,3\n"
    f["utf16le-bad-value.csv"] = "\ufeff".encode("utf-16-le") + lines(H, GOOD, "2025Q3,七里河区,约5,8000,11").decode().encode("utf-16-le")
    f["utf16le-odd-length.csv"] = b"\xff\xfe" + lines(H, GOOD).decode().encode("utf-16-le") + b"\x41"
    f["utf16le-nul-char.csv"] = b"\xff\xfe" + lines(H, GOOD, "2025Q3,七里河区,5\0,8000,11").decode().encode("utf-16-le")
    # U+4E0A 上 is the bytes 0A 4E in UTF-16LE: a byte-level line count sees a line break
    f["utf16le-nul-line.csv"] = b"\xff\xfe" + lines(H, "2025Q3,上上上上上上上上上上,5\0,8000,11").decode().encode("utf-16-le")
    f["utf16be-lone-surrogate.csv"] = b"\xfe\xff" + lines(H, GOOD).decode().encode("utf-16-be") + b"\xd8\x00\x00\x41\x00\x0a"
    f["binary-zip.csv"] = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00b\xee\x9dh^\x01\x00\x00\x90\x04\x00\x00\x13\x00[Content_Types].xml"
    f["binary-png.csv"] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
    f["binary-high-bytes.csv"] = bytes((i * 37 + 128) % 128 + 128 for i in range(300))
    f["html-error-page.csv"] = lines("<!DOCTYPE html>", "<html><head><title>404 Not Found</title></head>",
                                     "<body><h1>Not Found</h1></body></html>")
    f["semicolon-separated.csv"] = lines(H.replace(",", ";"), GOOD.replace(",", ";"))
    f["tab-separated.csv"] = lines(H.replace(",", "\t"), GOOD.replace(",", "\t"))
    # ---- CSV syntax
    f["quote-unclosed.csv"] = lines(H, GOOD, '2025Q3,七里河区,"5,8000,11', "2025Q3,西固区,3,3000,4")
    f["quote-inside-unquoted.csv"] = lines(H, GOOD, '2025Q3,西固区,1"2,3000,4', GOOD2)
    f["quote-text-after-closing.csv"] = lines(H, GOOD, '2025Q3,"安宁区"x,1,2,3', GOOD2)
    f["quotes-many-unclosed.csv"] = lines(H, GOOD, *['2025Q2,安宁区,"%d,1,1' % i for i in range(12)])
    f["quoted-multiline-fields.csv"] = lines(H, '2025Q3,"城关\n区",1,2,3', '2025Q3,七里河区,"1\r\n0",8000,11',
                                             '"2025Q3","西固区"," 7 ","7,000","8"', "2025Q3,安宁区,1x,1,1")
    f["header-malformed-quote.csv"] = lines(H.replace("填报单位", '"填报单位"x'), GOOD, GOOD2)
    f["fields-too-many.csv"] = lines(H, GOOD, "2025Q3,七里河区,5,8000,11,extra")
    f["fields-too-few.csv"] = lines(H, GOOD, "2025Q3,七里河区,5")
    f["mixed-line-endings.csv"] = (H + "\r\n" + GOOD + "\r" + GOOD2 + "\n" + "2025Q3,西固区,x1,1,1\r\n").encode()
    # ---- hostile text in cells and names
    f["formula-injection.csv"] = lines(
        H + ",备注",
        GOOD + ',"=HYPERLINK(""http://x"",""y"")"',
        '2025Q3,"=HYPERLINK(""http://x"",""y"")",1,2,3,+1',
        "2025Q3,+1,1,2,3,-1",
        "2025Q3,-1,1,2,3,@SUM(A1)",
        "2025Q3,@SUM(A1),1,2,3,=1+2",
        '2025Q3,七里河区,"=HYPERLINK(""http://x"",""y"")",@SUM(A1),-1,+1',
        "2025Q3,西固区,+1,=1+2,3,")
    f["control-chars.csv"] = lines(H, GOOD, "2025Q3,城关\x1b[31m区,1,2,3", "2025Q3,七里河区,1\x07,8000,11",
                                   "2025Q3,西固区\x08\x08\x08,1,2,3")
    f["invisible-unicode-units.csv"] = lines(H, GOOD, "2025Q3,城关区\u200b,1,2,3", "2025Q3,\u202e区关城,1,2,3",
                                             "2025Q3,\u3000七里河区\u3000,5,8000,11", "2025Q3,西固区\ufeff,1,2,3")
    # ---- values
    absurd = ["1e400", "1e-400", "NaN", "nan", "inf", "-inf", "Infinity", "-0", "0x10", "1e18",
              "999999999999999999", "1000000000000000000", "0.0000000000001", "1,23", "1.2.3",
              "1e", "e5", ".5", "5.", "1 000", "１２３４", "12个", "约100", "无", "一百", "∞",
              "1e+99999999999999999999", "1e-99999999999999999999", "0e999999999",
              "9" * 41, "12,345,678.9", "+-5", "--5", "5-", "1_000", "١٢٣", "𝟏", "1.0e+18",
              "0.000000000001e12", "-5", "−5", "1.5E+03", "0.1e-11", "1,000,00", ",100"]
    rows = ["2025Q3,%s,%s,," % (UNITS[i % 12], '"%s"' % v if "," in v else v) for i, v in enumerate(absurd[:12])]
    rows += ["%dQ%d,%s,%s,," % (2001 + i // 12, 1 + i % 4, UNITS[i % 12], '"%s"' % v if "," in v else v)
             for i, v in enumerate(absurd[12:], 12)]
    f["numbers-absurd.csv"] = lines(H, *rows)
    f["money-conversions.csv"] = lines("报告期,填报单位,技术合同成交额(元),技术合同成交额(万元),技术合同成交额(亿元)",
                                       "2025Q3,城关区,100000000,,", "2025Q3,七里河区,,0.00000001,",
                                       "2025Q3,西固区,,,0.0000000000001", "2025Q3,安宁区,0.0001,,",
                                       "2025Q3,红古区,,,999999999999999999")
    f["negative-values.csv"] = lines(H, GOOD, "2025Q3,七里河区,-5,-8000,-11", "2025Q3,西固区,－3,0,0")
    # ---- keys: periods, units, headers
    f["periods-bad.csv"] = lines(H, GOOD, "2025Q5,七里河区,1,1,1", "2025Q0,西固区,1,1,1", "1899Q4,安宁区,1,1,1",
                                 "3000Q1,红古区,1,1,1", "2025年第五季度,永登县,1,1,1", ",皋兰县,1,1,1",
                                 "2025,榆中县,1,1,1", "Q3,兰州新区,1,1,1", "2025Q3Q4,兰州高新区,1,1,1",
                                 "２０２５Ｑ３,兰州经济区,1,1,1", "2025 q3,市本级,1,1,1")
    f["units-bad.csv"] = lines(H, GOOD, "2025Q3,城关,1,1,1", "2025Q3,,1,1,1", "2025Q3,北京市,1,1,1",
                               "2025Q3,高新区,4,4,4", "2025Q3,兰州高新技术产业开发区,4,4,4")
    f["no-unit-column.csv"] = lines("报告期,企业技术需求发布数(个)", "2025Q3,10")
    f["no-period-anywhere.csv"] = lines("填报单位,企业技术需求发布数(个)", "城关区,10", "七里河区,5")
    f["2025Q1-2025Q2-two-periods.csv"] = lines("填报单位,企业技术需求发布数(个)", "城关区,10")
    f["2025Q3-period-from-name.csv"] = lines("填报单位,企业技术需求发布数(个),挂牌成果数(个)", "城关区,10,3", "七里河区,约5,2")
    f["header-duplicate-columns.csv"] = lines("报告期,填报单位,企业技术需求发布数(个),企业技术需求(个),报告期",
                                              "2025Q3,城关区,10,10,2025Q3", "2025Q3,七里河区,5,6,2025Q3")
    f["header-bad-units.csv"] = lines("报告期,填报单位,企业技术需求发布数(个),技术合同成交额(吨),技术合同成交额,挂牌成果数(万元)",
                                      "2025Q3,城关区,10,1,2,3")
    f["header-blank-names.csv"] = lines("报告期,填报单位,,企业技术需求发布数(个),  ,\u3000", "2025Q3,城关区,x,10,y,z")
    f["fullwidth-comma-separator.csv"] = lines(H.replace(",", "，"), GOOD.replace(",", "，"))
    f["blank-lines-before-header.csv"] = lines("", " ", "", H + ",备注", GOOD + ",x", "2025Q3,七里河区,约5,8000,11,y")
    f["header-long-unit.csv"] = lines("报告期,填报单位,技术合同成交额(x" + "城" * 300 + "),企业技术需求发布数(个)",
                                      "2025Q3,城关区,1,10")
    f["total-rows-two.csv"] = lines(H, GOOD, GOOD2, "2025Q3,合计,15,20000,33", "2025Q3,全市,99,20000,33")
    f["header-fullwidth-bom-inside.csv"] = lines("报告期,填报单位,企业技术需求发布数（个）,技术\ufeff经纪人累计人数 (名)",
                                                 "2025Q3,城关区,10,22", "2025Q3,七里河区,约5,11")
    f["total-row-mismatch.csv"] = lines(H, GOOD, GOOD2, "2025Q3,合计,16,20000,33", "2025Q3,全市,15,20000,33")
    f["total-row-bad-value.csv"] = lines(H, GOOD, "2025Q3,总计,约100,12000,22")
    f["only-total-rows.csv"] = lines(H, "2025Q3,合计,16,20000,33", "2025Q3,全市,1,2,3")
    f["duplicates-conflict.csv"] = lines(H, GOOD, GOOD, "2025Q3,城关区,11,12000,22", GOOD2, "2025Q3,七里河区,5,0.8E+04,")
    f["long-format-hostile.csv"] = lines("period,unit,indicator,value",
                                         "2025Q3,城关区,demands,9",
                                         "2025Q3,城关区,\"=cmd|' /C calc'!A0\",1",
                                         "2025Q3,城关区,DEMANDS,1", "2025Q3,城关区,,1",
                                         "2025Q3,城关区," + "x" * 200 + ",1",
                                         "2025Q9,城关区,listings,1", "2025Q3,城关区,listings,-1",
                                         "2025Q3,?,listings,1", "2025Q3,全市,listings,100")
    f["outside-horizon.csv"] = lines(H, "2024Q1,城关区,10,12000,22", "2026Q1,七里河区,5,8000,11")
    f["all-missing-values.csv"] = lines(H, "2025Q3,城关区,—,-,/", "2025Q3,七里河区,\u3000,  ,——")
    return f


def big_files(out):
    """The big cases, written at test time (each returns its name)."""
    def w(name, data):
        with open(os.path.join(out, name), "wb") as fh:
            fh.write(data)
    mb = 1 << 20
    w("field-1mb-value.csv", lines(H, GOOD, "2025Q3,七里河区," + "9" * mb + ",8000,11"))
    w("field-1mb-text.csv", lines(H, GOOD, "2025Q3,七里河区," + "约" * (mb // 3) + ",8000,11"))
    w("field-1mb-unit.csv", lines(H, GOOD, "2025Q3," + "城" * (mb // 3) + ",1,2,3"))
    w("field-1mb-header.csv", lines(H + "," + "备" * (mb // 3), GOOD + ",x"))
    w("field-1mb-multiline.csv", lines(H, '2025Q3,"' + "城关\n" * (mb // 7) + '",1,2,3', GOOD2,
                                       "2025Q3,西固区,x9,1,1"))
    w("header-100k-columns.csv", lines(H + "," + ",".join("c%d" % i for i in range(100000)), GOOD))
    w("row-100k-columns.csv", lines(H, GOOD, "2025Q3,七里河区," + ",".join(["1"] * 100000)))
    w("wide-16384-columns.csv", lines(H + "," + ",".join("c%d" % i for i in range(16384 - 5)),
                                      GOOD + "," + ",".join(["z"] * (16384 - 5))))
    # 600,000 values: past ingest's in-memory limit (262,144), so facts spill to temporary files
    rows = []
    for i in range(200000):
        year = 1900 + (i // 48) % 1100
        quarter = 1 + (i // 12) % 4   # keys repeat after 52,800 rows: same value, kept once
        v = (year * 7 + quarter + i % 12) % 1000
        rows.append("%dQ%d,%s,%d,%d,%d" % (year, quarter, UNITS[i % 12], v, v + 1, v % 7))
    rows[99998] = "2025Q3,城关区,约100,1,1"      # line 100000
    rows[199997] = "2025Q3,七里河区,-5,1,1"     # line 199999
    w("rows-200k.csv", lines("报告期,填报单位,企业技术需求发布数(个),挂牌成果数(个),对接活动(场)", *rows))
    w("blank-lines-100k.csv", b"\n" * 100000 + lines(H, GOOD, "2025Q3,七里河区,x5,8000,11"))
    # UTF-16 with U+0000 late in a big file: the decode error offset must stay in the file
    # mostly CJK, so the UTF-8 text is ~1.4 times the bytes: a NUL offset counted in the UTF-8
    # text lies beyond the end of the file's buffer
    body = ("2025Q3,城关区,10,12000,22," + "城" * 200 + "\n") * 2000
    w("utf16le-nul-late.csv", b"\xff\xfe" + (H + ",备注\n" + body + "2025Q3,七里河区,5\0,1,1,x\n").encode("utf-16-le"))
    w("quotes-100k-doubled.csv", lines(H, GOOD, '2025Q3,七里河区,"' + '""' * 100000 + '",1,1'))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--big":
        os.makedirs(sys.argv[2], exist_ok=True)
        big_files(sys.argv[2])
        return
    if len(sys.argv) != 1:
        sys.exit("usage: make_corpus.py [--big DIR]")
    d = os.path.join(HERE, "files")
    os.makedirs(d, exist_ok=True)
    for name, data in small_files().items():
        with open(os.path.join(d, name), "wb") as fh:
            fh.write(data)


if __name__ == "__main__":
    main()
