"""Forms of the advocates' pages: intake and the one-click actions on a case page.

Foreign keys with thousands of rows (facilities, flights, courts, countries,
languages) use the admin's autocomplete widget, which asks the related model's
admin (and so its scoping) for matches.
"""

import difflib
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casetracker.admin import colleagues, write_organizations
from casetracker.models import Membership, Organization, User
from detentions.models import Custody, Facility, Flight, Passenger

from .anumber import parse_anumber
from .models import Case, Country, Document, Hearing, ImmigrationCourt, Language, Note, Person
from .names import name_tokens
from .selectors import people_visible_to

TEXT_MAX = 10_000


class _OnlyValidChoices:
    """Re-rendering a bound form must not fail on a submitted value that is no key
    at all (Django's autocomplete widget looks the values up as they are)."""

    def optgroups(self, name, value, attr=None):
        related = self.field.remote_field
        target = related.model._meta.get_field(getattr(related, "field_name", None) or related.model._meta.pk.name)
        valid = []
        for item in value:
            if "\x00" in str(item):  # PostgreSQL refuses NUL in any string
                continue
            try:
                target.to_python(item)
            except ValidationError:
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class Autocomplete(_OnlyValidChoices, AutocompleteSelect):
    pass


class AutocompleteMultiple(_OnlyValidChoices, AutocompleteSelectMultiple):
    pass


def autocomplete(model, field_name: str, *, multiple: bool = False):
    widget = AutocompleteMultiple if multiple else Autocomplete
    return widget(model._meta.get_field(field_name), admin.site, attrs={"data-width": "100%"})


FIRST_YEAR, LAST_YEAR = 1900, 2100


def sensible_year(value) -> None:
    """Dates outside 1900-2100 are typos, and some would overflow time zone arithmetic."""
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="date_range",
        )


class DateField(forms.DateField):
    default_validators = [sensible_year]


class DateTimeField(forms.DateTimeField):
    default_validators = [sensible_year]


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def local_datetime(value: datetime | None, zone: str) -> datetime | None:
    """A naive date and time typed in a form, read in the given IANA zone."""
    if value is None:
        return None
    if timezone.is_aware(value):
        value = timezone.make_naive(value, timezone.get_current_timezone())
    return value.replace(tzinfo=ZoneInfo(zone))


def split_tags(text: str) -> list[str]:
    return [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]


# --- Intake ----------------------------------------------------------------------------


def _similar_tokens(mine: set[str], theirs: set[str]) -> bool:
    for a in mine:
        for b in theirs:
            if len(a) >= 3 and len(b) >= 3 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.85:
                return True
    return False


def similar_people(*, organization: Organization, user: User, names: list[str], date_of_birth) -> list[Person]:
    """Visible people of the organization born the same day whose family name is close
    to one of the new names, whatever script either was written in."""
    if not date_of_birth:
        return []
    mine = {token for name in names for token in name_tokens(name)}
    if not mine:
        return []
    candidates = people_visible_to(user).filter(organization=organization, date_of_birth=date_of_birth)
    found = []
    for person in candidates.order_by("pk")[:200]:
        family = {token for token in name_tokens(person.family_name)} | set(name_tokens(person.native_name))
        if _similar_tokens(mine, family):
            found.append(person)
    return found[:10]


class IntakeForm(forms.Form):
    """Person + case + current custody, with the case team, in one form."""

    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Organization"))
    # Person
    family_name = forms.CharField(label=_("Family name"), max_length=120, help_text=_("As on official documents, Latin script."))
    given_names = forms.CharField(label=_("Given names"), max_length=160, required=False)
    native_name = forms.CharField(
        label=_("Name in native script"), max_length=240, required=False, help_text=_("Full name, e.g. in Cyrillic.")
    )
    aliases = forms.CharField(
        label=_("Aliases"), max_length=500, required=False, help_text=_("Other spellings, separated by commas.")
    )
    a_number = forms.CharField(
        label=_("A-number"), max_length=20, required=False, help_text=_("Any form: A-123-456-789, 123456789, A 12 345 678.")
    )
    date_of_birth = DateField(label=_("Date of birth"), required=False, widget=date_input())
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Person.Sex.choices], required=False)
    citizenship = forms.ModelChoiceField(
        label=_("Citizenship"), queryset=Country.objects.all(), required=False, widget=autocomplete(Person, "citizenship")
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages"),
        queryset=Language.objects.all(),
        required=False,
        widget=autocomplete(Person, "languages", multiple=True),
    )
    preferred_language = forms.ModelChoiceField(
        label=_("Preferred language"),
        queryset=Language.objects.all(),
        required=False,
        widget=autocomplete(Person, "preferred_language"),
    )
    interpreter_needed = forms.BooleanField(label=_("Interpreter needed"), required=False)
    last_arrival_date = DateField(
        label=_("Last arrival in the US"), required=False, widget=date_input(), help_text=_("Starts the one-year filing clock.")
    )
    arrival_manner = forms.ChoiceField(
        label=_("How they arrived"), choices=[("", "—"), *Person.ArrivalManner.choices], required=False
    )
    arrival_place = forms.CharField(label=_("Port of entry or border sector"), max_length=120, required=False)
    vulnerabilities = forms.CharField(
        label=_("Vulnerabilities"), max_length=500, required=False, help_text=_("Tags separated by commas, e.g. desertion, lgbtq.")
    )
    # Case
    kind = forms.ChoiceField(label=_("Kind of case"), choices=Case.Kind.choices, initial=Case.Kind.DEFENSIVE)
    stage = forms.ChoiceField(label=_("Stage"), choices=Case.Stage.choices, initial=Case.Stage.INTAKE)
    court = forms.ModelChoiceField(
        label=_("Immigration court"), queryset=ImmigrationCourt.objects.all(), required=False, widget=autocomplete(Case, "court")
    )
    docket = forms.ChoiceField(label=_("Docket"), choices=Case.Docket.choices, initial=Case.Docket.DETAINED)
    representation = forms.ChoiceField(
        label=_("Representation"), choices=Case.Representation.choices, initial=Case.Representation.SEEKING
    )
    attorney = forms.ModelChoiceField(label=_("Attorney of record"), queryset=User.objects.none(), required=False)
    # Custody
    facility = forms.ModelChoiceField(
        label=_("Detained at"),
        queryset=Facility.objects.all(),
        required=False,
        widget=autocomplete(Custody, "facility"),
        help_text=_("Leave empty when the person is not detained."),
    )
    booked_in_on = DateField(label=_("Booked in on"), required=False, widget=date_input())
    # Team
    team = forms.ModelMultipleChoiceField(
        label=_("Case team"), queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    confirm_not_duplicate = forms.BooleanField(
        label=_("I checked: this is a different person"), required=False, widget=forms.CheckboxInput
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.anumber_duplicate: Person | None = None
        self.similar: list[Person] = []
        orgs = list(write_organizations(user)[:2])
        self.fields["organization"].queryset = write_organizations(user)
        self.only_organization = orgs[0] if len(orgs) == 1 else None
        if self.only_organization is not None:
            # One organization to write in: nothing to choose.
            self.fields["organization"].required = False
            self.fields["organization"].widget = forms.HiddenInput()
        people = colleagues(user).order_by("last_name", "first_name", "email")
        self.fields["team"].queryset = people
        lawyers = people.filter(memberships__role__in=[Membership.Role.LAWYER, Membership.Role.COORDINATOR])
        self.fields["attorney"].queryset = lawyers.distinct()
        self.fields["booked_in_on"].initial = timezone.localdate()

    def clean_organization(self) -> Organization | None:
        return self.cleaned_data.get("organization") or self.only_organization

    def clean_a_number(self) -> str:
        value = self.cleaned_data.get("a_number") or ""
        return parse_anumber(value) if value.strip() else ""

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise ValidationError(_("Date of birth cannot be in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("facility") and not cleaned.get("booked_in_on"):
            self.add_error("booked_in_on", _("Say when the person was booked in."))
        organization = cleaned.get("organization")
        if organization is None:
            return cleaned
        self._check_anumber(organization, cleaned.get("a_number"))
        if self.anumber_duplicate is None and not self.errors:
            names = [cleaned.get("family_name") or "", cleaned.get("native_name") or ""]
            self.similar = similar_people(
                organization=organization, user=self.user, names=names, date_of_birth=cleaned.get("date_of_birth")
            )
            if self.similar and not cleaned.get("confirm_not_duplicate"):
                raise ValidationError(
                    _("A person with a similar name and the same date of birth is already recorded. "
                      "Check the records below; if this is a different person, tick the box and save again."),
                    code="possible_duplicate",
                )
        return cleaned

    def _check_anumber(self, organization: Organization, a_number: str | None) -> None:
        if not a_number:
            return
        clash = Person.objects.filter(organization=organization, a_number=a_number).first()
        if clash is None:
            return
        visible = people_visible_to(self.user).filter(pk=clash.pk).first()
        self.anumber_duplicate = visible
        self.add_error(
            "a_number",
            ValidationError(
                _("This A-number is already recorded for another person: open that record instead."),
                code="duplicate_anumber",
            ),
        )

    def person_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = ("family_name", "given_names", "native_name", "a_number", "date_of_birth", "sex", "citizenship")
        fields = {name: data[name] for name in names}
        fields.update(
            preferred_language=data["preferred_language"],
            interpreter_needed=data["interpreter_needed"],
            last_arrival_date=data["last_arrival_date"],
            arrival_manner=data["arrival_manner"],
            arrival_place=data["arrival_place"],
            aliases=split_tags(data["aliases"]),
            vulnerabilities=split_tags(data["vulnerabilities"]),
            languages=list(data["languages"]),
        )
        return fields

    def case_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in ("kind", "stage", "court", "docket", "representation", "attorney")}


# --- Actions on a case page -------------------------------------------------------------


class TransferForm(forms.Form):
    to_facility = forms.ModelChoiceField(
        label=_("New facility"), queryset=Facility.objects.all(), widget=autocomplete(Custody, "facility")
    )
    on = DateField(label=_("Transferred on"), widget=date_input())


class ReleaseForm(forms.Form):
    on = DateField(label=_("Released on"), widget=date_input())
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[c for c in Custody.ReleaseReason.choices if c[0] != Custody.ReleaseReason.TRANSFERRED],
    )


class BookInForm(forms.Form):
    facility = forms.ModelChoiceField(
        label=_("Facility"), queryset=Facility.objects.all(), widget=autocomplete(Custody, "facility")
    )
    on = DateField(label=_("Booked in on"), widget=date_input())


class ManifestForm(forms.Form):
    flight = forms.ModelChoiceField(label=_("Flight"), queryset=Flight.objects.all(), widget=autocomplete(Passenger, "flight"))
    status = forms.ChoiceField(label=_("Status"), choices=Passenger.Status.choices, initial=Passenger.Status.ON_MANIFEST)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class HearingForm(forms.Form):
    """Record the result of a hearing and/or schedule the next one."""

    hearing = forms.ModelChoiceField(label=_("Hearing"), queryset=Hearing.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("Result status"),
        required=False,
        choices=[("", "—"), *[c for c in Hearing.Status.choices if c[0] != Hearing.Status.SCHEDULED]],
    )
    result = forms.CharField(label=_("Result"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    next_kind = forms.ChoiceField(label=_("Next hearing"), required=False, choices=[("", "—"), *Hearing.Kind.choices])
    next_starts_at = DateTimeField(
        label=_("Next hearing starts"),
        required=False,
        widget=datetime_input(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("In the court's local time."),
    )
    next_mode = forms.ChoiceField(label=_("Mode"), choices=Hearing.Mode.choices, initial=Hearing.Mode.IN_PERSON)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["hearing"].queryset = case.hearings.order_by("-starts_at")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("hearing") and not cleaned.get("status"):
            self.add_error("status", _("Say how the hearing ended."))
        if cleaned.get("status") and not cleaned.get("hearing"):
            self.add_error("hearing", _("Choose the hearing the result is for."))
        if cleaned.get("next_starts_at") and not cleaned.get("next_kind") and not cleaned.get("hearing"):
            self.add_error("next_kind", _("Say what kind of hearing comes next."))
        if not cleaned.get("hearing") and not cleaned.get("next_starts_at") and not self.errors:
            raise ValidationError(_("Record a result, schedule the next hearing, or both."))
        return cleaned


class NoteForm(forms.ModelForm):
    body = forms.CharField(label=_("Note"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Note
        fields = ("kind", "occurred_at", "body", "confidential")
        widgets = {"occurred_at": datetime_input()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["occurred_at"].validators.append(sensible_year)
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices, initial=Document.Kind.OTHER)
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        from django.conf import settings

        upload = self.cleaned_data["file"]
        if upload.size > settings.DOCUMENT_MAX_BYTES:
            limit = settings.DOCUMENT_MAX_BYTES // (1024 * 1024)
            raise ValidationError(_("The file is larger than the %(limit)s MB limit.") % {"limit": limit})
        return upload


def add_service_error(form: forms.Form, error: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError on the form field it names (or on the form)."""
    rename = rename or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = rename.get(name, name)
        form.add_error(field if field in form.fields else None, errors)

