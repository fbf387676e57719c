"""The measuring contract: the interpreter on files, with no database and no history.

    lifeos interpret --input EVENTS.jsonl
    lifeos interpret evaluate --labelled FILE.jsonl [--learning-curve]

(or ``python -m lifeos_core.interpreter.contract`` with the same arguments).

Input: one JSON object per line with ``id``, ``title``, ``description``, ``location``,
``start``, ``end`` (ISO 8601; naive means local time), ``all_day``, and for ``evaluate``
``labels`` (a list of record types). ``interpret`` writes one line per event:
``{"id": ..., "interpretations": [{"domain", "record_type", "confidence", "decision",
"structure", "evidence"}]}``. ``evaluate`` prints a table, then the same numbers as one JSON
object on the last line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import IO

from lifeos_core.interpreter.evaluate import (
    BadEventLine,
    evaluate,
    format_curve,
    format_table,
    learning_curve,
    load_events,
    read_events,
)
from lifeos_core.interpreter.rules import RULES_VERSION, interpret_batch

BATCH = 1000


def _thresholds() -> tuple[float, float]:
    """The deployment's thresholds (LIFEOS_INTERPRETER_*), or the defaults."""
    from lifeos_core.config import get_settings

    settings = get_settings()
    return settings.interpreter_auto_confirm_threshold, settings.interpreter_review_threshold


def run_interpret(input_path: str, output_stream: IO[str]) -> int:
    """Interpret every event of a JSONL file (``-`` is standard input). Returns how many."""
    if input_path == "-":
        events = read_events(sys.stdin)
    else:
        events = load_events(input_path)
    auto_confirm, review = _thresholds()
    for offset in range(0, len(events), BATCH):
        batch = events[offset : offset + BATCH]
        proposals = interpret_batch(
            [e.facts for e in batch], auto_confirm_threshold=auto_confirm, review_threshold=review
        )
        for event, found in zip(batch, proposals, strict=True):
            line = {
                "id": event.id,
                "interpretations": [
                    {
                        "domain": p.domain,
                        "record_type": p.record_type,
                        "confidence": p.confidence,
                        "decision": p.decision,
                        "structure": p.structure,
                        "evidence": p.evidence,
                    }
                    for p in found
                ],
            }
            output_stream.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
    return len(events)


def run_evaluate(labelled_path: str, output_stream: IO[str], learning_curve_: bool = False) -> dict:
    """Print precision, recall and F1 per record type (and the learning curve if asked) as a
    table, then as JSON on the last line; returns the JSON object."""
    events = load_events(labelled_path, labelled=True)
    scores = evaluate(events)
    result = {"model_version": RULES_VERSION, **scores.as_dict()}
    output_stream.write(format_table(scores) + "\n")
    if learning_curve_:
        curve = learning_curve(events)
        result["learning_curve"] = curve
        output_stream.write("\nLearning curve (F1 on the later events after N decisions):\n")
        output_stream.write(format_curve(curve) + "\n")
    output_stream.write(json.dumps(result) + "\n")
    return result


def add_interpret_parser(subparsers) -> argparse.ArgumentParser:
    """``lifeos interpret ...``: add to the CLI's sub-commands."""
    parser = subparsers.add_parser(
        "interpret",
        help="interpret calendar events from a JSONL file, or evaluate on labelled events",
        description=__doc__.split("\n\n")[0],
    )
    _arguments(parser)
    parser.set_defaults(func=cmd_interpret)
    return parser


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action", nargs="?", choices=["evaluate"], help="evaluate on a labelled file"
    )
    parser.add_argument("--input", metavar="EVENTS.jsonl", help="events to interpret (- for stdin)")
    parser.add_argument("--labelled", metavar="FILE.jsonl", help="labelled events to evaluate on")
    parser.add_argument(
        "--learning-curve",
        action="store_true",
        help="replay the labels as review decisions and print F1 after every 25",
    )


def cmd_interpret(args: argparse.Namespace) -> int:
    try:
        if args.action == "evaluate":
            if not args.labelled:
                print("lifeos interpret evaluate needs --labelled FILE.jsonl", file=sys.stderr)
                return 2
            run_evaluate(args.labelled, sys.stdout, args.learning_curve)
            return 0
        if not args.input:
            print("lifeos interpret needs --input EVENTS.jsonl (or: evaluate)", file=sys.stderr)
            return 2
        run_interpret(args.input, sys.stdout)
        return 0
    except (BadEventLine, OSError, ValueError) as exc:
        print(f"lifeos interpret: {exc}", file=sys.stderr)
        return 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lifeos_core.interpreter.contract")
    _arguments(parser)
    return cmd_interpret(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
