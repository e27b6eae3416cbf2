"""Each case keeps a copy of its household's village (the monitoring list of
a county reads it through its own index); existing cases get theirs."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_villages(apps, schema_editor):
    Household = apps.get_model("households", "Household")
    MonitoringCase = apps.get_model("monitoring", "MonitoringCase")
    village = Household.objects.filter(pk=OuterRef("household_id")).values("village_id")[:1]
    MonitoringCase.objects.update(village_id=Subquery(village))


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_initial"),
        ("regions", "0003_kind_active"),
    ]

    operations = [
        migrations.AddField(
            model_name="monitoringcase",
            name="village",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="regions.region",
                verbose_name="village",
            ),
        ),
        migrations.RunPython(copy_villages, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="monitoringcase",
            name="village",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="regions.region",
                verbose_name="village",
            ),
        ),
    ]
