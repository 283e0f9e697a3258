r"""Optimerere: SGD, momentum og Adam som objekter med én liten kontrakt.

En optimerer lages fra et nettverk (alt som har ordbøkene `params` og `grads` med de
samme nøklene, for eksempel «0.W» og «0.b» i et `Net`) og oppdaterer parameterne
PÅ PLASS hver gang du kaller `step()`:

    opt = Adam(net, lr=0.001)
    for xb, yb in minibatcher:
        loss(net(xb), yb)
        net.backward(loss.backward())
        opt.step()          # ett steg fra gradientene backward nettopp fylte inn

`opt.lr` er et vanlig attributt, så en læringsrateplan kan endre det mellom epokene.
Tilstanden (farten v, momentene m og v) holdes per nøkkel og har parameterens dtype.

Notasjon som i boka: η = `lr` (læringsrate), β, β₁, β₂, ε, m, v, t (stegnummer, 1 i
første steg) og λ = `weight_decay` (vektforfall). Vektforfallet legges bare til
gradienten for vektmatriser (nøkler som slutter på «W», aldri «b»):
:math:`g \leftarrow g + \lambda p`, før optimererens egen regel.
"""

import math

import numpy as np

from ._checks import _show, check_fraction, check_number, check_positive


class Optimizer:
    """Felles grunnklasse: husker nettverket, η, λ og tilstanden per nøkkel.

    Underklasser skriver `_update(p, g, state)`, som endrer `p` på plass, og lister
    tilstanden sin i `_state_names` (for eksempel ("m", "v") i Adam).
    """

    _state_names: tuple = ()  # tilstand per parameter, starter på 0
    _hyper: tuple = ()  # hyperparametere som vises i repr

    def __init__(self, net, lr: float, weight_decay: float = 0.0) -> None:
        who = type(self).__name__
        if isinstance(net, type):
            raise TypeError(f"{who} forventet et nettverk for net, men fikk klassen {net.__name__} — "
                            f"lag nettverket først, for eksempel {who}(Net(Linear(2, 1)), lr=0.1).")
        params = getattr(net, "params", None)
        if not isinstance(params, dict) or not isinstance(getattr(net, "grads", None), dict):
            raise TypeError(f"{who} forventet et nettverk med ordbøkene params og grads (for eksempel "
                            f"Net(...)), men fikk {_show(net)} — gi nettverket, ikke net.params.")
        if not params:
            raise ValueError(f"{who} forventet et nettverk med parametere å trene, men {type(net).__name__} "
                             f"har ingen (params er tom) — har nettverket et Linear-lag?")
        for key, p in params.items():
            if not (isinstance(p, np.ndarray) and p.dtype in (np.float32, np.float64)):
                raise TypeError(f"{who} forventet parametere som NumPy-matriser i float32 eller float64, "
                                f"men «{key}» er {_show(p)}.")
        self.net = net
        check_positive(lr, "lr", who)
        self.lr = float(lr)  # η
        self.weight_decay = check_number(weight_decay, "weight_decay", who, low=0,
                                         hint=" — vanlige verdier er 0 (av), 1e-4 eller 1e-3.")  # λ
        self.t = 0  # antall steg tatt så langt
        self.state: dict[str, dict[str, np.ndarray]] = {}  # per nøkkel: tilstand og kladd

    def step(self) -> None:
        """Ett oppdateringssteg for alle parametere, fra gradientene i `net.grads` nå."""
        who = f"{type(self).__name__}.step"
        check_positive(self.lr, "lr", who)
        self.lr = float(self.lr)  # et vanlig Python-tall: np.float64 ville gjort float32-regningen treg
        params, grads = self.net.params, self.net.grads  # leses på nytt: backward lager nye tabeller
        for key, p in params.items():  # først alle kontrollene, så ingen parameter endres halvveis
            g = grads.get(key)
            if g is None:
                raise RuntimeError(f"{who} fant ingen gradient for «{key}» — kjør forward og backward "
                                   f"før step(), så net.grads er fylt inn.")
            if not isinstance(g, np.ndarray):
                raise TypeError(f"{who} forventet gradienten for «{key}» som en NumPy-matrise, men fikk "
                                f"{_show(g)} — backward skal fylle grads med matriser.")
            if g.shape != p.shape:
                raise ValueError(f"{who} forventet gradienten for «{key}» med samme form som parameteren, "
                                 f"{p.shape}, men fikk {g.shape}.")
            flat = g.reshape(-1)
            if not math.isfinite(flat @ flat):  # ‖g‖²: NaN eller ±inf et sted gir NaN eller inf
                raise FloatingPointError(
                    f"{who} fant NaN eller uendelige (eller enormt store) verdier i gradienten for «{key}» "
                    f"— treningen har divergert. Prøv lavere læringsrate (nå lr={self.lr}).")
        self.t += 1
        self._begin_step()
        decay = self.weight_decay
        for key, p in params.items():
            state = self.state.get(key)
            if state is None or state["buf"].shape != p.shape or state["buf"].dtype != p.dtype:
                state = self.state[key] = self._new_state(key, p, state)
            g = grads[key]
            if decay and key.rpartition(".")[2] == "W":  # vektforfall bare på vektmatriser
                if "g" not in state:
                    state["g"] = np.empty_like(p)
                g = np.multiply(p, decay, out=state["g"])  # λ·p   (samme form som p)
                g += grads[key]  # g ← g + λ·p
            self._update(p, g, state)

    def _new_state(self, key: str, p: np.ndarray, old) -> dict:
        """Tilstand for én parameter: nuller i parameterens dtype (og form)."""
        if old is not None and old["buf"].shape != p.shape:
            raise ValueError(f"{type(self).__name__}.step: parameteren «{key}» har byttet form fra "
                             f"{old['buf'].shape} til {p.shape} — lag en ny optimerer for det nye nettverket.")
        if old is not None:  # samme form, ny dtype (etter net.astype): behold tilstanden i ny dtype
            return {name: a.astype(p.dtype) for name, a in old.items()}
        state = {name: np.zeros_like(p) for name in self._state_names}
        state["buf"] = np.empty_like(p)  # kladd, så et steg ikke lager nye tabeller
        return state

    def _begin_step(self) -> None:
        """Tall som er like for alle parametere i dette steget (Adam: skjevhetskorrigeringen)."""

    def _update(self, p: np.ndarray, g: np.ndarray, state: dict) -> None:
        raise NotImplementedError(f"{type(self).__name__}._update er ikke skrevet.")

    def __repr__(self) -> str:
        extra = "".join(f", {k}={getattr(self, k)}" for k in self._hyper)
        return f"{type(self).__name__}(lr={self.lr}{extra}, weight_decay={self.weight_decay})"


class SGD(Optimizer):
    r"""Vanlig gradientnedstigning: :math:`p \leftarrow p - \eta\, g`.

    Det samme som `net.update(lr)`, men som objekt (og med vektforfall om du vil).

    >>> import numpy as np
    >>> from mlfw import Net, Linear
    >>> net = Net(Linear(1, 1, rng=0))
    >>> net.layers[0].params["W"][:] = 1.0
    >>> net.layers[0].grads = {"W": np.array([[0.5]]), "b": np.array([2.0])}
    >>> opt = SGD(net, lr=0.1)
    >>> opt.step()
    >>> net.params["0.W"], net.params["0.b"]       # 1 − 0.1·0.5 og 0 − 0.1·2
    (array([[0.95]]), array([-0.2]))
    """

    def __init__(self, net, lr: float = 0.1, weight_decay: float = 0.0) -> None:
        super().__init__(net, lr, weight_decay)

    def _update(self, p, g, state):
        step = np.multiply(g, self.lr, out=state["buf"])  # η·g
        p -= step  # p ← p − η·g


class Momentum(Optimizer):
    r"""Gradientnedstigning med momentum (fart):

    .. math:: v \leftarrow \beta v + g, \qquad p \leftarrow p - \eta\, v

    `v` starter på 0 og husker en sum av tidligere gradienter som blekner med faktoren
    β per steg. Med β = 0 er det vanlig SGD; med β = 0.9 blir et jevnt steg omtrent
    1/(1 − β) = 10 ganger så langt.

    >>> import numpy as np
    >>> from mlfw import Net, Linear
    >>> net = Net(Linear(1, 1, rng=0))
    >>> net.layers[0].params["W"][:] = 0.0
    >>> opt = Momentum(net, lr=0.1, beta=0.9)
    >>> for _ in range(2):  # samme gradient 1 to ganger: v = 1, så v = 0.9·1 + 1 = 1.9
    ...     net.layers[0].grads = {"W": np.array([[1.0]]), "b": np.array([0.0])}
    ...     opt.step()
    >>> net.params["0.W"].round(6)                 # −0.1·1 − 0.1·1.9
    array([[-0.29]])
    """

    _state_names = ("v",)
    _hyper = ("beta",)

    def __init__(self, net, lr: float = 0.1, beta: float = 0.9, weight_decay: float = 0.0) -> None:
        super().__init__(net, lr, weight_decay)
        self.beta = check_fraction(beta, "beta", "Momentum", " — vanlig er beta=0.9.")  # β

    def _update(self, p, g, state):
        v = state["v"]  # farten, samme form som p
        v *= self.beta
        v += g  # v ← β·v + g
        step = np.multiply(v, self.lr, out=state["buf"])  # η·v
        p -= step  # p ← p − η·v


class Adam(Optimizer):
    r"""Adam: momentum på gradienten og en egen skala for hver parameter.

    .. math::
        m &\leftarrow \beta_1 m + (1-\beta_1)\, g, \qquad
        v \leftarrow \beta_2 v + (1-\beta_2)\, g^2 \\
        \hat m &= \frac{m}{1-\beta_1^t}, \qquad \hat v = \frac{v}{1-\beta_2^t}, \qquad
        p \leftarrow p - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon}

    m og v starter på 0, så de første stegene ville vært for korte. Skjevhetskorrigeringen
    (delingen med 1 − β^t) retter det opp: i første steg er m̂ = g og v̂ = g², så steget
    blir η·g/(|g| + ε) ≈ η·fortegnet til g, uansett hvor stor gradienten er.

    >>> import numpy as np
    >>> from mlfw import Net, Linear
    >>> net = Net(Linear(1, 1, rng=0))
    >>> net.layers[0].params["W"][:] = 1.0
    >>> net.layers[0].grads = {"W": np.array([[250.0]]), "b": np.array([-0.003])}
    >>> opt = Adam(net, lr=0.01)
    >>> opt.step()
    >>> net.params["0.W"].round(6), net.params["0.b"].round(6)   # begge flyttes η = 0.01
    (array([[0.99]]), array([0.01]))
    """

    _state_names = ("m", "v")
    _hyper = ("beta1", "beta2", "eps")

    def __init__(self, net, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8, weight_decay: float = 0.0) -> None:
        super().__init__(net, lr, weight_decay)
        self.beta1 = check_fraction(beta1, "beta1", "Adam", " — vanlig er beta1=0.9.")  # β₁
        self.beta2 = check_fraction(beta2, "beta2", "Adam", " — vanlig er beta2=0.999.")  # β₂
        self.eps = check_number(eps, "eps", "Adam", low=0, low_open=True,
                                hint=" — vanlig er eps=1e-8; den hindrer deling med 0.")  # ε

    def _begin_step(self):
        # Skjevhetskorrigeringen, regnet én gang per steg. Med c1 = 1 − β₁^t og c2 = 1 − β₂^t er
        #   η·m̂/(√v̂ + ε) = η·(m/c1)/(√v/√c2 + ε) = (η·√c2/c1) · m/(√v + ε·√c2),
        # så hver parameter trenger bare √v, én addisjon, én deling og én skalering.
        c1 = 1.0 - self.beta1 ** self.t
        sqrt_c2 = math.sqrt(1.0 - self.beta2 ** self.t)
        self._step_size = self.lr * sqrt_c2 / c1  # η·√c2/c1
        self._eps_hat = self.eps * sqrt_c2  # ε·√c2

    def _update(self, p, g, state):
        m, v, buf = state["m"], state["v"], state["buf"]  # alle med samme form som p
        np.subtract(g, m, out=buf)
        buf *= 1.0 - self.beta1
        m += buf  # m ← m + (1 − β₁)·(g − m) = β₁·m + (1 − β₁)·g
        np.multiply(g, g, out=buf)
        buf -= v
        buf *= 1.0 - self.beta2
        v += buf  # v ← v + (1 − β₂)·(g² − v) = β₂·v + (1 − β₂)·g²
        denom = np.sqrt(v, out=buf)
        denom += self._eps_hat  # (√v̂ + ε)·√c2
        step = np.divide(m, denom, out=buf)
        step *= self._step_size  # η·m̂/(√v̂ + ε)
        p -= step
