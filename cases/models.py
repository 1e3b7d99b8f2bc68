"""People, their asylum cases, hearings, deadlines, notes, documents and litigation."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casetracker.models import Organization

from .anumber import format_anumber
from .names import search_key


class Country(models.Model):
    """ISO 3166-1 country (loaded from pycountry)."""

    code = models.CharField(_("code"), max_length=2, primary_key=True, help_text=_("ISO 3166-1 alpha-2."))
    alpha3 = models.CharField(_("alpha3"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("country")
        ordering = ["name"]
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    """ISO 639 language (loaded from pycountry); code is 639-1 where one exists, else 639-3."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImmigrationCourt(models.Model):
    """An EOIR immigration court (base city), with the time zone its hearings are held in."""

    code = models.CharField(_("code"), max_length=8, unique=True, help_text=_("EOIR base city code."))
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True)
    zip_code = models.CharField(_("zip code"), max_length=10, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    region = models.CharField(_("region"), max_length=40, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, help_text=_("IANA time zone of the court."))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("immigration court")
        verbose_name_plural = _("immigration courts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReferenceCode(models.Model):
    """One code of a public code table: EOIR's lookup tables, ICE's ARTS detainee status codes.

    EOIR's tables come stacked in one file, and some keep several descriptions for one code
    (a decision code means one thing in removal cases and another in bond cases; a base
    city lists each of its judges), so a row is a code with one of its descriptions.
    """

    class Source(models.TextChoices):
        EOIR = "eoir", _("EOIR (immigration courts)")
        ARTS = "arts", _("ICE ARTS (ICE Air)")

    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    table = models.CharField(_("table"), max_length=64, help_text=_("The table in the source, e.g. tblLookupCountry."))
    group = models.CharField(
        _("group"), max_length=40, help_text=_("What the table lists, in the source's word: country, lang, charges.")
    )
    code = models.CharField(_("code"), max_length=32)
    description = models.CharField(_("description"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    cited = models.CharField(_("cited from"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("reference code")
        verbose_name_plural = _("reference codes")
        ordering = ["source", "group", "code", "description"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "table", "code", "description"], name="referencecode_one_row_per_meaning"
            ),
        ]
        indexes = [models.Index(fields=["source", "group", "code"], name="referencecode_lookup")]

    def __str__(self) -> str:
        return f"{self.code} — {self.description}" if self.description else self.code


class Person(models.Model):
    """An asylum seeker, as one organization knows them."""

    class Sex(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")
        OTHER = "X", _("Other / not stated")

    class EnglishProficiency(models.TextChoices):
        NONE = "none", _("None")
        BASIC = "basic", _("Basic")
        CONVERSATIONAL = "conversational", _("Conversational")
        FLUENT = "fluent", _("Fluent")

    class ArrivalManner(models.TextChoices):
        PORT_OF_ENTRY = "port", _("At a port of entry")
        BETWEEN_PORTS = "between_ports", _("Between ports of entry")
        CBP_ONE = "cbp_one", _("CBP One appointment")
        VISA = "visa", _("With a visa")
        PAROLE = "parole", _("Parole")
        OTHER = "other", _("Other / unknown")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="people", verbose_name=_("organization"))
    family_name = models.CharField(_("family name"), max_length=120, help_text=_("As on official documents, Latin script."))
    given_names = models.CharField(_("given names"), max_length=160, blank=True, help_text=_("As on official documents, Latin script."))
    native_name = models.CharField(_("native name"), max_length=240, blank=True, help_text=_("Full name in native script, e.g. Cyrillic."))
    aliases = models.JSONField(_("aliases"), default=list, blank=True, help_text=_("Other spellings and names used."))
    search_key = models.TextField(
        _("search key"),
        editable=False,
        db_index=True,
        help_text=_("Every name, transliterated to Latin, folded; maintained on save."),
    )
    a_number = models.CharField(
        _("A-number"), max_length=9, blank=True, help_text=_("Alien Registration Number, stored as 9 digits.")
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    citizenship = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="citizens"
    , verbose_name=_("citizenship"))
    country_of_birth = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    , verbose_name=_("country of birth"))
    languages = models.ManyToManyField(Language, blank=True, related_name="speakers", verbose_name=_("languages"))
    preferred_language = models.ForeignKey(
        Language, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    , verbose_name=_("preferred language"))
    english_proficiency = models.CharField(_("english proficiency"), max_length=16, choices=EnglishProficiency.choices, blank=True)
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    contact_notes = models.TextField(_("contact notes"), blank=True, help_text=_("Relatives, how to reach the person in detention."))
    last_arrival_date = models.DateField(_("last arrival date"), null=True, blank=True, help_text=_("Starts the one-year filing clock."))
    arrival_place = models.CharField(_("arrival place"), max_length=120, blank=True, help_text=_("Port of entry or border sector."))
    arrival_manner = models.CharField(_("arrival manner"), max_length=16, choices=ArrivalManner.choices, blank=True)
    vulnerabilities = models.JSONField(
        _("vulnerabilities"),
        default=list, blank=True, help_text=_("Risk factor tags, e.g. desertion, extremism-charge, lgbtq.")
    )
    vulnerability_notes = models.TextField(_("vulnerability notes"), blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, help_text=_("Archived instead of deleted."))
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("archived by"),
    )
    archive_reason = models.CharField(_("archive reason"), max_length=200, blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, help_text=_("Optimistic-locking counter."))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        ordering = ["family_name", "given_names"]
        verbose_name_plural = _("people")
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
    def is_archived(self) -> bool:
        return self.archived_at is not None

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
            raise ValidationError({"date_of_birth": _("Date of birth cannot be in the future.")})
        if self.last_arrival_date and self.date_of_birth and self.last_arrival_date < self.date_of_birth:
            raise ValidationError({"last_arrival_date": _("Arrival cannot be before the date of birth.")})


class PersonRelationship(models.Model):
    """A family tie, stored in both directions so separated families are visible."""

    class Kind(models.TextChoices):
        SPOUSE = "spouse", _("Spouse")
        PARTNER = "partner", _("Partner")
        PARENT = "parent", _("Parent of")
        CHILD = "child", _("Child of")
        SIBLING = "sibling", _("Sibling")

    INVERSE = {"spouse": "spouse", "partner": "partner", "parent": "child", "child": "parent", "sibling": "sibling"}

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships", verbose_name=_("person"))
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("relative"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)

    class Meta:
        verbose_name = _("person relationship")
        verbose_name_plural = _("person relationships")
        constraints = [
            models.UniqueConstraint(fields=["person", "relative"], name="relationship_pair_unique"),
            models.CheckConstraint(condition=~Q(person=models.F("relative")), name="relationship_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_kind_display()} — {self.relative}"


class Case(models.Model):
    """One immigration matter of one person, owned by one organization."""

    class Kind(models.TextChoices):
        AFFIRMATIVE = "affirmative", _("Affirmative asylum (USCIS)")
        DEFENSIVE = "defensive", _("Defensive asylum (immigration court)")
        WITHHOLDING_ONLY = "withholding_only", _("Withholding only")
        CAT = "cat", _("Convention Against Torture")
        CREDIBLE_FEAR = "credible_fear", _("Credible-fear review")
        BOND_PAROLE = "bond_parole", _("Bond / parole")
        HABEAS = "habeas", _("Habeas / federal litigation")

    class Stage(models.TextChoices):
        INTAKE = "intake", _("Intake")
        CREDIBLE_FEAR = "credible_fear", _("Credible fear")
        REMOVAL_PROCEEDINGS = "removal_proceedings", _("Removal proceedings")
        INDIVIDUAL_HEARING = "individual_hearing", _("Individual hearing")
        DECISION = "decision", _("Decision")
        BIA_APPEAL = "bia_appeal", _("BIA appeal")
        FEDERAL_COURT = "federal_court", _("Federal court")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        ASYLUM_GRANTED = "asylum_granted", _("Asylum granted")
        WITHHOLDING_GRANTED = "withholding_granted", _("Withholding granted")
        CAT_PROTECTION = "cat_protection", _("CAT protection")
        DENIED = "denied", _("Denied")
        DISMISSED = "dismissed", _("Dismissed")
        TERMINATED = "terminated", _("Terminated")
        ADMIN_CLOSED = "admin_closed", _("Administratively closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REMOVED = "removed", _("Removed")
        VOLUNTARY_DEPARTURE = "voluntary_departure", _("Voluntary departure")

    class Docket(models.TextChoices):
        DETAINED = "detained", _("Detained")
        NON_DETAINED = "non_detained", _("Non-detained")

    class Representation(models.TextChoices):
        REPRESENTED = "represented", _("Represented")
        PRO_SE = "pro_se", _("Pro se")
        SEEKING = "seeking", _("Seeking counsel")

    class CredibleFearResult(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        NEGATIVE = "negative", _("Negative")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="cases", verbose_name=_("organization"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases", verbose_name=_("person"))
    reference = models.CharField(_("reference"), max_length=24, unique=True, editable=False, help_text=_("e.g. RADR-2025-0042."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DEFENSIVE)
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices, default=Stage.INTAKE)
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices, blank=True)
    protected_grounds = models.JSONField(
        _("protected grounds"),
        default=list, blank=True, help_text=_("race, religion, nationality, political_opinion, social_group.")
    )
    claim_basis = models.JSONField(_("claim basis"), default=list, blank=True, help_text=_("Tags, e.g. conscription-evasion, desertion."))
    court = models.ForeignKey(
        ImmigrationCourt, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    , verbose_name=_("court"))
    judge = models.CharField(_("judge"), max_length=120, blank=True)
    docket = models.CharField(_("docket"), max_length=16, choices=Docket.choices, default=Docket.DETAINED)
    shared_with = models.ManyToManyField(
        Organization, blank=True, related_name="shared_cases", help_text=_("Other organizations that may see it.")
    , verbose_name=_("shared with"))

    # Representation
    representation = models.CharField(_("representation"), max_length=16, choices=Representation.choices, default=Representation.SEEKING)
    attorney = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_of_record",
        help_text=_("Attorney of record, when a user of this instance."),
        verbose_name=_("attorney"),
    )
    external_attorney_name = models.CharField(_("external attorney name"), max_length=120, blank=True)
    external_attorney_firm = models.CharField(_("external attorney firm"), max_length=120, blank=True)
    external_attorney_contact = models.CharField(_("external attorney contact"), max_length=200, blank=True)
    eoir28_filed_on = models.DateField(_("EOIR-28 / G-28 filed"), null=True, blank=True)

    # Key events
    credible_fear_interview_on = models.DateField(_("credible fear interview on"), null=True, blank=True)
    credible_fear_result = models.CharField(_("credible fear result"), max_length=16, choices=CredibleFearResult.choices, blank=True)
    ij_review_requested_on = models.DateField(_("IJ review of negative CF requested"), null=True, blank=True)
    nta_served_on = models.DateField(_("NTA served"), null=True, blank=True)
    i589_filed_on = models.DateField(_("I-589 filed"), null=True, blank=True)
    ij_decision_on = models.DateField(_("IJ decision"), null=True, blank=True)
    removal_ordered_on = models.DateField(_("Removal order"), null=True, blank=True)
    final_order_on = models.DateField(_("Final order"), null=True, blank=True)
    appeal_filed_on = models.DateField(_("BIA appeal filed"), null=True, blank=True)
    bia_decision_on = models.DateField(_("BIA decision"), null=True, blank=True)
    petition_for_review_filed_on = models.DateField(_("Petition for review filed"), null=True, blank=True)
    bond_requested_on = models.DateField(_("bond requested on"), null=True, blank=True)
    bond_set_on = models.DateField(_("bond set on"), null=True, blank=True)
    bond_amount_usd = models.DecimalField(_("bond amount usd"), max_digits=9, decimal_places=2, null=True, blank=True)
    bond_posted_on = models.DateField(_("bond posted on"), null=True, blank=True)
    parole_requested_on = models.DateField(_("parole requested on"), null=True, blank=True)
    parole_granted_on = models.DateField(_("parole granted on"), null=True, blank=True)
    stay_requested_on = models.DateField(_("Stay of removal requested"), null=True, blank=True)
    stay_granted_on = models.DateField(_("Stay of removal granted"), null=True, blank=True)

    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, help_text=_("Archived instead of deleted."))
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("archived by"),
    )
    archive_reason = models.CharField(_("archive reason"), max_length=200, blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, help_text=_("Optimistic-locking counter."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    , verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
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
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_represented(self) -> bool:
        return self.representation == self.Representation.REPRESENTED

    def clean(self) -> None:
        errors = {}
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = _("A case cannot close before it opened.")
        if self.bond_amount_usd is not None and self.bond_amount_usd < 0:
            errors["bond_amount_usd"] = _("A bond amount cannot be negative.")
        if self.appeal_filed_on and self.ij_decision_on and self.appeal_filed_on < self.ij_decision_on:
            errors["appeal_filed_on"] = _("An appeal cannot be filed before the IJ decision.")
        if self.bia_decision_on and self.appeal_filed_on and self.bia_decision_on < self.appeal_filed_on:
            errors["bia_decision_on"] = _("The BIA cannot decide before the appeal was filed.")
        if self.person_id and self.organization_id and self.person.organization_id != self.organization_id:
            errors["person"] = _("The person belongs to another organization.")
        if errors:
            raise ValidationError(errors)


class CaseAssignment(models.Model):
    """A user on a case's team. Lawyers and viewers see only cases they are assigned to."""

    class Role(models.TextChoices):
        ATTORNEY = "attorney", _("Attorney")
        ADVOCATE = "advocate", _("Advocate")
        INTERPRETER = "interpreter", _("Interpreter")
        OBSERVER = "observer", _("Observer")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("case"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_assignments", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.ADVOCATE)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("case assignment")
        verbose_name_plural = _("case assignments")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="assignment_case_user_unique")]

    def __str__(self) -> str:
        return f"{self.user} on {self.case} ({self.get_role_display()})"


class Litigation(models.Model):
    """A habeas petition or federal suit (possibly a class action) with its plaintiffs."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing")
        FILED = "filed", _("Filed")
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("Granted")
        DENIED = "denied", _("Denied")
        SETTLED = "settled", _("Settled")
        DISMISSED = "dismissed", _("Dismissed")
        CLOSED = "closed", _("Closed")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="litigation", verbose_name=_("organization"))
    title = models.CharField(_("title"), max_length=200, help_text=_("Caption, e.g. Doe v. Noem."))
    federal_court = models.CharField(_("federal court"), max_length=160, help_text=_("e.g. U.S. District Court, S.D. Mississippi."))
    docket_number = models.CharField(_("docket number"), max_length=60, blank=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PREPARING)
    is_class_action = models.BooleanField(_("is class action"), default=False)
    counsel = models.TextField(_("counsel"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="litigation", verbose_name=_("team"))
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("litigation")
        ordering = ["-filed_on", "title"]
        verbose_name_plural = _("litigation")

    def __str__(self) -> str:
        return self.title


class LitigationParty(models.Model):
    class Role(models.TextChoices):
        PETITIONER = "petitioner", _("Petitioner / plaintiff")
        CLASS_MEMBER = "class_member", _("Class member")

    litigation = models.ForeignKey(Litigation, on_delete=models.CASCADE, related_name="parties", verbose_name=_("litigation"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="litigation_parties", verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PETITIONER)

    class Meta:
        verbose_name = _("litigation party")
        verbose_name_plural = _("litigation parties")
        constraints = [
            models.UniqueConstraint(fields=["litigation", "person"], name="litigation_party_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.litigation}"


ONE_MATTER = Q(case__isnull=False, litigation__isnull=True) | Q(case__isnull=True, litigation__isnull=False)


class Hearing(models.Model):
    """A hearing or interview of a case (or of a litigation matter)."""

    class Kind(models.TextChoices):
        CREDIBLE_FEAR_INTERVIEW = "cfi", _("Credible fear interview")
        CF_REVIEW = "cf_review", _("IJ review of credible fear")
        MASTER = "master", _("Master calendar")
        INDIVIDUAL = "individual", _("Individual / merits")
        BOND = "bond", _("Bond")
        BIA = "bia", _("BIA")
        FEDERAL = "federal", _("Federal court")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIDEO = "video", _("Video")
        TELEPHONE = "telephone", _("Telephone")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        ADJOURNED = "adjourned", _("Adjourned")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="hearings", verbose_name=_("case"))
    litigation = models.ForeignKey(
        Litigation, on_delete=models.CASCADE, null=True, blank=True, related_name="hearings"
    , verbose_name=_("litigation"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts at"), help_text=_("Stored in UTC; shown in the court's time zone."))
    duration_minutes = models.PositiveIntegerField(_("duration minutes"), default=60)
    court = models.ForeignKey(
        ImmigrationCourt, on_delete=models.PROTECT, null=True, blank=True, related_name="hearings"
    , verbose_name=_("court"))
    facility = models.ForeignKey(
        "detentions.Facility",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hearings",
        help_text=_("Detention facility where the hearing is held, if not at the court."),
        verbose_name=_("facility"),
    )
    courtroom = models.CharField(_("courtroom"), max_length=40, blank=True)
    judge = models.CharField(_("judge"), max_length=120, blank=True)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.IN_PERSON)
    interpreter_language = models.ForeignKey(
        Language, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    , verbose_name=_("interpreter language"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    result = models.TextField(_("result"), blank=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text=_("The hearing this one was rescheduled from."),
        verbose_name=_("replaces"),
    )
    sequence = models.PositiveIntegerField(_("sequence"), default=0, help_text=_("iCalendar SEQUENCE, bumped on every change."))
    version = models.PositiveIntegerField(_("version"), default=1, help_text=_("Optimistic-locking counter."))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
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
            raise ValidationError({"case": _("A hearing belongs to exactly one case or one litigation matter.")})


class Deadline(models.Model):
    """A filing or action due date, computed by a rule or added by hand."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        MISSED = "missed", _("Missed")
        WAIVED = "waived", _("Waived")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines", verbose_name=_("case"))
    litigation = models.ForeignKey(
        Litigation, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines"
    , verbose_name=_("litigation"))
    kind = models.CharField(_("kind"), max_length=120, help_text=_("What is due, e.g. BIA appeal (EOIR-26) received."))
    due_on = models.DateField(_("due on"))
    rule = models.CharField(_("rule"), max_length=40, blank=True, help_text=_("Rule code; blank for a manual deadline."))
    source = models.CharField(_("source"), max_length=160, blank=True, help_text=_("Legal source of the rule."))
    source_event = models.CharField(_("source event"), max_length=160, blank=True, help_text=_("Event the deadline was computed from."))
    source_date = models.DateField(_("source date"), null=True, blank=True)
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines", verbose_name=_("hearing"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="deadlines"
    , verbose_name=_("responsible"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    notes = models.TextField(_("notes"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on"]
        indexes = [
            # Open deadlines in the lists' order (due date, then id): the first page of
            # ?status=open reads 100 index entries, not the million closed ones before them.
            models.Index(fields=["due_on", "id"], condition=Q(status="open"), name="deadline_open_due_idx"),
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
        CALL = "call", _("Call")
        VISIT = "visit", _("Visit")
        COURT = "court", _("Court")
        MEDICAL = "medical", _("Medical")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes", verbose_name=_("case"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("author"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.OTHER)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)
    body = models.TextField(_("body"))
    confidential = models.BooleanField(_("confidential"), default=False, help_text=_("Visible to coordinators and the case team only."))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} note on {self.case}"


def document_path(instance: "Document", filename: str) -> str:
    # Never the uploaded name: it may carry personal data.
    return f"documents/{instance.case.organization_id}/{instance.sha256[:2]}/{instance.sha256}"


class Document(models.Model):
    """An uploaded file, stored privately and served only through a permission-checked view."""

    class Kind(models.TextChoices):
        EVIDENCE = "evidence", _("Evidence")
        COURT_ORDER = "court_order", _("Court order")
        DRAFT_NOTICE = "draft_notice", _("Draft notice")
        SUPPORT_LETTER = "support_letter", _("Letter of support")
        MEDICAL = "medical", _("Medical record")
        IDENTITY = "identity", _("Identity document")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("original name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
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
        HEARING_REMINDER = "hearing_reminder", _("Hearing reminder")
        DEADLINE_REMINDER = "deadline_reminder", _("Deadline reminder")
        DEADLINE_OVERDUE = "deadline_overdue", _("Deadline overdue")
        DIGEST = "digest", _("Daily digest")
        ALERT_MANIFEST = "alert_manifest", _("Alert: on a flight manifest")
        ALERT_TRANSFER = "alert_transfer", _("Alert: transferred")
        ALERT_RELEASE = "alert_release", _("Alert: released")
        ALERT_REMOVAL_ORDER = "alert_removal_order", _("Alert: ordered removed")
        ALERT_HEARING_MOVED = "alert_hearing_moved", _("Alert: hearing moved")
        ALERT_HEARING_CANCELLED = "alert_hearing_cancelled", _("Alert: hearing cancelled")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Skipped")
        FAILED = "failed", _("Failed")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("recipient"))
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    object_key = models.CharField(_("object key"), max_length=64, help_text=_('What it is about, e.g. "hearing:42".'))
    scheduled_for = models.DateTimeField(_("scheduled for"), help_text=_("When it was due to go out (UTC)."))
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries", verbose_name=_("case"))
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("hearing"))
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("deadline"))
    context = models.JSONField(_("context"), default=dict, blank=True, help_text=_("Minimal facts for the message; no personal data."))
    urgent = models.BooleanField(_("urgent"), default=False)
    late = models.BooleanField(_("late"), default=False, help_text=_("Went out after its scheduled time (catch-up)."))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    status_reason = models.CharField(_("status reason"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    emailed = models.BooleanField(_("emailed"), default=False)
    error = models.TextField(_("error"), blank=True)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("delivery")
        ordering = ["-scheduled_for"]
        verbose_name_plural = _("deliveries")
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


class CalendarFeed(models.Model):
    """A private iCal feed URL: a user's own hearings and deadlines, or one case's.

    Only the SHA-256 of the token is stored; the URL with the token is shown once,
    when the feed is created or rotated. Revoked feeds answer 404.
    """

    class Kind(models.TextChoices):
        USER = "user", "My hearings and deadlines"
        CASE = "case", "One case"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 (hex) of the feed token.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="user", case__isnull=True) | Q(kind="case", case__isnull=False),
                name="calendar_feed_case_iff_case_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} feed of {self.owner_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


def export_path(instance: "ExportJob", filename: str) -> str:
    # Never a report title or a filter value: only the job's number.
    return f"exports/{instance.organization_id or 0}/{instance.pk}.{instance.format}"


class ExportJob(models.Model):
    """A large report export built by a Celery worker; the file is private to its owner."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        PDF = "pdf", "PDF"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    report = models.CharField(max_length=40, help_text="Report slug, e.g. caseload.")
    format = models.CharField(max_length=4, choices=Format.choices)
    filters = models.JSONField(default=dict, blank=True, help_text="Query-string filters: ids and dates only.")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    done = models.PositiveIntegerField(default=0, help_text="Rows written so far.")
    total = models.PositiveIntegerField(default=0, help_text="Rows expected (counted when the job started).")
    file = models.FileField(upload_to=export_path, max_length=200, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="The file is deleted after this.")

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["expires_at"], condition=Q(status="done"), name="exportjob_done_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.report}.{self.format} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, int(100 * self.done / self.total)) if self.total else 0
