"""The measuring contract: `lifeos interpret` on files, with no database and no history."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from lifeos_core.interpreter.contract import main, run_evaluate, run_interpret
from lifeos_core.interpreter.evaluate import BadEventLine

EVENTS = [
    {"id": "e1", "title": "Lunch w/ Sarah ($25)", "description": "", "location": "",
     "start": "2026-11-19T12:30:00", "end": "2026-11-19T13:30:00", "all_day": False},
    {"id": 2, "title": "Busy", "description": "", "location": "",
     "start": "2026-11-19T15:00:00+01:00", "end": "2026-11-19T16:00:00+01:00", "all_day": False},
    {"id": "e3", "title": "Run", "description": None, "location": None,
     "start": "2026-11-20T06:00:00Z", "end": "2026-11-20T06:45:00Z", "all_day": False},
]  # fmt: skip


def write(tmp_path: Path, rows, name="events.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    return path


def test_interpret_writes_one_line_per_event_with_every_field(tmp_path):
    out = io.StringIO()
    assert run_interpret(str(write(tmp_path, EVENTS)), out) == 3
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["id"] for line in lines] == ["e1", 2, "e3"]
    lunch = {i["record_type"]: i for i in lines[0]["interpretations"]}
    assert set(lunch) == {"health/meal", "relationships/interaction", "finance/transaction"}
    for found in lunch.values():
        assert set(found) == {"domain", "record_type", "confidence", "decision", "structure",
                              "evidence"}  # fmt: skip
    assert lunch["finance/transaction"]["structure"]["amount"] == "25"
    assert lines[1]["interpretations"] == []
    assert lines[2]["interpretations"][0]["record_type"] == "health/workout"


def test_a_bad_line_is_named(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(EVENTS[0]) + "\n{not json\n")
    with pytest.raises(BadEventLine, match="line 2"):
        run_interpret(str(path), io.StringIO())
    assert main(["--input", str(path)]) == 2


def test_evaluate_prints_a_table_then_the_numbers_as_json(tmp_path):
    rows = [dict(EVENTS[0], labels=["health/meal", "relationships/interaction",
                                    "finance/transaction"]),
            dict(EVENTS[1], labels=[]),
            dict(EVENTS[2], labels=["health/workout"])]  # fmt: skip
    out = io.StringIO()
    result = run_evaluate(str(write(tmp_path, rows)), out)
    text = out.getvalue().splitlines()
    assert "precision" in text[0] and any(line.startswith("health/meal") for line in text)
    assert json.loads(text[-1]) == result
    assert result["micro_f1"] == 1.0 and result["exact_set_accuracy"] == 1.0
    assert result["nothing_false_positive_rate"] == 0.0
    assert set(result["per_type"]["health/meal"]) == {"precision", "recall", "f1", "support"}


def test_evaluate_refuses_an_unknown_record_type(tmp_path):
    path = write(tmp_path, [dict(EVENTS[0], labels=["health/sleep"])])
    with pytest.raises(BadEventLine, match="unknown record types"):
        run_evaluate(str(path), io.StringIO())


def test_the_command_line_reads_standard_input_and_writes_standard_output():
    done = subprocess.run(
        [sys.executable, "-m", "lifeos_core.interpreter.contract", "--input", "-"],
        input="\n".join(json.dumps(e) for e in EVENTS),
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == ["e1", 2, "e3"]


def test_the_learning_curve_prints_f1_every_25_decisions(tmp_path):
    persona = Path(__import__("lifeos_core.interpreter.data", fromlist=["x"]).__file__).parent
    lines = (persona / "persona.jsonl").read_text(encoding="utf-8").splitlines()[:120]
    path = tmp_path / "first-weeks.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = io.StringIO()
    result = run_evaluate(str(path), out, learning_curve_=True)
    assert [point["decisions"] for point in result["learning_curve"]] == [0, 25, 50, 75, 80]
    assert "Learning curve" in out.getvalue()
    assert json.loads(out.getvalue().splitlines()[-1])["learning_curve"] == result["learning_curve"]
