"""Felles oppsett for testene."""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def require_tool(name: str) -> str:
    """Stien til et systemverktøy. Mangler det, hoppes testen over lokalt, men feiler i CI."""
    path = shutil.which(name)
    if path is None:
        message = f"systemverktøyet «{name}» mangler (installeres av .ci/run)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Nettstedet bygget én gang per testkjøring, med advarsler som feil."""
    from tools.build_book import build

    out = tmp_path_factory.mktemp("site")
    assert build(out) == 0, "jupyter-book build feilet (se utskriften over)"
    return out / "_build" / "html"
