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


# --- One factory per admin-listed model (the list-page query-count tests use them) ---


class CaseAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.CaseAssignment"

    case = factory.SubFactory(CaseFactory)
    user = factory.SubFactory(UserFactory)
    role = "attorney"


class DeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Deadline"

    case = factory.SubFactory(CaseFactory)
    kind = "Evidence packet to court"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Note"

    case = factory.SubFactory(CaseFactory)
    author = factory.SubFactory(UserFactory)
    body = "Called the family."


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Document"

    case = factory.SubFactory(CaseFactory)
    title = factory.Sequence(lambda n: f"Statement {n}")
    file = factory.Sequence(lambda n: f"documents/test-{n}.pdf")
    content_type = "application/pdf"
    size = 1
    sha256 = "0" * 64
    uploaded_by = factory.SubFactory(UserFactory)


class LitigationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Litigation"

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Doe {n} v. Noem")
    federal_court = "U.S. District Court, S.D. Mississippi"


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Delivery"

    recipient = factory.SubFactory(UserFactory)
    case = factory.SubFactory(CaseFactory)
    kind = "hearing_reminder"
    object_key = factory.Sequence(lambda n: f"hearing:{n}")
    scheduled_for = factory.LazyFunction(timezone.now)


class CustodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "detentions.Custody"

    person = factory.SubFactory(PersonFactory)
    facility = factory.SubFactory(FacilityFactory)
    booked_in_on = date(2025, 11, 3)


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "detentions.Incident"

    person = factory.SubFactory(PersonFactory)
    kind = "medical"
    occurred_on = date(2026, 1, 5)
    description = "Fever"


class FlightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "detentions.Flight"

    flight_date = date(2026, 3, 20)
    carrier = "Charter"
    flight_number = factory.Sequence(lambda n: f"CH{n:04d}")


class PassengerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "detentions.Passenger"

    flight = factory.SubFactory(FlightFactory)
    person = factory.SubFactory(PersonFactory)
