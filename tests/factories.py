import factory
from factory.django import DjangoModelFactory

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.regions.models import Level, Region

PASSWORD = "test-pass-2020"


class CityFactory(DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"测试{n}市")
    level = Level.CITY


class CountyFactory(DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"测试{n}县")
    level = Level.COUNTY
    parent = factory.SubFactory(CityFactory)


class TownFactory(DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"测试{n}镇")
    level = Level.TOWN
    parent = factory.SubFactory(CountyFactory)


class VillageFactory(DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"测试{n}村")
    level = Level.VILLAGE
    parent = factory.SubFactory(TownFactory)
    is_poor_village = False


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.CITY_OFFICE
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        self.save()
        if create and extracted:
            self.regions.set(extracted)


def bulk_villages(town: Region, count: int, *, prefix: str = "批量", poor_every: int = 3):
    """Many villages at once (bulk_create skips save(), so set the ancestor keys here)."""
    villages = [
        Region(
            name=f"{prefix}{i}村",
            level=Level.VILLAGE,
            parent=town,
            city_id=town.city_id,
            county_id=town.county_id,
            town_id=town.pk,
            is_poor_village=(i % poor_every == 0),
        )
        for i in range(count)
    ]
    return Region.objects.bulk_create(villages, batch_size=2000)
