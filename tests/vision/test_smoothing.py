import numpy as np

from app.vision.smoothing import OneEuroFilter


def test_first_sample_passes_through() -> None:
    f = OneEuroFilter()
    assert f(5.0, 0.0) == 5.0


def test_still_signal_with_noise_is_steadier() -> None:
    rng = np.random.default_rng(1)
    noisy = 100 + rng.normal(0, 1.0, 300)
    f = OneEuroFilter(min_cutoff=1.0, beta=0.02)
    out = np.array([f(x, i / 30) for i, x in enumerate(noisy)])
    raw_jitter = np.abs(np.diff(noisy[30:])).mean()
    smooth_jitter = np.abs(np.diff(out[30:])).mean()
    assert smooth_jitter < raw_jitter / 3
    assert abs(out[30:].mean() - 100) < 0.5


def test_fast_motion_has_little_lag() -> None:
    """A head moving 600 px/s: beta raises the cut-off so the anchor keeps up."""
    f = OneEuroFilter(min_cutoff=1.0, beta=0.05)
    slow = OneEuroFilter(min_cutoff=1.0, beta=0.0)
    for i in range(60):
        x = 20.0 * i
        y, z = f(x, i / 30), slow(x, i / 30)
    assert abs(y - x) < 10
    assert abs(z - x) > abs(y - x) * 3


def test_arrays_and_reset() -> None:
    f = OneEuroFilter()
    a = np.zeros((478, 2), np.float32)
    f(a, 0.0)
    out = f(a + 1, 1 / 30)
    assert out.shape == (478, 2) and 0 < float(out[0, 0]) < 1
    f.reset()
    assert float(f(a + 7, 2 / 30)[0, 0]) == 7.0


def test_repeated_timestamp_does_not_divide_by_zero() -> None:
    f = OneEuroFilter()
    f(1.0, 0.5)
    assert np.isfinite(f(2.0, 0.5))
