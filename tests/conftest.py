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


# Hypothesis: «ci» (standard) holder testtiden nede med 25 eksempler per egenskap og ingen
# tidsfrist (maskinen deles); «dev» prøver 200. Velg med HYPOTHESIS_PROFILE=dev.
try:
    from hypothesis import HealthCheck, settings
except ImportError:  # hypothesis er i test-ekstraene; uten den hoppes bare egenskapstestene over
    pass
else:
    settings.register_profile("ci", max_examples=25, deadline=None, derandomize=True, database=None,
                              suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("dev", max_examples=200, deadline=None, database=None)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def assert_norwegian_error(call) -> str:
    """`call()` skal gi en norsk ValueError eller TypeError (ikke en NumPy-underklasse) som
    sier hva som var forventet og hva som kom. Gir meldingen."""
    with pytest.raises((ValueError, TypeError)) as info:
        call()
    assert type(info.value) in (ValueError, TypeError), type(info.value)
    message = str(info.value)
    assert "forventet" in message and ", men " in message, message
    return message
