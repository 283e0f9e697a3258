"""Trening med minibatcher: `train` og `History`."""

from dataclasses import dataclass, field

import numpy as np

from ._checks import as_float_array, check_positive, check_same_length
from .losses import BCELoss, CrossEntropyLoss, accuracy
from .net import Net


class TrainingDiverged(FloatingPointError):
    """Tapet ble NaN eller uendelig. `history` har epokene som ble fullført."""

    def __init__(self, message: str, history: "History") -> None:
        super().__init__(message)
        self.history = history


@dataclass
class History:
    """Målinger per epoke. Listene for validering er tomme uten valideringsdata,
    og listene for nøyaktighet er tomme for regresjon."""

    loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)

    @property
    def epochs(self) -> int:
        return len(self.loss)


def _check_data(x, y, who: str, name: str = "x"):
    x = as_float_array(x, who, name)
    y = np.asarray(y)
    if x.ndim == 0 or len(x) == 0:
        raise ValueError(f"{who} fikk tomme data ({name} har form {x.shape}) — sjekk innlastingen.")
    check_same_length(x, y, who)
    bad_rows = np.flatnonzero(~np.isfinite(x).reshape(len(x), -1).all(axis=1))
    if bad_rows.size:
        raise ValueError(
            f"{who} fant NaN eller uendelige verdier i {name} (første i rad {bad_rows[0]}) — "
            f"fjern eller erstatt disse radene før treningen."
        )
    return x, y


def train(net, loss, x, y, *, epochs: int, lr: float, batch_size: int = 32, validation=None,
          shuffle: bool = True, seed=None, progress: bool = True, callback=None) -> History:
    """Tren `net` med minibatch-gradientnedstigning og returner en `History`.

    Hver epoke stokkes eksemplene (med `seed` blir stokkingen lik hver gang) og deles
    i minibatcher på `batch_size` rader. For hver minibatch: forward, tap, backward,
    update(lr). Tap og nøyaktighet for trening er snittet over epokens minibatcher.
    `validation=(x_val, y_val)` måles etter hver epoke. `callback(epoch, history)`
    kalles etter hver epoke. Blir tapet NaN eller uendelig, stoppes treningen med
    `TrainingDiverged`.

    >>> import numpy as np
    >>> from mlfw import Net, Linear, MSELoss
    >>> x = np.linspace(-1, 1, 20).reshape(-1, 1); y = 3 * x + 1
    >>> h = train(Net(Linear(1, 1, rng=0)), MSELoss(), x, y, epochs=200, lr=0.1, seed=0, progress=False)
    >>> round(h.loss[-1], 6)
    0.0
    """
    who = "train"
    x, y = _check_data(x, y, who)
    check_positive(epochs, "epochs", who, integer=True)
    check_positive(batch_size, "batch_size", who, integer=True)
    check_positive(lr, "lr", who)
    if validation is not None:
        if not (isinstance(validation, (tuple, list)) and len(validation) == 2):
            raise TypeError(f"{who} forventet validation=(x_val, y_val), men fikk {type(validation).__name__}.")
        x_val, y_val = _check_data(*validation, who, "x_val")
    classify = isinstance(loss, (CrossEntropyLoss, BCELoss))
    history = History()
    rng = np.random.default_rng(seed)

    epoch_iter = range(1, epochs + 1)
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(epoch_iter, desc="Trening", unit="epoke", leave=True)
        epoch_iter = bar

    for epoch in epoch_iter:
        order = rng.permutation(len(x)) if shuffle else np.arange(len(x))
        total_loss = total_correct = 0.0
        for start in range(0, len(x), batch_size):
            idx = order[start:start + batch_size]
            xb, yb = x[idx], y[idx]
            y_hat = net.forward(xb)
            finite = np.all(np.isfinite(y_hat))
            batch_loss = loss.forward(y_hat, yb) if finite else float("nan")
            if not np.isfinite(batch_loss):
                if bar is not None:
                    bar.close()
                raise TrainingDiverged(
                    f"Tapet ble {batch_loss} i epoke {epoch} — treningen er stoppet. Prøv lavere "
                    f"læringsrate (nå lr={lr}), eller sjekk at dataene ikke inneholder NaN.",
                    history,
                )
            if type(net) is Net:  # egne nett-klasser får vanlig backward(dy)
                net.backward(loss.backward(), need_dx=False)  # dataene trenger ingen gradient
            else:
                net.backward(loss.backward())
            net.update(lr)
            total_loss += batch_loss * len(idx)
            if classify:
                total_correct += accuracy(y_hat, yb) * len(idx)
        history.loss.append(total_loss / len(x))
        if classify:
            history.accuracy.append(total_correct / len(x))
        if validation is not None:
            y_hat_val = net.forward(x_val)
            history.val_loss.append(loss.forward(y_hat_val, y_val))
            if classify:
                history.val_accuracy.append(accuracy(y_hat_val, y_val))
        if bar is not None:
            bar.set_postfix(_postfix(history), refresh=False)
        if callback is not None:
            callback(epoch, history)
    return history


def _postfix(history: History) -> dict:
    """Siste målinger med norske navn til framdriftslinja."""
    names = {"loss": "tap", "val_loss": "val_tap", "accuracy": "nøyaktighet", "val_accuracy": "val_nøyaktighet"}
    return {names[k]: f"{v[-1]:.4f}" for k, v in vars(history).items() if v}
