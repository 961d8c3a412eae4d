"""The core's tests run many tiny tensor ops: one intra-op thread is faster (no thread wake-ups) and makes
timings steadier on a busy 2-core machine. Restored afterwards so other test packages are unaffected."""
import pytest
import torch


@pytest.fixture(scope="package", autouse=True)
def single_torch_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
