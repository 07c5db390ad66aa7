"""The ``tradeclaims`` command line: argument parsing only; the work is done by the same
public functions Python users call."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.console import Console
from rich.table import Table

from .errors import TradeclaimsError
from .evaluate import Scores, evaluate_files
from .io import Document, parse_published, read_document, write_json, write_jsonl
from .schema import json_schema

app = typer.Typer(
    name="tradeclaims",
    help="Structured, source-grounded facts from trade-news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)

EXIT_INPUT_ERROR = 1
EXIT_USAGE = 2


def _fail(exc: TradeclaimsError, code: int = EXIT_INPUT_ERROR) -> typer.Exit:
    err.print(f"[bold red]error[/]: {exc}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


@app.command()
def extract(
    files: Annotated[
        list[Path], typer.Argument(help="Article text files (UTF-8).", show_default=False)
    ],
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD, the anchor of relative dates.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")
    ] = None,
) -> None:
    """Extract from FILES: one JSON object for one file, JSON Lines for several."""
    from .api import Extractor

    try:
        anchor = parse_published(published, source="--published")
        docs: list[Document] = [read_document(f, published=anchor) for f in files]
    except TradeclaimsError as exc:
        raise _fail(exc, EXIT_USAGE if exc.code == "TC104" else EXIT_INPUT_ERROR) from None
    extractor = Extractor()
    results = extractor.pipe(docs)
    stream = output.open("wb") if output else sys.stdout.buffer
    try:
        if len(docs) == 1:
            write_json(next(results), stream)
        else:
            write_jsonl(results, stream)
    finally:
        if output:
            stream.close()


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output."""
    sys.stdout.buffer.write(orjson.dumps(json_schema(), option=orjson.OPT_INDENT_2) + b"\n")


@app.command()
def evaluate(
    gold: Annotated[
        list[Path], typer.Argument(help="Gold files (*.gold.json).", show_default=False)
    ],
    predictions: Annotated[
        Path | None,
        typer.Option(help="Folder of predictions named <text stem>.json, instead of extracting."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable scores.")] = False,
) -> None:
    """Score extraction against gold annotations: precision, recall and F1 per category."""
    from .api import Extractor

    started = time.perf_counter()
    try:
        if predictions is not None:
            total, per_file = evaluate_files(gold, predictions_dir=predictions)
        else:
            extractor = Extractor()
            total, per_file = evaluate_files(
                gold, predict=lambda text, pub, src: extractor(text, published=pub, source=src)
            )
    except TradeclaimsError as exc:
        raise _fail(exc) from None
    seconds = time.perf_counter() - started
    if as_json:
        payload = {
            "total": total.as_dict(),
            "files": {k: v.as_dict() for k, v in per_file.items()},
            "seconds": round(seconds, 3),
        }
        sys.stdout.buffer.write(orjson.dumps(payload, option=orjson.OPT_INDENT_2) + b"\n")
        return
    console = Console(width=max(Console().width, 110))
    console.print(_table(total, f"{total.documents} document(s), {seconds:.2f} s"))


def _table(scores: Scores, caption: str) -> Table:
    table = Table(title="tradeclaims evaluation", caption=caption)
    for col in ("category", "P", "R", "F1", "TP", "FP", "FN", "P~", "R~", "F1~"):
        if col == "category":
            table.add_column(col, no_wrap=True, min_width=24)
        else:
            table.add_column(col, justify="right")
    for cat, c in scores.exact.items():
        p = scores.partial[cat]
        cells = [c.precision, c.recall, c.f1, c.tp, c.fp, c.fn, p.precision, p.recall, p.f1]
        table.add_row(cat, *(f"{v:.3f}" if isinstance(v, float) else str(v) for v in cells))
    for kind, c in sorted(scores.claim_kinds.items()):
        table.add_row(
            f"  claims:{kind}",
            f"{c.precision:.3f}",
            f"{c.recall:.3f}",
            f"{c.f1:.3f}",
            str(c.tp),
            str(c.fp),
            str(c.fn),
            "",
            "",
            "",
        )
    table.add_section()
    for name, ratio in scores.attributes.items():
        table.add_row(
            name,
            f"{ratio.accuracy:.3f}",
            "",
            "",
            str(ratio.correct),
            "",
            str(ratio.total - ratio.correct),
            "",
            "",
            "",
        )
    return table


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
