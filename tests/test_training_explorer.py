"""Utforskeren for skjult lag × læringsrate: det den regner ut når glidebryterne flyttes."""

import numpy as np
import pytest

pytest.importorskip("ipywidgets")

from mlfw import CrossEntropyLoss, Linear, Net, ReLU, Softmax, accuracy, data  # noqa: E402
from mlfw.training_explorer import TrainingExplorer  # noqa: E402


def make_net(hidden):
    return Net(Linear(2, hidden, rng=0), ReLU(), Linear(hidden, 2, rng=1), Softmax())


@pytest.fixture(scope="module")
def explorer():
    x, y = data.moons(100, seed=0)
    return TrainingExplorer(make_net, CrossEntropyLoss(), x, y, hiddens=[2, 8], lrs=[0.05, 0.5, 5.0],
                            epochs=30, seed=0)


def test_set_trains_the_chosen_combination(explorer):
    explorer.set(8, 0.5)
    assert explorer.net.layers[0].params["W"].shape == (8, 2)
    assert explorer.history.epochs == 30
    assert explorer.final_accuracy == accuracy(explorer.net(explorer.x), explorer.y)
    assert explorer.final_accuracy > 0.8


def test_results_are_cached(explorer):
    explorer.set(2, 0.05)
    first = explorer.net
    explorer.set(8, 0.5)
    explorer.set(2, 0.05)
    assert explorer.net is first


def test_divergence_is_reported_not_drawn_as_garbage():
    def exploding_net(hidden):  # som etter et altfor stort steg: en uendelig vekt
        net = make_net(hidden)
        net.layers[0].params["W"][0, 0] = np.inf
        return net

    x, y = data.moons(40, seed=0)
    with np.errstate(all="ignore"):
        ex = TrainingExplorer(exploding_net, CrossEntropyLoss(), x, y, hiddens=[4], lrs=[0.1], epochs=3)
        fig = ex.figure(4, 0.1)
    assert ex.diverged and np.isnan(ex.final_accuracy)
    assert "treningen divergerte" in fig._suptitle.get_text()


def test_static_grid_has_one_image_per_combination_and_norwegian_sliders(explorer):
    with np.errstate(all="ignore"):
        grid = explorer.static()
    assert [s.description for s in grid.sliders] == ["Nevroner i skjult lag", "Læringsrate η"]
    assert len(grid.stack.children) == 2 and all(len(inner.children) == 3 for inner in grid.stack.children)
    assert grid.png(1, 2)[:4] == b"\x89PNG"
    assert 'alt="Beslutningsgrensen og tapkurven etter treningen (Nevroner i skjult lag = 8, Læringsrate η = 5)"' \
        in grid.image(1, 2).value
    assert len(grid.links) == 3  # ytre stack + én per indre stack


def test_live_slider_change_retrains_and_redraws(explorer):
    box = explorer.live()
    before = explorer.image.value
    explorer.hidden_slider.value = 3
    assert explorer.hidden == 3 and explorer.net.layers[0].params["W"].shape == (3, 2)
    assert explorer.image.value != before and box.children[-1] is explorer.image


def test_figure_titles_and_labels_are_norwegian(explorer):
    fig = explorer.figure(2, 0.05)
    title = fig._suptitle.get_text()
    assert title.startswith("2 nevroner i skjult lag, læringsrate η = 0,05:\nnøyaktighet ")
    assert fig.axes[0].get_title() == "Beslutningsgrense" and fig.axes[1].get_xlabel() == "Epoke"


def test_bad_kind():
    with pytest.raises(ValueError, match="kind='boundary' eller 'curves'"):
        TrainingExplorer(make_net, CrossEntropyLoss(), *data.moons(10, seed=0), hiddens=[2], lrs=[0.1],
                         epochs=1, kind="noe")


@pytest.mark.parametrize("kwargs", [{"hiddens": []}, {"lrs": []}, {"hiddens": [0]}, {"lrs": [-0.1]},
                                    {"make_net": lambda hidden: None}])
def test_bad_explorer_arguments_are_explained(kwargs):
    args = dict(hiddens=[2], lrs=[0.1], epochs=1)
    args.update(kwargs)
    make = args.pop("make_net", make_net)
    with pytest.raises((ValueError, TypeError), match="forventet"):
        TrainingExplorer(make, CrossEntropyLoss(), *data.moons(10, seed=0), **args)


def test_frames_are_narrow_with_stacked_panels_and_readable_text(explorer):
    import matplotlib

    from mlfw.plot import BOOK_RC
    from test_widgets import smallest_text_on_phone

    with matplotlib.rc_context(BOOK_RC):
        fig = explorer.figure(8, 0.5)
    assert smallest_text_on_phone(fig) >= 10
    boundary, loss = fig.axes[:2]
    assert boundary.get_position().y0 > loss.get_position().y1
