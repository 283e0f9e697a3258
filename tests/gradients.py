"""Den ene sentral-differanse-hjelperen testene bruker (uavhengig av mlfw.gradcheck)."""

import numpy as np


def numeric_grad(f, arr, eps=1e-6):
    """d f() / d arr med sentrale differanser; `arr` endres på plass og settes tilbake."""
    grad = np.zeros_like(arr, dtype=np.float64)
    it = np.nditer(arr, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = arr[i]
        arr[i] = old + eps
        plus = f()
        arr[i] = old - eps
        minus = f()
        arr[i] = old
        grad[i] = (plus - minus) / (2 * eps)
    return grad


def check_module_grads(module, x, rng, rtol=1e-5, atol=1e-7):
    """Sammenlign dx og alle grads fra backward med sentrale differanser av sum(out * dout)."""
    out = module.forward(x)
    dout = rng.normal(size=out.shape)
    dx = module.backward(dout)
    grads = {k: g.copy() for k, g in module.grads.items()}
    assert set(grads) == set(module.params)

    def f():
        return float(np.sum(module.forward(x) * dout))

    np.testing.assert_allclose(dx, numeric_grad(f, x), rtol=rtol, atol=atol)
    for key, p in module.params.items():
        assert grads[key].shape == p.shape
        np.testing.assert_allclose(grads[key], numeric_grad(f, p), rtol=rtol, atol=atol, err_msg=key)


def check_loss_grad(loss, y_hat, y, rtol=1e-5, atol=1e-7):
    loss.forward(y_hat, y)
    analytic = loss.backward()
    numeric = numeric_grad(lambda: loss.forward(y_hat, y), y_hat)
    np.testing.assert_allclose(analytic, numeric, rtol=rtol, atol=atol)
