"""The README's "Analysis recipes" run as written (issue #15)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradeclaims.cli import app

from .conftest import FIXTURES, GOLDEN_ID, ROOT

pd = pytest.importorskip("pandas")


def _recipes() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Analysis recipes", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_readme_has_three_recipes() -> None:
    assert len(_recipes()) == 3


@pytest.mark.parametrize(
    ("index", "result"), [(0, "by_party"), (1, "totals"), (2, "who_appeals_to_whom")]
)
def test_analysis_recipe_runs(
    index: int, result: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    out = tmp_path / "out.jsonl"
    text = str(FIXTURES / f"{GOLDEN_ID}.txt")
    args = ["extract", text, "--published", "2026-01-30", "-o", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    assert (
        runner.invoke(app, ["export", str(out), "--dir", str(tmp_path / "tables")]).exit_code == 0
    )
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(_recipes()[index], f"README recipe {index + 1}", "exec"), namespace)
    frame = namespace[result]
    assert isinstance(frame, pd.DataFrame) and not frame.empty
