"""Gale inndata til hele det offentlige API-et gir norske ValueError/TypeError som lærer bort.

Hver rad i PROBES er et kall en elev kunne skrevet. Kravet er det samme for alle: en
ValueError eller TypeError (ikke AttributeError, IndexError, ZeroDivisionError eller en
NumPy-feil) med en melding som sier hva som var forventet.
"""

import numpy as np
import pytest

import mlfw
from mlfw import (BCELoss, CrossEntropyLoss, Linear, MSELoss, Net, ReLU, Sigmoid, Softmax, Tanh,
                  accuracy, data, descent_path, gradcheck, plot, train)

X, Y = data.moons(20, seed=0)
P = np.full((4, 2), 0.5)
GOOD_Y = np.array([0, 1, 1, 0])


def net():
    return Net(Linear(2, 3, rng=0), Tanh(), Linear(3, 2, rng=1), Softmax())


def forwarded(module, x=np.ones((2, 2))):
    module(x)
    return module


def fit(**changes):
    args = dict(net=net(), loss=CrossEntropyLoss(), x=X, y=Y, epochs=1, lr=0.1, progress=False)
    args.update(changes)
    return train(args.pop("net"), args.pop("loss"), args.pop("x"), args.pop("y"), **args)


PROBES = {
    # Linear
    "Linear(None, 2)": lambda: Linear(None, 2),
    "Linear('3', 2)": lambda: Linear("3", 2),
    "Linear(2.0, 2)": lambda: Linear(2.0, 2),
    "Linear(-1, 2)": lambda: Linear(-1, 2),
    "Linear(rng='abc')": lambda: Linear(2, 2, rng="abc"),
    "Linear(rng=-1)": lambda: Linear(2, 2, rng=-1),
    "Linear(rng=1.5)": lambda: Linear(2, 2, rng=1.5),
    "Linear.forward(None)": lambda: Linear(2, 2)(None),
    "Linear.forward('abc')": lambda: Linear(2, 2)("abc"),
    "Linear.forward(scalar)": lambda: Linear(2, 2)(3.0),
    "Linear.forward(ragged)": lambda: Linear(2, 2)([[1, 2], [3]]),
    "Linear.forward(float16)": lambda: Linear(2, 2)(np.zeros((2, 2), np.float16)),
    "Linear.forward(complex)": lambda: Linear(2, 2)(np.zeros((2, 2), complex)),
    "Linear.forward(object)": lambda: Linear(2, 2)(np.zeros((2, 2), object)),
    "Linear.forward(dict)": lambda: Linear(2, 2)({"a": 1}),
    "Linear.forward(NaN)": lambda: Linear(2, 2)(np.array([[0.0, 1.0], [np.nan, 2.0]])),
    "Linear.forward(inf)": lambda: Linear(2, 2)(np.array([[np.inf, 1.0]])),
    "Net.forward(NaN)": lambda: net()(np.array([[0.0, np.nan]])),
    "Linear.backward(None)": lambda: forwarded(Linear(2, 2)).backward(None),
    "Linear.backward(text)": lambda: forwarded(Linear(2, 2)).backward(np.array([["a", "b"], ["c", "d"]])),
    "Linear.backward(float16)": lambda: forwarded(Linear(2, 2)).backward(np.ones((2, 2), np.float16)),
    "Linear.backward(need_dx='nei')": lambda: forwarded(Linear(2, 2)).backward(np.ones((2, 2)), need_dx="nei"),
    "Linear.update(None)": lambda: Linear(2, 2).update(None),
    "Linear.update('0.1')": lambda: Linear(2, 2).update("0.1"),
    "Linear.update(inf)": lambda: Linear(2, 2).update(np.inf),
    "Linear.update(True)": lambda: Linear(2, 2).update(True),
    "Linear.astype(float16)": lambda: Linear(2, 2).astype(np.float16),
    "Linear.astype(int32)": lambda: Linear(2, 2).astype(np.int32),
    "Linear.astype('float32x')": lambda: Linear(2, 2).astype("float32x"),
    "Linear.astype(str)": lambda: Linear(2, 2).astype(str),
    # aktiveringer
    **{f"{cls.__name__}({arg!r})": (lambda cls=cls, arg=arg: cls(arg)) for cls in (Tanh, ReLU, Sigmoid, Softmax)
       for arg in (1, 128)},
    **{f"{cls.__name__}.forward({name})": (lambda cls=cls, x=x: cls()(x)) for cls in (Tanh, ReLU, Sigmoid, Softmax)
       for name, x in (("None", None), ("str", "x"), ("float16", np.zeros((2, 2), np.float16)), ("tall", 5.0),
                       ("tom", np.zeros((0, 2))), ("3-D", np.zeros((2, 2, 2))))},
    **{f"{cls.__name__}.backward({name})": (lambda cls=cls, d=d: forwarded(cls()).backward(d))
       for cls in (Tanh, ReLU, Sigmoid, Softmax)
       for name, d in (("None", None), ("str", "a"), ("form", np.ones((2, 3))))},
    # Net
    "Net(None)": lambda: Net(None),
    "Net('Linear')": lambda: Net("Linear"),
    "Net(Tanh)": lambda: Net(Tanh),
    "Net(Net)": lambda: Net(Net),
    "Net([Linear])": lambda: Net([Linear(2, 2)]),
    "Net(MSELoss())": lambda: Net(MSELoss()),
    "Net.update('x')": lambda: net().update("x"),
    "Net.astype(float16)": lambda: net().astype(np.float16),
    "Net.astype('abc')": lambda: net().astype("abc"),
    "Net.forward(None)": lambda: net()(None),
    "Net.backward(None)": lambda: forwarded(net(), np.ones((3, 2))).backward(None),
    # tap
    **{f"{L.__name__}({name})": (lambda L=L, a=a: L()(*a)) for L in (mlfw.MSELoss, mlfw.MAELoss)
       for name, a in (("None", (None, np.zeros(2))), ("y=None", (np.zeros((2, 1)), None)),
                       ("str", ("a", np.zeros(2))), ("y=str", (np.zeros((2, 1)), "ab")),
                       ("1-D", (np.zeros(2), np.zeros(2))), ("form", (np.zeros((2, 2)), np.zeros((2, 3)))),
                       ("float16", (np.zeros((2, 1), np.float16), np.zeros(2))),
                       ("NaN i y", (np.zeros((2, 1)), np.array([np.nan, 1.0]))), ("tall", (5.0, 5.0)),
                       ("NaN i y_hat", (np.array([[0.5], [np.nan]]), np.zeros(2))),
                       ("inf i y_hat", (np.array([[np.inf], [0.5]]), np.zeros(2))))},
    "MSELoss(1)": lambda: MSELoss(1),
    "CE(y=None)": lambda: CrossEntropyLoss()(P, None),
    "CE(etikett 2)": lambda: CrossEntropyLoss()(P, np.array([0, 1, 1, 2])),
    "CE(etikett -1)": lambda: CrossEntropyLoss()(P, np.array([0, 1, 1, -1])),
    "CE(flyttall)": lambda: CrossEntropyLoss()(P, np.array([0.5, 1, 1, 0])),
    "CE(one-hot)": lambda: CrossEntropyLoss()(P, np.eye(2)[GOOD_Y]),
    "CE(NaN)": lambda: CrossEntropyLoss()(np.array([[np.nan, 0.5]]), np.array([0])),
    "CE(poeng)": lambda: CrossEntropyLoss()(np.array([[-2.0, 3.0]]), np.array([0])),
    "CE(str)": lambda: CrossEntropyLoss()(P, "abcd"),
    "CE(blandet)": lambda: CrossEntropyLoss()(P, [0, 1, 1, "a"]),
    "CE(float16)": lambda: CrossEntropyLoss()(np.full((4, 2), 0.5, np.float16), GOOD_Y),
    "CE(én kolonne)": lambda: CrossEntropyLoss()(np.ones((2, 1)), np.array([0, 0])),
    "BCE(etikett 2)": lambda: BCELoss()(np.array([[0.5]]), np.array([2])),
    "BCE(1.5)": lambda: BCELoss()(np.array([[1.5]]), np.array([1])),
    "BCE(NaN)": lambda: BCELoss()(np.array([[np.nan]]), np.array([1])),
    "BCE(one-hot)": lambda: BCELoss()(np.full((2, 1), 0.5), np.eye(2)),
    "BCE(float16)": lambda: BCELoss()(np.array([[0.5]], np.float16), np.array([1])),
    # accuracy
    "accuracy(one-hot)": lambda: accuracy(P, np.eye(2)[GOOD_Y]),
    "accuracy(etikett 5)": lambda: accuracy(P, np.array([0, 1, 5, 0])),
    "accuracy(etikett -1)": lambda: accuracy(P, np.array([0, 1, -1, 0])),
    "accuracy(NaN)": lambda: accuracy(np.array([[np.nan, 0.1], [0.2, 0.8]]), np.array([0, 1])),
    "accuracy((n, 2)-etiketter)": lambda: accuracy(np.full((4, 3), 1 / 3), np.array([[0, 1]] * 4)),
    "accuracy(None)": lambda: accuracy(None, GOOD_Y),
    "accuracy(y=None)": lambda: accuracy(P, None),
    "accuracy(y=str)": lambda: accuracy(P, "abcd"),
    "accuracy(0.5)": lambda: accuracy(P, np.array([0.5, 1, 1, 0])),
    "accuracy(1-D)": lambda: accuracy(np.zeros(4), np.zeros(4)),
    "accuracy(én kolonne, etikett 2)": lambda: accuracy(np.array([[0.5], [0.2]]), np.array([2, 0])),
    # train
    **{f"train({name})": (lambda kw=kw: fit(**kw)) for name, kw in {
        "net=None": dict(net=None), "net=Net": dict(net=Net), "net='net'": dict(net="net"),
        "net=Linear": dict(net=Linear), "loss=None": dict(loss=None), "loss=MSELoss": dict(loss=MSELoss),
        "loss=CrossEntropyLoss": dict(loss=CrossEntropyLoss), "loss='mse'": dict(loss="mse"),
        "loss=lambda": dict(loss=lambda a, b: 0.0), "byttet om": dict(net=CrossEntropyLoss(), loss=net()),
        "x=None": dict(x=None), "y=None": dict(y=None), "x=str": dict(x="abc"), "y=str": dict(y="abc"),
        "x 1-D": dict(x=X[:, 0]), "y kort": dict(y=Y[:5]), "tomme": dict(x=np.zeros((0, 2)), y=np.zeros(0, int)),
        "epochs=None": dict(epochs=None), "epochs='3'": dict(epochs="3"), "epochs=2.0": dict(epochs=2.0),
        "epochs=True": dict(epochs=True), "epochs=-1": dict(epochs=-1), "lr=None": dict(lr=None),
        "lr='0.1'": dict(lr="0.1"), "lr=nan": dict(lr=np.nan), "lr=inf": dict(lr=np.inf), "lr=[0.1]": dict(lr=[0.1]),
        "batch_size=None": dict(batch_size=None), "batch_size=2.5": dict(batch_size=2.5),
        "validation=(x,)": dict(validation=(X,)), "validation kort": dict(validation=(X, Y[:3])),
        "validation=None-par": dict(validation=(None, None)), "validation str": dict(validation=("a", "b")),
        "seed='abc'": dict(seed="abc"), "seed=-1": dict(seed=-1), "seed=1.5": dict(seed=1.5),
        "callback='x'": dict(callback="x"), "callback=3": dict(callback=3), "shuffle='nei'": dict(shuffle="nei"),
        "progress='nei'": dict(progress="nei"), "x float16": dict(x=X.astype(np.float16)),
        "y one-hot": dict(y=np.eye(2)[Y]), "y=Y+5": dict(y=Y + 5), "y flyttall": dict(y=Y + 0.5),
        "NaN i x": dict(x=np.where(np.arange(40).reshape(20, 2) == 5, np.nan, X)),
        "feil kolonner": dict(x=np.zeros((20, 3))), "en kolonne med CE": dict(net=Net(Linear(2, 1), Sigmoid())),
        "BCE med etikett 2": dict(net=Net(Linear(2, 1), Sigmoid()), loss=BCELoss(), y=Y * 2),
    }.items()},
    # gradcheck
    "gradcheck(Linear)": lambda: gradcheck(Linear, X),
    "gradcheck(eps=0)": lambda: gradcheck(Linear(2, 2), X, eps=0),
    "gradcheck(eps=-1)": lambda: gradcheck(Linear(2, 2), X, eps=-1),
    "gradcheck(eps='a')": lambda: gradcheck(Linear(2, 2), X, eps="a"),
    "gradcheck(eps=nan)": lambda: gradcheck(Linear(2, 2), X, eps=np.nan),
    "gradcheck(lag, x, y)": lambda: gradcheck(Linear(2, 2), X, Y),
    "gradcheck(None)": lambda: gradcheck(None, X),
    "gradcheck('Linear')": lambda: gradcheck("Linear", X),
    "gradcheck(x=None)": lambda: gradcheck(Linear(2, 2), None),
    "gradcheck(x=str)": lambda: gradcheck(Linear(2, 2), "abc"),
    "gradcheck(feil form)": lambda: gradcheck(Linear(2, 2), np.zeros((3, 5))),
    "gradcheck(tap uten y)": lambda: gradcheck(MSELoss(), X),
    "gradcheck(MSELoss)": lambda: gradcheck(MSELoss, X, X),
    "gradcheck(seed='a')": lambda: gradcheck(Linear(2, 2), X, seed="a"),
    # descent_path
    "descent_path(grad=None)": lambda: descent_path(None, 1.0, lr=0.1, steps=3),
    "descent_path(grad=3)": lambda: descent_path(3, 1.0, lr=0.1, steps=3),
    "descent_path(start=None)": lambda: descent_path(lambda t: 2 * t, None, lr=0.1, steps=3),
    "descent_path(start='a')": lambda: descent_path(lambda t: 2 * t, "a", lr=0.1, steps=3),
    "descent_path(start=[])": lambda: descent_path(lambda t: 2 * t, [], lr=0.1, steps=3),
    "descent_path(start=nan)": lambda: descent_path(lambda t: 2 * t, np.nan, lr=0.1, steps=3),
    "descent_path(grad gir None)": lambda: descent_path(lambda t: None, 1.0, lr=0.1, steps=3),
    "descent_path(grad gir str)": lambda: descent_path(lambda t: "a", 1.0, lr=0.1, steps=3),
    "descent_path(grad feil form)": lambda: descent_path(lambda t: np.ones(3), [1.0, 1.0], lr=0.1, steps=3),
    "descent_path(lr='0.1')": lambda: descent_path(lambda t: 2 * t, 1.0, lr="0.1", steps=3),
    "descent_path(steps=None)": lambda: descent_path(lambda t: 2 * t, 1.0, lr=0.1, steps=None),
    # data
    **{f"data.{fn.__name__}({name})": (lambda fn=fn, kw=kw: fn(10, **kw))
       for fn in (data.moons, data.circles, data.regression_1d)
       for name, kw in (("noise=-0.1", dict(noise=-0.1)), ("noise='a'", dict(noise="a")),
                        ("noise=None", dict(noise=None)), ("noise=nan", dict(noise=np.nan)),
                        ("seed='abc'", dict(seed="abc")), ("seed=-1", dict(seed=-1)))},
    **{f"data.{fn.__name__}(n={n!r})": (lambda fn=fn, n=n: fn(n))
       for fn in (data.linear_2d, data.moons, data.circles, data.regression_1d) for n in (None, "10", -5, 2.5, True)},
    "linear_2d(margin=-1)": lambda: data.linear_2d(10, margin=-1),
    "linear_2d(margin='a')": lambda: data.linear_2d(10, margin="a"),
    "linear_2d(margin=nan)": lambda: data.linear_2d(10, margin=np.nan),
    "circles(factor=0)": lambda: data.circles(10, factor=0),
    "circles(factor=1)": lambda: data.circles(10, factor=1),
    "circles(factor=2)": lambda: data.circles(10, factor=2),
    "circles(factor=None)": lambda: data.circles(10, factor=None),
    "spiral(noise=-1)": lambda: data.spiral(5, noise=-1),
    "spiral(classes='3')": lambda: data.spiral(5, "3"),
    "split(None, None)": lambda: data.split(None, None),
    "split(test_fraction=0.01)": lambda: data.split(np.zeros((10, 1)), np.zeros(10), test_fraction=0.01),
    "split(test_fraction=0.99)": lambda: data.split(np.zeros((10, 1)), np.zeros(10), test_fraction=0.99),
    "split(test_fraction='0.2')": lambda: data.split(np.zeros((10, 1)), np.zeros(10), test_fraction="0.2"),
    "split(test_fraction=True)": lambda: data.split(np.zeros((10, 1)), np.zeros(10), test_fraction=True),
    "split(seed='abc')": lambda: data.split(np.zeros((10, 1)), np.zeros(10), seed="abc"),
    "split(én rad)": lambda: data.split(np.zeros((1, 1)), np.zeros(1)),
    "split(tall)": lambda: data.split(3.0, 3.0),
    "load_mnist(test_fraction=0.0001)": lambda: data.load_mnist(test_fraction=0.0001),
    "load_mnist(test_fraction=0.9999)": lambda: data.load_mnist(test_fraction=0.9999),
    "load_mnist(test_fraction='0.2')": lambda: data.load_mnist(test_fraction="0.2"),
    "load_mnist(seed='abc')": lambda: data.load_mnist(seed="abc"),
    "load_mnist(full='ja')": lambda: data.load_mnist(full="ja"),
    "load_idx(None, ...)": lambda: mlfw.mnist.load_idx(None, None, None, None),
    "xor(1)": lambda: data.xor(1),
    "xor(n=4)": lambda: data.xor(n=4),
}


@pytest.mark.parametrize("name", PROBES)
def test_wrong_input_gives_a_norwegian_value_or_type_error(name):
    with pytest.raises((ValueError, TypeError)) as info:
        PROBES[name]()
    assert type(info.value) in (ValueError, TypeError), type(info.value)  # ikke en NumPy-underklasse
    message = str(info.value)
    assert any(word in message for word in ("forventet", "fikk", "fant", ", men ")), message


def test_module_without_forward_explains_what_to_write():
    class Forgot(mlfw.Module):
        def backward(self, dout):
            return dout

    with pytest.raises(NotImplementedError, match=r"Forgot.forward er ikke skrevet — .*forward\(self, x\)"):
        Forgot()(np.ones((1, 2)))
    with pytest.raises(NotImplementedError, match=r"Module.backward er ikke skrevet — .*backward\(self, dout\)"):
        mlfw.Module().backward(np.ones((1, 2)))


def test_empty_net_backward_is_an_error_not_an_echo():
    with pytest.raises(RuntimeError, match="Net har ingen lag"):
        Net().backward(np.ones((2, 2)))


def test_scalar_input_does_not_get_the_flatten_hint():
    with pytest.raises(ValueError, match="ett enkelt tall") as info:
        Linear(1, 1)(3.0)
    assert "flate ut" not in str(info.value)


def test_nan_probabilities_are_reported_as_nan_not_as_a_range():
    with pytest.raises(ValueError, match=r"fikk NaN i 1 av 2 tall"):
        CrossEntropyLoss()(np.array([[np.nan, 0.5]]), np.array([0]))


def test_resolution_zero_blames_resolution_not_the_data():
    with pytest.raises(ValueError, match="resolution >= 2"):
        plot.plot_decision_boundary(net(), X, Y, resolution=0)


def test_nan_input_names_the_row_and_the_likely_cause():
    with pytest.raises(ValueError, match=r"Linear fikk NaN .* i x \(første i rad 1\).*lavere læringsrate"):
        Linear(2, 2)(np.array([[0.0, 1.0], [np.nan, 2.0]]))
    with pytest.raises(ValueError, match=r"MSELoss fant NaN .* i y_hat \(første i rad 1\)"):
        MSELoss()(np.array([[0.5], [np.nan]]), np.zeros(2))


def test_diverged_weights_are_named_not_passed_on():
    layer = Linear(2, 2, rng=0)
    layer.params["W"][0, 0] = np.inf
    with pytest.raises(FloatingPointError, match="NaN eller uendelige verdier i W eller b"):
        layer(np.ones((3, 2)))
    layer = Linear(1, 1, rng=0)
    layer.params["W"][:] = 1e308
    with pytest.raises(FloatingPointError, match="overflyt"):
        layer(np.full((1, 1), 1e10))


def test_train_reports_weights_that_became_infinite_as_divergence():
    from mlfw import TrainingDiverged, train

    class Explode(mlfw.Module):  # et lag som gjør vektene foran uendelige etter første steg
        def __init__(self, first):
            super().__init__()
            self.first = first

        def forward(self, x):
            return x

        def backward(self, dout):
            self.first.params["W"][:] = np.inf
            return dout

    first = Linear(2, 1, rng=0)
    with pytest.raises(TrainingDiverged, match="Prøv lavere læringsrate"):
        train(Net(first, Explode(first)), MSELoss(), X, Y.astype(float), epochs=2, lr=0.1, progress=False)


def test_number_label_never_shows_nan_in_english():
    from mlfw.widgets import ImageStack, number_label

    assert number_label(float("nan")) == "ikke et tall"
    assert (number_label(np.inf), number_label(-np.inf)) == ("uendelig", "minus uendelig")
    with pytest.raises(ValueError, match="endelige tall på glidebryteren «lr»"):
        ImageStack(lambda lr: b"", {"lr": [0.1, float("nan")]})
