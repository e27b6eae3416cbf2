"""The managed lists' first entries: the source levels of seeds 002/003 (with
seed 003's 6:3:0.5:0.5 split of the 2万元 standard over 省, 对口帮扶市, 市 and
县本级) and the project kinds of seed 002. The city office edits them later."""

from decimal import Decimal

from django.db import migrations

SOURCES = [
    ("中央", None),
    ("省", Decimal("0.600")),
    ("对口帮扶市", Decimal("0.300")),
    ("市", Decimal("0.050")),
    ("县本级", Decimal("0.050")),
    ("镇", None),
    ("社会帮扶", None),
]
KINDS = ["镇级特色产业", "村级特色产业", "一村一品", "扶贫车间", "光伏", "基础设施", "到户", "其他"]


def seed(apps, schema_editor):
    FundSource = apps.get_model("funds", "FundSource")
    ProjectKind = apps.get_model("funds", "ProjectKind")
    for order, (name, share) in enumerate(SOURCES, start=1):
        FundSource.objects.get_or_create(name=name, defaults={"order": order, "share": share})
    for order, name in enumerate(KINDS, start=1):
        ProjectKind.objects.get_or_create(name=name, defaults={"order": order})


def unseed(apps, schema_editor):
    apps.get_model("funds", "FundSource").objects.filter(name__in=[n for n, _ in SOURCES]).delete()
    apps.get_model("funds", "ProjectKind").objects.filter(name__in=KINDS).delete()


class Migration(migrations.Migration):
    dependencies = [("funds", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
