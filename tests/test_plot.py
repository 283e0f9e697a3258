import subprocess
import sys

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from mlfw import CrossEntropyLoss, Linear, MSELoss, Net, Softmax, Tanh, data, plot, train  # noqa: E402


def test_history_plot_has_norwegian_labels():
    x, y = data.moons(60, seed=0)
    net = Net(Linear(2, 4, rng=0), Tanh(), Linear(4, 2, rng=1), Softmax())
    h = train(net, CrossEntropyLoss(), x, y, epochs=3, lr=0.1, validation=(x, y), seed=0, progress=False)
    axes = plot.plot_history(h)
    assert [ax.get_ylabel() for ax in axes] == ["Tap", "Nøyaktighet"]
    assert axes[0].get_xlabel() == "Epoke"
    assert [t.get_text() for t in axes[0].get_legend().get_texts()] == ["trening", "validering"]
    np.testing.assert_allclose(axes[0].lines[0].get_ydata(), h.loss)
    plt.close("all")


def test_history_plot_regression_has_one_panel():
    x, y = data.regression_1d(20, seed=0)
    h = train(Net(Linear(1, 1, rng=0)), MSELoss(), x, y, epochs=2, lr=0.1, progress=False)
    assert len(plot.plot_history(h)) == 1
    plt.close("all")


def test_decision_boundary_draws_regions_and_points():
    x, y = data.spiral(20, classes=3, seed=0)
    net = Net(Linear(2, 3, rng=0), Softmax())
    ax = plot.plot_decision_boundary(net, x, y, resolution=30)
    assert ax.get_title() == "Beslutningsgrense" and ax.get_xlabel() == "$x_1$"
    assert len(ax.collections) >= 3  # flater + ett punktsett per klasse
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["klasse 0", "klasse 1", "klasse 2"]
    plt.close("all")


def test_decision_boundary_rejects_non_2d_points():
    with pytest.raises(ValueError, match=r"form \(n, 2\), men fikk \(5, 3\)"):
        plot.plot_decision_boundary(None, np.zeros((5, 3)), np.zeros(5))


def test_decision_boundary_with_one_output_splits_at_probability_one_half():
    from mlfw import Sigmoid

    net = Net(Linear(2, 1, rng=0), Sigmoid())
    net.params["0.W"][...] = [[10.0, 0.0]]  # p = σ(10 x₁): klasse 1 der x₁ > 0
    net.params["0.b"][...] = 0.0
    x = np.array([[-1.0, -1.0], [1.0, 1.0]])
    _, ax = plt.subplots()
    captured = {}
    real = ax.contourf

    def spy(g0, g1, labels, **kwargs):
        captured["g0"], captured["labels"] = g0, labels
        return real(g0, g1, labels, **kwargs)

    ax.contourf = spy
    plot.plot_decision_boundary(net, x, np.array([0, 1]), ax, resolution=21)
    np.testing.assert_array_equal(captured["labels"], (captured["g0"] >= 0).astype(int))
    plt.close("all")


@pytest.mark.parametrize("y", [np.array([0.7, 1.6]), np.eye(2), np.array([0])])
def test_plot_data_rejects_labels_that_are_not_class_numbers(y):
    with pytest.raises(ValueError, match="forventet|x har 2 rader, men y har 1"):
        plot.plot_data(np.zeros((2, 2)), y)


def test_book_style_gives_svg_figures_without_a_date_and_the_same_bytes_every_time():
    code = (
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "shell = InteractiveShell.instance()\n"
        "import matplotlib\n"
        "matplotlib.use('Agg')\n"
        "from mlfw.plot import book_style, panels\n"
        "book_style()\n"
        "def draw():\n"
        "    (ax,) = panels(1)\n"
        "    ax.plot([1, 2, 3], [2, 1, 3], label='tap')\n"
        "    ax.legend()\n"
        "    return shell.display_formatter.format(ax.figure)[0]\n"
        "first, second = draw(), draw()\n"
        "print(sorted(k for k in first if k.startswith('image/')))\n"
        "print(first['image/svg+xml'] == second['image/svg+xml'], 'dc:date' in first['image/svg+xml'])\n"
        "print(matplotlib.rcParams['font.size'], matplotlib.rcParams['image.interpolation'])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:3] == ["['image/svg+xml']", "True False", "11.0 none"]


def test_book_style_outside_ipython_only_changes_matplotlib_settings():
    code = ("import matplotlib, sys\n"
            "from mlfw.plot import book_style\n"
            "book_style()\n"
            "print(matplotlib.rcParams['legend.fontsize'], 'IPython' in sys.modules and "
            "sys.modules['IPython'].get_ipython() is not None)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "10.0 False"


def test_panels_give_one_figure_per_panel_and_can_share_the_y_axis():
    axes = plot.panels(3, sharey=True)
    assert len({id(ax.figure) for ax in axes}) == 3
    assert all(len(ax.figure.axes) == 1 for ax in axes)
    assert tuple(axes[0].figure.get_size_inches()) == (plot.PANEL_WIDTH, plot.PANEL_HEIGHT)
    axes[0].set_ylim(-2, 5)
    assert axes[2].get_ylim() == (-2, 5)
    plt.close("all")


def test_panels_rejects_a_number_that_is_not_a_count():
    with pytest.raises((TypeError, ValueError), match="panels"):
        plot.panels(0)


def test_history_plot_draws_each_panel_in_its_own_figure():
    x, y = data.moons(40, seed=0)
    net = Net(Linear(2, 3, rng=0), Softmax())
    h = train(net, CrossEntropyLoss(), x, y, epochs=2, lr=0.1, seed=0, progress=False)
    axes = plot.plot_history(h)
    assert axes[0].figure is not axes[1].figure
    plt.close("all")


def test_legend_of_plot_data_is_at_least_9_px_on_a_phone():
    # Et panel er PANEL_WIDTH tommer og vises 358 px bredt på en telefon.
    with matplotlib.rc_context(plot.BOOK_RC):
        x, y = data.moons(20, seed=0)
        ax = plot.plot_data(x, y)
        size_pt = ax.get_legend().get_texts()[0].get_fontsize()
    plt.close("all")
    assert size_pt / 72 * 358 / plot.PANEL_WIDTH >= 9
