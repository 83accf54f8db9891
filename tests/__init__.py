"""The tests. Importing this package (pytest does, before any conftest) gives every process of the run
one thread for torch, OpenMP and BLAS, and every command and server the tests start inherits it:
`make test` runs as many pytest processes as the machine has cores, each beside its servers, and
a thread pool that spins while it waits costs a busy core twice the CPU (tests/unit beside one busy
process: 50 CPU-s and 46 s with two threads each, 21 CPU-s and 25 s with one)."""

import os

for _name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
