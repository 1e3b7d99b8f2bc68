"""One search box for people and cases: a name in any script, an A-number in any
written form, or a case reference. Results start from the scoping selectors, so a
user only ever finds what they may see.

Names are folded the way Person.search_key is (cases/names.py), so "Вовченко" finds
"Vovchenko". On PostgreSQL a trigram word-similarity match (served by the GIN index
of migration 0006) also finds misspellings such as "Vovchenco"; other databases get
the token match only.
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from casetracker.models import User
from detentions.models import Custody

from .anumber import looks_like_anumber, parse_anumber
from .models import Case, Person
from .names import search_key
from .selectors import cases_visible_to, people_visible_to

MAX_RESULTS = 50
# Looks like a case reference: letters, a dash, a year (RADR-2025-0042, radr-2025).
_REFERENCE = re.compile(r"^[A-Za-z]{1,8}-\d{4}(-\d{1,6})?$")


@dataclass
class SearchResults:
    query: str
    kind: str = "none"  # "anumber", "reference", "name" or "none"
    people: list[Person] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.people) + len(self.cases)


def current_facility_name() -> Subquery:
    """The name of the facility a person is held in now (NULL when not detained)."""
    open_stay = Custody.objects.filter(person=OuterRef("pk"), released_on__isnull=True)
    return Subquery(open_stay.values("facility__name")[:1])


def name_matches(queryset: QuerySet[Person], text: str, *, prefix: str = "") -> QuerySet[Person]:
    """People (or rows reached through `prefix`, e.g. "person__") whose names match `text`."""
    tokens = search_key(text).split()
    if not tokens:
        return queryset.none()
    every_token = Q()
    for token in tokens:
        every_token &= Q(**{f"{prefix}search_key__contains": token})
    if connection.vendor == "postgresql":
        # Misspellings and other transliterations: pg_trgm's word similarity (%>).
        every_token |= Q(**{f"{prefix}search_key__trigram_word_similar": " ".join(tokens)})
    return queryset.filter(every_token)


def _people(user: User, queryset: QuerySet[Person]) -> list[Person]:
    visible_cases = cases_visible_to(user).select_related("court").order_by("-opened_on", "-pk")
    rows = (
        queryset.select_related("citizenship")
        .annotate(facility_now=current_facility_name())
        .prefetch_related(Prefetch("cases", queryset=visible_cases, to_attr="visible_cases"))
        .order_by("family_name", "given_names", "pk")
    )
    return list(rows[:MAX_RESULTS])


def search(user: User, query: str) -> SearchResults:
    """People and cases the user may see that match the query (at most 50 of each)."""
    text = (query or "").strip()[:200]
    results = SearchResults(query=text)
    if not text:
        return results
    people = people_visible_to(user).filter(archived_at__isnull=True)
    if looks_like_anumber(text):
        results.kind = "anumber"
        results.people = _people(user, people.filter(a_number=parse_anumber(text)))
        return results
    if _REFERENCE.match(text):
        results.kind = "reference"
        cases = cases_visible_to(user).filter(reference__istartswith=text).select_related("person", "court")
        results.cases = list(cases.order_by("reference")[:MAX_RESULTS])
        return results
    results.kind = "name"
    results.people = _people(user, name_matches(people, text))
    return results
