import numpy as np
import pytest

from mlfw import BCELoss, CrossEntropyLoss, MAELoss, MSELoss, accuracy


def test_mse_and_mae_by_hand():
    y_hat, y = np.array([[1.0], [2.0], [4.0]]), np.array([1.0, 0.0, 1.0])
    assert MSELoss()(y_hat, y) == pytest.approx((0 + 4 + 9) / 3)
    assert MAELoss()(y_hat, y) == pytest.approx((0 + 2 + 3) / 3)


def test_mse_is_mean_not_sum():
    y_hat = np.zeros((4, 1))
    loss = MSELoss()
    assert loss(y_hat, np.ones(4)) == pytest.approx(1.0)
    np.testing.assert_allclose(loss.backward(), np.full((4, 1), -0.5))


def test_cross_entropy_by_hand():
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    loss = CrossEntropyLoss()
    assert loss(p, np.array([0, 2])) == pytest.approx(-(np.log(0.7) + np.log(0.8)) / 2)
    np.testing.assert_allclose(loss.backward(), [[-1 / (2 * 0.7), 0, 0], [0, 0, -1 / (2 * 0.8)]])


def test_cross_entropy_of_zero_probability_is_finite():
    loss = CrossEntropyLoss()
    value = loss(np.array([[1.0, 0.0]]), np.array([1]))
    assert np.isfinite(value) and value == pytest.approx(-np.log(1e-12))
    assert np.all(np.isfinite(loss.backward()))


def test_bce_by_hand():
    p = np.array([[0.9], [0.2]])
    assert BCELoss()(p, np.array([1, 0])) == pytest.approx(-(np.log(0.9) + np.log(0.8)) / 2)


def test_bce_of_exact_zero_and_one_is_finite():
    loss = BCELoss()
    assert np.isfinite(loss(np.array([[0.0], [1.0]]), np.array([1, 0])))
    assert np.all(np.isfinite(loss.backward()))


@pytest.mark.parametrize("y", [np.array([0, 3]), np.array([-1, 0])])
def test_cross_entropy_labels_out_of_range(y):
    with pytest.raises(ValueError, match=r"forventet etiketter fra 0 til 2 .* men fikk verdier fra"):
        CrossEntropyLoss()(np.full((2, 3), 1 / 3), y)


def test_cross_entropy_float_labels():
    with pytest.raises(TypeError, match=r"heltallsetiketter 0..2, men fikk dtype float64 — bruk y.astype\(int\)"):
        CrossEntropyLoss()(np.full((2, 3), 1 / 3), np.array([0.0, 1.0]))


def test_cross_entropy_one_hot_labels_get_a_hint():
    with pytest.raises(ValueError, match=r"one-hot .*Bruk y.argmax\(axis=1\)"):
        CrossEntropyLoss()(np.full((2, 3), 1 / 3), np.eye(3)[[0, 1]])


def test_cross_entropy_rejects_scores_instead_of_probabilities():
    with pytest.raises(ValueError, match=r"sannsynligheter i \[0, 1\], men fikk verdier fra -2 til 3 — la nettverket slutte med Softmax"):
        CrossEntropyLoss()(np.array([[-2.0, 3.0]]), np.array([0]))


def test_cross_entropy_rejects_rows_not_summing_to_one():
    with pytest.raises(ValueError, match="summerer til 1"):
        CrossEntropyLoss()(np.array([[0.2, 0.2]]), np.array([0]))


def test_nan_probabilities_are_rejected_not_silent():
    with pytest.raises(ValueError, match="sannsynligheter"):
        CrossEntropyLoss()(np.array([[np.nan, 0.5]]), np.array([0]))


@pytest.mark.parametrize("bad", [np.inf, -np.inf])
def test_infinite_probabilities_are_rejected(bad):
    with pytest.raises(ValueError, match="sannsynligheter i \\[0, 1\\]"):
        CrossEntropyLoss()(np.array([[bad, 0.5]]), np.array([0]))


def test_bce_probabilities_outside_unit_interval():
    with pytest.raises(ValueError, match=r"\[0, 1\].* Sigmoid"):
        BCELoss()(np.array([[1.5]]), np.array([1]))


def test_bce_labels_must_be_zero_or_one():
    with pytest.raises(ValueError, match="etiketter 0 eller 1"):
        BCELoss()(np.array([[0.5]]), np.array([2]))


@pytest.mark.parametrize("loss", [MSELoss(), MAELoss(), BCELoss()])
def test_length_mismatch(loss):
    with pytest.raises(ValueError, match="y_hat har 3 rader, men y har 2"):
        loss(np.full((3, 1), 0.5), np.array([0, 1]))


def test_cross_entropy_length_mismatch():
    with pytest.raises(ValueError, match="y_hat har 3 rader, men y har 2"):
        CrossEntropyLoss()(np.full((3, 2), 0.5), np.array([0, 1]))


def test_mse_shape_mismatch():
    with pytest.raises(ValueError, match=r"samme form som y_hat, \(2, 2\), men fikk \(2, 3\)"):
        MSELoss()(np.zeros((2, 2)), np.zeros((2, 3)))


@pytest.mark.parametrize("loss", [MSELoss(), MAELoss(), CrossEntropyLoss(), BCELoss()])
def test_backward_before_forward(loss):
    with pytest.raises(RuntimeError, match="backward ble kalt før forward"):
        loss.backward()


def test_accuracy_probabilities_scores_and_one_column():
    assert accuracy(np.array([[0.9, 0.1], [0.2, 0.8]]), np.array([0, 0])) == 0.5
    assert accuracy(np.array([[-3.0, 5.0], [2.0, -1.0]]), np.array([1, 0])) == 1.0
    assert accuracy(np.array([[0.7], [0.4], [0.5]]), np.array([1, 0, 0])) == pytest.approx(2 / 3)


def test_accuracy_length_mismatch():
    with pytest.raises(ValueError, match="y_hat har 2 rader, men y har 1"):
        accuracy(np.zeros((2, 2)), np.array([0]))


def test_accuracy_rejects_one_hot_instead_of_counting_it_wrong():
    with pytest.raises(ValueError, match=r"one-hot .*y.argmax\(axis=1\)"):
        accuracy(np.eye(3), np.eye(3))


@pytest.mark.parametrize("y", [np.array([0, 3]), np.array([-1, 0])])
def test_accuracy_rejects_labels_out_of_range(y):
    with pytest.raises(ValueError, match="forventet etiketter fra 0 til 2"):
        accuracy(np.full((2, 3), 1 / 3), y)


def test_accuracy_accepts_whole_number_float_and_bool_labels():
    assert accuracy(np.array([[0.2], [0.9]]), np.array([0.0, 1.0])) == 1.0
    assert accuracy(np.array([[0.2], [0.9]]), np.array([False, True])) == 1.0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_bce_is_finite_for_saturated_sigmoid_in_every_dtype(dtype):
    loss = BCELoss()
    y_hat = np.array([[1.0], [0.0]], dtype=dtype)  # som sigmoid(±40) i float32
    value = loss(y_hat, np.array([0, 1]))
    grad = loss.backward()
    assert np.isfinite(value) and np.all(np.isfinite(grad)) and grad.dtype == dtype
    assert value > 10  # helt sikker og helt feil gir et stort tap, ikke 0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_losses_keep_the_dtype_of_y_hat(dtype):
    for loss, y_hat, y in [(MSELoss(), np.ones((3, 2)), np.zeros((3, 2))),
                           (CrossEntropyLoss(), np.full((3, 2), 0.5), np.array([0, 1, 0])),
                           (BCELoss(), np.full((3, 1), 0.5), np.array([0, 1, 0]))]:
        loss(y_hat.astype(dtype), y)
        assert loss.backward().dtype == dtype, type(loss).__name__
