"""Timing helpers: p50/p95 of repeated requests or calls, with their query counts."""

from __future__ import annotations

import math
import resource
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class Figure:
    p50_ms: float | None = None
    p95_ms: float | None = None
    queries: int | None = None
    status: str = "ok"
    extra: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def timed(call: Callable[[], Any], runs: int, check: Callable[[Any], str | None] = lambda _r: None) -> Figure:
    """Run `call` once to warm caches, then `runs` times; p50/p95 in ms, queries of the last run."""
    problem = check(call())
    if problem:
        return Figure(status=problem)
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)
    return Figure(round(percentile(times, 0.5), 1), round(percentile(times, 0.95), 1), queries)


def http_ok(response) -> str | None:
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    return None


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def row(name: str, ours: Figure, peer_name: str = "", peer: Figure | None = None) -> dict[str, Any]:
    """One line of the bench table: our figure, and its peer's measured in the same run."""
    entry: dict[str, Any] = {"name": name, "ours": ours.as_dict()}
    if peer is not None:
        entry["peer"] = {"name": peer_name, **peer.as_dict()}
        if ours.p95_ms and peer.p95_ms:
            entry["peer_p95_over_ours"] = round(peer.p95_ms / ours.p95_ms, 1)
    return entry


def page(client, url: str, runs: int) -> Figure:
    """p50/p95 and queries of GET url; "not built yet" when no view answers it."""
    from django.urls import NoReverseMatch, Resolver404, resolve

    try:
        resolve(url.split("?")[0])
    except (Resolver404, NoReverseMatch):
        return Figure(status="not built yet")
    figure = timed(lambda: client.get(url), runs, http_ok)
    # The admin's catch-all answers every unknown path with 404: a page not built yet.
    return Figure(status="not built yet") if figure.status == "HTTP 404" else figure
