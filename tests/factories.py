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
