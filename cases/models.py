"""People, their asylum cases, hearings, deadlines, notes, documents and litigation."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from casetracker.models import Organization

from .anumber import format_anumber
from .names import search_key


class Country(models.Model):
    """ISO 3166-1 country (loaded from pycountry)."""

    code = models.CharField(max_length=2, primary_key=True, help_text="ISO 3166-1 alpha-2.")
    alpha3 = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    """ISO 639 language (loaded from pycountry); code is 639-1 where one exists, else 639-3."""

    code = models.CharField(max_length=3, primary_key=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImmigrationCourt(models.Model):
    """An EOIR immigration court (base city), with the time zone its hearings are held in."""

    code = models.CharField(max_length=8, unique=True, help_text="EOIR base city code.")
    name = models.CharField(max_length=120)
    address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=80, blank=True)
    state = models.CharField(max_length=2, blank=True)
    zip_code = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    region = models.CharField(max_length=40, blank=True)
    time_zone = models.CharField(max_length=64, help_text="IANA time zone of the court.")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """An asylum seeker, as one organization knows them."""

    class Sex(models.TextChoices):
        FEMALE = "F", "Female"
        MALE = "M", "Male"
        OTHER = "X", "Other / not stated"

    class EnglishProficiency(models.TextChoices):
        NONE = "none", "None"
        BASIC = "basic", "Basic"
        CONVERSATIONAL = "conversational", "Conversational"
        FLUENT = "fluent", "Fluent"

    class ArrivalManner(models.TextChoices):
        PORT_OF_ENTRY = "port", "At a port of entry"
        BETWEEN_PORTS = "between_ports", "Between ports of entry"
        CBP_ONE = "cbp_one", "CBP One appointment"
        VISA = "visa", "With a visa"
        PAROLE = "parole", "Parole"
        OTHER = "other", "Other / unknown"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="people")
    family_name = models.CharField(max_length=120, help_text="As on official documents, Latin script.")
    given_names = models.CharField(max_length=160, blank=True, help_text="As on official documents, Latin script.")
    native_name = models.CharField(max_length=240, blank=True, help_text="Full name in native script, e.g. Cyrillic.")
    aliases = models.JSONField(default=list, blank=True, help_text="Other spellings and names used.")
    search_key = models.TextField(
        editable=False,
        db_index=True,
        help_text="Every name, transliterated to Latin, folded; maintained on save.",
    )
    a_number = models.CharField(
        "A-number", max_length=9, blank=True, help_text="Alien Registration Number, stored as 9 digits."
    )
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    citizenship = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="citizens"
    )
    country_of_birth = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    languages = models.ManyToManyField(Language, blank=True, related_name="speakers")
    preferred_language = models.ForeignKey(
        Language, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    english_proficiency = models.CharField(max_length=16, choices=EnglishProficiency.choices, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    contact_notes = models.TextField(blank=True, help_text="Relatives, how to reach the person in detention.")
    last_arrival_date = models.DateField(null=True, blank=True, help_text="Starts the one-year filing clock.")
    arrival_place = models.CharField(max_length=120, blank=True, help_text="Port of entry or border sector.")
    arrival_manner = models.CharField(max_length=16, choices=ArrivalManner.choices, blank=True)
    vulnerabilities = models.JSONField(
        default=list, blank=True, help_text="Risk factor tags, e.g. desertion, extremism-charge, lgbtq."
    )
    vulnerability_notes = models.TextField(blank=True)
    archived_at = models.DateTimeField(null=True, blank=True, help_text="Archived instead of deleted.")
    version = models.PositiveIntegerField(default=1, help_text="Optimistic-locking counter.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_names"]
        verbose_name_plural = "people"
        # The people list's order, so its first page is read off an index, not a sort.
        indexes = [models.Index(fields=["family_name", "given_names", "id"], name="person_name_order_idx")]
        constraints = [
            # A-numbers are unique within an organization's records. Not across
            # organizations: a clash would tell one organization that another tracks
            # this person.
            models.UniqueConstraint(
                fields=["organization", "a_number"],
                condition=~Q(a_number=""),
                name="person_org_anumber_unique",
            ),
            models.CheckConstraint(
                condition=Q(a_number="") | Q(a_number__regex=r"^[0-9]{9}$"),
                name="person_anumber_nine_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.family_name.upper()}, {self.given_names}".strip(", ")

    @property
    def a_number_display(self) -> str:
        return format_anumber(self.a_number) if self.a_number else ""

    def all_names(self) -> list[str]:
        return [self.family_name, self.given_names, self.native_name, *(self.aliases or [])]

    def save(self, *args, **kwargs) -> None:
        self.search_key = search_key(*self.all_names())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            raise ValidationError({"date_of_birth": "Date of birth cannot be in the future."})
        if self.last_arrival_date and self.date_of_birth and self.last_arrival_date < self.date_of_birth:
            raise ValidationError({"last_arrival_date": "Arrival cannot be before the date of birth."})


class PersonRelationship(models.Model):
    """A family tie, stored in both directions so separated families are visible."""

    class Kind(models.TextChoices):
        SPOUSE = "spouse", "Spouse"
        PARTNER = "partner", "Partner"
        PARENT = "parent", "Parent of"
        CHILD = "child", "Child of"
        SIBLING = "sibling", "Sibling"

    INVERSE = {"spouse": "spouse", "partner": "partner", "parent": "child", "child": "parent", "sibling": "sibling"}

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "relative"], name="relationship_pair_unique"),
            models.CheckConstraint(condition=~Q(person=models.F("relative")), name="relationship_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_kind_display()} — {self.relative}"


class Case(models.Model):
    """One immigration matter of one person, owned by one organization."""

    class Kind(models.TextChoices):
        AFFIRMATIVE = "affirmative", "Affirmative asylum (USCIS)"
        DEFENSIVE = "defensive", "Defensive asylum (immigration court)"
        WITHHOLDING_ONLY = "withholding_only", "Withholding only"
        CAT = "cat", "Convention Against Torture"
        CREDIBLE_FEAR = "credible_fear", "Credible-fear review"
        BOND_PAROLE = "bond_parole", "Bond / parole"
        HABEAS = "habeas", "Habeas / federal litigation"

    class Stage(models.TextChoices):
        INTAKE = "intake", "Intake"
        CREDIBLE_FEAR = "credible_fear", "Credible fear"
        REMOVAL_PROCEEDINGS = "removal_proceedings", "Removal proceedings"
        INDIVIDUAL_HEARING = "individual_hearing", "Individual hearing"
        DECISION = "decision", "Decision"
        BIA_APPEAL = "bia_appeal", "BIA appeal"
        FEDERAL_COURT = "federal_court", "Federal court"
        CLOSED = "closed", "Closed"

    class Outcome(models.TextChoices):
        ASYLUM_GRANTED = "asylum_granted", "Asylum granted"
        WITHHOLDING_GRANTED = "withholding_granted", "Withholding granted"
        CAT_PROTECTION = "cat_protection", "CAT protection"
        DENIED = "denied", "Denied"
        DISMISSED = "dismissed", "Dismissed"
        TERMINATED = "terminated", "Terminated"
        ADMIN_CLOSED = "admin_closed", "Administratively closed"
        WITHDRAWN = "withdrawn", "Withdrawn"
        REMOVED = "removed", "Removed"
        VOLUNTARY_DEPARTURE = "voluntary_departure", "Voluntary departure"

    class Docket(models.TextChoices):
        DETAINED = "detained", "Detained"
        NON_DETAINED = "non_detained", "Non-detained"

    class Representation(models.TextChoices):
        REPRESENTED = "represented", "Represented"
        PRO_SE = "pro_se", "Pro se"
        SEEKING = "seeking", "Seeking counsel"

    class CredibleFearResult(models.TextChoices):
        POSITIVE = "positive", "Positive"
        NEGATIVE = "negative", "Negative"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="cases")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(max_length=24, unique=True, editable=False, help_text="e.g. RADR-2025-0042.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DEFENSIVE)
    stage = models.CharField(max_length=24, choices=Stage.choices, default=Stage.INTAKE)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    protected_grounds = models.JSONField(
        default=list, blank=True, help_text="race, religion, nationality, political_opinion, social_group."
    )
    claim_basis = models.JSONField(default=list, blank=True, help_text="Tags, e.g. conscription-evasion, desertion.")
    court = models.ForeignKey(
        ImmigrationCourt, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    judge = models.CharField(max_length=120, blank=True)
    docket = models.CharField(max_length=16, choices=Docket.choices, default=Docket.DETAINED)
    shared_with = models.ManyToManyField(
        Organization, blank=True, related_name="shared_cases", help_text="Other organizations that may see it."
    )

    # Representation
    representation = models.CharField(max_length=16, choices=Representation.choices, default=Representation.SEEKING)
    attorney = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_of_record",
        help_text="Attorney of record, when a user of this instance.",
    )
    external_attorney_name = models.CharField(max_length=120, blank=True)
    external_attorney_firm = models.CharField(max_length=120, blank=True)
    external_attorney_contact = models.CharField(max_length=200, blank=True)
    eoir28_filed_on = models.DateField("EOIR-28 / G-28 filed", null=True, blank=True)

    # Key events
    credible_fear_interview_on = models.DateField(null=True, blank=True)
    credible_fear_result = models.CharField(max_length=16, choices=CredibleFearResult.choices, blank=True)
    ij_review_requested_on = models.DateField("IJ review of negative CF requested", null=True, blank=True)
    nta_served_on = models.DateField("NTA served", null=True, blank=True)
    i589_filed_on = models.DateField("I-589 filed", null=True, blank=True)
    ij_decision_on = models.DateField("IJ decision", null=True, blank=True)
    removal_ordered_on = models.DateField("Removal order", null=True, blank=True)
    final_order_on = models.DateField("Final order", null=True, blank=True)
    appeal_filed_on = models.DateField("BIA appeal filed", null=True, blank=True)
    bia_decision_on = models.DateField("BIA decision", null=True, blank=True)
    petition_for_review_filed_on = models.DateField("Petition for review filed", null=True, blank=True)
    bond_requested_on = models.DateField(null=True, blank=True)
    bond_set_on = models.DateField(null=True, blank=True)
    bond_amount_usd = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    bond_posted_on = models.DateField(null=True, blank=True)
    parole_requested_on = models.DateField(null=True, blank=True)
    parole_granted_on = models.DateField(null=True, blank=True)
    stay_requested_on = models.DateField("Stay of removal requested", null=True, blank=True)
    stay_granted_on = models.DateField("Stay of removal granted", null=True, blank=True)

    opened_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True, help_text="Archived instead of deleted.")
    version = models.PositiveIntegerField(default=1, help_text="Optimistic-locking counter.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "stage"], name="case_org_stage_idx"),
            # The case list's order (Meta.ordering), so its first page is read off an index.
            models.Index(fields=["-opened_on", "-id"], name="case_opened_order_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(bond_amount_usd__isnull=True) | Q(bond_amount_usd__gte=0),
                name="case_bond_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_represented(self) -> bool:
        return self.representation == self.Representation.REPRESENTED

    def clean(self) -> None:
        errors = {}
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = "A case cannot close before it opened."
        if self.bond_amount_usd is not None and self.bond_amount_usd < 0:
            errors["bond_amount_usd"] = "A bond amount cannot be negative."
        if self.appeal_filed_on and self.ij_decision_on and self.appeal_filed_on < self.ij_decision_on:
            errors["appeal_filed_on"] = "An appeal cannot be filed before the IJ decision."
        if self.bia_decision_on and self.appeal_filed_on and self.bia_decision_on < self.appeal_filed_on:
            errors["bia_decision_on"] = "The BIA cannot decide before the appeal was filed."
        if self.person_id and self.organization_id and self.person.organization_id != self.organization_id:
            errors["person"] = "The person belongs to another organization."
        if errors:
            raise ValidationError(errors)


class CaseAssignment(models.Model):
    """A user on a case's team. Lawyers and viewers see only cases they are assigned to."""

    class Role(models.TextChoices):
        ATTORNEY = "attorney", "Attorney"
        ADVOCATE = "advocate", "Advocate"
        INTERPRETER = "interpreter", "Interpreter"
        OBSERVER = "observer", "Observer"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_assignments")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.ADVOCATE)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="assignment_case_user_unique")]

    def __str__(self) -> str:
        return f"{self.user} on {self.case} ({self.get_role_display()})"


class Litigation(models.Model):
    """A habeas petition or federal suit (possibly a class action) with its plaintiffs."""

    class Status(models.TextChoices):
        PREPARING = "preparing", "Preparing"
        FILED = "filed", "Filed"
        PENDING = "pending", "Pending"
        GRANTED = "granted", "Granted"
        DENIED = "denied", "Denied"
        SETTLED = "settled", "Settled"
        DISMISSED = "dismissed", "Dismissed"
        CLOSED = "closed", "Closed"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="litigation")
    title = models.CharField(max_length=200, help_text="Caption, e.g. Doe v. Noem.")
    federal_court = models.CharField(max_length=160, help_text="e.g. U.S. District Court, S.D. Mississippi.")
    docket_number = models.CharField(max_length=60, blank=True)
    filed_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PREPARING)
    is_class_action = models.BooleanField(default=False)
    counsel = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="litigation")
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-filed_on", "title"]
        verbose_name_plural = "litigation"

    def __str__(self) -> str:
        return self.title


class LitigationParty(models.Model):
    class Role(models.TextChoices):
        PETITIONER = "petitioner", "Petitioner / plaintiff"
        CLASS_MEMBER = "class_member", "Class member"

    litigation = models.ForeignKey(Litigation, on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="litigation_parties")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.PETITIONER)

    class Meta:
        verbose_name_plural = "litigation parties"
        constraints = [
            models.UniqueConstraint(fields=["litigation", "person"], name="litigation_party_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.litigation}"


ONE_MATTER = Q(case__isnull=False, litigation__isnull=True) | Q(case__isnull=True, litigation__isnull=False)


class Hearing(models.Model):
    """A hearing or interview of a case (or of a litigation matter)."""

    class Kind(models.TextChoices):
        CREDIBLE_FEAR_INTERVIEW = "cfi", "Credible fear interview"
        CF_REVIEW = "cf_review", "IJ review of credible fear"
        MASTER = "master", "Master calendar"
        INDIVIDUAL = "individual", "Individual / merits"
        BOND = "bond", "Bond"
        BIA = "bia", "BIA"
        FEDERAL = "federal", "Federal court"

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIDEO = "video", "Video"
        TELEPHONE = "telephone", "Telephone"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        ADJOURNED = "adjourned", "Adjourned"
        CANCELLED = "cancelled", "Cancelled"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="hearings")
    litigation = models.ForeignKey(
        Litigation, on_delete=models.CASCADE, null=True, blank=True, related_name="hearings"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    starts_at = models.DateTimeField(help_text="Stored in UTC; shown in the court's time zone.")
    duration_minutes = models.PositiveIntegerField(default=60)
    court = models.ForeignKey(
        ImmigrationCourt, on_delete=models.PROTECT, null=True, blank=True, related_name="hearings"
    )
    facility = models.ForeignKey(
        "detentions.Facility",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hearings",
        help_text="Detention facility where the hearing is held, if not at the court.",
    )
    courtroom = models.CharField(max_length=40, blank=True)
    judge = models.CharField(max_length=120, blank=True)
    mode = models.CharField(max_length=16, choices=Mode.choices, default=Mode.IN_PERSON)
    interpreter_language = models.ForeignKey(
        Language, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    result = models.TextField(blank=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text="The hearing this one was rescheduled from.",
    )
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE, bumped on every change.")
    version = models.PositiveIntegerField(default=1, help_text="Optimistic-locking counter.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["starts_at"], name="hearing_starts_idx"),
            # The reminder scan looks at scheduled hearings changed since its last pass.
            models.Index(fields=["updated_at"], condition=Q(status="scheduled"), name="hearing_scheduled_changed_idx"),
        ]
        constraints = [models.CheckConstraint(condition=ONE_MATTER, name="hearing_one_matter")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}Z"

    @property
    def time_zone(self) -> str:
        if self.court_id:
            return self.court.time_zone
        if self.facility_id:
            return self.facility.time_zone
        return "UTC"

    def clean(self) -> None:
        if bool(self.case_id) == bool(self.litigation_id):
            raise ValidationError({"case": "A hearing belongs to exactly one case or one litigation matter."})


class Deadline(models.Model):
    """A filing or action due date, computed by a rule or added by hand."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        MISSED = "missed", "Missed"
        WAIVED = "waived", "Waived"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines")
    litigation = models.ForeignKey(
        Litigation, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines"
    )
    kind = models.CharField(max_length=120, help_text="What is due, e.g. BIA appeal (EOIR-26) received.")
    due_on = models.DateField()
    rule = models.CharField(max_length=40, blank=True, help_text="Rule code; blank for a manual deadline.")
    source = models.CharField(max_length=160, blank=True, help_text="Legal source of the rule.")
    source_event = models.CharField(max_length=160, blank=True, help_text="Event the deadline was computed from.")
    source_date = models.DateField(null=True, blank=True)
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="deadlines"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    notes = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on"]
        indexes = [
            models.Index(fields=["due_on"], condition=Q(status="open"), name="deadline_open_due_idx"),
            # The reminder scan looks at deadlines recorded or changed since its last pass.
            models.Index(fields=["updated_at"], condition=Q(status="open"), name="deadline_open_changed_idx"),
            models.Index(fields=["created_at"], condition=Q(status="open"), name="deadline_open_created_idx"),
            # The deadline list's order (all statuses).
            models.Index(fields=["due_on", "id"], name="deadline_due_order_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=ONE_MATTER, name="deadline_one_matter"),
            # One computed deadline per rule and case (per hearing for hearing rules),
            # so recomputation updates in place; manual deadlines are unconstrained.
            models.UniqueConstraint(
                fields=["case", "rule"],
                condition=~Q(rule="") & Q(hearing__isnull=True),
                name="deadline_rule_once_per_case",
            ),
            models.UniqueConstraint(
                fields=["case", "rule", "hearing"],
                condition=~Q(rule="") & Q(hearing__isnull=False),
                name="deadline_rule_once_per_hearing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} due {self.due_on:%Y-%m-%d}"

    @property
    def is_manual(self) -> bool:
        return not self.rule


class Note(models.Model):
    """An activity-log entry on a case."""

    class Kind(models.TextChoices):
        CALL = "call", "Call"
        VISIT = "visit", "Visit"
        COURT = "court", "Court"
        MEDICAL = "medical", "Medical"
        OTHER = "other", "Other"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.OTHER)
    occurred_at = models.DateTimeField(default=timezone.now)
    body = models.TextField()
    confidential = models.BooleanField(default=False, help_text="Visible to coordinators and the case team only.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} note on {self.case}"


def document_path(instance: "Document", filename: str) -> str:
    # Never the uploaded name: it may carry personal data.
    return f"documents/{instance.case.organization_id}/{instance.sha256[:2]}/{instance.sha256}"


class Document(models.Model):
    """An uploaded file, stored privately and served only through a permission-checked view."""

    class Kind(models.TextChoices):
        EVIDENCE = "evidence", "Evidence"
        COURT_ORDER = "court_order", "Court order"
        DRAFT_NOTICE = "draft_notice", "Draft notice"
        SUPPORT_LETTER = "support_letter", "Letter of support"
        MEDICAL = "medical", "Medical record"
        IDENTITY = "identity", "Identity document"
        OTHER = "other", "Other"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=document_path, max_length=200)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def checksum(chunks) -> str:
        digest = hashlib.sha256()
        for chunk in chunks:
            digest.update(chunk)
        return digest.hexdigest()


class Delivery(models.Model):
    """One reminder or alert to one user: the row that makes sending happen exactly once.

    The unique constraint on (recipient, object, kind, scheduled time) means a scan
    that runs twice, two beat processes or a retried task can only ever find the row
    that is already there; the send task claims it with a conditional UPDATE.
    """

    class Kind(models.TextChoices):
        HEARING_REMINDER = "hearing_reminder", "Hearing reminder"
        DEADLINE_REMINDER = "deadline_reminder", "Deadline reminder"
        DEADLINE_OVERDUE = "deadline_overdue", "Deadline overdue"
        DIGEST = "digest", "Daily digest"
        ALERT_MANIFEST = "alert_manifest", "Alert: on a flight manifest"
        ALERT_TRANSFER = "alert_transfer", "Alert: transferred"
        ALERT_RELEASE = "alert_release", "Alert: released"
        ALERT_REMOVAL_ORDER = "alert_removal_order", "Alert: ordered removed"
        ALERT_HEARING_MOVED = "alert_hearing_moved", "Alert: hearing moved"
        ALERT_HEARING_CANCELLED = "alert_hearing_cancelled", "Alert: hearing cancelled"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Skipped"
        FAILED = "failed", "Failed"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    object_key = models.CharField(max_length=64, help_text='What it is about, e.g. "hearing:42".')
    scheduled_for = models.DateTimeField(help_text="When it was due to go out (UTC).")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries")
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    context = models.JSONField(default=dict, blank=True, help_text="Minimal facts for the message; no personal data.")
    urgent = models.BooleanField(default=False)
    late = models.BooleanField(default=False, help_text="Went out after its scheduled time (catch-up).")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    status_reason = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    emailed = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-scheduled_for"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "object_key", "kind", "scheduled_for"], name="delivery_exactly_once"
            ),
        ]
        indexes = [
            models.Index(
                fields=["queued_at"], condition=Q(status__in=["pending", "sending"]), name="delivery_unsent_idx"
            ),
            models.Index(fields=["recipient", "-scheduled_for"], name="delivery_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient} at {self.scheduled_for:%Y-%m-%d %H:%M}Z"

    @property
    def message_id(self) -> str:
        """Stable per delivery, so a resend after a crash is recognisable as the same mail."""
        return f"<delivery-{self.pk}-{self.kind}@casetracker>"
