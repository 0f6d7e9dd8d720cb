"""The import graph: apps import only the layers below them, and no sub-packages in a cycle.

The contracts are in pyproject.toml (``[tool.importlinter]``): the layers
maturity -> web -> reports -> surveys -> estate -> accounts -> boroughs -> audit, and no import
cycle between the sub-packages and modules of surveys/ and reports/. Imports inside
functions count too: a deferred import still ties the two modules together.
"""

import subprocess
import sys
from pathlib import Path

from tests.paths import PROJECT_ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(*config_files: Path) -> subprocess.CompletedProcess:
    """Run import-linter from the project root (so the apps are importable), no cache."""
    return subprocess.run(  # noqa: S603 - fixed arguments
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", *map(str, config_files)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_import_contracts_are_kept():
    result = _lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "kept, 0 broken." in result.stdout


def test_a_broken_contract_fails_the_check(tmp_path):
    """The check can fail: maturity.urls imports web.views, so forbidding it must break."""
    config = tmp_path / "broken.toml"
    config.write_text(
        "[tool.importlinter]\n"
        'root_packages = ["maturity", "web"]\n'
        "\n"
        "[[tool.importlinter.contracts]]\n"
        'name = "The project package never imports web (it does: must be broken)"\n'
        'type = "forbidden"\n'
        'source_modules = ["maturity"]\n'
        'forbidden_modules = ["web"]\n'
    )
    result = _lint_imports(config)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Contracts: 0 kept, 1 broken." in result.stdout
    assert "maturity.urls -> web.views" in result.stdout
