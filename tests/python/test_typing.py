"""Type checkers see the result classes' fields: real mypy and pyright runs over a file that must
pass and one that must fail (tests/python/typing). tests/python/run installs pyright and names it
in CLERK_PYRIGHT."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "typing"


def mypy(name: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MYPY_CACHE_DIR": str(tmp_path / "mypy-cache")}
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--hide-error-context", name],
        cwd=HERE, env=env, capture_output=True, text=True,
    )


def test_typed_access_passes_and_reveals_the_declared_types(tmp_path):
    result = mypy("passes.py", tmp_path)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert not [line for line in lines if "error:" in line], lines
    revealed = [line.split("Revealed type is ", 1)[1] for line in lines if "Revealed type is" in line]
    # mypy spells types its own way across versions: "str | None" or "Union[builtins.str, None]".
    normal = [r.replace("builtins.", "").replace("Union[str, None]", "str | None") for r in revealed]
    assert normal == [
        '"str | None"',
        '"clerk_backend.models._results.EmailAddress"',
        '"list[clerk_backend.models._results.User]"',
        '"list[clerk_backend.models._results.OAuthAccessToken]"',
        '"clerk_backend.models._results.OAuthAccessTokenPage"',
        '"typing.Iterator[clerk_backend.models._results.User]"',
    ], revealed


def test_a_misspelt_field_and_a_wrong_type_are_errors(tmp_path):
    result = mypy("fails.py", tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    errors = [line for line in result.stdout.splitlines() if "error:" in line]
    assert any('"User" has no attribute "frist_name"' in line for line in errors), errors
    assert any("Incompatible types in assignment" in line and '"int"' in line for line in errors), errors
    assert len(errors) == 2, errors


def pyright(*names: str) -> subprocess.CompletedProcess[str]:
    tool = os.environ.get("CLERK_PYRIGHT")
    if not tool:
        pytest.skip("pyright is installed by tests/python/run (CLERK_PYRIGHT)")
    return subprocess.run(
        [tool, "--pythonpath", sys.executable, *names], cwd=HERE, capture_output=True, text=True, timeout=300
    )


def test_pyright_agrees():
    result = pyright("passes.py")
    assert result.returncode == 0, result.stdout + result.stderr
    revealed = re.findall(r'Type of ".*" is "(.*)"', result.stdout)
    expected = ["str | None", "EmailAddress", "List[User]", "List[OAuthAccessToken]", "OAuthAccessTokenPage", "Iterator[User]"]
    assert revealed == expected, (
        result.stdout
    )
    result = pyright("fails.py")
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'Cannot access attribute "frist_name" for class "User"' in result.stdout, result.stdout
    assert '"int" is not assignable to "str"' in result.stdout, result.stdout
    assert "2 errors" in result.stdout, result.stdout
