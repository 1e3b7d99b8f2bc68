"""The bench harness finds bench modules by themselves (bench/README.md): a module
added on another branch plugs in without editing bench/run.py."""

import sys
import types

import pytest

from bench import measure


@pytest.fixture
def harness():
    from bench import run

    return run


def test_the_modules_in_the_tree_are_found_and_the_harness_files_are_not(harness):
    names = [name for name, _module in harness.discover()]
    assert {"lists", "scoping", "reminders"} <= set(names)
    assert not {"run", "measure", "urls"} & set(names)
    assert names[0] == "lists"  # ORDER = 10 puts the lists first


def test_a_module_gets_only_the_context_it_names(harness):
    seen = {}

    def run(tier, runs):
        seen.update(tier=tier, runs=runs)
        return [measure.row("x", measure.Figure(1.0, 2.0, 3))]

    module = types.SimpleNamespace(run=run)
    rows = harness.call_module(module, {"tier": "M", "runs": 5, "client": object(), "org": object()})
    assert seen == {"tier": "M", "runs": 5}
    assert rows == [{"name": "x", "ours": {"p50_ms": 1.0, "p95_ms": 2.0, "queries": 3, "status": "ok"}}]


def test_a_module_taking_kwargs_gets_everything_and_may_return_plain_dicts(harness):
    def run(**context):
        return [{"name": f"rows {sorted(context)}", "p50_ms": 1.5, "p95_ms": 2.5}]

    rows = harness.call_module(types.SimpleNamespace(run=run), {"tier": "S", "runs": 1})
    assert rows == [{"name": "rows ['runs', 'tier']", "ours": {"p50_ms": 1.5, "p95_ms": 2.5}}]


def test_a_broken_module_is_reported_not_fatal(harness, tmp_path, monkeypatch):
    (tmp_path / "zz_broken.py").write_text("raise RuntimeError('nope')\n")
    (tmp_path / "zz_fine.py").write_text("def run(tier):\n    return []\n")
    (tmp_path / "_private.py").write_text("def run():\n    return []\n")
    (tmp_path / "helpers.py").write_text("VALUE = 1\n")  # no run(): not a bench module
    monkeypatch.setattr(harness, "BENCH_DIR", tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path.parent))
    monkeypatch.setattr(sys.modules["bench"], "__path__", [str(tmp_path), *sys.modules["bench"].__path__])
    found = dict(harness.discover())
    assert isinstance(found["zz_broken"], RuntimeError)
    assert callable(found["zz_fine"].run)
    assert "_private" not in found and "helpers" not in found


def test_rows_print_with_the_peer_and_the_ratio(harness):
    entry = measure.row("case list", measure.Figure(10.0, 20.0, 8), "stock admin", measure.Figure(300.0, 400.0, 56))
    assert entry["peer_p95_over_ours"] == 20.0
    line = harness.format_row(entry)
    assert "case list" in line and "stock admin" in line and "20.0x" in line
