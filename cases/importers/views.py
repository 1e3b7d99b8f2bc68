"""Import pages inside the admin site: upload, mapping, dry-run result, import, rejected rows."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casetracker import audit
from casetracker.admin import coordinated_organizations

from . import jobs
from .columns import FIELDS
from .models import ImportJob
from .reader import read_sheet

RESULT_ROWS_SHOWN = 1000
SAMPLE_ROWS = 3


class UploadForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Organization"))
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy("A .csv or .xlsx file with one row per person; the first row names the columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = coordinated_organizations(user)
        self.fields["organization"].queryset = orgs
        if len(orgs) == 1:
            self.fields["organization"].initial = orgs[0]


class PublicUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Public data"),
        choices=[(k, label) for k, label in ImportJob.Kind.choices if k != ImportJob.Kind.CASES],
    )
    file = forms.FileField(label=gettext_lazy("File"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,.psv,.xlsx"}))


def _context(request: HttpRequest, title: str, **extra) -> dict:
    return {**admin.site.each_context(request), "title": title, **extra}


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest) -> HttpResponse:
    """The user's organizations' imports, and the upload form (coordinators only)."""
    if not request.user.is_superuser and not coordinated_organizations(request.user).exists():
        raise Http404
    public = request.method == "POST" and "public" in request.POST
    form = UploadForm(None if public else request.POST or None, request.FILES or None, user=request.user)
    public_form = None
    if request.user.is_superuser:
        public_form = PublicUploadForm(request.POST if public else None, request.FILES if public else None)
        if public and public_form.is_valid():
            try:
                job = jobs.job_create_public(
                    owner=request.user, kind=public_form.cleaned_data["kind"], upload=public_form.cleaned_data["file"]
                )
            except ValidationError as exc:
                for field, messages_ in exc.message_dict.items():
                    public_form.add_error(field if field in public_form.fields else None, messages_)
            else:
                return redirect("import-job", job_id=job.pk)
    if request.method == "POST" and not public and form.is_valid():
        try:
            job = jobs.job_create(
                owner=request.user, organization=form.cleaned_data["organization"], upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            for message in exc.message_dict.get("file", exc.messages):
                form.add_error("file", message)
        else:
            return redirect("import-job", job_id=job.pk)
    recent = jobs.jobs_visible_to(request.user).select_related("organization", "owner")[:50]
    context = _context(request, _("Import a spreadsheet"), form=form, public_form=public_form, jobs=recent)
    return TemplateResponse(request, "importers/list.html", context)


class MappingForm(forms.Form):
    def __init__(self, *args, job: ImportJob, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— do not import —"))] + [(name, label) for name, (label, _s) in FIELDS.items()]
        for index, header in enumerate(job.headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header or _("column %(n)s") % {"n": index + 1},
                choices=choices,
                required=False,
                initial=job.mapping.get(str(index), ""),
            )

    def mapping(self) -> dict[int, str]:
        return {int(name[4:]): value for name, value in self.cleaned_data.items() if value}


def _job(request: HttpRequest, job_id: int) -> ImportJob:
    return get_object_or_404(jobs.jobs_visible_to(request.user).select_related("organization", "owner"), pk=job_id)


def _samples(job: ImportJob) -> list[list[str]]:
    """The first few non-blank values of each column, shown beside the mapping choices."""
    try:
        with job.file.open("rb") as handle:
            sheet = read_sheet(handle.read())
    except (OSError, ValueError):
        return [[] for _h in job.headers]
    columns: list[list[str]] = [[] for _h in job.headers]
    for _number, cells in sheet.rows:
        for index in range(len(job.headers)):
            value = str(cells[index]).strip() if index < len(cells) and cells[index] is not None else ""
            if value and len(columns[index]) < SAMPLE_ROWS:
                columns[index].append(value[:60])
    return columns


@login_required
@require_http_methods(["GET", "POST"])
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    """One job: the mapping form, its progress, or its per-row result."""
    job = _job(request, job_id)
    form = MappingForm(request.POST or None, job=job)
    if request.method == "POST" and form.is_valid():
        try:
            jobs.job_set_mapping(job=job, mapping=form.mapping(), by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            return redirect("import-job", job_id=job.pk)
    editable = job.kind == ImportJob.Kind.CASES and not job.is_running and job.status != ImportJob.Status.DONE
    outcome = request.GET.get("outcome", "")
    results = [r for r in job.results if not outcome or r["outcome"] == outcome]
    context = _context(
        request,
        _("Import #%(id)s") % {"id": job.pk},
        job=job,
        form=form if editable else None,
        rows=zip(form, _samples(job)) if editable else (),
        results=results[:RESULT_ROWS_SHOWN],
        results_cut=len(results) > RESULT_ROWS_SHOWN,
        outcome=outcome,
        outcomes=["imported", "merged", "unchanged", "skipped", "rejected"],
    )
    return TemplateResponse(request, "importers/job.html", context)


@login_required
@require_POST
def job_run(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    try:
        jobs.job_start_import(job=job, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("import-job", job_id=job.pk)


@login_required
@require_GET
def job_status(request: HttpRequest, job_id: int) -> JsonResponse:
    """Progress for the page's script: status, rows done, total, whether it is still running."""
    job = _job(request, job_id)
    return JsonResponse(
        {"status": job.status, "running": job.is_running, "progress": job.progress, "total": job.total,
         "percent": job.percent, "label": job.get_status_display()}  # fmt: skip
    )


@login_required
@require_GET
def job_rejected_csv(request: HttpRequest, job_id: int) -> HttpResponse:
    """The rejected rows with their reasons, as CSV that opens in Excel with Cyrillic intact."""
    from defusedcsv import csv

    job = _job(request, job_id)
    header, rows = jobs.rejected_rows(job)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-rejected.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    audit.record("export", request=request, obj=job, kind="import_rejected_rows", rows=len(rows))
    return response
