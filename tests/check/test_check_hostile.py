"""Files that are not what they claim, or are built to hurt: exit 2 with a Chinese message."""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

import pytest
from support import run_cli

from reportgen.pipeline import check as checking

MINIMAL_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                 '2006/content-types"/>')
BODY = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>")


def docx_with(path: Path, document: str | bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", MINIMAL_TYPES)
        z.writestr("word/document.xml", document)
    return path


def test_junk_bytes_as_docx_and_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = bytes(range(256)) * 40
    for name in ("通知.docx", "通知.pdf"):
        (tmp_path / name).write_bytes(junk)
        code, out, err = run_cli(["check", str(tmp_path / name)], capsys)
        assert code == 2
        assert "无法检查" in err and ("不是有效的 Word 文档" in err or "不是 PDF 文件" in err)
        assert "Traceback" not in out + err


def test_a_damaged_pdf_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "坏.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n" + b"\x00" * 64)
    code, _, err = run_cli(["check", str(path)], capsys)
    assert code == 2 and "无法检查" in err


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "炸弹.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", MINIMAL_TYPES)
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1024 * 1024)
            for _ in range(80):  # 80 MB of spaces, about 80 KB compressed
                part.write(chunk)
    assert path.stat().st_size < 1024 * 1024
    code, _, err = run_cli(["check", str(path)], capsys)
    assert code == 2 and "压缩炸弹" in err


def test_too_many_parts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "碎.docx"
    with zipfile.ZipFile(path, "w") as z:
        for i in range(5001):
            z.writestr(f"p/{i}.xml", "")
    code, _, err = run_cli(["check", str(path)], capsys)
    assert code == 2 and "部件" in err


def test_entity_expansion_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    laughs = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "哈哈哈哈哈哈哈哈">'
              + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in
                        zip("abcdefg", "bcdefgh", strict=True)) + "]>"
              + BODY.format(text="&h;"))
    code, _, err = run_cli(["check", str(docx_with(tmp_path / "笑.docx", laughs))], capsys)
    assert code == 2 and "实体" in err


def test_external_entity_reads_no_local_file(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容XYZ", encoding="utf-8")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
           + BODY.format(text="&x;"))
    code, out, err = run_cli(["check", "--json", str(docx_with(tmp_path / "外.docx", xxe))], capsys)
    assert code == 2 and "实体" in out + err
    assert "机密内容XYZ" not in out + err


def test_truncated_docx_and_missing_parts(tmp_path: Path, small_bulletin: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    cut = tmp_path / "半截.docx"
    cut.write_bytes(small_bulletin.read_bytes()[:5000])
    empty = docx_with(tmp_path / "空.docx", b"")
    code, _, err = run_cli(["check", "--no-render", str(cut), str(empty)], capsys)
    assert code == 2
    assert err.count("无法检查") == 2


def test_not_a_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "说明.txt"
    text.write_text("你好", encoding="utf-8")
    code, out, err = run_cli(["check", str(text), str(tmp_path), str(tmp_path / "无此文件.pdf")],
                             capsys)
    assert code == 2
    assert "不能检查这种文件" in err and err.count("无法检查") == 3
    assert "共 3 个文件：0 个全部符合，0 个有不符合项，3 个无法读取。" in out


def test_a_good_file_is_still_reported_beside_a_bad_one(
        built_examples: dict[str, list[Path]], tmp_path: Path) -> None:
    pdf = next(p for p in built_examples["sanmenxia-2021-05"] if p.suffix == ".pdf")
    junk = tmp_path / "坏.pdf"
    junk.write_bytes(b"not a pdf")
    reports = checking.check([pdf, junk])
    assert reports[0].ok and reports[1].error
    assert checking.exit_status(reports) == 2


def test_pdf_decompression_bomb_is_refused(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    deflate = zlib.compressobj(1)
    zeros = b"0" * (16 * 1024 * 1024)
    stream = b"".join(deflate.compress(zeros) for _ in range(20)) + deflate.flush()  # 320 MB
    content = (b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
               b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
               b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"
               b" endobj\n4 0 obj << /Length " + str(len(stream)).encode()
               + b" /Filter /FlateDecode >> stream\n" + stream + b"\nendstream endobj\n"
               b"trailer << /Root 1 0 R >>\n%%EOF\n")
    path = tmp_path / "炸弹.pdf"
    path.write_bytes(content)
    assert path.stat().st_size < 2 * 1024 * 1024
    code, _, err = run_cli(["check", str(path)], capsys)
    assert code == 2 and "压缩炸弹" in err


def test_password_protected_and_legacy_word_files(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    magic = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    locked = tmp_path / "加密.docx"
    locked.write_bytes(magic + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64)
    legacy = tmp_path / "旧.docx"
    legacy.write_bytes(magic + b"\x00" * 1024)
    code, _, err = run_cli(["check", str(locked), str(legacy)], capsys)
    assert code == 2
    assert "设置了打开密码" in err and "另存为 .docx" in err
