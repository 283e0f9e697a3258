"""`import mlfw` skal være lett: ingen matplotlib, ipywidgets eller nettverk."""

import subprocess
import sys


def test_import_does_not_pull_heavy_modules():
    code = (
        "import sys, mlfw, numpy as np\n"
        "heavy = [m for m in ('matplotlib', 'ipywidgets', 'tqdm', 'pooch', 'urllib.request', 'requests') if m in sys.modules]\n"
        "print(heavy)\n"
        "print(np.geterr()['over'])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "warn"]


def test_public_contract_names():
    import mlfw

    for name in ["Linear", "Tanh", "ReLU", "Sigmoid", "Softmax", "Net", "MSELoss", "MAELoss",
                 "CrossEntropyLoss", "BCELoss", "accuracy", "train", "History", "gradcheck", "data"]:
        assert hasattr(mlfw, name), name
