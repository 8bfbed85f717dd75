"""Our deep-learning challenge solutions agree with PyTorch (float64, CPU).

Each `content/challenges/<id>/solution.py` is loaded as a module and compared with the library
operation it re-implements: forward values, and gradients through autograd where the challenge
has a backward pass.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from support import load_solution as load

torch = pytest.importorskip("torch")
F = torch.nn.functional


def T(a, grad: bool = False):
    return torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=grad)


def close(got, expected, rtol=1e-7, atol=1e-9):
    if isinstance(expected, torch.Tensor):
        expected = expected.detach().numpy()
    np.testing.assert_allclose(np.asarray(got, dtype=float), expected, rtol=rtol, atol=atol)


@pytest.fixture
def rng():
    return np.random.default_rng(20240611)


# --- neural-network -------------------------------------------------------------------------


@pytest.mark.parametrize("layers", [[4, 6, 3], [3, 5, 4, 2], [5, 4]])
def test_neural_network_step_matches_autograd(rng, layers):
    mod = load("neural-network")
    weights = [rng.normal(size=(a, b)) * np.sqrt(2 / a) for a, b in itertools.pairwise(layers)]
    biases = [rng.normal(scale=0.1, size=b) for b in layers[1:]]
    X = rng.normal(size=(9, layers[0]))
    y = rng.integers(0, layers[-1], size=9)

    tw = [T(W, grad=True) for W in weights]
    tb = [T(b, grad=True) for b in biases]
    a = T(X)
    for i, (W, b) in enumerate(zip(tw, tb, strict=True)):
        a = a @ W + b
        if i < len(tw) - 1:
            a = torch.relu(a)
    loss = F.cross_entropy(a, torch.tensor(y))
    loss.backward()

    net = mod.NeuralNetwork(layers)
    net.weights = [W.copy() for W in weights]
    net.biases = [b.copy() for b in biases]
    close(net.forward(X), torch.softmax(a, dim=1))
    returned = net.backward(X, y, learning_rate=0.1)
    close(returned, loss)
    for i in range(len(weights)):
        close((weights[i] - net.weights[i]) / 0.1, tw[i].grad, atol=1e-8)
        close((biases[i] - net.biases[i]) / 0.1, tb[i].grad, atol=1e-8)


def test_neural_network_init_shapes():
    net = load("neural-network").NeuralNetwork([3, 7, 2])
    assert [W.shape for W in net.weights] == [(3, 7), (7, 2)]
    assert [b.shape for b in net.biases] == [(7,), (2,)]
    assert all(np.any(W != 0) for W in net.weights)


# --- batch-normalization --------------------------------------------------------------------


def test_batch_norm_matches_batchnorm1d(rng):
    mod = load("batch-normalization")
    n, d, momentum = 8, 4, 0.1
    gamma, beta = rng.uniform(0.5, 2, size=d), rng.normal(size=d)
    ours = mod.BatchNormalization(d, eps=1e-5, momentum=momentum)
    ours.gamma, ours.beta = gamma.copy(), beta.copy()
    ref = torch.nn.BatchNorm1d(d, eps=1e-5, momentum=momentum).double()
    with torch.no_grad():
        ref.weight.copy_(T(gamma))
        ref.bias.copy_(T(beta))

    expected_var = np.ones(d)
    for _ in range(3):
        x = rng.normal(loc=2.0, scale=3.0, size=(n, d))
        dout = rng.normal(size=(n, d))
        tx = T(x, grad=True)
        ref.zero_grad()
        out_t = ref(tx)
        (out_t * T(dout)).sum().backward()
        close(ours.forward(x, training=True), out_t)
        dx, dgamma, dbeta = ours.backward(dout)
        close(dx, tx.grad)
        close(dgamma, ref.weight.grad)
        close(dbeta, ref.bias.grad)
        close(ours.running_mean, ref.running_mean)
        # our documented convention: the biased batch variance goes into running_var
        # (PyTorch uses the unbiased one there)
        expected_var = (1 - momentum) * expected_var + momentum * x.var(axis=0)
        close(ours.running_var, expected_var)

    x = rng.normal(size=(5, d))
    with torch.no_grad():
        ref.running_var.copy_(T(ours.running_var))
    ref.eval()
    close(ours.forward(x, training=False), ref(T(x)))


# --- scaled-dot-product-attention -------------------------------------------------------


@pytest.mark.parametrize(
    "shape_q, shape_k, dv",
    [((3, 4), (5, 4), 2), ((2, 5, 8), (2, 5, 8), 8), ((2, 3, 4, 6), (2, 3, 7, 6), 5)],
)
def test_sdpa_matches_torch(rng, shape_q, shape_k, dv):
    mod = load("scaled-dot-product-attention")
    q, k = rng.normal(size=shape_q), rng.normal(size=shape_k)
    v = rng.normal(size=(*shape_k[:-1], dv))
    mask = rng.random(size=(shape_q[-2], shape_k[-2])) < 0.7
    mask[0] = False  # a fully masked row: current PyTorch returns zeros there
    mask[1:, 0] = True
    for m in (None, mask):
        out, weights = mod.scaled_dot_product_attention(q, k, v, m)
        expected = F.scaled_dot_product_attention(
            T(q), T(k), T(v), attn_mask=None if m is None else torch.tensor(m)
        )
        close(out, expected)
        scores = T(q) @ T(k).transpose(-1, -2) / np.sqrt(q.shape[-1])
        if m is not None:
            scores = scores.masked_fill(~torch.tensor(m), float("-inf"))
        w = torch.nan_to_num(torch.softmax(scores, dim=-1), nan=0.0)
        close(weights, w)


# --- layer-normalization --------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(4, 6), (2, 3, 5)])
def test_layer_norm_matches_torch(rng, shape):
    mod = load("layer-normalization")
    x = rng.normal(loc=1.0, scale=2.0, size=shape)
    d = shape[-1]
    gamma, beta, dout = rng.normal(size=d), rng.normal(size=d), rng.normal(size=shape)
    tx, tg, tb = T(x, grad=True), T(gamma, grad=True), T(beta, grad=True)
    out_t = F.layer_norm(tx, (d,), tg, tb, eps=1e-5)
    (out_t * T(dout)).sum().backward()
    out, cache = mod.layer_norm_forward(x, gamma, beta)
    close(out, out_t)
    dx, dgamma, dbeta = mod.layer_norm_backward(dout, cache)
    close(dx, tx.grad)
    close(dgamma, tg.grad)
    close(dbeta, tb.grad)


# --- inverted-dropout -----------------------------------------------------------------------


def test_dropout_scaling_and_gradient_match_torch(rng):
    mod = load("inverted-dropout")
    p = 0.3
    # torch.nn.functional.dropout keeps survivors at 1 / (1 - p) and drops the rest: same scaling
    torch.manual_seed(0)
    survivors = F.dropout(torch.ones(1000, dtype=torch.float64), p=p, training=True)
    torch_values = set(np.unique(survivors.numpy()).round(12))
    x = np.ones(1000)
    out, mask = mod.dropout_forward(x, p, rng.random(1000))
    assert set(np.unique(out).round(12)) == torch_values
    assert (
        F.dropout(T(x), p=p, training=False).numpy().tolist()
        == mod.dropout_forward(x, p, rng.random(1000), training=False)[0].tolist()
    )

    # backward: autograd through the same masked product
    x = rng.normal(size=(4, 5))
    out, mask = mod.dropout_forward(x, p, rng.random((4, 5)))
    dout = rng.normal(size=(4, 5))
    tx = T(x, grad=True)
    (tx * T(mask) * T(dout)).sum().backward()
    close(out, tx.detach() * T(mask))
    close(mod.dropout_backward(dout, mask), tx.grad)


# --- conv2d-forward -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "x_shape, w_shape, stride, padding",
    [
        ((2, 3, 7, 8), (4, 3, 3, 3), 1, 0),
        ((1, 2, 8, 8), (3, 2, 3, 3), 2, 1),
        ((2, 3, 5, 9), (2, 3, 2, 4), 2, 2),
        ((1, 2, 7, 8), (2, 2, 3, 3), 3, 0),
    ],
)
def test_conv2d_matches_torch(rng, x_shape, w_shape, stride, padding):
    mod = load("conv2d-forward")
    x, w, b = rng.normal(size=x_shape), rng.normal(size=w_shape), rng.normal(size=w_shape[0])
    close(
        mod.conv2d_forward(x, w, b, stride=stride, padding=padding),
        F.conv2d(T(x), T(w), T(b), stride=stride, padding=padding),
    )
    close(
        mod.conv2d_forward(x, w, stride=stride, padding=padding),
        F.conv2d(T(x), T(w), None, stride=stride, padding=padding),
    )


# --- max-pooling ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "shape, k, s, ties",
    [
        ((2, 3, 6, 6), 2, 2, False),
        ((1, 2, 7, 7), 3, 2, False),
        ((1, 1, 5, 6), 2, 1, False),
        ((2, 2, 6, 6), 2, 2, True),
        ((1, 2, 5, 5), 3, 1, True),
    ],
)
def test_max_pool_matches_torch(rng, shape, k, s, ties):
    mod = load("max-pooling")
    x = rng.integers(0, 3, size=shape).astype(float) if ties else rng.normal(size=shape)
    tx = T(x, grad=True)
    out_t = F.max_pool2d(tx, kernel_size=k, stride=s)
    dout = rng.normal(size=tuple(out_t.shape))
    (out_t * T(dout)).sum().backward()
    close(mod.max_pool_forward(x, k, s), out_t)
    close(mod.max_pool_backward(dout, x, k, s), tx.grad)


# --- lstm-cell ------------------------------------------------------------------------------


@pytest.mark.parametrize("n, n_in, n_hidden", [(3, 4, 5), (1, 2, 1), (6, 5, 3)])
def test_lstm_cell_matches_torch(rng, n, n_in, n_hidden):
    mod = load("lstm-cell")
    cell = torch.nn.LSTMCell(n_in, n_hidden).double()
    with torch.no_grad():
        for param in cell.parameters():
            param.copy_(T(rng.normal(size=tuple(param.shape))))
    x, h, c = (
        rng.normal(size=(n, n_in)),
        rng.normal(size=(n, n_hidden)),
        rng.normal(size=(n, n_hidden)),
    )
    with torch.no_grad():
        h_t, c_t = cell(T(x), (T(h), T(c)))
    h_next, c_next = mod.lstm_cell_forward(
        x,
        h,
        c,
        cell.weight_ih.detach().numpy(),
        cell.weight_hh.detach().numpy(),
        cell.bias_ih.detach().numpy(),
        cell.bias_hh.detach().numpy(),
    )
    close(h_next, h_t)
    close(c_next, c_t)


# --- multi-head-attention-numpy ---------------------------------------------------------------


@pytest.mark.parametrize(
    "heads, causal, padded",
    [(1, False, False), (2, True, False), (4, False, True), (8, True, False)],
)
def test_multi_head_attention_matches_torch(rng, heads, causal, padded):
    mod = load("multi-head-attention-numpy")
    b, lq, lk, d = 2, 4, (4 if causal else 6), 8
    q, kv = rng.normal(size=(b, lq, d)), rng.normal(size=(b, lk, d))
    W_q, W_k, W_v, W_o = (rng.normal(scale=d**-0.5, size=(d, d)) for _ in range(4))
    mha = torch.nn.MultiheadAttention(d, heads, bias=False, batch_first=True).double()
    with torch.no_grad():
        # torch applies x @ weight.T; our matrices are applied as x @ W
        mha.in_proj_weight.copy_(T(np.concatenate([W_q.T, W_k.T, W_v.T])))
        mha.out_proj.weight.copy_(T(W_o.T))
    allowed = None
    attn_mask = key_padding_mask = None
    if causal:
        allowed = np.tril(np.ones((lq, lk), dtype=bool))
        attn_mask = torch.tensor(~allowed)  # torch: True = NOT allowed
    if padded:
        keep = np.arange(lk)[None, :] < np.array([3, lk])[:, None]
        allowed = keep[:, None, None, :]
        key_padding_mask = torch.tensor(~keep)
    with torch.no_grad():
        out_t, w_t = mha(
            T(q),
            T(kv),
            T(kv),
            attn_mask=attn_mask,
            key_padding_mask=key_padding_mask,
            need_weights=True,
            average_attn_weights=False,
        )
    out, weights = mod.multi_head_attention(q, kv, kv, W_q, W_k, W_v, W_o, heads, mask=allowed)
    close(weights, w_t)
    close(out, out_t)


# --- adam-optimizer -------------------------------------------------------------------------


@pytest.mark.parametrize("kwargs", [{}, {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}])
def test_adam_matches_torch_optim(rng, kwargs):
    mod = load("adam-optimizer")
    start = rng.normal(size=(3, 4))
    grads = [rng.normal(size=(3, 4)) for _ in range(12)]
    param_t = T(start, grad=True)
    opt = torch.optim.Adam(
        [param_t],
        lr=kwargs.get("lr", 1e-3),
        betas=(kwargs.get("beta1", 0.9), kwargs.get("beta2", 0.999)),
        eps=kwargs.get("eps", 1e-8),
    )
    param, m, v = start.copy(), np.zeros_like(start), np.zeros_like(start)
    for step, g in enumerate(grads, start=1):
        opt.zero_grad()
        param_t.grad = T(g)
        opt.step()
        param, m, v = mod.adam_step(param, g, m, v, step, **kwargs)
        close(param, param_t, rtol=1e-10, atol=1e-12)
    state = opt.state[param_t]
    close(m, state["exp_avg"])
    close(v, state["exp_avg_sq"])
