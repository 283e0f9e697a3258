import numpy as np
import pytest

from mlfw import ReLU, Sigmoid, Softmax, Tanh

ALL = [Tanh, ReLU, Sigmoid, Softmax]


def test_values_by_hand():
    x = np.array([[-1.0, 0.0, 2.0]])
    np.testing.assert_allclose(ReLU()(x), [[0, 0, 2]])
    np.testing.assert_allclose(Tanh()(x), [[-0.76159416, 0.0, 0.96402758]])
    np.testing.assert_allclose(Sigmoid()(x), [[0.26894142, 0.5, 0.88079708]])
    e = np.exp([-1.0, 0.0, 2.0])
    np.testing.assert_allclose(Softmax()(x), [e / e.sum()])


@pytest.mark.parametrize("cls", ALL)
def test_no_params(cls):
    assert cls().params == {}


def test_sigmoid_is_stable_for_large_inputs():
    with np.errstate(over="raise", invalid="raise"):
        y = Sigmoid()(np.array([[-1000.0, 1000.0]]))
    np.testing.assert_array_equal(y, [[0.0, 1.0]])


def test_softmax_subtracts_row_max():
    with np.errstate(over="raise", invalid="raise"):
        y = Softmax()(np.array([[1000.0, 1001.0], [-1000.0, -1000.0]]))
    np.testing.assert_allclose(y, [[1 / (1 + np.e), np.e / (1 + np.e)], [0.5, 0.5]])
    np.testing.assert_allclose(y.sum(axis=1), 1.0)


def test_relu_backward_passes_gradient_only_where_positive():
    relu = ReLU()
    relu(np.array([[-1.0, 2.0]]))
    np.testing.assert_array_equal(relu.backward(np.array([[5.0, 5.0]])), [[0.0, 5.0]])


@pytest.mark.parametrize("cls", ALL)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_keep_dtype(cls, dtype):
    act = cls()
    y = act(np.ones((2, 3), dtype=dtype))
    assert y.dtype == dtype and act.backward(np.ones_like(y)).dtype == dtype


@pytest.mark.parametrize("cls", ALL)
def test_one_dimensional_input_is_rejected(cls):
    with pytest.raises(ValueError, match="1-D form"):
        cls()(np.zeros(4))


@pytest.mark.parametrize("cls", ALL)
def test_backward_before_forward(cls):
    with pytest.raises(RuntimeError, match=f"{cls.__name__}.backward ble kalt før forward"):
        cls().backward(np.ones((1, 1)))


def test_update_is_a_no_op():
    tanh = Tanh()
    tanh.update(0.1)
    assert tanh.params == {}


def test_relu_derivative_at_exactly_zero_is_zero():
    relu = ReLU()
    relu(np.array([[0.0, -0.0, 1e-300]]))
    np.testing.assert_array_equal(relu.backward(np.ones((1, 3))), [[0.0, 0.0, 1.0]])


@pytest.mark.parametrize("cls", ALL)
def test_float16_is_rejected_with_a_hint(cls):
    with pytest.raises(TypeError, match=r"float32 eller float64, men fikk dtype float16 .*astype\(np.float32\)"):
        cls()(np.ones((2, 2), dtype=np.float16))
