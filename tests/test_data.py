import numpy as np
import pytest

from mlfw import data


@pytest.mark.parametrize("make", [data.linear_2d, data.moons, data.circles, data.regression_1d])
def test_seeded_and_shaped(make):
    x1, y1 = make(40, seed=3)
    x2, y2 = make(40, seed=3)
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(y1, y2)
    assert len(x1) == len(y1) == 40 and x1.ndim == 2


def test_linear_2d_is_linearly_separable():
    x, y = data.linear_2d(500, seed=0)
    side = x[:, 0] + 0.5 * x[:, 1]
    assert np.all((side > 0) == (y == 1))


def test_spiral_has_k_balanced_classes():
    x, y = data.spiral(50, classes=4, seed=0)
    assert x.shape == (200, 2) and np.bincount(y).tolist() == [50] * 4


def test_split_is_a_partition():
    x, y = np.arange(20).reshape(-1, 1), np.arange(20)
    x_tr, x_te, y_tr, y_te = data.split(x, y, test_fraction=0.25, seed=0)
    assert len(x_te) == 5 and sorted(np.concatenate([y_tr, y_te]).tolist()) == list(range(20))
    np.testing.assert_array_equal(x_tr[:, 0], y_tr)


def test_split_rejects_mismatch_and_bad_fraction():
    with pytest.raises(ValueError, match="x har 3 rader, men y har 2"):
        data.split(np.zeros((3, 1)), np.zeros(2))
    with pytest.raises(ValueError, match="test_fraction mellom 0 og 1"):
        data.split(np.zeros((3, 1)), np.zeros(3), test_fraction=1.5)


def test_bad_n():
    with pytest.raises(ValueError, match="n > 0"):
        data.moons(0)
