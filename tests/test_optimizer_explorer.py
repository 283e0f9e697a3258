"""OptimizerExplorer (kapittel 5): riktige kurver for hver innstilling, og norske feil."""

import numpy as np
import pytest

from mlfw import Adam, CrossEntropyLoss, Linear, Momentum, Net, SGD, Softmax, Tanh, train
from mlfw.data import moons
from mlfw.optimizer_explorer import OptimizerExplorer

X, Y = moons(60, noise=0.2, seed=0)
XV, YV = moons(30, noise=0.2, seed=1)


def make_net():
    return Net(Linear(2, 6, rng=0), Tanh(), Linear(6, 2, rng=1), Softmax())


def explorer(**kw):
    args = dict(validation=(XV, YV), lrs=[0.01, 0.3], weight_decays=[0.0, 0.1], epochs=4)
    return OptimizerExplorer(make_net, CrossEntropyLoss(), X, Y, **{**args, **kw})


@pytest.mark.parametrize("name, cls", [("SGD", SGD), ("momentum", Momentum), ("Adam", Adam)])
def test_each_run_is_the_same_as_training_by_hand(name, cls):
    e = explorer()
    history, acc = e.run(name, 0.3, 0.1)
    net = make_net()
    by_hand = train(net, CrossEntropyLoss(), X, Y, epochs=4, batch_size=16, seed=0, progress=False,
                    optimizer=cls(net, lr=0.3, weight_decay=0.1), validation=(XV, YV))
    assert history.loss == by_hand.loss
    assert acc == pytest.approx(float(np.mean(net(XV).argmax(axis=1) == YV)))


def test_static_pictures_follow_the_sliders_not_the_last_setting():
    e = explorer()
    stack = e.static()
    pictures = {stack.png(i, j) for i in range(2) for j in range(2)}
    assert len(pictures) == 4  # fire ulike innstillinger gir fire ulike bilder
    assert stack.png(1, 0) == stack.png(1, 0)
    assert e.accuracies(0.01, 0.0) != e.accuracies(0.3, 0.0)


def test_divergence_is_shown_not_raised():
    e = explorer(lrs=[1e6])
    history, acc = e.run("SGD", 1e6)
    assert np.isnan(acc) and history.epochs < 4


@pytest.mark.parametrize("kw, match", [
    (dict(lrs=[]), "minst én verdi"), (dict(weight_decays=[]), "ikke-tom liste"),
    (dict(weight_decays=[-0.1]), "weight_decays >= 0"), (dict(validation=None), "validation=\\(x_val, y_val\\)"),
    (dict(epochs=0), "epochs >= 1"), (dict(dpi="høy"), "heltall for dpi"),
])
def test_bad_settings_get_a_norwegian_error(kw, match):
    with pytest.raises((TypeError, ValueError), match=match):
        explorer(**kw)


def test_unknown_optimizer_and_bad_make_net_are_explained():
    with pytest.raises(ValueError, match="forventet en av SGD, momentum, Adam"):
        explorer().run("RMSprop", 0.1)
    with pytest.raises(TypeError, match="husk return net"):
        OptimizerExplorer(lambda: None, CrossEntropyLoss(), X, Y, validation=(XV, YV), lrs=[0.1]).run("SGD", 0.1)
