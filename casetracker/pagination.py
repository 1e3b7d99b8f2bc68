"""A paginator that does not count millions of rows to show a page of fifty.

Django's Paginator runs COUNT(*) over the whole list on every page view; on a
PostgreSQL table of millions of rows that scan is most of the page's time. Here the
count is exact up to a cap (CT_ESTIMATED_COUNT_THRESHOLD, 10 000 rows by default),
counted with a LIMITed subquery that stops at the cap + 1st row, so short and
filtered lists get their true size and pages. Only a list longer than the cap
takes the planner's row estimate (EXPLAIN, which reads pg_class.reltuples and the
column statistics); the estimate is never below the cap + 1 the count has proved,
and the `estimated` flag says the figure is approximate. Every list on other
databases (SQLite for development and tests) is counted exactly.

Edge cases: a query that compiles to nothing (a search that folds to no tokens,
`.none()`) counts 0 instead of raising EmptyResultSet; pages past an estimate that
fell short are served (empty), pages below 1 or not numbers are refused as usual.
"""

import json
from functools import cached_property

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import QuerySet

# Lists longer than this are not counted exactly (on PostgreSQL).
DEFAULT_THRESHOLD = 10_000


def planner_estimate(queryset: QuerySet) -> int | None:
    """The planner's row estimate for the queryset; None off PostgreSQL; 0 for a query
    that can match nothing (Django refuses to compile it: EmptyResultSet)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def capped_count(queryset: QuerySet, cap: int) -> int:
    """COUNT(*) of at most cap + 1 rows: SELECT COUNT(*) FROM (... LIMIT cap + 1).

    Ordering is dropped (it changes nothing in a count and would sort every row
    before the limit). An empty-by-construction query counts 0 without a query.
    """
    return queryset.order_by()[: cap + 1].count()


def threshold() -> int:
    return int(getattr(settings, "CT_ESTIMATED_COUNT_THRESHOLD", DEFAULT_THRESHOLD))


class EstimatedCountPaginator(Paginator):
    """Exact counts up to the threshold, the planner's estimate beyond it (PostgreSQL)."""

    estimated = False

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return super().count
        queryset = self.object_list
        if connections[queryset.db].vendor != "postgresql":
            return super().count
        cap = threshold()
        exact = capped_count(queryset, cap)
        if exact <= cap:
            return exact
        self.estimated = True
        return max(planner_estimate(queryset) or 0, cap + 1)

    def validate_number(self, number: int | float | str) -> int:
        # An estimate may be short of the truth: let the pages past it be asked for
        # (the list's own "next" link gets there) instead of refusing them.
        self.count  # noqa: B018 -- decides whether the count is an estimate
        if not self.estimated:
            return super().validate_number(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number
