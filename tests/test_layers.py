import numpy as np
import pytest

from mlfw import Linear


def test_forward_matches_hand_computed_values():
    layer = Linear(2, 2, rng=0)
    layer.params["W"][...] = [[1.0, 2.0], [0.0, -1.0]]
    layer.params["b"][...] = [0.5, 1.0]
    y = layer(np.array([[1.0, 1.0], [2.0, 0.0]]))
    # rad 1: [1+2+0,5, 0-1+1] = [3,5, 0];  rad 2: [2+0+0,5, 0+0+1] = [2,5, 1]
    np.testing.assert_allclose(y, [[3.5, 0.0], [2.5, 1.0]])


def test_backward_hand_computed():
    layer = Linear(2, 1, rng=0)
    layer.params["W"][...] = [[3.0, -1.0]]
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    layer(x)
    dx = layer.backward(np.array([[1.0], [2.0]]))
    np.testing.assert_allclose(layer.grads["W"], [[1 + 6, 2 + 8]])
    np.testing.assert_allclose(layer.grads["b"], [3.0])
    np.testing.assert_allclose(dx, [[3.0, -1.0], [6.0, -2.0]])


def test_init_is_normal_with_std_one_over_sqrt_in_and_zero_bias():
    layer = Linear(400, 300, rng=np.random.default_rng(0))
    W = layer.params["W"]
    assert W.shape == (300, 400) and layer.params["b"].shape == (300,)
    assert abs(W.mean()) < 0.002
    assert W.std() == pytest.approx(1 / np.sqrt(400), rel=0.01)
    assert not layer.params["b"].any()


def test_seed_gives_same_weights():
    np.testing.assert_array_equal(Linear(3, 2, rng=7).params["W"], Linear(3, 2, rng=7).params["W"])


def test_update_is_plain_sgd():
    layer = Linear(2, 1, rng=0)
    W0 = layer.params["W"].copy()
    layer(np.ones((3, 2)))
    layer.backward(np.ones((3, 1)))
    layer.update(0.1)
    np.testing.assert_allclose(layer.params["W"], W0 - 0.1 * 3.0)
    np.testing.assert_allclose(layer.params["b"], [-0.3])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_keeps_input_dtype(dtype):
    layer = Linear(3, 2, rng=0).astype(dtype)
    y = layer(np.ones((4, 3), dtype=dtype))
    dx = layer.backward(np.ones((4, 2), dtype=dtype))
    assert y.dtype == dtype and dx.dtype == dtype
    assert layer.grads["W"].dtype == dtype


def test_float32_input_with_float64_weights_keeps_float32():
    y = Linear(3, 2, rng=0)(np.ones((4, 3), dtype=np.float32))
    assert y.dtype == np.float32


def test_unflattened_images_give_norwegian_hint():
    with pytest.raises(ValueError, match=r"Linear forventet x med form \(batch, 784\), men fikk form \(32, 28, 28\) — glemte du å flate ut bildene"):
        Linear(784, 10)(np.zeros((32, 28, 28)))


def test_wrong_number_of_columns():
    with pytest.raises(ValueError, match=r"Linear forventet 784 inndata-kolonner, men fikk form \(32, 100\)"):
        Linear(784, 10)(np.zeros((32, 100)))


def test_one_dimensional_input():
    with pytest.raises(ValueError, match=r"1-D form \(3,\) — bruk x.reshape\(1, -1\)"):
        Linear(3, 1)(np.zeros(3))


def test_empty_batch():
    with pytest.raises(ValueError, match="tom batch"):
        Linear(3, 1)(np.zeros((0, 3)))


def test_text_input_is_a_type_error():
    with pytest.raises(TypeError, match="forventet tall i x"):
        Linear(1, 1)(np.array([["a"]]))


def test_backward_before_forward():
    with pytest.raises(RuntimeError, match="backward ble kalt før forward"):
        Linear(2, 1).backward(np.ones((1, 1)))


def test_backward_with_wrong_dy_shape():
    layer = Linear(2, 3)
    layer(np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"forventet dout med samme form som utdata fra forward, \(4, 3\), men fikk \(4, 2\)"):
        layer.backward(np.ones((4, 2)))


@pytest.mark.parametrize("lr", [0, -0.1, float("nan")])
def test_update_rejects_non_positive_lr(lr):
    layer = Linear(2, 1)
    layer(np.ones((1, 2)))
    layer.backward(np.ones((1, 1)))
    with pytest.raises(ValueError, match="forventet lr > 0"):
        layer.update(lr)


def test_update_before_backward():
    with pytest.raises(RuntimeError, match="kjør forward og backward før update"):
        Linear(2, 1).update(0.1)


@pytest.mark.parametrize("bad", [0, -3])
def test_constructor_rejects_non_positive_sizes(bad):
    with pytest.raises(ValueError, match="positivt heltall for in_features"):
        Linear(bad, 2)


@pytest.mark.parametrize("bad", [2.5, True, "3", None])
def test_constructor_rejects_non_integer_sizes(bad):
    with pytest.raises(TypeError, match="Linear forventet et heltall for in_features"):
        Linear(bad, 2)


def test_backward_without_dx_fills_the_same_grads():
    x = np.random.default_rng(0).normal(size=(5, 3))
    dout = np.random.default_rng(1).normal(size=(5, 2))
    full, lean = Linear(3, 2, rng=0), Linear(3, 2, rng=0)
    full(x), lean(x)
    full.backward(dout)
    assert lean.backward(dout, need_dx=False) is None
    for key in ("W", "b"):
        np.testing.assert_array_equal(lean.grads[key], full.grads[key])
