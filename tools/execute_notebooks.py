"""Kjør kapittel-notebooks på nytt og lagre dem med deterministiske utdata.

Bruk: python -m tools.execute_notebooks chapters/01-tapfunksjoner.ipynb [...]

Hver notebook kjøres med nbclient i sin egen mappe, med widget-tilstanden lagret
(så nettstedet kan vise utforskerne uten kjerne) og uten tidsstempler
(`record_timing=False`).
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

TIMEOUT_PER_CELL = 600


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=TIMEOUT_PER_CELL,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=True,
    )
    client.execute()
    nb.metadata.get("kernelspec", {}).update({"name": "python3", "display_name": "Python 3 (ipykernel)"})
    nbformat.write(nb, path)


def main(paths: list[str]) -> int:
    if not paths:
        print("Bruk: python -m tools.execute_notebooks NOTEBOOK.ipynb [...]", file=sys.stderr)
        return 2
    for name in paths:
        print(f"Kjører {name} …", flush=True)
        execute(Path(name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
