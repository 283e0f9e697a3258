"""Kjører elevens notebook i sandkassen, bare for tilbakemeldingen (ikke for poengene).

Bruk: python kernel_run.py inn.ipynb ut.ipynb SEKUNDER_PER_CELLE

Utdataene begrenses mens de kommer (tekst per celle og bilder per celle), så en løkke som
skriver ut 50 MB ikke kan fylle tilbakemeldingen. Stopper en celle på tidsgrensen, eller
dør kjernen (for eksempel av os._exit), stopper kjøringen der, og cellene under får en
norsk merknad. Poengene kommer fra kontrollene i runner.py, så dette koster ingen poeng.
"""

import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

MAX_TEXT = 20_000  # tegn tekst per celle
MAX_IMAGES = 8  # bilder per celle


def note(text: str):
    return nbformat.v4.new_output("stream", name="stdout", text=text)


class LimitedClient(NotebookClient):
    def output(self, outs, msg, display_id, cell_index):
        out = super().output(outs, msg, display_id, cell_index)
        if out is None:
            return None
        text = sum(len(o.get("text", "")) for o in outs if o.output_type == "stream")
        text += sum(len(str(o.get("data", {}).get("text/plain", ""))) for o in outs
                    if o.output_type != "stream")
        images = sum(1 for o in outs if o.output_type in ("display_data", "execute_result")
                     and any(k.startswith("image/") for k in o.get("data", {})))
        if text > MAX_TEXT or images > MAX_IMAGES:
            outs.remove(out)
            if not outs or outs[-1].get("name") != "stdout" or "[Utskriften" not in outs[-1].text:
                outs.append(note(f"\n[Utskriften er kortet ned: mer enn {MAX_TEXT} tegn eller "
                                 f"{MAX_IMAGES} bilder i én celle.]\n"))
            return None
        if out.output_type == "stream" and len(out.text) > MAX_TEXT:
            out.text = out.text[:MAX_TEXT] + "\n[… kortet ned]\n"
        return out


def main(source: str, target: str, timeout: float) -> None:
    nb = nbformat.read(source, as_version=4)
    client = LimitedClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                           record_timing=False, shutdown_kernel="immediate",
                           resources={"metadata": {"path": "."}})
    stopped = None
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            if stopped:
                cell.outputs = [note(f"[Ikke kjørt i tilbakemeldingen: {stopped}]\n")]
                continue
            try:
                client.execute_cell(cell, index)
            except CellTimeoutError:
                cell.outputs.append(note(f"\n[Cellen brukte mer enn {timeout:.0f} sekunder og "
                                         f"ble stoppet.]\n"))
                stopped = "en celle over brukte for lang tid"
            except DeadKernelError:
                cell.outputs.append(note("\n[Python-kjernen stoppet i denne cellen (for eksempel "
                                         "av os._exit eller for mye minne).]\n"))
                stopped = "Python-kjernen stoppet i en celle over"
    nbformat.write(nb, target)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
