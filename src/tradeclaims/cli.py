"""The ``tradeclaims`` command line: argument parsing only; the work is done by the same
public functions Python users call."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperArgument, TyperCommand, TyperGroup
from typer.models import CommandFunctionType

from .errors import TradeclaimsError
from .evaluation.gold import evaluate_files
from .evaluation.scores import Scores
from .io.paths import check_output_dir, check_output_file, write_text_file
from .io.readers import (
    MAX_INPUT_BYTES,
    Document,
    dumps,
    parse_published,
    read_document,
    write_json,
)
from .schema import ArticleExtraction, json_schema, schema_markdown


class _HelpCommand(TyperCommand):
    """Help in the conventional form: ``extract [OPTIONS] FILE...``, ``--output PATH``, flags
    without a type, rather than Typer's ``{files}...``, ``<list[Path]>``, ``--help <bool>``."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        for param in params:
            _plain_help(param)
        return params


def _plain_help(param: Any) -> None:
    if isinstance(param, TyperArgument):
        name = param.metavar or (param.name or "").upper()
        if param.nargs != 1 and not name.endswith("..."):
            name += "..."
        param.metavar = name
        usage = name if param.required else f"[{name}]"
        param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]
        param.get_usage_pieces = lambda ctx: [usage]  # type: ignore[method-assign]
    elif getattr(param, "is_flag", False):
        param.display_type_rich = lambda ctx: None
    elif param.metavar is None:
        kind = param.bare_type().removeprefix("list[").removesuffix("]")
        param.metavar = {"int": "N", "str": "TEXT", "Path": "PATH"}.get(kind, kind.upper())


class _HelpGroup(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        for param in params:
            _plain_help(param)
        return params


class _App(typer.Typer):
    def command(
        self, *args: Any, **kwargs: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        kwargs.setdefault("cls", _HelpCommand)
        return super().command(*args, **kwargs)


app = _App(
    name="tradeclaims",
    help="Structured, source-grounded facts from trade-news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=_HelpGroup,
)
err = Console(stderr=True)

EXIT_INPUT_ERROR = 1
EXIT_USAGE = 2
#: 128 + SIGTERM, as a shell reports a process that the signal ended
EXIT_TERMINATED = 143


class _TerminatedError(Exception):
    """SIGTERM arrived: unwinds the batch run (its workers are stopped, its output closed)."""


def _terminated(signum: int, frame: object) -> None:
    raise _TerminatedError


def _fail(exc: TradeclaimsError, code: int = EXIT_INPUT_ERROR) -> typer.Exit:
    err.print(f"[bold red]error[/]: {exc}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


@app.command()
def extract(
    files: Annotated[
        list[Path], typer.Argument(help="Article text files (UTF-8).", show_default=False)
    ],
    published: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="Publication date YYYY-MM-DD, the anchor of relative dates."
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")
    ] = None,
    aliases: Annotated[
        list[Path] | None, typer.Option(help="Your own alias file (JSONL), repeatable.")
    ] = None,
    max_bytes: Annotated[
        int, typer.Option(help="Size limit of an input file (bytes, after gzip).")
    ] = MAX_INPUT_BYTES,
) -> None:
    """Extract from FILES: one JSON object for one file, JSON Lines for several."""
    from .api import Extractor
    from .io.paths import write_or_fail

    _use_aliases(aliases)
    try:
        anchor = parse_published(published, source="--published")
        if output is not None:
            check_output_file(output)
        docs: list[Document] = [
            read_document(f, published=anchor, max_bytes=max_bytes) for f in files
        ]
    except TradeclaimsError as exc:
        raise _fail(
            exc, EXIT_USAGE if exc.code in ("TC104", "TC401") else EXIT_INPUT_ERROR
        ) from None
    extractor = Extractor(max_chars=max(max_bytes, MAX_INPUT_BYTES))
    results = extractor.pipe(docs)
    name = str(output) if output else "<stdout>"
    try:
        stream = output.open("wb") if output else sys.stdout.buffer
    except OSError as exc:
        raise _fail(TradeclaimsError(str(exc), source=name)) from None
    try:
        if len(docs) == 1 and not (output and output.suffix == ".jsonl"):
            buffer = io.BytesIO()
            write_json(next(results), buffer)
            write_or_fail(stream, buffer.getvalue(), name)
        else:
            for result in results:
                write_or_fail(stream, dumps(result) + b"\n", name)
    except TradeclaimsError as exc:
        raise _fail(exc) from None
    finally:
        if output:
            with contextlib.suppress(OSError):
                stream.close()
    if output:
        err.print(f"wrote {len(docs)} extraction(s) to {output}", highlight=False, soft_wrap=True)


@app.command()
def schema(
    markdown: Annotated[bool, typer.Option(help="Field tables in Markdown instead.")] = False,
) -> None:
    """Print the JSON Schema of the output."""
    if markdown:
        sys.stdout.write(schema_markdown())
        return
    sys.stdout.buffer.write(orjson.dumps(json_schema(), option=orjson.OPT_INDENT_2) + b"\n")


@app.command()
def render(
    source: Annotated[Path, typer.Argument(help="An article text file, or a JSON/JSONL output.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The HTML page (a folder for several articles).")
    ],
    published: Annotated[
        str | None, typer.Option(metavar="DATE", help="Publication date of a text file.")
    ] = None,
    text_root: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            help="Read article texts only from files under this folder (for results that "
            "others supplied); relative sources are taken relative to it.",
        ),
    ] = None,
    max_bytes: Annotated[
        int, typer.Option(metavar="BYTES", help="Size limit of an input file.")
    ] = MAX_INPUT_BYTES,
) -> None:
    """A self-contained HTML review page: highlighted text, claims, entities, money chart."""
    from .api import Extractor
    from .outputs.export import load_source_text, read_results
    from .outputs.render import render_html, render_index

    pairs: list[tuple[ArticleExtraction | dict[str, object], str | None, str | None]] = []
    missing = 0
    try:
        if source.suffix in (".json", ".jsonl") or source.name.endswith((".jsonl.gz", ".json.gz")):
            for r in read_results(source, max_bytes=max_bytes):
                if not isinstance(r, ArticleExtraction):
                    pairs.append((r, None, f"{r.get('error')}: {r.get('message')}"))
                    continue
                try:
                    found = load_source_text(
                        r, results_path=source, text_root=text_root, max_bytes=max_bytes
                    )
                    pairs.append((r, found, None))
                except TradeclaimsError as exc:
                    pairs.append((r, None, str(exc)))
                    missing += 1
        else:
            anchor = parse_published(published, source="--published")
            doc = read_document(source, published=anchor, max_bytes=max_bytes)
            check_output_file(output)
            extracted = Extractor()(
                doc.text, published=doc.published, source=doc.source, title=doc.title
            )
            pairs = [(extracted, doc.text, None)]
        if (
            len(pairs) == 1
            and isinstance(pairs[0][0], ArticleExtraction)
            and pairs[0][1] is not None
        ):
            check_output_file(output)
            write_text_file(output, render_html(pairs[0][0], pairs[0][1]))
            err.print(f"wrote the review page {output}", highlight=False, soft_wrap=True)
            return
        check_output_dir(output)
        pages: list[tuple[str, ArticleExtraction | None, str | None]] = []
        for i, (record, page_text, error) in enumerate(pairs, 1):
            name = f"article-{i:05d}.html"
            if not isinstance(record, ArticleExtraction):
                pages.append((str(record.get("source")), None, error))
            elif page_text is None:
                err.print(
                    f"no page for {record.article.source}: {error}", highlight=False, soft_wrap=True
                )
                pages.append((str(record.article.source), None, error))
            else:
                write_text_file(output / name, render_html(record, page_text))
                pages.append((name, record, None))
        write_text_file(output / "index.html", render_index(pages))
    except TradeclaimsError as exc:
        raise _fail(exc, EXIT_USAGE if exc.code == "TC104" else EXIT_INPUT_ERROR) from None
    written = sum(1 for _, result, _ in pages if result is not None)
    err.print(
        f"wrote {written} review page(s) and index.html to {output}"
        + (f"; {missing} article(s) without their text" if missing else ""),
        highlight=False,
        soft_wrap=True,
    )
    if missing:
        raise typer.Exit(EXIT_INPUT_ERROR)


@app.command()
def export(
    results: Annotated[Path, typer.Argument(help="A JSON/JSONL output of extract or batch.")],
    out_dir: Annotated[Path, typer.Option("--dir", help="Folder for the tables.")],
    fmt: Annotated[str, typer.Option("--format", help="csv, parquet or langextract.")] = "csv",
    text_root: Annotated[
        Path | None,
        typer.Option(help="langextract: read article texts only from files under this folder."),
    ] = None,
) -> None:
    """One table per category (articles, people, ..., claims), one row per item. In CSV, a
    text cell that starts with =, +, -, @, tab or CR gets a leading apostrophe."""
    from .outputs.export import export_langextract, export_tables

    if fmt not in ("csv", "parquet", "langextract"):
        err.print(f"[bold red]error[/]: --format must be csv, parquet or langextract, not {fmt!r}")
        raise typer.Exit(EXIT_USAGE)
    try:
        check_output_dir(out_dir)
        if fmt == "langextract":
            count = export_langextract(results, out_dir / "langextract.jsonl", text_root=text_root)
            err.print(
                f"wrote {count} documents to {out_dir / 'langextract.jsonl'}", highlight=False
            )
            return
        counts = export_tables(results, out_dir, fmt)  # type: ignore[arg-type]
    except TradeclaimsError as exc:
        raise _fail(exc) from None
    err.print(
        f"wrote {len(counts)} {fmt} tables to {out_dir} (rows: "
        + ", ".join(f"{name} {n}" for name, n in counts.items())
        + ")",
        highlight=False,
        soft_wrap=True,
    )


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


_BATCH_HELP = (
    "Process many documents into JSONL: exactly one record per input document, the "
    "extraction or an error record. Exit code 0: all succeeded; 1: some failed; 2: usage."
    "\n\nAccepted inputs: text files (.txt, .md, .text), whose YAML front matter "
    "(published, title, source or url) is read and cut off; JSON (.json, one record or a "
    "list of them); JSON Lines (.jsonl, .ndjson, one record a line; see --text-field); web "
    "pages (.html, .htm; needs the html extra); any of them gzipped (.gz)."
)


@app.command(help=_BATCH_HELP)
def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files, folders (recursive) and glob patterns.", show_default=False),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="The JSONL file to write.")],
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (default: the number of cores).")
    ] = None,
    resume: Annotated[bool, typer.Option(help="Skip inputs already in --output.")] = False,
    engine: Annotated[str, typer.Option(help="local or dask.")] = "local",
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address; a local cluster if not given.")
    ] = None,
    text_field: Annotated[str, typer.Option(help="Text field of JSON/JSONL records.")] = "text",
    id_field: Annotated[str, typer.Option(help="Id field of JSON/JSONL records.")] = "id",
    published_field: Annotated[str, typer.Option(help="Date field of records.")] = "published",
    title_field: Annotated[str, typer.Option(help="Title field of records.")] = "title",
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
    aliases: Annotated[
        list[Path] | None, typer.Option(help="Your own alias file (JSONL), repeatable.")
    ] = None,
    metadata: Annotated[
        Path | None,
        typer.Option(
            metavar="TABLE",
            help="CSV, TSV or JSONL table of each input's published (or date), title and "
            "url (or source), keyed by file name, path or record id (column file, path or id).",
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            metavar="YEAR",
            help="Year of wire datelines that give only a month and day ('LONDON, March 26 -'); "
            "without it they stay XXXX-MM-DD.",
        ),
    ] = None,
    keep_text: Annotated[
        bool,
        typer.Option(help="Keep each article's text in its record (render needs no files)."),
    ] = False,
    doc_timeout: Annotated[
        float,
        typer.Option(help="Seconds one document may take (local engine); then a TC303 record."),
    ] = 600.0,
    max_bytes: Annotated[
        int, typer.Option(help="Size limit of an input file (bytes, after gzip).")
    ] = MAX_INPUT_BYTES,
) -> None:
    """Process many documents into JSONL: exactly one record per input document, the
    extraction or an error record. Exit code 0: all succeeded; 1: some failed; 2: usage
    (including an output that cannot be written or that another run is writing); 143:
    stopped by SIGTERM (the records written so far are complete; --resume goes on)."""
    from rich.progress import (
        BarColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from .io.batch import BatchSummary, run_batch
    from .io.readers import count_documents

    _use_aliases(aliases)
    if engine not in ("local", "dask"):
        err.print(f"[bold red]error[/]: --engine must be local or dask, not {engine!r}")
        raise typer.Exit(EXIT_USAGE)
    fields = {
        "text": text_field,
        "id": id_field,
        "published": published_field,
        "title": title_field,
    }
    bar = Progress(
        TextColumn("[bold]{task.completed} docs"),
        BarColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=not progress,
    )
    task = bar.add_task("batch", total=count_documents(inputs) if progress else None, rate="")

    def update(summary: BatchSummary) -> None:
        rate = f"{summary.docs_per_second:.1f} docs/s, {summary.words_per_second:,.0f} words/s"
        bar.update(task, completed=summary.documents, rate=rate)

    if doc_timeout <= 0:
        err.print("[bold red]error[/]: --doc-timeout must be a positive number of seconds")
        raise typer.Exit(EXIT_USAGE)
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        with bar:
            summary = run_batch(
                inputs, output, workers=workers, resume=resume, engine=engine,  # type: ignore[arg-type]
                scheduler=scheduler, fields=fields, progress=update, doc_timeout=doc_timeout,
                max_bytes=max_bytes, metadata=metadata, year=year, keep_text=keep_text,
            )  # fmt: skip
    except TradeclaimsError as exc:
        raise _fail(exc, EXIT_USAGE) from None
    except _TerminatedError:
        err.print("stopped by SIGTERM; the records written are complete (use --resume)")
        raise typer.Exit(EXIT_TERMINATED) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    err.print(
        f"{summary.documents} documents ({summary.skipped} skipped), {summary.words:,} words, "
        f"{summary.failed} failed, {summary.seconds:.1f} s, "
        f"{summary.docs_per_second:.1f} docs/s, {summary.words_per_second:,.0f} words/s",
        highlight=False,
    )
    if summary.failed:
        errors = ", ".join(f"{code}: {n}" for code, n in sorted(summary.errors.items()))
        err.print(f"failures by error code: {errors}", highlight=False)
    err.print(
        f"wrote {summary.documents} records ({summary.succeeded} extractions, "
        f"{summary.failed} error records) to {output}",
        highlight=False,
        soft_wrap=True,
    )
    if summary.failed:
        raise typer.Exit(EXIT_INPUT_ERROR)


train_app = typer.Typer(help="Rebuild trained weights under models/ from the gold files.")
app.add_typer(train_app, name="train")


@train_app.command("claims")
def train_claims_command(
    gold: Annotated[
        Path, typer.Option(help="The splits manifest (train is fitted, dev picks settings).")
    ] = Path("gold/splits.json"),
    out: Annotated[Path, typer.Option(help="Where to write the model.")] = Path(
        "models/claims/kinds.json"
    ),
    report: Annotated[
        Path | None, typer.Option(help="Also write the training report (JSON) here.")
    ] = None,
    curve: Annotated[
        bool, typer.Option(help="Learning curve and cross-validated train figures.")
    ] = True,
) -> None:
    """Fit the claim decision (which candidates are claims, and their kind) on the train
    split, choose its settings on dev, and write it. Deterministic; the test split is never
    read."""
    from .training.claims import train_claims

    try:
        result = train_claims(gold, out, curve=curve)
    except (TradeclaimsError, ImportError) as exc:
        if isinstance(exc, ImportError):
            typer.echo(f"tradeclaims: {exc} (pip install 'tradeclaims[train]')", err=True)
            raise typer.Exit(EXIT_INPUT_ERROR) from None
        raise _fail(exc) from None
    if report is not None:
        report.write_bytes(orjson.dumps(result, option=orjson.OPT_INDENT_2) + b"\n")
    dev = result["dev_model"]["exact"]["claims"]
    rules = result["dev_rules"]
    typer.echo(
        f"wrote {out}: C={result['C']}, threshold={result['threshold']}; dev claims "
        f"P {dev['precision']:.3f} R {dev['recall']:.3f} F {dev['f1']:.3f} "
        f"(rules alone: P {rules['precision']:.3f} R {rules['recall']:.3f})"
    )


@app.command()
def bench(
    corpus: Annotated[Path, typer.Argument(help="Folder of .txt articles.")],
    limit: Annotated[int | None, typer.Option(help="Use the first N files only.")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes for the parallel runs.")] = 2,
    passes: Annotated[int, typer.Option(help="Passes over the corpus (flat-memory check).")] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Words/s of tradeclaims against plain en_core_web_sm in the same run, and memory."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from .evaluation.bench import run_benchmark

    bar = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), TimeElapsedColumn(), console=err
    )
    task = bar.add_task("loading", total=None)

    def update(stage: str, done: int, total: int) -> None:
        bar.update(task, description=stage, completed=done, total=total)

    try:
        with bar:
            report = run_benchmark(
                corpus, limit=limit, workers=workers, passes=passes, progress=update
            )
    except TradeclaimsError as exc:
        raise _fail(exc) from None
    if as_json:
        sys.stdout.buffer.write(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n")
        return
    table = Table(title=f"{report['documents']} documents, {report['words']:,} words")
    for col in ("run", "seconds", "words/s", "peak MB (main)", "peak MB per worker"):
        table.add_column(col, justify="left" if col == "run" else "right")
    for row in report["rows"]:
        table.add_row(
            row["run"], f"{row['seconds']:.2f}", f"{row['words_per_second']:,.0f}",
            f"{row['mem']['main_mb']:.0f}",
            "-" if row["mem"]["worker_mb"] is None else f"{row['mem']['worker_mb']:.0f}",
        )  # fmt: skip
    console = Console(width=max(Console().width, 110))
    console.print(table)
    console.print(
        f"tradeclaims / plain, 1 process: {report['ratio_vs_plain_1_process']}; "
        f"{workers} workers / 1 process: {report['speedup_workers']}; "
        f"memory after each pass (MB): {report['memory_after_each_pass_mb']}"
    )


@app.command("evaluate-public")
def evaluate_public(
    conll: Annotated[Path | None, typer.Option(help="A CoNLL-2003 file (e.g. valid.txt).")] = None,
    timeml: Annotated[Path | None, typer.Option(help="A folder of TimeML .tml files.")] = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N documents.")] = None,
    timeml_half: Annotated[
        str | None,
        typer.Option(
            help="Only one half of the TimeML documents: 'tuning' (rules are tuned on it) or "
            "'reporting' (the README's figure)."
        ),
    ] = None,
) -> None:
    """Scores on public data, side by side with the plain spaCy model, as JSON."""
    from .evaluation.public import evaluate_conll, evaluate_timeml

    report: dict[str, object] = {}
    try:
        if conll is not None:
            report["conll"] = evaluate_conll(conll, limit=limit)
        if timeml is not None:
            report["timeml"] = evaluate_timeml(timeml, limit=limit, half=timeml_half)
    except TradeclaimsError as exc:
        raise _fail(exc) from None
    sys.stdout.buffer.write(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n")


def _use_aliases(paths: list[Path] | None) -> None:
    """Hand alias files to every pipeline this process and its workers load."""
    if paths:
        from .pipeline.loading import ALIASES_ENV

        missing = [p for p in paths if not p.is_file()]
        if missing:
            err.print(f"[bold red]error[/]: [TC202] {missing[0]}: alias file not found")
            raise typer.Exit(EXIT_USAGE)
        known = [p for p in os.environ.get(ALIASES_ENV, "").split(os.pathsep) if p]
        os.environ[ALIASES_ENV] = os.pathsep.join([*known, *map(str, paths)])


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
