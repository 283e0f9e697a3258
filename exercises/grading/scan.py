"""Leter etter triks i elevens kode før den kjøres: en statisk gjennomgang av syntakstreet.

Rettingen er bygget slik at triksene ikke virker (testene kjøres utenfor elevens prosess,
se judge.py). Denne gjennomgangen finner dem likevel, så læreren får vite det: hvert funn
blir en `Flag` med celle, hva som ble sett og hvilke oppgaver det gjelder. Reglene er
valgt så vanlig kode for oppgavene aldri treffer (testet på alle løsningene og de ærlige
variantene i tests/test_grading_*.py).
"""

import ast
from dataclasses import dataclass

from IPython.core.inputtransformer2 import TransformerManager

MLFW_MODULES = {"layers", "activations", "losses", "net", "train", "module", "optim", "schedules",
                "regularization"}  # modulene i mlfw der klassene elevene skriver selv, bor
ALL = "*"  # gjelder alle automatisk rettede oppgaver

IPYTHON_HOOKS = {"events", "input_transformers_cleanup", "input_transformers_post",
                 "ast_transformers", "register_magic_function", "set_custom_exc", "run_cell",
                 "user_ns", "user_global_ns", "displayhook", "display_pub", "showtraceback",
                 "pre_run_cell", "post_run_cell"}
HARMLESS_MAGICS = {"matplotlib", "time", "timeit", "precision", "config", "pprint"}
DYNAMIC = {"exec", "eval", "compile", "__import__", "globals", "vars", "locals", "breakpoint"}
DUNDER = {"__dict__", "__builtins__", "__code__", "__globals__", "__subclasses__",
          "__closure__", "__defaults__", "__kwdefaults__", "f_back", "f_globals", "f_locals",
          "__mro__", "__bases__", "tb_frame", "gi_frame"}
FORBIDDEN_MODULES = {
    "subprocess": "starter andre prosesser", "multiprocessing": "starter andre prosesser",
    "pty": "starter andre prosesser", "threading": "starter tråder som lever videre",
    "ctypes": "endrer minnet direkte", "gc": "leter i minnet etter andre objekter",
    "inspect": "leser kallstakken", "importlib": "importerer dynamisk",
    "builtins": "endrer Pythons innebygde funksjoner", "signal": "endrer signalbehandlingen",
    "socket": "bruker nettverket", "urllib": "bruker nettverket", "requests": "bruker nettverket",
    "http": "bruker nettverket", "atexit": "endrer hva som skjer når prosessen slutter",
    "IPython": "endrer IPython", "ipykernel": "endrer IPython", "nbgrader": "bruker nbgrader",
    "torch": "bruker et ferdig rammeverk", "tensorflow": "bruker et ferdig rammeverk",
    "keras": "bruker et ferdig rammeverk", "jax": "bruker et ferdig rammeverk",
    "sklearn": "bruker et ferdig rammeverk", "scipy": "bruker et ferdig bibliotek",
    "mlxtend": "laster data direkte", "grading": "bruker rettingens egne filer",
    "retting": "bruker rettingens egne filer",
}
OS_CALLS = {"system", "popen", "fork", "forkpty", "kill", "killpg", "execv", "execve", "execvp",
            "execl", "execlp", "spawnv", "spawnl", "posix_spawn", "posix_spawnp", "chdir",
            "walk", "listdir", "scandir", "setsid", "setpgid", "startfile"}
# sys.stdout.flush(), sys.exit() og lignende er ærlig bruk; dette er det som kan endre annen kode.
SYS_CALLS = {"_getframe", "settrace", "setprofile", "modules", "addaudithook", "meta_path",
             "path_hooks", "excepthook", "displayhook"}
FS_FUNCS = {"open", "Path", "listdir", "scandir", "walk", "glob", "iglob", "load", "save",
            "loadtxt", "savetxt", "genfromtxt", "fromfile", "read_text", "copy", "copyfile",
            "rmtree", "move", "remove", "unlink", "rename", "read", "savez"}
SUSPICIOUS_TEXT = ("gradebook", "source/", "/source", "submitted", "autograded", "nbgrader",
                   "release/", "feedback/", ".ipynb", "/etc/", "/proc/", "/work", "/root", "/home")
ALLOWED_MODULES = {"IPython.display"}  # display() og Markdown() er vanlig, ærlig bruk
DATA_LOADERS = {"load_mnist", "_read_subset", "_reserved_split", "loadtxt", "load", "open",
                "fromfile", "genfromtxt", "mnist_data"}


@dataclass(frozen=True)
class Flag:
    cell: int  # indeks i den reparerte notebooken
    line: int
    what: str  # på norsk, til lærerrapporten
    scope: frozenset  # navn (funksjoner, klasser) det gjelder, eller {ALL}


def parse_cell(source: str):
    """Syntakstreet for en celle, med IPython-magi gjort om til vanlig Python. None ved syntaksfeil."""
    try:
        return ast.parse(TransformerManager().transform_cell(source))
    except (SyntaxError, ValueError):
        return None


class _Scanner(ast.NodeVisitor):
    def __init__(self, cell, modules, protected, forbidden):
        self.cell, self.modules, self.protected, self.forbidden = cell, modules, protected, forbidden
        self.flags, self.function = [], None
        self.mlfw_aliases = {"mlfw"}  # navn som peker på mlfw eller en av modulene i mlfw

    def flag(self, node, what, scope=(ALL,)):
        self.flags.append(Flag(self.cell, getattr(node, "lineno", 0), what, frozenset(scope)))

    # --- importer ---------------------------------------------------------------------
    def visit_Import(self, node):
        for alias in node.names:
            self._module(node, alias.name)
            self.modules.add((alias.asname or alias.name).split(".")[0])
            if alias.asname and alias.name.split(".")[0] == "mlfw":  # import mlfw.optim as o
                self.mlfw_aliases.add(alias.asname)
            self._bind(node, alias.asname or alias.name.split(".")[0])

    def visit_ImportFrom(self, node):
        module = node.module or ""
        self._module(node, module)
        for alias in node.names:
            if module.split(".")[0] == "mlfw" and alias.name in MLFW_MODULES:  # from mlfw import optim
                self.mlfw_aliases.add(alias.asname or alias.name)
            if module.split(".")[0] == "mlfw" and alias.name in self.forbidden:
                self.flag(node, f"importerer {alias.name} fra mlfw, men {alias.name} skal du "
                                f"skrive selv", self.forbidden[alias.name])
            if alias.name == "*" and module.split(".")[0] == "mlfw":
                self.flag(node, "importerer alt fra mlfw (også det du skal skrive selv)",
                          [t for names in self.forbidden.values() for t in names] or [ALL])
            self._bind(node, alias.asname or alias.name)

    def _module(self, node, name):
        top = name.split(".")[0]
        if name in ALLOWED_MODULES:
            return
        if top in FORBIDDEN_MODULES:
            self.flag(node, f"importerer {name}: {FORBIDDEN_MODULES[top]}")
        if top.startswith(("probe", "runner", "kernel_run", "judge")):
            self.flag(node, f"importerer {name}: bruker rettingens egne filer")
        if top == "os" and name != "os":
            self.flag(node, f"importerer {name}")

    # --- navn og tilordninger ---------------------------------------------------------
    def _bind(self, node, name):
        if name in self.protected:
            self.flag(node, f"definerer det gitte navnet «{name}» på nytt", self.protected[name])

    def _target(self, node, target):
        if isinstance(target, ast.Name):
            self._bind(node, target.id)
        elif isinstance(target, (ast.Attribute, ast.Subscript)):
            base = target
            while isinstance(base, (ast.Attribute, ast.Subscript)):
                base = base.value
            if isinstance(base, ast.Name) and (base.id in self.modules or base.id in DYNAMIC
                                               or base.id == "__builtins__"):
                self.flag(node, f"endrer {ast.unparse(target)} i et bibliotek")
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._target(node, element)
        elif isinstance(target, ast.Starred):
            self._target(node, target.value)

    def visit_Assign(self, node):
        for target in node.targets:
            self._target(node, target)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self._target(node, node.target)
        self.generic_visit(node)

    def visit_AnnAssign(self, node):
        self._target(node, node.target)
        self.generic_visit(node)

    def visit_Delete(self, node):
        for target in node.targets:
            self._target(node, target)

    def visit_Global(self, node):
        for name in node.names:
            self._bind(node, name)

    def visit_FunctionDef(self, node):
        # En egen `def` med samme navn som en gitt hjelpefunksjon (for eksempel numeric_grad
        # limt inn fra en tidligere oppgave) er ærlig og flagges ikke: Kontrollene setter
        # de gitte navnene tilbake uansett. Å binde om et gitt navn med `=` flagges.
        outer, self.function = self.function, node.name
        self.generic_visit(node)
        self.function = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self._bind(node, node.name)
        for base in node.bases:
            text = ast.unparse(base)
            name = text.split(".")[-1]
            if text.startswith("mlfw.") and name in self.forbidden:
                self.flag(node, f"{node.name} arver fra {text}, som er mlfws ferdige versjon",
                          self.forbidden[name])
        self.generic_visit(node)

    # --- uttrykk ----------------------------------------------------------------------
    def visit_Name(self, node):
        if node.id in DYNAMIC or node.id == "__builtins__":
            self.flag(node, f"bruker {node.id}, som kan endre eller lese annen kode")
        if node.id == "get_ipython":
            self.flag(node, "bruker get_ipython() (IPython)")
        if self.function and node.id in DATA_LOADERS:
            self.flag(node, f"laster data ({node.id}) inne i funksjonen {self.function}",
                      [self.function])

    def visit_Attribute(self, node):
        base = node.value.id if isinstance(node.value, ast.Name) else None
        if node.attr in DUNDER:
            self.flag(node, f"bruker {node.attr}, som kan endre eller lese annen kode")
        elif node.attr in IPYTHON_HOOKS and base not in {"np", "numpy", "self"}:
            self.flag(node, f"bruker IPython-kroken «{node.attr}»")
        elif node.attr in {"parent", "parents"}:
            self.flag(node, "går oppover i mappetreet (.parent)")
        elif base == "os" and node.attr in OS_CALLS:
            self.flag(node, f"bruker os.{node.attr}")
        elif base == "sys" and node.attr in SYS_CALLS:
            self.flag(node, f"bruker sys.{node.attr}")
        elif base in self.mlfw_aliases or (base in MLFW_MODULES and "mlfw" in self.modules):
            if node.attr in self.forbidden:
                self.flag(node, f"bruker mlfw.{node.attr}, men {node.attr} skal du skrive selv",
                          self.forbidden[node.attr])
        if self.function and node.attr in DATA_LOADERS and base in {"np", "numpy", "mlfw", "data"}:
            self.flag(node, f"laster data ({base}.{node.attr}) inne i funksjonen {self.function}",
                      [self.function])
        self.generic_visit(node)

    def visit_Call(self, node):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        shell = node.func.value if isinstance(node.func, ast.Attribute) else None
        if isinstance(shell, ast.Call) and getattr(shell.func, "id", "") == "get_ipython":
            # %magi og !kommandoer, slik IPython skriver dem om
            magic = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None
            if name in {"run_line_magic", "run_cell_magic"} and magic in HARMLESS_MAGICS:
                pass
            elif name in {"system", "getoutput"}:
                self.flag(node, "kjører en skallkommando (!)")
            else:
                self.flag(node, f"bruker get_ipython().{name}")
            for arg in node.args[1:]:
                self.visit(arg)
            return
        if name in {"setattr", "delattr"} and node.args:
            target = node.args[0]
            if isinstance(target, ast.Name) and target.id in self.modules:
                self.flag(node, f"endrer {target.id} med {name}")
        if name in FS_FUNCS:
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and \
                        (".." in arg.value or arg.value.startswith(("/", "~"))):
                    self.flag(node, f"åpner en fil utenfor sin egen mappe ({arg.value[:60]!r})")
        self.generic_visit(node)

    def visit_Constant(self, node):
        if isinstance(node.value, str) and any(s in node.value for s in SUSPICIOUS_TEXT):
            self.flag(node, f"teksten {node.value[:60]!r} peker på lærerens eller andres filer")


def scan(cells, *, protected: dict, forbidden: dict, max_cell_bytes: int = 100_000) -> list:
    """Funnene i elevens celler. `cells` er (indeks, kilde) i rekkefølge.

    `protected` er de gitte navnene (navn → oppgavene som bruker det), `forbidden` navnene
    i mlfw eleven skal skrive selv (navn → oppgavene).
    """
    flags, modules = [], {"np", "numpy", "math", "mlfw", "sys", "os", "builtins", "random"}
    for index, source in cells:
        if len(source.encode("utf-8", "replace")) > max_cell_bytes:
            flags.append(Flag(index, 0, f"cellen er {len(source) // 1000} kB: innebygde data "
                                        f"eller vekter?", frozenset([ALL])))
            continue
        tree = parse_cell(source)
        if tree is None:
            continue  # syntaksfeil: koden kjører ikke, og testene feiler av seg selv
        scanner = _Scanner(index, modules, protected, forbidden)
        scanner.visit(tree)
        flags.extend(scanner.flags)
    return list(dict.fromkeys(flags))
