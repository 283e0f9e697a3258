"""Trening med minibatcher: `train` og `History`."""

from dataclasses import dataclass, field

import numpy as np

from ._checks import (as_float_array, check_bool, check_callable, check_instance, check_labels,
                      check_positive, check_same_length, check_seed, prob_clip)
from .losses import BCELoss, CrossEntropyLoss, Loss, _accuracy, accuracy
from .module import Module
from .net import Net

GROWTH_LIMIT = 1e6  # et tap over en million ganger tapet i starten regnes som divergens


class TrainingDiverged(FloatingPointError):
    """Tapet ble NaN eller uendelig. `history` har epokene som ble fullført."""

    def __init__(self, message: str, history: "History") -> None:
        super().__init__(message)
        self.history = history


@dataclass
class History:
    """Målinger per epoke. Listene for validering er tomme uten valideringsdata,
    og listene for nøyaktighet er tomme for regresjon. `lr` er læringsraten i hver epoke."""

    loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    lr: list = field(default_factory=list)

    @property
    def epochs(self) -> int:
        return len(self.loss)


def _check_data(x, y, who: str, name: str = "x"):
    x = as_float_array(x, who, name)
    if x.ndim == 0 or len(x) == 0:
        raise ValueError(f"{who} fikk tomme data ({name} har form {x.shape}) — sjekk innlastingen.")
    check_same_length(x, y, who, name)
    y = np.asarray(y)
    bad_rows = np.flatnonzero(~np.isfinite(x).reshape(len(x), -1).all(axis=1))
    if bad_rows.size:
        raise ValueError(
            f"{who} fant NaN eller uendelige verdier i {name} (første i rad {bad_rows[0]}) — "
            f"fjern eller erstatt disse radene før treningen."
        )
    return x, y


def _check_models(net, loss, who: str) -> None:
    if isinstance(net, Loss) or isinstance(loss, Module):
        raise TypeError(f"{who} forventet nettverket først og tapfunksjonen etterpå, men fikk "
                        f"{type(net).__name__} og {type(loss).__name__} — skriv train(net, loss, x, y, ...).")
    check_instance(net, who, "net", ("forward", "backward", "update"), "et nettverk, for eksempel Net(...)")
    check_instance(loss, who, "loss", ("forward", "backward"), "en tapfunksjon, for eksempel CrossEntropyLoss()")


def _diverged(message: str, lr, history, bar) -> "TrainingDiverged":
    if bar is not None:
        bar.close()
    return TrainingDiverged(f"{message} — treningen er stoppet. Prøv lavere læringsrate (nå lr={lr}), "
                            f"eller sjekk at dataene ikke inneholder NaN.", history)


def train(net, loss, x, y, *, epochs: int, lr: float | None = None, optimizer=None, schedule=None,
          batch_size: int = 32, validation=None, shuffle: bool = True, seed=None, progress: bool = True,
          callback=None) -> History:
    """Tren `net` med minibatch-gradientnedstigning og returner en `History`.

    Hver epoke stokkes eksemplene (med `seed` blir stokkingen lik hver gang) og deles
    i minibatcher på `batch_size` rader. For hver minibatch: forward, tap, backward,
    update(lr). Tap og nøyaktighet for trening er snittet over epokens minibatcher.
    `validation=(x_val, y_val)` måles etter hver epoke. `callback(epoch, history)`
    kalles etter hver epoke.

    Gi enten `lr` (vanlig SGD med `net.update(lr)`) eller `optimizer` (for eksempel
    `Adam(net, lr=0.001)`, som tar steget med `optimizer.step()` etter hver backward).
    `schedule` er en læringsrateplan, epoke → læringsrate (for eksempel `step_decay(0.1)`):
    den kalles i starten av hver epoke og bestemmer læringsraten (`optimizer.lr`, eller den
    som gis til `net.update`). `history.lr` har læringsraten i hver epoke.

    Har nettverket `set_training`, er det i treningsmodus under minibatchene og i
    evalueringsmodus når valideringen måles og når `train` er ferdig (så `Dropout` er av
    når du bruker det trente nettverket).

    Treningen stoppes med `TrainingDiverged` (med en `history` over epokene så langt) når
    tapet blir NaN eller uendelig, når det blir over en million ganger tapet i starten, og
    når en klassifisering har et snittap over halvparten av det største mulige (nettverket
    er «mettet»: sannsynlighetene er 0 og 1, gradientene blir 0 og tapet står stille).

    >>> import numpy as np
    >>> from mlfw import Net, Linear, MSELoss
    >>> x = np.linspace(-1, 1, 20).reshape(-1, 1); y = 3 * x + 1
    >>> h = train(Net(Linear(1, 1, rng=0)), MSELoss(), x, y, epochs=200, lr=0.1, seed=0, progress=False)
    >>> round(h.loss[-1], 6)
    0.0
    """
    who = "train"
    _check_models(net, loss, who)
    x, y = _check_data(x, y, who)
    check_positive(epochs, "epochs", who, integer=True)
    check_positive(batch_size, "batch_size", who, integer=True)
    _check_lr_and_optimizer(net, lr, optimizer, schedule, who)
    check_bool(shuffle, "shuffle", who)
    check_bool(progress, "progress", who)
    if callback is not None:
        check_callable(callback, "callback", who, "callback=lambda epoch, history: print(epoch)")
    rng = check_seed(seed, who)
    classify = isinstance(loss, (CrossEntropyLoss, BCELoss))
    if validation is not None:
        if not (isinstance(validation, (tuple, list)) and len(validation) == 2):
            raise TypeError(f"{who} forventet validation=(x_val, y_val), men fikk {type(validation).__name__}.")
        x_val, y_val = _check_data(*validation, who, "x_val")
        if classify:
            y_val = check_labels(y_val, who)
    if classify:
        y = check_labels(y, who)  # én gang her; nøyaktigheten per minibatch regnes uten nye kontroller
    history = History()

    epoch_iter = range(1, epochs + 1)
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(epoch_iter, desc="Trening", unit="epoke", leave=True)
        epoch_iter = bar

    lean = type(net) is Net  # egne nettverksklasser får vanlig backward(dout)
    modes = callable(getattr(net, "set_training", None))  # trenings- og evalueringsmodus
    limit = None
    try:
        for epoch in epoch_iter:
            if schedule is not None:
                new_lr = schedule(epoch)
                check_positive(new_lr, "lr", f"{who} (læringsrateplanen i epoke {epoch})")
                if optimizer is None:
                    lr = new_lr
                else:
                    optimizer.lr = new_lr
            if optimizer is not None:
                lr = optimizer.lr  # til history og feilmeldingene
            if modes:
                net.set_training(True)
            order = rng.permutation(len(x)) if shuffle else np.arange(len(x))
            total_loss = total_correct = 0.0
            for start in range(0, len(x), batch_size):
                idx = order[start:start + batch_size]
                xb, yb = x[idx], y[idx]
                y_hat = None
                try:
                    y_hat = net.forward(xb)
                    batch_loss = loss.forward(y_hat, yb)
                except FloatingPointError:  # Linear fant uendelige vekter eller overflyt
                    batch_loss = float("nan")
                except ValueError:
                    if y_hat is None or np.isfinite(y_hat).all():
                        raise
                    batch_loss = float("nan")  # NaN i prediksjonene: nettverket har divergert
                if not batch_loss <= (limit if limit is not None else np.inf):  # også NaN
                    if np.isfinite(batch_loss):
                        raise _diverged(f"Tapet ble {batch_loss:.3g} i epoke {epoch}, over en million ganger "
                                        f"tapet i starten ({limit / GROWTH_LIMIT:.3g})", lr, history, bar)
                    raise _diverged(f"Tapet ble {batch_loss} i epoke {epoch}", lr, history, bar)
                if limit is None:
                    limit = GROWTH_LIMIT * max(batch_loss, 1.0)
                if lean:
                    net.backward(loss.backward(), need_dx=False)  # dataene trenger ingen gradient
                else:
                    net.backward(loss.backward())
                if optimizer is None:
                    net.update(lr)
                else:
                    try:
                        optimizer.step()
                    except FloatingPointError as err:  # NaN eller uendelig i gradientene
                        raise _diverged(f"Gradientene ble NaN eller uendelige i epoke {epoch} ({err})",
                                        lr, history, bar) from err
                total_loss += batch_loss * len(idx)
                if classify:
                    total_correct += _accuracy(y_hat, yb) * len(idx)
            history.loss.append(total_loss / len(x))
            history.lr.append(lr)
            if classify:
                history.accuracy.append(total_correct / len(x))
            if validation is not None:
                if modes:
                    net.set_training(False)  # valideringen måles i evalueringsmodus
                y_hat_val = net.forward(x_val)
                history.val_loss.append(loss.forward(y_hat_val, y_val))
                if classify:
                    history.val_accuracy.append(accuracy(y_hat_val, y_val))
            if classify and history.loss[-1] > -0.5 * np.log(prob_clip(y_hat.dtype)[0]):
                raise _diverged(f"Snittapet ble {history.loss[-1]:.4g} i epoke {epoch}, nær det største mulige "
                                f"— nettverket er mettet: sannsynlighetene er 0 og 1, gradientene blir 0 og "
                                f"tapet står stille", lr, history, bar)
            if bar is not None:
                bar.set_postfix(_postfix(history), refresh=False)
            if callback is not None:
                callback(epoch, history)
    finally:
        if modes:
            net.set_training(False)  # et trent nettverk predikerer i evalueringsmodus
    return history


def _check_lr_and_optimizer(net, lr, optimizer, schedule, who: str) -> None:
    """Nøyaktig én av lr og optimizer (eller bare en plan), og en plan som er en funksjon."""
    if lr is not None and optimizer is not None:
        raise TypeError(f"{who} forventet enten lr= eller optimizer=, men fikk begge — læringsraten står "
                        f"i optimereren: skriv train(..., optimizer=Adam(net, lr=0.001)) uten lr=.")
    if lr is None and optimizer is None and schedule is None:
        raise TypeError(f"{who} forventet en læringsrate lr (vanlig SGD, for eksempel lr=0.1) eller en "
                        f"optimerer (for eksempel optimizer=Adam(net)), men fikk ingen av dem.")
    if lr is not None:
        check_positive(lr, "lr", who)
    if optimizer is not None:
        check_instance(optimizer, who, "optimizer", ("step",), "en optimerer, for eksempel Adam(net)")
        if getattr(optimizer, "net", net) is not net:
            raise ValueError(f"{who} forventet en optimerer laget for nettverket som trenes, men "
                             f"optimizer.net er et annet nettverk — skriv optimizer={type(optimizer).__name__}"
                             f"(net, ...) med det samme net som du gir til train.")
    if schedule is not None:
        check_callable(schedule, "schedule", who, "schedule=step_decay(0.1, every=10)")


def _postfix(history: History) -> dict:
    """Siste målinger med norske navn til framdriftslinja."""
    names = {"loss": "tap", "val_loss": "val_tap", "accuracy": "nøyaktighet", "val_accuracy": "val_nøyaktighet",
             "lr": "læringsrate"}
    return {names[k]: f"{v[-1]:.3g}" if k == "lr" else f"{v[-1]:.4f}" for k, v in vars(history).items() if v}
