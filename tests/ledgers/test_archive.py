"""The zip a provincial inspection asks for: a region's evidence arranged by
the template's tree, streamed."""

import io
import zipfile

from django.urls import reverse

from apps.ledgers import selectors
from apps.ledgers.archive import stream_zip
from apps.ledgers.models import LedgerEvidence

from .conftest import PDF, county_named


def _zip(response) -> zipfile.ZipFile:
    assert response.streaming and response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_zip_tree_matches_the_template(login, template):
    machang = county_named("麻章区")
    archive = _zip(login("city").get(reverse("ledgers:archive", args=[template.pk, machang.pk])))
    tree = selectors.tree(template)
    folders = {n for n in archive.namelist() if n.endswith("/")}
    assert folders == {"/".join(t.folders) + "/" for t in tree}
    assert "三、工作落实/4.相对贫困村退出十项指标佐证/(1)相对贫困人口全部达到退出标准/" in folders
    files = [n for n in archive.namelist() if not n.endswith("/")]
    assert len(files) == LedgerEvidence.objects.filter(entry__region__county=machang).count() == 30
    leaves = {"/".join(t.folders): t for t in tree if t.leaf}
    for name in files:
        folder, region, _file = name.rsplit("/", 2)
        assert folder in leaves, name
        assert region.startswith(("麻章区", "湖光镇"))
    assert (
        "一、扶贫责任/1.三级书记遍访贫困对象台账/麻章区/麻章区三级书记遍访贫困对象台账.pdf" in files
    )
    village = [n for n in files if "/2.饮用水水质检测报告/" in n]
    assert {n.split("/")[2] for n in village} == {"湖光镇赤坎村", "湖光镇金兴村"}
    assert archive.read(files[0]).startswith(b"%PDF-")


def test_a_village_archive_holds_only_its_own_files(login, template):
    from apps.regions.models import Region

    village = Region.objects.get(level="village", name="赤坎村", county__name="麻章区")
    archive = _zip(login("city").get(reverse("ledgers:archive", args=[template.pk, village.pk])))
    files = [n for n in archive.namelist() if not n.endswith("/")]
    assert files and all("/湖光镇赤坎村/" in n for n in files)


def test_county_staff_get_no_other_county_archive(login, template):
    url = reverse("ledgers:archive", args=[template.pk, county_named("麻章区").pk])
    assert login("wuchuan").get(url).status_code == 404


def test_same_names_in_one_folder_are_kept_apart():
    members = [(("一、扶贫责任",), "照片.pdf", lambda: io.BytesIO(PDF)) for _ in range(3)]
    data = b"".join(stream_zip([("一、扶贫责任",)], members))
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names == [
        "一、扶贫责任/",
        "一、扶贫责任/照片.pdf",
        "一、扶贫责任/照片(2).pdf",
        "一、扶贫责任/照片(3).pdf",
    ]


def test_the_zip_is_sent_in_pieces_never_whole():
    big = b"%PDF-" + b"x" * (1024 * 1024)
    members = [((f"{n}",), "a.pdf", lambda: io.BytesIO(big)) for n in range(3)]
    pieces = list(stream_zip([], members))
    assert max(len(p) for p in pieces) <= 64 * 1024 + 1024
    assert zipfile.ZipFile(io.BytesIO(b"".join(pieces))).testzip() is None
