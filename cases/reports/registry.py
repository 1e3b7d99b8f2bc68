"""Reports by slug, in the order the reports page lists them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Report

REPORTS: dict[str, type["Report"]] = {}


def register(report: type["Report"]) -> type["Report"]:
    REPORTS[report.slug] = report
    return report
