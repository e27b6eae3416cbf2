"""Issue 15.8: a PDF/HTML polyglot and a DOCX zip bomb are refused, each with
the file and the reason named; real files of every kind still pass."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.evidence.validators import check_upload
from apps.inspections.models import Evidence

from .test_uploads import docx_bytes, file, upload, xlsx_bytes

REAL_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile(name, content))
    return " ".join(refused.value.messages)


def polyglot_pdf() -> bytes:
    """A PDF header followed by a web page: a browser sniffing it runs the script."""
    return b"%PDF-1.4\n<HTML><body><SCRIPT>alert(document.cookie)</SCRIPT></body></HTML>\n"


def docx_bomb(tmp_path, unpacked_mb: int) -> bytes:
    """A valid .docx package whose one extra part unpacks to ``unpacked_mb`` MB
    of zeros (a few dozen KB packed), built on disk so memory stays small."""
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
        with package.open("word/media/zeros.bin", "w") as part:
            zeros = b"\0" * (1024 * 1024)
            for _ in range(unpacked_mb):
                part.write(zeros)
    return path.read_bytes()


def test_a_pdf_html_polyglot_is_refused_naming_the_file_and_the_marker():
    message = refusal("整改报告.pdf", polyglot_pdf())
    assert "整改报告.pdf" in message
    assert "网页代码" in message and "<script" in message
    assert "%%EOF" in message  # and it is no complete PDF either: both reasons at once


@pytest.mark.parametrize("marker", [b"<script", b"<Html", b"JavaScript:"])
def test_a_pdf_ending_properly_with_a_script_marker_anywhere_is_refused(marker):
    # The marker straddles the scan's 64 KB chunk boundary.
    content = REAL_PDF[:20] + b"x" * (64 * 1024 - 23) + marker + b"(1)\n" + REAL_PDF[20:]
    assert marker.decode().lower() in refusal("扫描件.pdf", content)


def test_a_pdf_without_its_end_marker_is_refused():
    message = refusal("扫描件.pdf", REAL_PDF.replace(b"%%EOF", b""))
    assert "扫描件.pdf不是完整的PDF文件" in message


def test_a_real_pdf_with_trailing_whitespace_is_accepted():
    kind = check_upload(SimpleUploadedFile("扫描件.pdf", REAL_PDF + b"\r\n \n"))
    assert kind.content_type == "application/pdf"


def test_a_docx_zip_bomb_is_refused_by_its_unpacked_size(tmp_path, settings):
    settings.EVIDENCE_MAX_UNCOMPRESSED_BYTES = 8 * 1024 * 1024
    settings.EVIDENCE_MAX_COMPRESSION_RATIO = 10_000  # only the size counts here
    message = refusal("说明.docx", docx_bomb(tmp_path, 9))
    assert "说明.docx解压后为9 MB，超过允许的8 MB" in message


def test_a_docx_zip_bomb_is_refused_by_its_compression_ratio(tmp_path):
    message = refusal("说明.docx", docx_bomb(tmp_path, 20))
    assert "说明.docx的压缩比" in message and "超过真实文档" in message


def test_an_xlsx_bomb_is_refused_too(tmp_path, settings):
    settings.EVIDENCE_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>" + " " * 2 * 1024 * 1024)
    assert "台账.xlsx解压后为2 MB" in refusal("台账.xlsx", buffer.getvalue())


def test_real_office_files_pass_the_size_checks():
    assert check_upload(SimpleUploadedFile("台账.xlsx", xlsx_bytes())).office_part
    assert check_upload(SimpleUploadedFile("说明.docx", docx_bytes())).office_part


def test_every_refused_file_of_one_upload_is_named_and_none_is_stored(
    login, make_finding, tmp_path
):
    finding = make_finding()
    response = upload(
        login("wuchuan"),
        finding,
        file("整改报告.pdf", polyglot_pdf()),
        file("说明.docx", docx_bomb(tmp_path, 20)),
        file("好的.pdf", REAL_PDF),
    )
    page = response.content.decode()
    assert "整改报告.pdf包含网页代码" in page
    assert "说明.docx的压缩比" in page
    assert not Evidence.objects.filter(finding=finding).exists()
