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


def test_circles_outer_ring_is_class_0_and_inner_ring_class_1():
    x, y = data.circles(200, noise=0.0, factor=0.4, seed=0)
    radius = np.linalg.norm(x, axis=1)
    np.testing.assert_allclose(radius[y == 0], 1.0)
    np.testing.assert_allclose(radius[y == 1], 0.4)


def test_linear_2d_margin_separates_the_classes():
    x, y = data.linear_2d(500, margin=0.3, seed=0)
    side = x[:, 0] + 0.5 * x[:, 1]
    assert side[y == 1].min() >= 0.3 and side[y == 0].max() <= -0.3


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9])
def test_split_never_gives_an_empty_part(fraction):
    x_tr, x_te, _, _ = data.split(np.zeros((10, 1)), np.zeros(10), test_fraction=fraction, seed=0)
    assert len(x_tr) > 0 and len(x_te) > 0


@pytest.mark.parametrize("make", [data.moons, data.circles])
def test_noise_is_normal_with_the_given_standard_deviation(make):
    clean, y0 = make(2000, noise=0.0, seed=0)
    noisy, y1 = make(2000, noise=0.1, seed=0)
    np.testing.assert_array_equal(y0, y1)
    assert np.std(noisy - clean) == pytest.approx(0.1, rel=0.05)


def test_moons_without_noise_lie_on_two_half_circles():
    x, y = data.moons(101, noise=0.0, seed=0)
    np.testing.assert_allclose(np.linalg.norm(x[y == 0], axis=1), 1.0)
    np.testing.assert_allclose(np.linalg.norm(x[y == 1] - [1.0, 0.5], axis=1), 1.0)
