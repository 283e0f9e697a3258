"""mlfw — «my little framework»: et lite nevralt-nettverk-rammeverk i NumPy.

Skrevet for læreboka «Nevrale nettverk fra bunnen av». Hvert lag følger samme
kontrakt: `forward(x)` → `y`, `backward(dy)` → `dx` (og fyller `grads`), `update(lr)`.

`import mlfw` henter bare NumPy. Figurer (`mlfw.plot`) og utforskere
(`mlfw.widgets`) importerer matplotlib og ipywidgets først når du bruker dem.
"""

from . import data
from .activations import ReLU, Sigmoid, Softmax, Tanh
from .descent import descent_path
from .gradcheck import gradcheck
from .layers import Linear
from .losses import BCELoss, CrossEntropyLoss, MAELoss, MSELoss, accuracy
from .module import Module
from .net import Net
from .train import History, TrainingDiverged, train

__version__ = "0.1.0"

__all__ = [
    "Module", "Linear", "Tanh", "ReLU", "Sigmoid", "Softmax", "Net",
    "MSELoss", "MAELoss", "CrossEntropyLoss", "BCELoss", "accuracy",
    "train", "History", "TrainingDiverged", "gradcheck", "data", "descent_path",
]
