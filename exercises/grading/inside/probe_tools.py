"""Hjelpere for prøvene (probes_*.py), som kjører i sandkassen.

En prøve kaller elevens funksjoner med inndata og samler svarene i en ordbok. Den
bestemmer ingenting selv: Svarene sendes ut av sandkassen og vurderes der (judges_*.py).
"""

import copy

import numpy as np


class Failed:
    """Kallet reiste et unntak. Lagres som tekst."""

    def __init__(self, err: BaseException) -> None:
        message = str(err)[:300]
        self.text = type(err).__name__ + (f": {message}" if message else "")


def call(out: dict, key: str, fn, *args, **kwargs):
    """out[key] = fn(*args, **kwargs), eller Failed hvis det går galt. Returnerer svaret."""
    try:
        value = fn(*args, **kwargs)
    except Exception as err:  # elevens kode kan reise hva som helst
        out[key] = Failed(err)
        return None
    out[key] = value
    return value


def copies(*arrays):
    """Kopier, så eleven ikke kan endre inndataene prøven sammenligner med etterpå."""
    return tuple(copy.deepcopy(a) for a in arrays)


def encode(out: dict) -> dict:
    """Gjør svarene om til tall-matriser og tekst som np.savez kan lagre uten pickle."""
    arrays = {}
    for key, value in out.items():
        if isinstance(value, Failed):
            arrays[f"{key}.feil"] = np.array(value.text)
            continue
        if isinstance(value, (str, bool)):
            arrays[f"{key}.tekst" if isinstance(value, str) else key] = np.array(value)
            continue
        try:
            arr = np.asarray(value)
            if arr.dtype == object or arr.dtype.kind not in "biuf":
                raise TypeError
            arrays[key] = np.array(arr)  # en vanlig ndarray, ikke en underklasse
            arrays[f"{key}.type"] = np.array(type(value).__name__)
        except Exception:
            arrays[f"{key}.type"] = np.array(type(value).__name__)
    return arrays
