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
    with pytest.raises(ValueError, match="x har 10 rader, men y har 9 — data og etiketter"):
        train(Net(Linear(1, 1)), MSELoss(), np.zeros((10, 1)), np.zeros((9, 1)), epochs=1, lr=0.1, progress=False)


def test_bad_validation_argument():
    x, y = data.regression_1d(10, seed=0)
    with pytest.raises(TypeError, match=r"validation=\(x_val, y_val\)"):
        train(Net(Linear(1, 1)), MSELoss(), x, y, epochs=1, lr=0.1, validation=x, progress=False)


class OwnLinear(Linear):
    """Et eget lag med den enkle kontrakten backward(dout), som elevene skriver."""

    def backward(self, dout):
        return super().backward(dout)


def test_train_works_with_own_layers_and_gives_the_same_result():
    x, y = data.moons(64, seed=0)

    def run(first):
        net = Net(first, Tanh(), Linear(4, 2, rng=1), Softmax())
        return train(net, CrossEntropyLoss(), x, y, epochs=3, lr=0.1, seed=0, progress=False).loss

    np.testing.assert_allclose(run(OwnLinear(2, 4, rng=0)), run(Linear(2, 4, rng=0)), rtol=1e-12)


def test_float32_sigmoid_and_bce_train_as_well_as_float64():
    x, y = data.circles(200, seed=0)
    for dtype in (np.float64, np.float32):
        net = Net(Linear(2, 16, rng=0), ReLU(), Linear(16, 1, rng=1), Sigmoid()).astype(dtype)
        train(net, BCELoss(), x.astype(dtype), y, epochs=300, lr=0.5, seed=0, progress=False)
        assert accuracy(net(x.astype(dtype)), y) >= 0.95, dtype


def test_float32_data_with_a_default_net_computes_in_float32():
    x, y = data.moons(64, seed=0)
    net = Net(Linear(2, 4, rng=0), Tanh(), Linear(4, 2, rng=1), Softmax())
    assert net(x.astype(np.float32)).dtype == np.float32
    train(net, CrossEntropyLoss(), x.astype(np.float32), y, epochs=2, lr=0.1, seed=0, progress=False)
    assert all(p.dtype == np.float64 for p in net.params.values())
    assert all(g.dtype == np.float64 for g in net.grads.values())


def test_huge_learning_rate_on_softmax_is_reported_not_a_flat_loss():
    x, y = data.moons(100, seed=0)
    net = Net(Linear(2, 8, rng=0), Tanh(), Linear(8, 2, rng=1), Softmax())
    with pytest.raises(TrainingDiverged, match=r"mettet.*Prøv lavere læringsrate \(nå lr=1000000.0\)") as info:
        train(net, CrossEntropyLoss(), x, y, epochs=20, lr=1e6, seed=0, progress=False)
    assert info.value.history.epochs < 20


def test_absurdly_large_loss_stops_before_it_becomes_inf():
    x, y = data.regression_1d(50, seed=0)
    with pytest.raises(TrainingDiverged, match="over en million ganger tapet i starten") as info:
        with np.errstate(all="ignore"):
            train(Net(Linear(1, 1, rng=0)), MSELoss(), x * 100, y, epochs=50, lr=50, progress=False)
    assert "inf" not in str(info.value) and "nan" not in str(info.value)


def test_callback_is_checked_before_the_first_epoch():
    x, y = data.regression_1d(10, seed=0)
    net = Net(Linear(1, 1, rng=0))
    before = net.params["0.W"].copy()
    with pytest.raises(TypeError, match="forventet en funksjon for callback"):
        train(net, MSELoss(), x, y, epochs=1, lr=0.1, progress=False, callback="x")
    np.testing.assert_array_equal(net.params["0.W"], before)


class Recorder(Net):
    """Et nettverk som husker hvilke rader hver minibatch inneholdt (første egenskap er radnummeret)."""

    def __init__(self):
        super().__init__(Linear(1, 1, rng=0))
        self.seen = []

    def forward(self, x):
        self.seen.append(x[:, 0].astype(int).tolist())
        return super().forward(x)


@pytest.mark.parametrize("shuffle", [True, False])
def test_each_epoch_visits_every_row_once_shuffled_only_when_asked(shuffle):
    x = np.arange(12, dtype=float).reshape(-1, 1)
    net = Recorder()
    train(net, MSELoss(), x, np.zeros(12), epochs=2, lr=1e-9, batch_size=5, shuffle=shuffle, seed=0,
          progress=False)
    epochs = [sum(net.seen[:3], []), sum(net.seen[3:], [])]
    assert [len(b) for b in net.seen] == [5, 5, 2] * 2
    assert all(sorted(rows) == list(range(12)) for rows in epochs)
    if shuffle:
        assert epochs[0] != list(range(12)) and epochs[0] != epochs[1]
    else:
        assert epochs == [list(range(12))] * 2
