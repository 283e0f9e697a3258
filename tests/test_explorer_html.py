"""_ext/bok_utforsker.py: en lagret ImageStack blir vanlig HTML, alt annet blir stående."""

import base64
import io
import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("ipywidgets")
import ipywidgets as widgets  # noqa: E402
from ipywidgets.embed import embed_data  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_ext"))
import bok_utforsker  # noqa: E402

from mlfw.widgets import ImageStack  # noqa: E402


def tiny_png(width: int, height: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (width, height, 0)).save(buffer, format="png")
    return buffer.getvalue()


def saved(widget) -> tuple[dict, str]:
    """Widget-tilstanden slik notebooken lagrer den, og id-en til visningen."""
    data = embed_data(views=[widget])
    return data["manager_state"]["state"], data["view_specs"][0]["model_id"]


def test_two_sliders_become_ranges_and_picture_files():
    grid = ImageStack(lambda h, lr: tiny_png(10 + h, 20 + int(10 * lr)),
                      {"Nevroner": [1, 2, 4], "Læringsrate η": [0.1, 0.5]}, start=(1, 0),
                      description="Grensen etter treningen")
    explorer = bok_utforsker.read_explorer(*saved(grid.widget))
    assert [s["labels"] for s in explorer["sliders"]] == [["1", "2", "4"], ["0,1", "0,5"]]
    assert len(explorer["pictures"]) == 6
    assert explorer["pictures"][(2, 1)][0] == grid.png(2, 1)
    saved_files = []
    html = bok_utforsker.render_explorer(explorer, 1, lambda png: saved_files.append(png) or f"b{len(saved_files)}.png")
    assert len(saved_files) == 6
    assert html.count('type="range"') == 2 and html.count("<img") == 6
    # Bildet som vises ved start (1, 0) er det eneste uten hidden og lazy, med riktig størrelse.
    shown = [tag for tag in re.findall(r"<img [^>]*>", html) if "hidden" not in tag]
    assert len(shown) == 1 and 'data-indeks="1,0"' in shown[0] and 'width="12" height="21"' in shown[0]
    assert 'aria-valuetext="2"' in html and 'aria-valuetext="0,1"' in html
    assert 'aria-label="Grensen etter treningen"' in html
    assert "Nevroner = 4, Læringsrate η = 0,5" in html


def test_other_widgets_are_left_for_the_widget_manager():
    slider = widgets.IntSlider(3)
    box = widgets.VBox([slider, widgets.HTML("<b>ikke et bilde</b>")])
    with pytest.raises(bok_utforsker.NotAnExplorer):
        bok_utforsker.read_explorer(*saved(box))
    with pytest.raises(bok_utforsker.NotAnExplorer):
        bok_utforsker.read_explorer(*saved(slider))


def test_a_stack_without_the_link_is_not_an_explorer():
    grid = ImageStack(lambda lr: tiny_png(5, 5), {"η": [0.1, 0.2]})
    state, view = saved(grid.widget)
    links = [key for key, model in state.items() if model["model_name"] == "LinkModel"]
    for key in links:
        del state[key]
    with pytest.raises(bok_utforsker.NotAnExplorer):
        bok_utforsker.read_explorer(state, view)


def test_png_size_reads_the_header():
    assert bok_utforsker.png_size(tiny_png(7, 3)) == (7, 3)
    with pytest.raises(bok_utforsker.NotAnExplorer):
        bok_utforsker.png_size(base64.b64decode("R0lGODlhAQABAAAAACw="))
