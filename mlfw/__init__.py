"""mlfw — «my little framework»: et lite nevralt-nettverk-rammeverk i NumPy.

Skrevet for læreboka «Nevrale nettverk fra bunnen av». Hvert lag følger samme
kontrakt: `forward(x)` → `out`, `backward(dout)` → `dx` (og fyller `grads`), `update(lr)`.

Kapittel 5: optimererne `SGD`, `Momentum` og `Adam` (`opt = Adam(net)`, `opt.step()`,
med `weight_decay=` for vektforfall), læringsrateplanene `step_decay` og `warmup_cosine`,
`lr_range_test`, og `Dropout` med trenings- og evalueringsmodus (`net.set_training`).
`train` tar `lr=` eller `optimizer=`, og `schedule=`.

`import mlfw` henter bare NumPy. Figurer (`mlfw.plot`) og utforskere
(`mlfw.widgets`) importerer matplotlib og ipywidgets først når du bruker dem.

dtype-regelen: mlfw regner i float32 eller float64, og beregningene følger dataene.
Et lag gir utdata, `dx` og tap i samme dtype som inndata (float32 inn gir float32
ut), også når vektene har en annen dtype. Vektene og gradientene beholder sin egen
dtype (float64 fra start; `net.astype(np.float32)` gjør dem om). Heltall og bool i
dataene blir float64. float16 avvises med en TypeError, fordi den har for få sifre
til trening. Klipping og epsilon før log følger dtype-en (`np.finfo`).
"""

from . import data
from .activations import ReLU, Sigmoid, Softmax, Tanh
from .descent import descent_path
from .gradcheck import gradcheck
from .layers import Linear
from .losses import BCELoss, CrossEntropyLoss, MAELoss, MSELoss, accuracy
from .module import Module
from .net import Net
from .optim import SGD, Adam, Momentum
from .regularization import Dropout
from .schedules import lr_range_test, step_decay, warmup_cosine
from .train import History, TrainingDiverged, train

__version__ = "0.1.0"

__all__ = [
    "Module", "Linear", "Tanh", "ReLU", "Sigmoid", "Softmax", "Net",
    "MSELoss", "MAELoss", "CrossEntropyLoss", "BCELoss", "accuracy",
    "train", "History", "TrainingDiverged", "gradcheck", "data", "descent_path",
    "SGD", "Momentum", "Adam", "Dropout", "step_decay", "warmup_cosine", "lr_range_test",
]
