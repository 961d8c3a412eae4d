"""Training runs thousands of tiny tensor ops: one intra-op thread is faster and far steadier on a busy
2-core machine (with two, each op waits for both threads to be scheduled), as the app runs
(rnnviz/ui/runtime.py). Restored afterwards so other test packages are unaffected."""
import pytest
import torch


@pytest.fixture(scope="package", autouse=True)
def single_torch_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
