"""Coordinators' reports: a registry of report classes (columns, scoped queryset, row
function, filters) and the writers that turn one into CSV, XLSX or PDF."""

from . import definitions  # noqa: F401  (registers the reports)
from .base import Column, Filters, Report, ReportFilterForm
from .registry import REPORTS

__all__ = ["REPORTS", "Column", "Filters", "Report", "ReportFilterForm"]
