r"""Læringsrateplaner og en læringsratetest.

En læringsrateplan er en funksjon epoke → læringsrate, der epokene telles fra 1 som i
`History`. `train(..., schedule=plan)` kaller planen i starten av hver epoke.

- `step_decay`: trinnvis nedtrapping, η · faktor^⌊(epoke − 1)/every⌋.
- `warmup_cosine`: oppvarming (lineært opp til η), så en cosinusplan ned mot 0.
- `lr_range_test`: prøv læringsrater fra svært små til altfor store og se hvor tapet
  begynner å falle og hvor det eksploderer.
"""

import math

import numpy as np

from ._checks import _show, check_int, check_labels, check_number, check_positive, check_seed
from .losses import BCELoss, CrossEntropyLoss


def _check_epoch(epoch, who: str) -> int:
    return check_int(epoch, "epoke", who, minimum=1)


def step_decay(lr: float, every: int = 10, factor: float = 0.5):
    r"""Trinnvis nedtrapping: :math:`\eta_\text{epoke} = \eta \cdot \text{factor}^{\lfloor(\text{epoke}-1)/\text{every}\rfloor}`.

    Læringsraten ganges med `factor` hver `every`-te epoke.

    >>> plan = step_decay(0.1, every=2, factor=0.5)
    >>> [plan(epoch) for epoch in range(1, 7)]
    [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]
    """
    who = "step_decay"
    check_positive(lr, "lr", who)
    every = check_int(every, "every", who, minimum=1)
    factor = check_number(factor, "factor", who, low=0, low_open=True, high=1,
                          hint=" — factor=0.5 halverer læringsraten ved hvert trinn.")
    lr = float(lr)

    def schedule(epoch: int) -> float:
        epoch = _check_epoch(epoch, who)
        return lr * factor ** ((epoch - 1) // every)

    return schedule


def warmup_cosine(lr: float, warmup: int = 2, epochs: int = 20):
    r"""Oppvarming og cosinusplan: først lineært opp, så en halv cosinus ned mot 0.

    .. math::
        \eta_\text{epoke} = \begin{cases}
            \eta \cdot \text{epoke}/\text{warmup} & \text{epoke} \le \text{warmup} \\
            \eta \cdot \tfrac12\bigl(1 + \cos(\pi\, \frac{\text{epoke} - \text{warmup}}
                                                      {\text{epochs} - \text{warmup} + 1})\bigr)
                & \text{ellers}
        \end{cases}

    Nevneren har + 1 slik at den siste epoken (epoke = epochs) får en liten, men positiv
    læringsrate: cosinusen ville nådd 0 i epoke epochs + 1.

    >>> plan = warmup_cosine(0.1, warmup=2, epochs=5)
    >>> [round(plan(epoch), 4) for epoch in range(1, 6)]
    [0.05, 0.1, 0.0854, 0.05, 0.0146]
    """
    who = "warmup_cosine"
    check_positive(lr, "lr", who)
    warmup = check_int(warmup, "warmup", who, minimum=0)
    epochs = check_int(epochs, "epochs", who, minimum=1)
    if epochs <= warmup:
        raise ValueError(f"{who} forventet epochs > warmup, men fikk epochs={epochs} og warmup={warmup} "
                         f"— oppvarmingen skal være en liten del av treningen, for eksempel warmup=2, epochs=20.")
    lr = float(lr)

    def schedule(epoch: int) -> float:
        epoch = _check_epoch(epoch, who)
        if epoch > epochs:
            raise ValueError(f"{who} forventet epoker fra 1 til {epochs} (planen ble laget med epochs={epochs}), "
                             f"men fikk epoke {epoch} — gi samme antall epoker til train og warmup_cosine.")
        if epoch <= warmup:
            return lr * epoch / warmup
        return lr * 0.5 * (1.0 + math.cos(math.pi * (epoch - warmup) / (epochs - warmup + 1)))

    return schedule


def lr_range_test(net, loss, x, y, *, lr_min: float = 1e-5, lr_max: float = 10, steps: int = 100,
                  batch_size: int = 32, seed=0):
    r"""Læringsratetest: ett SGD-steg per minibatch med læringsrater som vokser geometrisk.

    Steg i (0, 1, …, steps − 1) bruker :math:`\eta_i = \eta_\min (\eta_\max/\eta_\min)^{i/(\text{steps}-1)}`
    på en ny minibatch (stokket med `seed`) og tar ett steg med `net.update(η_i)`. Tapet i
    steg i måles på minibatchen før steget. Testen stopper tidlig (og returnerer det den har)
    når tapet blir NaN eller uendelig eller over 4 ganger det minste tapet så langt.

    Returnerer `(lrs, losses)`, to lister like lange. En god læringsrate ligger der tapet
    faller brattest, gjerne en tidel av der det begynner å stige.

    NB: `net` trenes (og ødelegges ofte av de store læringsratene på slutten). Lag et nytt
    nettverk før den virkelige treningen.

    >>> from mlfw import Net, Linear, MSELoss, data
    >>> x, y = data.regression_1d(64, seed=0)
    >>> lrs, losses = lr_range_test(Net(Linear(1, 1, rng=0)), MSELoss(), x, y, steps=50)
    >>> len(lrs) == len(losses) and lrs[0] == 1e-5 and len(lrs) < 50   # stoppet da tapet eksploderte
    True
    """
    from .train import _check_data, _check_models  # train importerer ikke denne modulen

    who = "lr_range_test"
    _check_models(net, loss, who)
    x, y = _check_data(x, y, who)
    check_positive(lr_min, "lr_min", who)
    check_positive(lr_max, "lr_max", who)
    if not lr_max > lr_min:
        raise ValueError(f"{who} forventet lr_max > lr_min, men fikk lr_min={lr_min} og lr_max={lr_max} "
                         f"— for eksempel lr_min=1e-5, lr_max=10.")
    steps = check_int(steps, "steps", who, minimum=2)
    check_positive(batch_size, "batch_size", who, integer=True)
    rng = check_seed(seed, who)
    if isinstance(loss, (CrossEntropyLoss, BCELoss)):
        y = check_labels(y, who)
    if callable(getattr(net, "set_training", None)):
        net.set_training(True)
    lrs_all = lr_min * (lr_max / lr_min) ** (np.arange(steps) / (steps - 1))  # geometrisk fra lr_min til lr_max
    lrs, losses = [], []
    order, start = rng.permutation(len(x)), 0
    with np.errstate(over="ignore", invalid="ignore"):
        for lr in lrs_all.tolist():
            if start >= len(x):  # en ny runde gjennom dataene
                order, start = rng.permutation(len(x)), 0
            idx = order[start:start + batch_size]
            start += batch_size
            xb, yb = x[idx], y[idx]
            y_hat = None
            try:
                y_hat = net.forward(xb)
                batch_loss = float(loss.forward(y_hat, yb))
            except FloatingPointError:  # uendelige vekter eller overflyt: divergert
                break
            except ValueError:  # NaN i prediksjonene (eller i et lag) etter et altfor stort steg
                if not losses or (y_hat is not None and np.isfinite(y_hat).all()):
                    raise  # en ekte feil i dataene, ikke divergens
                break
            if not np.isfinite(batch_loss):
                break
            lrs.append(lr)
            losses.append(batch_loss)
            if batch_loss > 4 * min(losses):
                break
            net.backward(loss.backward())
            net.update(lr)
    if callable(getattr(net, "set_training", None)):
        net.set_training(False)
    if not lrs:
        raise ValueError(f"{who} fikk ikke et eneste endelig tap (første tap var NaN eller uendelig) — "
                         f"sjekk dataene og nettverket, eller prøv mindre lr_min (nå {_show(lr_min)}).")
    return lrs, losses
