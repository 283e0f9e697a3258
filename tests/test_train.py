import numpy as np
import pytest

from mlfw import (BCELoss, CrossEntropyLoss, Linear, MSELoss, Net, ReLU, Sigmoid, Softmax, Tanh,
                  TrainingDiverged, accuracy, data, train)


def test_xor_reaches_full_training_accuracy():
    x, y = data.xor()
    net = Net(Linear(2, 8, rng=0), Tanh(), Linear(8, 2, rng=1), Softmax())
    history = train(net, CrossEntropyLoss(), x, y, epochs=500, lr=0.5, batch_size=4, seed=0, progress=False)
    assert accuracy(net(x), y) >= 0.95
    assert history.loss[-1] < history.loss[0]


def test_moons_reach_95_percent():
    x, y = data.moons(300, noise=0.1, seed=0)
    net = Net(Linear(2, 16, rng=0), Tanh(), Linear(16, 2, rng=1), Softmax())
    train(net, CrossEntropyLoss(), x, y, epochs=300, lr=0.3, batch_size=32, seed=0, progress=False)
    assert accuracy(net(x), y) >= 0.95


def test_binary_with_sigmoid_and_bce():
    x, y = data.circles(200, seed=0)
    net = Net(Linear(2, 16, rng=0), ReLU(), Linear(16, 1, rng=1), Sigmoid())
    train(net, BCELoss(), x, y, epochs=300, lr=0.5, seed=0, progress=False)
    assert accuracy(net(x), y) >= 0.95


def test_history_fields_for_classification_with_validation():
    x, y = data.spiral(30, classes=3, seed=0)
    net = Net(Linear(2, 8, rng=0), Tanh(), Linear(8, 3, rng=1), Softmax())
    h = train(net, CrossEntropyLoss(), x, y, epochs=3, lr=0.1, validation=(x, y), seed=0, progress=False)
    assert h.epochs == 3
    assert [len(v) for v in (h.loss, h.val_loss, h.accuracy, h.val_accuracy)] == [3, 3, 3, 3]


def test_regression_has_no_accuracy():
    x, y = data.regression_1d(50, seed=0)
    h = train(Net(Linear(1, 1, rng=0)), MSELoss(), x, y, epochs=2, lr=0.1, seed=0, progress=False)
    assert len(h.loss) == 2 and h.accuracy == [] and h.val_loss == []


def test_same_seed_same_result():
    x, y = data.moons(100, seed=0)

    def run():
        net = Net(Linear(2, 4, rng=0), Tanh(), Linear(4, 2, rng=1), Softmax())
        return train(net, CrossEntropyLoss(), x, y, epochs=3, lr=0.1, seed=5, progress=False).loss

    assert run() == run()


def test_callback_is_called_each_epoch():
    seen = []
    x, y = data.regression_1d(20, seed=0)
    train(Net(Linear(1, 1, rng=0)), MSELoss(), x, y, epochs=4, lr=0.1, progress=False,
          callback=lambda epoch, h: seen.append((epoch, h.epochs)))
    assert seen == [(1, 1), (2, 2), (3, 3), (4, 4)]


def test_progress_bar_has_norwegian_labels(capsys):
    x, y = data.regression_1d(20, seed=0)
    train(Net(Linear(1, 1, rng=0)), MSELoss(), x, y, epochs=2, lr=0.1, progress=True)
    err = capsys.readouterr().err
    assert "Trening" in err and "epoke" in err and "tap=" in err


def test_divergence_stops_with_a_hint():
    x, y = data.regression_1d(50, seed=0)
    with pytest.raises(TrainingDiverged, match=r"Prøv lavere læringsrate \(nå lr=50\)") as info:
        with np.errstate(all="ignore"):
            train(Net(Linear(1, 1, rng=0)), MSELoss(), x * 100, y, epochs=50, lr=50, progress=False)
    assert all(np.isfinite(info.value.history.loss))


def test_nan_in_softmax_output_is_reported_as_divergence():
    x, y = data.spiral(20, seed=0)
    net = Net(Linear(2, 3, rng=0), Softmax())
    net.layers[0].params["W"][0, 0] = np.inf  # som etter et altfor stort steg
    with pytest.raises(TrainingDiverged, match="lavere læringsrate"):
        with np.errstate(all="ignore"):
            train(net, CrossEntropyLoss(), x, y, epochs=3, lr=0.1, progress=False)


def test_nan_in_data_is_reported_before_training():
    x, y = data.regression_1d(10, seed=0)
    x[3, 0] = np.nan
    with pytest.raises(ValueError, match=r"NaN eller uendelige verdier i x \(første i rad 3\)"):
        train(Net(Linear(1, 1)), MSELoss(), x, y, epochs=1, lr=0.1, progress=False)


@pytest.mark.parametrize("kwargs, message", [
    ({"epochs": 0, "lr": 0.1}, "epochs > 0"),
    ({"epochs": 2.5, "lr": 0.1}, "positivt heltall for epochs"),
    ({"epochs": 1, "lr": 0.0}, "lr > 0"),
    ({"epochs": 1, "lr": -1.0}, "lr > 0"),
    ({"epochs": 1, "lr": 0.1, "batch_size": 0}, "batch_size > 0"),
])
def test_bad_hyperparameters(kwargs, message):
    x, y = data.regression_1d(10, seed=0)
    with pytest.raises((ValueError, TypeError), match=message):
        train(Net(Linear(1, 1)), MSELoss(), x, y, progress=False, **kwargs)


def test_empty_data():
    with pytest.raises(ValueError, match="tomme data"):
        train(Net(Linear(1, 1)), MSELoss(), np.zeros((0, 1)), np.zeros((0, 1)), epochs=1, lr=0.1, progress=False)


def test_x_y_length_mismatch():
    with pytest.raises(ValueError, match="y_hat har 10 rader, men y har 9"):
        train(Net(Linear(1, 1)), MSELoss(), np.zeros((10, 1)), np.zeros((9, 1)), epochs=1, lr=0.1, progress=False)


def test_bad_validation_argument():
    x, y = data.regression_1d(10, seed=0)
    with pytest.raises(TypeError, match=r"validation=\(x_val, y_val\)"):
        train(Net(Linear(1, 1)), MSELoss(), x, y, epochs=1, lr=0.1, validation=x, progress=False)


class OwnLinear(Linear):
    """Et eget lag med den enkle kontrakten backward(dy), som elevene skriver."""

    def backward(self, dy):
        return super().backward(dy)


def test_train_works_with_own_layers_and_gives_the_same_result():
    x, y = data.moons(64, seed=0)

    def run(first):
        net = Net(first, Tanh(), Linear(4, 2, rng=1), Softmax())
        return train(net, CrossEntropyLoss(), x, y, epochs=3, lr=0.1, seed=0, progress=False).loss

    np.testing.assert_allclose(run(OwnLinear(2, 4, rng=0)), run(Linear(2, 4, rng=0)), rtol=1e-12)
