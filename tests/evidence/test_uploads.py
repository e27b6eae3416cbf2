"""Evidence uploads through the finding page: checked by content, not only by
name, and limited in size."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from apps.inspections.models import Evidence

NOT_REALLY = "不是真正的"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "JPEG")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def plain_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("payload.html", "<script>alert(1)</script>")
    return buffer.getvalue()


def upload(client, finding, *files, follow=True):
    return client.post(
        reverse("inspections:evidence_upload", args=[finding.pk]),
        {"evidence": list(files)},
        follow=follow,
    )


def file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("照片.png", png_bytes(), "image/png"),
        ("照片.jpg", jpeg_bytes(), "image/jpeg"),
        (
            "台账.xlsx",
            xlsx_bytes(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "说明.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_real_files_are_accepted_and_served_as_their_kind(
    login, make_finding, name, content, content_type
):
    finding = make_finding()
    client = login("wuchuan")
    response = upload(client, finding, file(name, content))
    assert "佐证材料已上传" in response.content.decode()
    evidence = Evidence.objects.get(finding=finding)
    assert evidence.content_type == content_type
    download = client.get(reverse("inspections:evidence_download", args=[evidence.pk]))
    assert download["Content-Type"] == content_type
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("截图.png", b"\x89PNG\r\n\x1a\n" + b"<html><script>alert(1)</script></html>"),
        ("截图.png", jpeg_bytes()),  # a JPEG under a PNG name
        ("照片.jpg", b"\xff\xd8\xff<script>alert(1)</script>"),
        ("台账.xlsx", docx_bytes()),  # a Word document under an Excel name
        ("说明.docx", xlsx_bytes()),
        ("说明.docx", plain_zip_bytes()),  # any ZIP renamed
        ("台账.xlsx", b"PK\x03\x04 truncated"),
    ],
)
def test_files_whose_content_is_not_their_kind_are_refused(login, make_finding, name, content):
    finding = make_finding()
    response = upload(login("wuchuan"), finding, file(name, content))
    assert NOT_REALLY in response.content.decode()
    assert not Evidence.objects.filter(finding=finding).exists()


def test_a_file_over_the_limit_is_refused_with_the_limit_named(login, make_finding, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    finding = make_finding()
    big = file("扫描件.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024))
    response = upload(login("wuchuan"), finding, big)
    assert "扫描件.pdf大于1 MB" in response.content.decode()
    assert not Evidence.objects.filter(finding=finding).exists()


def test_a_request_too_large_for_any_valid_upload_is_refused_before_reading(
    login, make_finding, settings
):
    settings.EVIDENCE_MAX_BYTES = 1024
    settings.EVIDENCE_MAX_FILES = 2
    settings.HOUSEHOLD_UPLOAD_MAX_BYTES = 0  # so nothing over 2 KB + 1 MB is read
    finding = make_finding()
    huge = file("扫描件.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 4096))
    response = upload(login("wuchuan"), finding, huge, follow=False)
    assert response.status_code == 400
    assert not Evidence.objects.filter(finding=finding).exists()


def test_more_files_than_allowed_in_one_request_are_refused(login, make_finding, settings):
    finding = make_finding()
    files = [
        file(f"{n}.png", png_bytes()) for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    ]
    response = upload(login("wuchuan"), finding, *files, follow=False)
    assert response.status_code == 400
    assert not Evidence.objects.filter(finding=finding).exists()


def test_the_history_shows_a_file_by_name_and_addresses_only_to_the_city_office(
    login, make_finding
):
    finding = make_finding()
    client = login("wuchuan")
    upload(client, finding, file("照片.png", png_bytes()))
    page = client.get(reverse("inspections:finding_detail", args=[finding.pk])).content.decode()
    history = page[page.index("audit-history") :]
    assert "照片.png" in history
    assert "image/png" not in history and "字节" not in history  # no storage details
    assert '<th scope="col">IP</th>' not in history  # county staff: no addresses
    city = login("city").get(reverse("inspections:finding_detail", args=[finding.pk]))
    assert '<th scope="col">IP</th>' in city.content.decode()
