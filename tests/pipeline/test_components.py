"""The spaCy route: one component per concern, results on the Doc, assembly from the Doc,
the stage set on a plain pipeline, and serialization (to_disk, DocBin)."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

import tradeclaims
from tradeclaims import ArticleExtraction, MissingComponentError, from_doc
from tradeclaims.pipeline.docdata import SPAN_KEYS
from tradeclaims.pipeline.loading import BASE_MODELS, base_model_name, set_context

from ..conftest import FIXTURES, SHARED, annotated_files, gold_texts

TEXT = (
    "Mexican Secretary of Economy Marcelo Ebrard met U.S. Trade Representative Jamieson Greer "
    "on Jan. 28. Both sides agreed to continue talks on the $1.8 trillion trade relationship, "
    "which employs more than 13 million workers."
)
CLAIM_STAGES = ["tradeclaims_claims", "tradeclaims_claim_kinds"]
STAGES = [
    "tradeclaims_entities",
    "tradeclaims_figures",
    "tradeclaims_dates",
    "tradeclaims_claims",
    "tradeclaims_claim_kinds",
]


def _doc(nlp: Language, text: str = TEXT, published: str | None = "2026-01-30") -> Doc:
    doc = nlp.make_doc(text)
    set_context(doc, published=published, source=None, title=None)
    return nlp(doc)


def _run(
    nlp: Language, text: str = TEXT, published: str | None = "2026-01-30"
) -> ArticleExtraction:
    return from_doc(_doc(nlp, text, published))


def test_entry_points_register_the_factories() -> None:
    names = {ep.name for ep in entry_points(group="spacy_factories")}
    assert {"tradeclaims_paragraphs", *STAGES} <= names


def test_pipeline_layout(nlp: Language) -> None:
    assert nlp.pipe_names[-5:] == STAGES
    assert nlp.pipe_names.index("tradeclaims_paragraphs") < nlp.pipe_names.index("parser")
    assert nlp.pipe_names.index("lemma_fixes") < nlp.pipe_names.index("lemmatizer")
    assert base_model_name() in BASE_MODELS
    analysis = nlp.analyze_pipes()
    assert not analysis["problems"]["tradeclaims_claims"]
    assert not analysis["problems"]["tradeclaims_claim_kinds"]


def test_results_live_on_the_doc(nlp: Language) -> None:
    doc = _doc(nlp)
    assert set(SPAN_KEYS) <= set(doc.spans)
    people = [s for s in doc.spans["tc_entities"] if s.label_ == "PERSON"]
    assert {s.text for s in people} == {"Marcelo Ebrard", "Jamieson Greer"}
    assert people[0]._.tc["titles"] == ["Secretary of Economy"]
    (money,) = [s for s in doc.spans["tc_figures"] if s.label_ == "MONEY"]
    assert money._.tc["value"] == "1800000000000"
    (claim,) = [s for s in doc.spans["tc_claims"] if s.label_ == "commitment"]
    assert claim.text == "agreed"
    assert claim._.tc["actors"] == ["Marcelo Ebrard", "Jamieson Greer"]
    assert any(s._.tc["value"] == "2026-01-28" for s in doc.spans["tc_dates"])


def test_from_doc_builds_the_result(nlp: Language) -> None:
    result = _run(nlp)
    assert {p.name for p in result.people} == {"Marcelo Ebrard", "Jamieson Greer"}
    (claim,) = [c for c in result.claims if c.kind == "commitment"]
    assert claim.trigger.text == "agreed"
    assert claim.actors == ["Marcelo Ebrard", "Jamieson Greer"]
    assert [q.unit for q in result.quantities] == ["workers"]


def test_disabling_claims_keeps_everything_else(nlp: Language) -> None:
    full = _run(nlp)
    with nlp.select_pipes(disable=CLAIM_STAGES):
        partial = _run(nlp)
    assert partial.claims == []
    assert partial.model_dump(exclude={"claims"}) == full.model_dump(exclude={"claims"})


def test_a_date_wins_over_a_count(nlp: Language) -> None:
    text = "Tariffs will fall over the next two years, officials said."
    with nlp.select_pipes(disable=["tradeclaims_dates", *CLAIM_STAGES]):
        alone = _run(nlp, text)
    together = _run(nlp, text)
    assert [d.text for d in together.dates] == ["the next two years"]
    assert together.quantities == []
    assert alone.dates == []


def test_dates_alone_on_a_plain_pipeline() -> None:
    plain = spacy.load(base_model_name())
    plain.add_pipe("tradeclaims_dates")
    result = _run(plain, "The talks resume on Monday.", "2026-01-30")
    assert [(d.text, d.value) for d in result.dates] == [("Monday", "2026-02-02")]
    assert result.people == [] and result.claims == []


def test_claims_without_entities_fail_when_added() -> None:
    plain = spacy.load(base_model_name())
    with pytest.raises(MissingComponentError, match="tradeclaims_entities"):
        plain.add_pipe("tradeclaims_claims")


def test_the_decision_without_candidates_fails(nlp: Language) -> None:
    with (
        nlp.select_pipes(disable=["tradeclaims_claims"]),
        pytest.raises(MissingComponentError, match="propose"),
    ):
        _run(nlp)


def test_the_rule_claims_stand_without_the_decision() -> None:
    rules = tradeclaims.load(exclude=("tradeclaims_claim_kinds",))
    assert "tradeclaims_claim_kinds" not in rules.pipe_names
    result = _run(rules)
    assert [(c.kind, c.trigger.text) for c in result.claims] == [("commitment", "agreed")]


def test_shipped_decision_is_loaded(nlp: Language) -> None:
    model = nlp.get_pipe("tradeclaims_claim_kinds").model
    assert model is not None and "none" in model.classes and len(model.weights) > 100
    assert model.meta["train_articles"] >= 40


def test_claims_on_a_doc_without_entities_fail(nlp: Language) -> None:
    with (
        nlp.select_pipes(disable=["tradeclaims_entities"]),
        pytest.raises(MissingComponentError, match="did not run"),
    ):
        _run(nlp)


def test_to_disk_from_disk_round_trip(nlp: Language, tmp_path: Path) -> None:
    before = _run(nlp)
    nlp.to_disk(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "tradeclaims_entities" / "aliases.jsonl").exists()
    assert (tmp_path / "pipeline" / "tradeclaims_claims" / "triggers.jsonl").exists()
    reloaded = spacy.load(tmp_path / "pipeline")
    assert reloaded.pipe_names == nlp.pipe_names
    assert _run(reloaded) == before
    # the lemma rules travel with the pipeline
    assert [t.lemma_ for t in reloaded("She hoped so.")][1] == "hope"


def test_readme_spacy_example_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's spaCy example, executed as it stands in the README."""
    readme = (FIXTURES.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### As a spaCy pipeline") :]
    code = section[section.index("```python\n") + 10 : section.index("```\n", 10)]
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip() == "commitment"
    assert (tmp_path / "my_pipeline" / "tradeclaims_claim_kinds" / "model.json").exists()


def test_stage_set_on_a_plain_pipeline_equals_load(extractor: tradeclaims.Extractor) -> None:
    plain = spacy.load(base_model_name())
    tradeclaims.add_to_pipeline(plain)
    assert plain.pipe_names == extractor.nlp.pipe_names
    ours = tradeclaims.Extractor(plain)
    texts = gold_texts()
    assert len(texts) >= 12
    for (_text, published), a, b in zip(
        texts,
        extractor.pipe(texts_as_records(texts)),
        ours.pipe(texts_as_records(texts)),
        strict=True,
    ):
        assert a == b, published


def texts_as_records(texts: list[tuple[str, str | None]]) -> list[dict[str, str | None]]:
    return [{"text": t, "published": p} for t, p in texts]


CORPUS = SHARED / "corpora" / "reuters_trade"


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} not present")
def test_docbin_round_trip_keeps_every_result(nlp: Language) -> None:
    files = [f for f in sorted(CORPUS.glob("*.txt")) if f.name not in annotated_files()][:20]
    docs = [_doc(nlp, f.read_text(encoding="utf-8"), None) for f in files]
    data = DocBin(docs=docs, store_user_data=True).to_bytes()
    back = list(DocBin(store_user_data=True).from_bytes(data).get_docs(nlp.vocab))
    assert [from_doc(d) for d in back] == [from_doc(d) for d in docs]
    assert [len(d.spans["tc_entities"]) for d in back] == [
        len(d.spans["tc_entities"]) for d in docs
    ]
