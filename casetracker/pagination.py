"""A paginator that does not count millions of rows to show a page of fifty.

Django's Paginator runs COUNT(*) over the whole list on every page view; on a
PostgreSQL table of millions of rows that scan is most of the page's time. Here the
planner's row estimate (EXPLAIN, which reads pg_class.reltuples and the column
statistics) stands in when it says the list is big; smaller lists, and every list
on other databases, get the exact count. The estimate is shown as "about N".
"""

import json
from functools import cached_property

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import QuerySet

# Lists the planner thinks are at least this long are not counted exactly.
DEFAULT_THRESHOLD = 100_000


def planner_estimate(queryset: QuerySet) -> int | None:
    """The planner's row estimate for the queryset, or None off PostgreSQL."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """Exact counts for small lists, the planner's estimate for big ones (PostgreSQL)."""

    estimated = False

    @cached_property
    def count(self) -> int:
        threshold = getattr(settings, "CT_ESTIMATED_COUNT_THRESHOLD", DEFAULT_THRESHOLD)
        if isinstance(self.object_list, QuerySet):
            estimate = planner_estimate(self.object_list)
            if estimate is not None and estimate >= threshold:
                self.estimated = True
                return estimate
        return super().count

    def validate_number(self, number: int | float | str) -> int:
        # An estimate may be short of the truth: let the pages past it be asked for
        # (the list's own "next" link gets there) instead of refusing them.
        if not self.estimated:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number
