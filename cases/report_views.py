"""Reports pages and exports (coordinators only; case summaries for anyone who sees the case).

Who: reports span the organization's whole caseload, so they are for coordinators
(and superusers); other users get 403. The rows always come from the selectors,
so a coordinator of another organization sees only their own rows. A case summary
PDF is for anyone who may see that one case (a lawyer preparing a court packet);
anyone else gets 404, as for a case that does not exist.
"""

from __future__ import annotations

import tempfile
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from casetracker import audit
from casetracker.models import Membership

from .models import ExportJob
from .reports import REPORTS, Filters, Report, ReportFilterForm
from .reports.base import parse_filters
from .reports import jobs, writers
from .reports.case_summary import case_summary_pdf
from .reports.dashboard import dashboard_context
from .selectors import cases_visible_to


def may_see_reports(user) -> bool:
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role=Membership.Role.COORDINATOR).exists()


def _require_reports(request: HttpRequest) -> None:
    if not may_see_reports(request.user):
        raise PermissionDenied(_("Reports are for coordinators."))


def _report_for(request: HttpRequest, slug: str) -> tuple[type[Report], ReportFilterForm, Filters | None]:
    report_class = REPORTS.get(slug)
    if report_class is None:
        raise Http404
    return (report_class, *parse_filters(report_class, request.GET))


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> TemplateResponse:
    return TemplateResponse(request, template, {**admin.site.each_context(request), **context}, status=status)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _require_reports(request)
    context = {
        "title": _("Reports"),
        "reports": [{"slug": slug, "title": r.title, "description": r.description} for slug, r in REPORTS.items()],
        **dashboard_context(request.user),
    }
    return _page(request, "reports/index.html", context)


@login_required
@require_GET
def report_page(request: HttpRequest, slug: str) -> HttpResponse:
    _require_reports(request)
    report_class, form, filters = _report_for(request, slug)
    context: dict[str, Any] = {"title": report_class.title, "report_class": report_class, "form": form}
    if filters is None:
        return _page(request, "reports/report.html", context, status=400)
    report = report_class(request.user, filters)
    limit = settings.CT_REPORT_SCREEN_ROWS
    columns = report.columns()
    rows = [[writers.text(v, c.kind) for v, c in zip(row, columns)] for row in report.rows(limit + 1)]
    total = report.count() if len(rows) > limit else len(rows)
    query = request.GET.urlencode()
    context.update(
        report=report,
        columns=columns,
        rows=rows[:limit],
        total=total,
        truncated=len(rows) > limit,
        summaries=report.summaries(),
        exports=[(fmt.upper(), f"{reverse('report-export', args=[slug, fmt])}{'?' + query if query else ''}")
                 for fmt in ("csv", "xlsx", "pdf")],
    )  # fmt: skip
    audit.record("view", request=request, report=slug, filters=report.filters.as_params(), rows=total)
    return _page(request, "reports/report.html", context)


def _filename(slug: str, fmt: str) -> str:
    return f"{slug}-{timezone.localdate():%Y-%m-%d}.{fmt}"


@login_required
@require_GET
def report_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    _require_reports(request)
    report_class, form, filters = _report_for(request, slug)
    if filters is None:
        context = {"title": report_class.title, "report_class": report_class, "form": form}
        return _page(request, "reports/report.html", context, status=400)
    report = report_class(request.user, filters)
    rows = report.count()
    if fmt != "pdf" and rows > settings.CT_EXPORT_DIRECT_MAX_ROWS:
        job = jobs.start_export(
            owner=request.user, report=slug, fmt=fmt, filters=report.filters.as_params(), total=rows
        )
        return redirect("report-job", pk=job.pk)
    audit.record("export", request=request, organization_id=jobs.coordinated_organization_id(request.user), report=slug,
                 format=fmt, filters=report.filters.as_params(), rows=rows, channel="direct")  # fmt: skip
    return _direct(report, slug, fmt)


def _direct(report: Report, slug: str, fmt: str) -> HttpResponse:
    disposition = f'attachment; filename="{_filename(slug, fmt)}"'
    if fmt == "csv":
        response = StreamingHttpResponse(writers.csv_chunks(report), content_type=writers.CONTENT_TYPES["csv"])
    elif fmt == "xlsx":
        spool = tempfile.TemporaryFile()
        writers.write_xlsx(report, spool)
        spool.seek(0)
        response = FileResponse(spool, content_type=writers.CONTENT_TYPES["xlsx"])
    else:
        response = HttpResponse(writers.report_pdf(report), content_type=writers.CONTENT_TYPES["pdf"])
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = "no-store"
    return response


def _own_job(request: HttpRequest, pk: int) -> ExportJob:
    return get_object_or_404(ExportJob.objects.filter(owner=request.user), pk=pk)


@login_required
@require_GET
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    report_class = REPORTS.get(job.report)
    context = {"title": _("Export: %(report)s") % {"report": report_class.title if report_class else job.report},
               "job": job, "status_url": reverse("report-job-status", args=[job.pk])}  # fmt: skip
    return _page(request, "reports/job.html", context)


@login_required
@require_GET
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(jobs.status(_own_job(request, pk)))


@login_required
@require_GET
def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    audit.record("download", request=request, organization_id=job.organization_id, report=job.report,
                 format=job.format, job=job.pk, rows=job.done)  # fmt: skip
    response = FileResponse(job.file.open("rb"), content_type=writers.CONTENT_TYPES[job.format])
    response["Content-Disposition"] = f'attachment; filename="{_filename(job.report, job.format)}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def case_summary(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_object_or_404(cases_visible_to(request.user), pk=case_id)
    pdf = case_summary_pdf(case, request.user)
    audit.record("export", request=request, obj=case, report="case-summary", format="pdf")
    response = HttpResponse(pdf, content_type=writers.CONTENT_TYPES["pdf"])
    response["Content-Disposition"] = f'attachment; filename="case-summary-{case.reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
