import numpy as np
import pytest

from mlfw import Linear, Net, ReLU, Softmax, Tanh


def test_forward_chains_layers():
    l1, l2 = Linear(2, 3, rng=0), Linear(3, 1, rng=1)
    x = np.array([[1.0, -1.0]])
    np.testing.assert_allclose(Net(l1, Tanh(), l2)(x), l2(np.tanh(l1(x))))


def test_add_and_layers():
    net = Net().add(Linear(2, 2)).add(ReLU())
    assert len(net.layers) == 2 and isinstance(net.layers[1], ReLU)


def test_params_and_grads_share_keys_and_arrays():
    net = Net(Linear(2, 3, rng=0), Tanh(), Linear(3, 2, rng=1), Softmax())
    assert list(net.params) == ["0.W", "0.b", "2.W", "2.b"]
    assert net.params["0.W"] is net.layers[0].params["W"]
    net(np.ones((4, 2)))
    net.backward(np.ones((4, 2)))
    assert list(net.grads) == list(net.params)


def test_update_changes_every_layer():
    net = Net(Linear(2, 3, rng=0), Tanh(), Linear(3, 1, rng=1))
    before = {k: v.copy() for k, v in net.params.items()}
    net(np.ones((4, 2)))
    net.backward(np.ones((4, 1)))
    net.update(0.1)
    for key, value in net.params.items():
        np.testing.assert_allclose(value, before[key] - 0.1 * net.grads[key])


def test_repr_lists_layers_and_parameter_count():
    text = repr(Net(Linear(784, 128), ReLU(), Linear(128, 10), Softmax()))
    assert "(0): Linear(784, 128)" in text and "(3): Softmax()" in text
    assert "101 770 parametere" in text


def test_astype_float32():
    net = Net(Linear(3, 2, rng=0), Tanh()).astype(np.float32)
    assert net.params["0.W"].dtype == np.float32
    assert net(np.ones((1, 3), dtype=np.float32)).dtype == np.float32


def test_error_names_the_layer_that_got_the_wrong_shape():
    net = Net(Linear(4, 3), Tanh(), Linear(5, 1))
    with pytest.raises(ValueError, match="Linear forventet 5 inndata-kolonner, men fikk form"):
        net(np.ones((2, 4)))


def test_class_instead_of_instance():
    with pytest.raises(TypeError, match=r"skriv ReLU\(\) med parenteser"):
        Net(Linear(2, 2), ReLU)


def test_non_layer_is_rejected():
    with pytest.raises(TypeError, match="forventet et lag som laget, med metodene forward, backward og update"):
        Net(3)


def test_empty_net_forward():
    with pytest.raises(RuntimeError, match="ingen lag"):
        Net()(np.ones((1, 1)))


def test_backward_without_dx_skips_only_the_first_linear():
    x = np.random.default_rng(0).normal(size=(4, 2))
    dout = np.ones((4, 2))
    full = Net(Linear(2, 3, rng=0), Tanh(), Linear(3, 2, rng=1))
    lean = Net(Linear(2, 3, rng=0), Tanh(), Linear(3, 2, rng=1))
    full(x), lean(x)
    assert full.backward(dout).shape == x.shape
    assert lean.backward(dout, need_dx=False) is None
    for key, g in full.grads.items():
        np.testing.assert_allclose(lean.grads[key], g, rtol=1e-12, err_msg=key)


class OwnLinear(Linear):
    """Et eget lag med den enkle kontrakten backward(dout), som i oppgavene."""

    def backward(self, dout):
        return super().backward(dout)


@pytest.mark.parametrize("first", [OwnLinear(2, 3, rng=0), Tanh()])
def test_backward_without_dx_leaves_other_first_layers_alone(first):
    net = Net(first, Linear(2 if isinstance(first, Tanh) else 3, 1, rng=1))
    x = np.ones((4, 2))
    net(x)
    assert net.backward(np.ones((4, 1)), need_dx=False).shape == x.shape
