"""What an import did, row by row: every source row ends as exactly one outcome."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

IMPORTED = "imported"  # a new record was created
MERGED = "merged"  # an existing record was found and updated (or confirmed)
UNCHANGED = "unchanged"  # an existing record already said the same; nothing written
SKIPPED = "skipped"  # nothing to import (a blank line, a footer)
REJECTED = "rejected"  # not imported, with the reason
OUTCOMES = (IMPORTED, MERGED, UNCHANGED, SKIPPED, REJECTED)


@dataclass
class RowResult:
    row: int  # the row number as the user sees it in the file (1 = first line)
    outcome: str
    reason: str = ""
    object_type: str = ""
    object_id: int | None = None
    label: str = ""  # a reference or code, never a name or A-number
    values: dict[str, Any] = field(default_factory=dict)  # the raw cells, kept only for rejected rows

    def as_dict(self) -> dict[str, Any]:
        data = {"row": self.row, "outcome": self.outcome, "reason": self.reason}
        if self.object_type:
            data.update(object_type=self.object_type, object_id=self.object_id, label=self.label)
        if self.values:
            data["values"] = self.values
        return data


@dataclass
class ImportReport:
    """Counts per outcome, and the row results worth showing (all, or all but the routine ones)."""

    source: str = ""
    keep: frozenset[str] = frozenset(OUTCOMES)
    counts: Counter = field(default_factory=Counter)
    rows: list[RowResult] = field(default_factory=list)

    def add(self, result: RowResult) -> RowResult:
        self.counts[result.outcome] += 1
        if result.outcome in self.keep:
            self.rows.append(result)
        return result

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def changed(self) -> bool:
        return bool(self.counts[IMPORTED] or self.counts[MERGED])

    def outcome_of(self, row: int) -> RowResult | None:
        return next((r for r in self.rows if r.row == row), None)

    def summary(self) -> str:
        parts = ", ".join(f"{self.counts[o]} {o}" for o in OUTCOMES if self.counts[o])
        return f"{self.source}: {self.total} rows: {parts or 'nothing'}"
