"""The spaCy route: factories, entry points, config loading and serialization round trip."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import spacy
from spacy.language import Language

from tradeclaims import ArticleExtraction
from tradeclaims.pipeline.loading import BASE_MODELS, base_model_name

TEXT = (
    "Mexican Secretary of Economy Marcelo Ebrard met U.S. Trade Representative Jamieson Greer "
    "on Jan. 28. Both sides agreed to continue talks on the $1.8 trillion trade relationship."
)


def _run(nlp: Language) -> dict:  # type: ignore[type-arg]
    doc = nlp.make_doc(TEXT)
    doc._.tradeclaims_published = "2026-01-30"
    return nlp(doc)._.tradeclaims  # type: ignore[no-any-return]


def test_entry_points_register_the_factories() -> None:
    names = {ep.name for ep in entry_points(group="spacy_factories")}
    assert {"tradeclaims", "tradeclaims_paragraphs"} <= names


def test_pipeline_layout(nlp: Language) -> None:
    assert nlp.pipe_names[-1] == "tradeclaims"
    assert nlp.pipe_names.index("tradeclaims_paragraphs") < nlp.pipe_names.index("parser")
    assert nlp.pipe_names.index("lemma_fixes") < nlp.pipe_names.index("lemmatizer")
    assert base_model_name() in BASE_MODELS


def test_doc_extension_holds_a_valid_extraction(nlp: Language) -> None:
    result = ArticleExtraction.model_validate(_run(nlp))
    assert {p.name for p in result.people} == {"Marcelo Ebrard", "Jamieson Greer"}
    (claim,) = result.claims
    assert claim.kind == "commitment"
    assert claim.actors == ["Marcelo Ebrard", "Jamieson Greer"]


def test_to_disk_from_disk_round_trip(nlp: Language, tmp_path: Path) -> None:
    before = _run(nlp)
    nlp.to_disk(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "tradeclaims" / "aliases.jsonl").exists()
    reloaded = spacy.load(tmp_path / "pipeline")
    assert reloaded.pipe_names == nlp.pipe_names
    assert _run(reloaded) == before
    # the lemma rules travel with the pipeline
    assert [t.lemma_ for t in reloaded("She hoped so.")][1] == "hope"


def test_add_pipe_to_a_plain_model() -> None:
    plain = spacy.load(base_model_name())
    plain.add_pipe("tradeclaims")
    result = ArticleExtraction.model_validate(_run(plain))
    assert any(m.text == "$1.8 trillion" for m in result.money)
