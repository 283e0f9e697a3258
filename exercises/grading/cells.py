"""Fra innlevert notebook til det rettingen bruker: malens celler og elevens kode.

Eleven kan ha endret alt i fila: metadata (grade_id, solution/grade), rekkefølgen,
slettet eller lagt til celler. `repair` bygger derfor notebooken på nytt ut fra
elevversjonen (malen): Celler med en kjent grade_id får malens metadata, låste celler og
testceller får malens kilde, celler som mangler settes inn igjen, og alt annet eleven har
skrevet blir vanlige kodeceller uten nbgrader-metadata. Slik krasjer aldri nbgrader på
sjekksummer, og ingen celle koster en annen celle poeng.
"""

import copy

import nbformat

MISSING_SOLUTION = "# (Denne cellen manglet i besvarelsen.)\n"


def _grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def is_student_cell(template_cell) -> bool:
    meta = template_cell.metadata.get("nbgrader", {})
    return bool(meta.get("solution"))


def repair(submitted, template):
    """En ny notebook med malens struktur og elevens svar. Endrer ikke argumentene."""
    by_id = {_grade_id(c): c for c in template.cells if _grade_id(c)}
    order = [_grade_id(c) for c in template.cells]
    used, cells = set(), []
    for cell in submitted.cells:
        gid = _grade_id(cell)
        if gid in by_id and gid not in used:
            used.add(gid)
            model = copy.deepcopy(by_id[gid])
            if is_student_cell(model):
                model.source = cell.get("source", "")
                if model.cell_type == "code":
                    model.outputs, model.execution_count = [], None
            cells.append(model)
        elif cell.get("cell_type") == "code" or cell.get("cell_type") == "markdown":
            extra = (nbformat.v4.new_code_cell(cell.get("source", ""))
                     if cell.get("cell_type") == "code"
                     else nbformat.v4.new_markdown_cell(cell.get("source", "")))
            cells.append(extra)  # elevens egen celle, uten nbgrader-metadata
    # Sett inn malens celler som mangler, rett etter den forrige cellen fra malen.
    for i, gid in enumerate(order):
        if gid is None or gid in used:
            continue
        model = copy.deepcopy(by_id[gid])
        if is_student_cell(model):
            model.source = MISSING_SOLUTION if model.cell_type == "code" else ""
        previous = next((order[j] for j in range(i - 1, -1, -1) if order[j] in used), None)
        at = 0 if previous is None else 1 + next(k for k, c in enumerate(cells)
                                                   if _grade_id(c) == previous)
        cells.insert(at, model)
        used.add(gid)
    return nbformat.v4.new_notebook(metadata=copy.deepcopy(template.metadata), cells=cells)


def student_code(nb) -> list:
    """(indeks, kilde) for alle kodeceller eleven har skrevet: svarceller og egne celler."""
    out = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") or not meta:
            out.append((index, cell.source))
    return out


def given_code(nb) -> list:
    """Kilden i malens låste kodeceller som ikke er tester: oppsett og gitte funksjoner."""
    return [c.source for c in nb.cells if c.cell_type == "code"
            and c.metadata.get("nbgrader", {}).get("locked")
            and not c.metadata.get("nbgrader", {}).get("grade")]
