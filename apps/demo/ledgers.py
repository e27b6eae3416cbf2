"""The demo's assessment ledger (考核台账) for the Zhanjiang 2020 assessment.

The items follow seed 000's headings (核查的主要内容: 扶贫责任, 政策和工作落实,
资金资产管理, 工作衔接) and the problems it lists (一)–(十), each citing where it
comes from; the ten exit indicators of a poor village (贫困村退出十项指标) are
not listed by the seeds — the ten names below are the demo's choice. Entries
follow seed 000 (八): 麻章区 keeps every required item complete (each with a
small PDF), the other counties are partly complete.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from openpyxl import Workbook

from apps.accounts.models import User
from apps.audit.context import acting_as
from apps.core.excel import XLSX_CONTENT_TYPE, safe_cell, workbook_bytes
from apps.inspections.models import Campaign, SampledRegion
from apps.ledgers.models import EntryStatus, LedgerItem, LedgerTemplate
from apps.ledgers.selectors import applies_to, leaf_items, tree
from apps.ledgers.services import ItemSpec, do_create_template, do_fill_entry, do_set_items
from apps.regions.models import Level, Region
from apps.scorecards.models import ScoringScheme

TITLE = "湛江市2020年扶贫开发工作成效考核台账目录"
COMPLETE_COUNTY = "麻章区"  # seed 000 (八): the only county keeping its archives to the rules
PUBLICITY_COUNTY = "坡头区"  # seed 000 (九): the only one with a publicity work plan

# The demo's choice: the seeds name "相对贫困村退出的十项指标" without listing them.
EXIT_INDICATORS = [
    "相对贫困人口全部达到退出标准",
    "村集体经济收入达到全省平均水平",
    "通村道路硬底化",
    "集中供水和饮水安全",
    "生活用电和电网改造",
    "广播电视和互联网覆盖",
    "村卫生站标准化建设",
    "村综合性文化服务中心",
    "危房改造全部完成",
    "村“两委”班子和村务公开",
]

PDF_IMAGE = ("pdf", "image")


def _items() -> list[ItemSpec]:
    s = ItemSpec
    items = [
        s("1", "扶贫责任", "county", indicator_name="扶贫责任"),
        s("1.1", "三级书记遍访贫困对象台账", "county", "1", indicator_name="扶贫责任"),
        s("1.2", "扶贫档案管理归档资料", "county", "1", indicator_name="扶贫责任"),  # (八)
        s("1.3", "扶贫宣传总结工作方案及佐证", "county", "1", ("pdf", "word", "image")),  # (九)
        s("2", "政策落实", "town", indicator_name="政策落实"),
        s("2.1", "医疗救助、基本医疗和大病保险落实台账", "town", "2", ("pdf", "excel")),  # (四)
        s("2.2", "饮用水水质检测报告", "village", "2", PDF_IMAGE),  # (四)
        s("2.3", "住房安全保障佐证（危房改造验收）", "household", "2", PDF_IMAGE),  # (十)
        s("2.4", "低保、残疾人补贴、教育补贴银行流水", "household", "2", PDF_IMAGE),  # (十)
        s("3", "工作落实", "village", indicator_name="工作落实"),
        s("3.1", "扶贫信息系统数据排查记录", "county", "3", ("excel", "pdf")),  # (二)
        s("3.2", "防止返贫监测对象名单及帮扶台账", "town", "3", ("excel", "pdf")),  # (三)
        s("3.3", "就业扶贫一人一案跟踪帮扶台账", "village", "3", ("excel", "pdf")),  # 下一步(四)
        s("3.4", "相对贫困村退出十项指标佐证", "village", "3", poor_only=True),  # (一)
        *[
            s(f"3.4.{n}", name, "village", "3.4", PDF_IMAGE, poor_only=True)
            for n, name in enumerate(EXIT_INDICATORS, start=1)
        ],
        s("3.5", "镇级向县级申请贫困村退出的程序文件", "town", "3", ("pdf",)),  # (一)
        s("4", "资金资产管理", "county", indicator_name="资金资产管理"),
        s("4.1", "扶贫资金拨付使用台账", "county", "4", ("excel", "pdf")),  # 下一步(五)
        s("4.2", "扶贫资产运营机制、收益分配方案和管理办法", "county", "4", ("pdf", "word")),
        s("4.3", "扶贫小额信贷逾期清收台账", "county", "4", ("excel",)),  # (六)
        s("5", "工作衔接", "county", indicator_name="工作衔接"),
        s("5.1", "消费扶贫“三专”建设台账", "county", "5", PDF_IMAGE),  # (七)
        s("5.2", "消费扶贫活动记录", "town", "5", PDF_IMAGE, required=False),  # (七)三
    ]
    return items


def _evidence(item: LedgerItem, name: str) -> SimpleUploadedFile:
    """A small PDF, or a one-sheet workbook where the item takes only Excel."""
    if "pdf" in item.kinds:
        return _pdf(name)
    workbook = Workbook()
    workbook.active.append([safe_cell(name)])
    return SimpleUploadedFile(f"{name}.xlsx", workbook_bytes(workbook), XLSX_CONTENT_TYPE)


def _pdf(name: str) -> SimpleUploadedFile:
    body = f"%PDF-1.4\n% {name}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()
    return SimpleUploadedFile(f"{name}.pdf", body, "application/pdf")


def _status_elsewhere(item: LedgerItem, region: Region, position: int) -> str | None:
    """A fixed mix for the other counties: two in five complete, one partial."""
    if item.code == "1.3":
        return EntryStatus.COMPLETE if region.name == PUBLICITY_COUNTY else None
    if item.code == "1.2":  # seed 000 (八): archives lag everywhere but 麻章区
        return EntryStatus.PARTIAL if position % 2 else None
    return {0: EntryStatus.COMPLETE, 1: EntryStatus.PARTIAL, 3: EntryStatus.COMPLETE}.get(
        position % 5
    )


@transaction.atomic
def load_ledger_demo() -> int:
    """Load the ledger once; a second call changes nothing."""
    if LedgerTemplate.objects.filter(title=TITLE).exists():
        return 0
    campaign = Campaign.objects.filter(slug="zhanjiang-2020").first()
    scheme = ScoringScheme.objects.filter(campaign=campaign, level=Level.COUNTY).first()
    if campaign is None:
        return 0
    city_office = User.objects.get(username="city")
    with acting_as(city_office):
        template = do_create_template(
            user=city_office,
            title=TITLE,
            year=2020,
            period="2020年度",
            campaign=campaign,
            scheme=scheme,
        )
        do_set_items(user=city_office, template=template, items=_items())
        _fill(city_office, template, campaign)
    return 1


def _fill(user, template: LedgerTemplate, campaign: Campaign) -> None:
    """Entries for the counties and the towns and villages of the campaign's
    sample (on the seed tree: every region; on the official tree, seed 000's)."""
    leaves = [t.item for t in leaf_items(tree(template))]
    sampled = SampledRegion.objects.filter(draw_id=campaign.current_draw_id).values("region_id")
    regions = list(
        Region.objects.filter(Q(level=Level.COUNTY) | Q(pk__in=sampled))
        .select_related("county")
        .order_by("code", "pk")
    )
    position = 0
    for item in leaves:
        for region in regions:
            if not applies_to(item, region):
                continue
            position += 1
            if region.county.name == COMPLETE_COUNTY:
                do_fill_entry(
                    user=user,
                    item=item,
                    region=region,
                    status=EntryStatus.COMPLETE,
                    note="已按《湛江市精准扶贫档案整理工作实施细则（暂行）》归档",
                    evidence_files=[_evidence(item, f"{region.name}{item.title}")],
                )
                continue
            status = _status_elsewhere(item, region, position)
            if status is not None:
                do_fill_entry(user=user, item=item, region=region, status=status)
