"""Utforskeren for læringsraten: det glidebryterne regner ut, og den statiske bildestakken."""

import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("ipywidgets")
matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from mlfw import descent_path  # noqa: E402
from mlfw.widgets import ImageStack, LearningRateExplorer, number_label  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def bowl_loss(theta):
    """L(w, b) = w² + 10 b²: gradienten er (2w, 20b)."""
    w, b = theta
    return w**2 + 10 * b**2


def bowl_grad(theta):
    w, b = theta
    return np.array([2 * w, 20 * b])


@pytest.fixture(scope="module")
def explorer():
    return LearningRateExplorer(bowl_loss, bowl_grad, start=[1.0, 1.0], lr=0.05, steps=2,
                                lrs=[0.01, 0.05, 0.08, 0.11], bounds=((-2, 2), (-2, 2)))


def test_descent_path_by_hand_in_one_dimension():
    # L(w) = (w − 3)², dL/dw = 2(w − 3), start i 0 med η = 0,1:
    # w₁ = 0 − 0,1·(−6) = 0,6;  w₂ = 0,6 + 0,48 = 1,08;  w₃ = 1,08 + 0,384 = 1,464
    path = descent_path(lambda w: 2 * (w - 3), start=0.0, lr=0.1, steps=3)
    assert path.shape == (4, 1)
    np.testing.assert_allclose(path[:, 0], [0.0, 0.6, 1.08, 1.464], rtol=0, atol=1e-12)


def test_descent_path_by_hand_in_two_dimensions():
    # η = 0,05: w krymper med faktor 1 − 0,05·2 = 0,9, og b havner i 0 etter ett steg
    path = descent_path(bowl_grad, start=[1.0, 1.0], lr=0.05, steps=2)
    np.testing.assert_allclose(path, [[1.0, 1.0], [0.9, 0.0], [0.81, 0.0]], rtol=0, atol=1e-12)


def test_descent_path_diverges_for_too_large_lr_without_warnings():
    # |1 − 2η| = 1,2 > 1 for η = 1,1: avstanden til minimum vokser med 20 % per steg
    with np.errstate(all="raise"):
        path = descent_path(lambda w: 2 * (w - 3), start=0.0, lr=1.1, steps=5000)
    distance = np.abs(path[:60, 0] - 3)
    np.testing.assert_allclose(distance[1:] / distance[:-1], 1.2, rtol=1e-9)
    assert not np.all(np.isfinite(path))


@pytest.mark.parametrize("steps", [-1, 2.5, True])
def test_descent_path_rejects_bad_steps(steps):
    with pytest.raises(ValueError, match="steps >= 0"):
        descent_path(bowl_grad, start=[1.0, 1.0], lr=0.1, steps=steps)


def test_slider_change_recomputes_path_and_figure(explorer):
    explorer.set_steps(2)
    explorer.lr_slider.value = 0.08
    explorer.lr_slider.value = 0.05
    np.testing.assert_allclose(explorer.path, [[1.0, 1.0], [0.9, 0.0], [0.81, 0.0]], atol=1e-12)
    np.testing.assert_allclose(explorer.losses, [11.0, 0.81, 0.6561], atol=1e-12)
    assert explorer.final_loss == pytest.approx(0.6561) and not explorer.diverged
    ax_path, ax_loss = explorer.axes
    np.testing.assert_allclose(ax_path.lines[-1].get_xydata(), explorer.path)
    np.testing.assert_allclose(ax_loss.lines[0].get_ydata(), explorer.losses)
    assert "η = 0,05" in explorer.figure._suptitle.get_text()
    assert bytes(explorer.image.value).startswith(PNG_SIGNATURE)


def test_steps_slider_changes_path_length(explorer):
    explorer.set_lr(0.05)
    explorer.steps_slider.value = 5
    assert explorer.path.shape == (6, 2)
    assert explorer.axes[1].get_xlim() == (0, 5)
    explorer.set_steps(2)


def test_too_large_lr_diverges_and_says_so(explorer):
    explorer.set_lr(0.11)  # b-faktoren er 1 − 0,11·20 = −1,2
    explorer.set_steps(20)
    assert explorer.diverged
    np.testing.assert_allclose(explorer.path[1:, 1] / explorer.path[:-1, 1], -1.2)
    assert "divergerer" in explorer.figure._suptitle.get_text()
    explorer.set_steps(2)
    explorer.set_lr(0.05)


def test_labels_are_norwegian(explorer):
    assert explorer.lr_slider.description == "Læringsrate η"
    assert explorer.steps_slider.description == "Antall steg"
    ax_path, ax_loss = explorer.axes
    assert (ax_path.get_xlabel(), ax_path.get_ylabel()) == ("Vekt w", "Bias b")
    assert (ax_loss.get_xlabel(), ax_loss.get_ylabel()) == ("Steg", "Tap ℒ")
    assert ax_path.get_title() == "Veien på tapflaten"
    assert ax_loss.get_title() == "Tapet etter hvert steg"
    assert number_label(0.05) == "0,05"


def test_live_widget_holds_both_sliders_and_the_image(explorer):
    box = explorer.live()
    assert box.children == (explorer.lr_slider, explorer.steps_slider, explorer.image)


def test_static_stack_has_one_image_per_lr_linked_to_the_slider(explorer):
    grid = explorer.static()
    slider, stack = grid.sliders[0], grid.stack
    assert slider.description == "Læringsrate η"
    assert [label for label, _ in slider.options] == ["0,01", "0,05", "0,08", "0,11"]
    assert len(stack.children) == 4
    images = [grid.png(i) for i in range(4)]
    assert all(png.startswith(PNG_SIGNATURE) for png in images)
    assert all('alt="Veien stegene tar på tapflaten' in child.value for child in stack.children)
    assert len({bytes(png) for png in images}) == 4  # ett eget bilde per læringsrate
    assert slider.index == stack.selected_index == 1  # nærmest lr = 0,05
    (link,) = grid.links
    assert type(link).__name__ == "Link"
    assert link.source == (slider, "index") and link.target == (stack, "selected_index")
    assert grid.widget.children == (slider, stack)
    # static() skal ikke endre det live() viser
    np.testing.assert_allclose(explorer.axes[0].lines[-1].get_xydata(), explorer.path)


def test_two_sliders_give_nested_stacks_with_links_to_every_inner_stack():
    grid = ImageStack(lambda hidden, lr: f"{hidden}-{lr}".encode(),
                      {"Skjulte nevroner": [2, 8, 32], "Læringsrate η": [0.1, 0.5]}, start=(2, 1))
    outer_slider, inner_slider = grid.sliders
    assert len(grid.stack.children) == 3
    assert all(len(inner.children) == 2 for inner in grid.stack.children)
    assert grid.png(1, 0) == b"8-0.1"
    assert 'alt="Figur (Skjulte nevroner = 8, Læringsrate η = 0,1)"' in grid.image(1, 0).value
    assert grid.stack.selected_index == 2
    assert all(inner.selected_index == 1 for inner in grid.stack.children)
    by_target = {id(link.target[0]): link for link in grid.links}
    assert by_target[id(grid.stack)].source == (outer_slider, "index")
    for inner in grid.stack.children:
        assert by_target[id(inner)].source == (inner_slider, "index")
        assert by_target[id(inner)].target[1] == "selected_index"
    assert len(grid.links) == 4


def test_explorer_explains_wrong_number_of_parameters():
    with pytest.raises(ValueError, match=r"to tall \[w, b\], men fikk form \(3,\)"):
        LearningRateExplorer(bowl_loss, bowl_grad, start=[1.0, 1.0, 1.0])


def test_image_stack_explains_too_many_sliders():
    with pytest.raises(ValueError, match="én eller to glidebrytere"):
        ImageStack(lambda a, b, c: b"", {"a": [1], "b": [1], "c": [1]})


def test_importing_widgets_module_is_light():
    code = ("import sys, mlfw.widgets\n"
            "print([m for m in ('matplotlib', 'ipywidgets') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_static_draws_each_picture_with_its_own_learning_rate(explorer, monkeypatch):
    import mlfw.widgets

    drawn = []
    real = mlfw.widgets.figure_png

    def spy(fig, dpi=80, colors=64):
        drawn.append(explorer.axes[0].lines[-1].get_xydata().copy())
        return real(fig, dpi, colors)

    monkeypatch.setattr(mlfw.widgets, "figure_png", spy)
    explorer.static()
    assert len(drawn) == len(explorer.lrs)
    for lr, path in zip(explorer.lrs, drawn):
        expected = descent_path(bowl_grad, start=[1.0, 1.0], lr=lr, steps=explorer.steps)
        np.testing.assert_allclose(path, expected[: len(path)], err_msg=f"lr={lr}")


@pytest.mark.parametrize("kwargs", [{"lr": 0}, {"lr": -1.0}, {"lr": 1e9}, {"steps": 0}, {"lrs": []}])
def test_explorer_rejects_values_the_sliders_would_silently_replace(kwargs):
    with pytest.raises((ValueError, TypeError), match="forventet"):
        LearningRateExplorer(bowl_loss, bowl_grad, start=[1.0, 1.0], **kwargs)


def test_figure_png_uses_a_small_palette_that_looks_the_same(explorer):
    import io

    from PIL import Image

    from mlfw.widgets import figure_png

    small, full = figure_png(explorer.figure), figure_png(explorer.figure, colors=None)
    assert small.startswith(PNG_SIGNATURE) and len(small) < len(full) / 2
    image = Image.open(io.BytesIO(small))
    assert image.mode == "P" and len(image.getcolors()) <= 64
    difference = np.abs(np.asarray(image.convert("RGB"), float) - np.asarray(Image.open(io.BytesIO(full)).convert("RGB"), float))
    assert image.size == Image.open(io.BytesIO(full)).size
    assert difference.mean() < 2 and np.percentile(difference, 99) < 40  # samme bilde for øyet


def test_figure_png_rejects_a_palette_png_cannot_hold(explorer):
    from mlfw.widgets import figure_png

    with pytest.raises(ValueError, match="colors"):
        figure_png(explorer.figure, colors=1000)


# Spalten på en telefon (390 px skjerm) er 358 px bred; et utforskerbilde skaleres ned til den.
PHONE_COLUMN_PX = 358


def smallest_text_on_phone(fig) -> float:
    """Høyden (CSS-px, font-size) på den minste synlige teksten når bildet vises 358 px bredt.

    Et bilde på B tommer vises med 358 / B px per tomme (høyst 96, bildet blåses ikke opp),
    og 1 pt er 1/72 tomme."""
    from matplotlib.text import Text

    fig.draw_without_rendering()
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return min(sizes) / 72 * PHONE_COLUMN_PX / min(fig.get_size_inches()[0], PHONE_COLUMN_PX / 96)


def test_explorer_text_is_readable_on_a_phone_and_the_panels_are_stacked():
    from mlfw.plot import BOOK_RC

    with matplotlib.rc_context(BOOK_RC):
        ex = LearningRateExplorer(bowl_loss, bowl_grad, start=[1.0, 1.0], lr=0.05, steps=2,
                                  lrs=[0.01, 0.05], bounds=((-2, 2), (-2, 2)))
    assert smallest_text_on_phone(ex.figure) >= 10  # var 5,7 px (8 tommer bredt, legend «small»)
    top, bottom = (ax.get_position() for ax in ex.axes)
    assert top.y0 > bottom.y1 and top.x0 < bottom.x1  # veien over tapkurven, ikke ved siden av
    assert "\n" in ex.figure.get_suptitle()  # tittelen på to linjer får plass i den smale figuren
