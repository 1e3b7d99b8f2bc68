"""The shape every report has: columns, a scoped queryset, a row function, filters.

A report never reads a model directly: its queryset starts from the selectors
(cases_visible_to(user) and friends), so a screen, a CSV, an XLSX, a PDF and a
background job of the same report hold exactly the rows the user may see.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casetracker.models import User
from detentions.models import Facility

from ..models import ImmigrationCourt

# Rows fetched from the database per round trip while streaming an export.
CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # a lazy translation
    kind: str = "text"  # text | int | date | datetime | percent
    width: int = 18  # characters, for XLSX column widths


class ReportFilterForm(forms.Form):
    """The query-string filters. Each report shows the ones it uses (Report.filters)."""

    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    facility = forms.ModelChoiceField(label=_("Facility"), queryset=Facility.objects.none(), required=False)
    state = forms.CharField(label=_("State"), max_length=2, required=False)
    court = forms.ModelChoiceField(label=_("Court"), queryset=ImmigrationCourt.objects.none(), required=False)
    days = forms.IntegerField(label=_("Days ahead"), min_value=1, max_value=366, required=False)
    by = forms.ChoiceField(
        label=_("Group by"),
        required=False,
        choices=[("court", _("Court")), ("judge", _("Judge")), ("nationality", _("Nationality"))],
    )

    def __init__(self, *args, report: "Report", **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in report.filters:
                del self.fields[name]
        if "facility" in self.fields:
            # Only facilities someone is or was held in: the full ICE list has thousands.
            self.fields["facility"].queryset = Facility.objects.filter(stays__isnull=False).distinct()
        if "court" in self.fields:
            self.fields["court"].queryset = ImmigrationCourt.objects.filter(cases__isnull=False).distinct()
        if "days" in self.fields:
            self.fields["days"].help_text = _("Default: %(days)s") % {"days": report.default_days}

    def clean_state(self) -> str:
        state = self.cleaned_data.get("state", "").strip().upper()
        if state and not (len(state) == 2 and state.isalpha()):
            raise forms.ValidationError(_("Two letters, e.g. LA."))
        return state

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end date is before the start date."))
        return data


@dataclass
class Filters:
    start: date | None = None
    end: date | None = None
    facility: Facility | None = None
    state: str = ""
    court: ImmigrationCourt | None = None
    days: int | None = None
    by: str = ""
    today: date = field(default_factory=timezone.localdate)

    def as_params(self) -> dict[str, str]:
        """The filters as query-string values (for audit entries and job records): ids, no names."""
        params = {
            "start": self.start.isoformat() if self.start else "",
            "end": self.end.isoformat() if self.end else "",
            "facility": str(self.facility.pk) if self.facility else "",
            "state": self.state,
            "court": str(self.court.pk) if self.court else "",
            "days": str(self.days) if self.days else "",
            "by": self.by,
        }
        return {key: value for key, value in params.items() if value}


class Report:
    """One report. Subclasses set the class attributes and implement queryset() and rows()."""

    slug: ClassVar[str]
    title: ClassVar[Any]
    description: ClassVar[Any]
    filters: ClassVar[tuple[str, ...]] = ()
    default_days: ClassVar[int] = 14
    # Landscape PDF pages for wide reports.
    landscape: ClassVar[bool] = True

    def __init__(self, user: User, filters: Filters) -> None:
        self.user = user
        self.filters = filters

    @property
    def days(self) -> int:
        return self.filters.days or self.default_days

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def queryset(self) -> QuerySet:
        raise NotImplementedError

    def count(self) -> int:
        return self.queryset().count()

    def rows(self, limit: int | None = None) -> Iterator[list[Any]]:
        """Rows of plain values in column order, streamed from the database in chunks."""
        queryset = self.queryset()
        if limit is not None:
            queryset = queryset[:limit]
        for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
            yield self.row(obj)

    def row(self, obj: Any) -> list[Any]:
        raise NotImplementedError

    def summaries(self) -> list[dict[str, Any]]:
        """Small tables of counts shown above the rows (and on the PDF): [{title, rows: [(label, n)]}]."""
        return []


def local_datetime(moment: datetime | None, zone_name: str) -> datetime | None:
    if moment is None:
        return None
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(zone_name or "UTC")).replace(tzinfo=None)


def parse_filters(report_class: type[Report], params) -> tuple[ReportFilterForm, Filters | None]:
    """The filter form for query-string `params`, and the filters (None when the form has errors)."""
    form = ReportFilterForm(params or None, report=report_class)
    if not form.is_bound:
        return form, Filters()
    if not form.is_valid():
        return form, None
    return form, Filters(**{key: value for key, value in form.cleaned_data.items() if value not in (None, "")})
