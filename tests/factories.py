"""factory_boy factories for tests. Synthetic people only."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from casetracker.models import Membership, Organization, User
from cases.models import Case, Country, Hearing, ImmigrationCourt, Language, Person
from detentions.models import Airport, Facility

PASSWORD = "test-password-123"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Test Organization {n}")
    slug = factory.Sequence(lambda n: f"test-org-{n}")
    case_prefix = factory.Sequence(lambda n: f"T{n:03d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.ADVOCATE


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "RU"
    alpha3 = "RUS"
    name = "Russian Federation"


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ("code",)

    code = "ru"
    name = "Russian"


class CourtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImmigrationCourt
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"C{n:02d}")
    name = factory.Sequence(lambda n: f"Test Immigration Court {n}")
    city = "Oakdale"
    state = "LA"
    time_zone = "America/Chicago"


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    code = factory.Sequence(lambda n: f"TESTF{n:03d}")
    name = factory.Sequence(lambda n: f"Test Detention Center {n}")
    kind = Facility.Kind.CONTRACT
    city = "Natchez"
    state = "MS"
    time_zone = "America/Chicago"


class AirportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Airport
        django_get_or_create = ("iata",)

    iata = "AEX"
    icao = "KAEX"
    name = "Alexandria International Airport"
    city = "Alexandria"
    country = "US"
    time_zone = "America/Chicago"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organization = factory.SubFactory(OrganizationFactory)
    family_name = factory.Sequence(lambda n: f"Testov{n}")
    given_names = "Ivan"
    native_name = factory.Sequence(lambda n: f"Иван Тестов{n}")
    date_of_birth = date(1990, 1, 1)
    sex = Person.Sex.MALE


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    person = factory.SubFactory(PersonFactory)
    organization = factory.SelfAttribute("person.organization")
    reference = factory.Sequence(lambda n: f"TEST-2026-{n:04d}")
    kind = Case.Kind.DEFENSIVE
    stage = Case.Stage.REMOVAL_PROCEEDINGS


class HearingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hearing

    case = factory.SubFactory(CaseFactory)
    kind = Hearing.Kind.MASTER
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    court = factory.SubFactory(CourtFactory)
