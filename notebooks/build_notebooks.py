#!/usr/bin/python3
"""Writes the tutorial notebooks (notebooks/*.ipynb, C#, kernel .net-csharp) without outputs.

The notebooks' source lives here so that prose and code are reviewed as text; `notebooks/run.sh`
executes them and the committed .ipynb files carry the outputs of that run. Edit this file, then run
    /usr/bin/python3 notebooks/build_notebooks.py [NAME_PART...] && notebooks/run.sh [NAME_PART]
(with NAME_PART only the notebooks whose file name contains it are rewritten). With --check nothing is written: it
exits 1 naming every committed notebook whose cells differ from what this file makes (CI runs it).
"""

import os
import sys

import nbformat as nbf

HERE = os.path.dirname(os.path.abspath(__file__))

METADATA = {
    "kernelspec": {"name": ".net-csharp", "display_name": ".NET (C#)", "language": "C#"},
    "language_info": {"name": "polyglot-notebook", "file_extension": ".cs", "mimetype": "text/x-csharp",
                      "pygments_lexer": "csharp"},
    "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp",
                                         "items": [{"name": "csharp", "aliases": []}]}},
}

# The first cell of every notebook: notebooks/setup.csx packs TfInit when the packages are missing or older than the
# sources, and references the packages with the versions the build files give.
SETUP_KERAS = '''#load "setup.csx"
await TfInitNotebook.Reference("TfInit", "TfInit.Keras", "libtorch-cpu-linux-x64", "ScottPlot");'''

HELPERS = '''// (A "warning CS1701" printed below is the kernel's own note about an ASP.NET assembly version; harmless.)
using System.Globalization;
using TfInit.Initializers;
using TfInit.Random;
using TfInit.Keras.Studies;

// "= label: numbers" must equal the Python original exactly (the NumPy stream promises it);
// "~ label: numbers" must agree within a stated tolerance (sums and BLAS order differ). notebooks/compare.py checks both.
string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);
void Exact(string label, IEnumerable<double> xs) => Console.WriteLine($"= {label}: {string.Join(" ", xs.Select(R))}");
void Near(string label, IEnumerable<double> xs) => Console.WriteLine($"~ {label}: {string.Join(" ", xs.Select(R))}");
void PrintStudy(string label, StudyResult r)
{
    foreach (var l in r.Layers) Near($"{label} layer {l.Index} mean std", new[] { l.Mean, l.Std });
}
double Mean(double[] v) => v.Average();
double Var(double[] v) { double m = v.Average(); return v.Average(x => (x - m) * (x - m)); }
double Std(double[] v) => Math.Sqrt(Var(v));
double[] MatMul(double[] a, double[] b, int n, int k, int m)
{
    var c = new double[n * m];
    for (int i = 0; i < n; i++)
        for (int p = 0; p < k; p++)
        {
            double aip = a[i * k + p];
            for (int j = 0; j < m; j++) c[i * m + j] += aip * b[p * m + j];
        }
    return c;
}
double[] Transpose(double[] a, int n, int m)
{
    var t = new double[n * m];
    for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) t[j * n + i] = a[i * m + j];
    return t;
}
void ShowPng(ScottPlot.Plot plot, int width = 760, int height = 360) =>
    display(HTML($"<img src=\\"data:image/png;base64,{Convert.ToBase64String(plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png))}\\" />"));
void ShowHistograms(string title, StudyResult r)
{
    var plot = new ScottPlot.Plot();
    foreach (var l in r.Layers)
    {
        int bins = l.Histogram.Length;
        double lo = l.HistogramRange.Low, width = (l.HistogramRange.High - lo) / bins, total = l.Histogram.Sum();
        var xs = Enumerable.Range(0, bins).Select(b => lo + (b + 0.5) * width).ToArray();
        var ys = l.Histogram.Select(c => c / total).ToArray();
        var line = plot.Add.Scatter(xs, ys);
        line.LegendText = $"layer {l.Index}";
        line.MarkerSize = 0;
    }
    plot.Title(title);
    plot.XLabel("activation");
    plot.YLabel("fraction of units");
    plot.ShowLegend();
    ShowPng(plot);
}
void ShowStds(string title, params (string Label, StudyResult Result)[] runs)
{
    var plot = new ScottPlot.Plot();
    foreach (var (label, r) in runs)
    {
        var line = plot.Add.Scatter(r.Layers.Select(l => (double)l.Index).ToArray(), r.Layers.Select(l => l.Std).ToArray());
        line.LegendText = label;
    }
    plot.Title(title);
    plot.XLabel("layer");
    plot.YLabel("std of activations");
    plot.ShowLegend();
    ShowPng(plot);
}
int[] Cs231nWidths = Enumerable.Repeat(500, 10).ToArray();
StudyResult Cs231n(string activation, Initializer init) =>
    Study.Run(new StudySpec(activation, init, 1000, 500, Cs231nWidths, Float64: true, Seed: 0, NumPyStream: true));'''

# Notebooks 01-04 also show the backward side of their sample graphs.
GRADIENT_HELPERS = '''// The backward pass of Loss = sum(H_L * G) / rows (G = randn(rows, width_L), drawn after the kernels): per layer the
// std of dLoss/dH (the signal arriving at the layer's output) and of dLoss/dW.
void PrintGradients(string label, StudyResult r)
{
    Near($"{label} grad_std per layer", r.Gradients.Select(g => g.GradStd));
    Near($"{label} weight_grad_std per layer", r.Gradients.Select(g => g.WeightGradStd));
}
// ScottPlot has no log axis: log10 of the values, ticks labelled 1eK (as in tfinit study's report).
void ShowGradStds(string title, params (string Label, StudyResult Result)[] runs)
{
    var plot = new ScottPlot.Plot();
    foreach (var (label, r) in runs)
    {
        var line = plot.Add.Scatter(r.Gradients.Select(g => (double)g.Index).ToArray(), r.Gradients.Select(g => Math.Log10(g.GradStd)).ToArray());
        line.LegendText = label;
    }
    plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true, LabelFormatter = y => $"1e{y:0}" };
    plot.Title(title);
    plot.XLabel("layer");
    plot.YLabel("grad std, dLoss/dH (log scale)");
    plot.ShowLegend();
    ShowPng(plot);
}'''


def md(text):
    return nbf.v4.new_markdown_cell(text.strip("\n"))


def code(text):
    return nbf.v4.new_code_cell(text.strip("\n"))


CHECK = "--check" in sys.argv[1:]
FILTERS = [a for a in sys.argv[1:] if a != "--check"]
STALE = []


def sources(nb):
    return [(c.cell_type, c.source) for c in nb.cells]


def notebook(name, cells):
    if FILTERS and not any(f in name for f in FILTERS):
        return
    nb = nbf.v4.new_notebook()
    nb.metadata = METADATA
    nb.cells = cells
    path = os.path.join(HERE, name)
    if CHECK:
        # The committed notebook must hold exactly the cells this file makes (outputs aside).
        if not os.path.exists(path) or sources(nbf.read(path, as_version=4)) != sources(nb):
            STALE.append(name)
        return
    nbf.write(nb, path)


PREAMBLE = [code(SETUP_KERAS), code(HELPERS)]
PREAMBLE_GRADIENTS = [code(SETUP_KERAS), code(HELPERS + "\n" + GRADIENT_HELPERS)]
# Notebook 07 also runs the training comparison, which lives in the experiments package.
SETUP_EXPERIMENTS = SETUP_KERAS.replace('"TfInit.Keras", ', '"TfInit.Keras", "TfInit.Experiments", ')
PREAMBLE_EXPERIMENTS = [code(SETUP_EXPERIMENTS), code(HELPERS)]

notebook("01_why_initialization_matters.ipynb", [
    md("""
# 1. Why initialization matters (为什么初始化很重要)

Training starts from the weights we draw. Two things go wrong with a bad draw:

* **Symmetry (对称性)**: if every weight of a layer is the same (all zeros, or any constant), every unit of the
  layer computes the same function and receives the same gradient, so they stay identical forever.
* **Vanishing and exploding activations and gradients (梯度消失 / 梯度爆炸)**: each layer multiplies the
  variance of its input by `n * Var(W)`. Too small and the signal shrinks to zero layer after layer; too large
  and it blows up (or, through tanh, saturates at ±1 where the gradient is zero).

Each number below is also printed by `notebooks/python/01_why_initialization_matters.py` (numpy), and CI checks
that they agree. Lines starting with `=` are equal to the last bit; lines starting with `~` agree within 1e-6.
"""),
    *PREAMBLE_GRADIENTS,
    md("""
## Symmetry

A 3-5-1 network with tanh, inputs from `np.random.seed(0); X = np.random.randn(4, 3)` (TfInit's `NumPyRandomState`
is numpy's legacy stream), and every weight 0.5 (Keras `Constant(0.5)`).
"""),
    code('''
var X = new RandomNormal(0.0, 1.0).Generate(new NumPyRandomState(0), 4, 3);   // np.random.seed(0); np.random.randn(4, 3)
Exact("X row 0", X.Take(3));

(double[] H, double[] dW1) Forward(double[] W1, double[] W2)
{
    var H = MatMul(X, W1, 4, 3, 5).Select(Math.Tanh).ToArray();               // H = tanh(X @ W1)
    // L = sum(H @ W2): dL/dH = W2^T on every row, dL/dA = dL/dH * (1 - H^2), dW1 = X^T @ dL/dA
    var dA = new double[4 * 5];
    for (int i = 0; i < 4; i++) for (int j = 0; j < 5; j++) dA[i * 5 + j] = W2[j] * (1 - H[i * 5 + j] * H[i * 5 + j]);
    return (H, MatMul(Transpose(X, 4, 3), dA, 3, 4, 5));
}
int DistinctColumns(double[] m, int rows, int cols) =>
    Enumerable.Range(0, cols).Select(j => string.Join(",", Enumerable.Range(0, rows).Select(i => R(m[i * cols + j])))).Distinct().Count();

var (Hc, dW1c) = Forward(new Constant(0.5).Generate(3, 5), new Constant(0.5).Generate(5, 1));
Near("constant H row 0", Hc.Take(5));
Near("constant dW1 row 0", dW1c.Take(5));
Exact("constant: distinct hidden units, distinct gradient columns", new double[] { DistinctColumns(Hc, 4, 5), DistinctColumns(dW1c, 3, 5) });
'''),
    md("""
Five hidden units, one function: every column of `H` and of the gradient is the same, so a gradient step keeps
them the same. A random draw breaks the tie (here `np.random.seed(1); W1 = np.random.randn(3, 5) * 0.05`, Keras
`RandomNormal(stddev=0.05)`, its default):
"""),
    code('''
var W1r = new RandomNormal(0.0, 0.05).Generate(new NumPyRandomState(1), 3, 5);
Exact("random W1 row 0", W1r.Take(5));
var (Hr, dW1r) = Forward(W1r, new Constant(0.5).Generate(5, 1));
Near("random H row 0", Hr.Take(5));
Exact("random: distinct hidden units, distinct gradient columns", new double[] { DistinctColumns(Hr, 4, 5), DistinctColumns(dW1r, 3, 5) });
'''),
    md("""
## Vanishing and exploding activations

CS231n's experiment (lecture 6): 1000 standard-normal inputs of 500 features through ten tanh layers of 500
units, no bias, weights `np.random.randn(fan_in, fan_out) * 0.01` or `* 1.0`, all drawn after `np.random.seed(0)`.
`Study.Run` (TfInit.Keras, on TorchSharp in float64) draws the input and then each kernel from the same numpy
stream, so it runs the same network as the Python script.
"""),
    code('''
var small = Cs231n("tanh", new RandomNormal(0.0, 0.01));
PrintStudy("tanh 0.01", small);
var large = Cs231n("tanh", new RandomNormal(0.0, 1.0));
PrintStudy("tanh 1.0", large);
ShowStds("tanh, std of each layer's activations", ("randn * 0.01", small), ("randn * 1.0", large));
'''),
    code('''
ShowHistograms("tanh, randn * 0.01: activations collapse to 0", small);
ShowHistograms("tanh, randn * 1.0: activations saturate at ±1", large);
Console.WriteLine($"saturated (|tanh| > 0.99) in the last layer with randn * 1.0: {large.Layers[^1].SaturatedFraction:P1}");
'''),
    md("""
### The same two networks, backwards

`Study.Run` also runs the backward pass (issue 12's contract): `G = np.random.randn(1000, 500)` drawn after the
kernels, `Loss = sum(H_10 * G) / 1000`, and per layer the std of `dLoss/dH` (the signal arriving at the layer's
output, `grad_std`) and of `dLoss/dW` (`weight_grad_std`). With 0.01 the signal reaching layer 1 is about a million
times weaker than at layer 10. But `weight_grad_std` stays flat: `dW = Hᵀ · dZ` multiplies the tiny inputs by the
large back-propagated signal, so it is not true that every parameter gradient vanishes here; what vanishes is the
signal. With 1.0 the forward pass saturates and the signal grows towards the input.
"""),
    code('''
PrintGradients("tanh 0.01", small);
PrintGradients("tanh 1.0", large);
ShowGradStds("tanh, grad std per layer", ("randn * 0.01", small), ("randn * 1.0", large));
Console.WriteLine($"weight-grad std, layer 1 / layer 10, randn * 0.01: {small.Gradients[0].WeightGradStd / small.Gradients[^1].WeightGradStd:F3}");
'''),
    md("""
## Vanishing and exploding gradients

The same story backwards. A smaller net (200 inputs of 100 features, ten tanh layers of 100) so the backward
pass fits in a few lines of plain C#: loss = sum of the last layer's outputs, and the std of each layer's weight
gradient `dW`. With 0.01 every layer's gradient is about 1e-8: nothing learns. With 1.0 the gradients grow by
an order of magnitude per layer towards the input (thousands in the first layer) while the saturated last layers
pass almost nothing. Xavier keeps them all of one size.
"""),
    code('''
double[] GradientStds(Initializer init, long seed)
{
    int rows = 200, width = 100, depth = 10;
    var stream = new NumPyRandomState(seed);
    var x = new RandomNormal(0.0, 1.0).Generate(stream, rows, width);
    var inputs = new List<double[]>(); var weights = new List<double[]>(); var outputs = new List<double[]>();
    for (int l = 0; l < depth; l++)
    {
        var w = init.Generate(stream, width, width);
        var h = MatMul(x, w, rows, width, width).Select(Math.Tanh).ToArray();
        inputs.Add(x); weights.Add(w); outputs.Add(h);
        x = h;
    }
    var g = Enumerable.Repeat(1.0, rows * width).ToArray();
    var stds = new double[depth];
    for (int l = depth - 1; l >= 0; l--)
    {
        var h = outputs[l];
        var dA = g.Select((gi, i) => gi * (1 - h[i] * h[i])).ToArray();
        stds[l] = Std(MatMul(Transpose(inputs[l], rows, width), dA, width, rows, width));
        g = MatMul(dA, Transpose(weights[l], width, width), rows, width, width);
    }
    return stds;
}
Near("dW std per layer, randn * 0.01", GradientStds(new RandomNormal(0.0, 0.01), 0));
Near("dW std per layer, randn * 1.0", GradientStds(new RandomNormal(0.0, 1.0), 0));
Near("dW std per layer, xavier", GradientStds(new VarianceScaling(1.0, "fan_in", "untruncated_normal"), 0));
'''),
])

notebook("02_xavier.ipynb", [
    md("""
# 2. Xavier (Glorot) initialization

For `y = Σᵢ wᵢ xᵢ` over `n` inputs with zero-mean, independent `w` and `x`: `Var(y) = n · Var(w) · Var(x)`. To keep
the variance from layer to layer (forward), `Var(w) = 1 / n_in`; to keep the gradients' variance (backward),
`Var(w) = 1 / n_out`. Glorot and Bengio (2010) compromise with `n = (n_in + n_out) / 2`.

* normal: `W = np.random.randn(n_in, n_out) * np.sqrt(1 / n)`
* uniform: `U(-a, a)` has variance `a² / 3`, so `a = np.sqrt(3 / n)`

In Keras these are `VarianceScaling(scale=1, mode="fan_avg", distribution="untruncated_normal" | "uniform")`;
`GlorotUniform` is the uniform one (Keras's `GlorotNormal` uses a truncated normal). The Python original is
`notebooks/python/02_xavier.py`.
"""),
    *PREAMBLE_GRADIENTS,
    code('''
// np.random.seed(1); n_in, n_out = 500, 300; n = (n_in + n_out) * 0.5; W = np.random.randn(n_in, n_out) * np.sqrt(1 / n)
var Wn = new VarianceScaling(1.0, "fan_avg", "untruncated_normal").Generate(new NumPyRandomState(1), 500, 300);
Exact("xavier normal fan_avg first 5", Wn.Take(5));
Near("xavier normal fan_avg var, 1/n", new[] { Var(Wn), 1.0 / 400 });

// np.random.seed(1); W = np.random.randn(n_in, n_out) * np.sqrt(1 / n_in)
var Wi = new VarianceScaling(1.0, "fan_in", "untruncated_normal").Generate(new NumPyRandomState(1), 500, 300);
Exact("xavier normal fan_in first 5", Wi.Take(5));
Near("xavier normal fan_in var, 1/n_in", new[] { Var(Wi), 1.0 / 500 });

// np.random.seed(2); limit = np.sqrt(3 / n); W = np.random.uniform(-limit, limit, (n_in, n_out))
var Wu = new VarianceScaling(1.0, "fan_avg", "uniform").Generate(new NumPyRandomState(2), 500, 300);
Exact("xavier uniform first 5", Wu.Take(5));
Near("xavier uniform var, min, max", new[] { Var(Wu), Wu.Min(), Wu.Max() });
Exact("GlorotUniform is the same draw", new GlorotUniform().Generate(new NumPyRandomState(2), 500, 300).Take(5));
Console.WriteLine(new GlorotUniform(seed: 2));
'''),
    md("""
## The tanh sample graph

CS231n's ten tanh layers of 500 again, now with `W = np.random.randn(fan_in, fan_out) / np.sqrt(fan_in)`:
the activations keep a healthy spread through every layer (compare notebook 1).
"""),
    code('''
var xavier = Cs231n("tanh", new VarianceScaling(1.0, "fan_in", "untruncated_normal"));
PrintStudy("tanh xavier", xavier);
ShowHistograms("tanh, Xavier: every layer keeps its spread", xavier);
'''),
    md("""
Backwards (`Loss = sum(H_10 * G) / 1000`, `G` drawn after the kernels): the signal `dLoss/dH` shrinks only by a
factor of about 2.5 over ten layers, against a million for `randn * 0.01` in notebook 1.
"""),
    code('''
PrintGradients("tanh xavier", xavier);
ShowGradStds("tanh, Xavier: grad std per layer", ("Xavier", xavier));
'''),
])

notebook("03_he.ipynb", [
    md("""
# 3. He (Kaiming) initialization

ReLU zeroes the negative half of a symmetric input, so it halves the second moment: `E[relu(z)²] = E[z²] / 2`.
Xavier's `Var(w) = 1 / n` then loses half the variance at every layer; He et al. (2015) double it:

* normal: `W = np.random.randn(n_in, n_out) * np.sqrt(2 / n)`
* uniform: `limit = np.sqrt(6 / n)`

Keras: `VarianceScaling(scale=2, mode="fan_in", ...)`; `HeUniform` is the uniform one (`HeNormal` is truncated).
Python original: `notebooks/python/03_he.py`.
"""),
    *PREAMBLE_GRADIENTS,
    code('''
// np.random.seed(3); z = np.random.randn(1000000); np.mean(z ** 2), np.mean(np.maximum(0, z) ** 2)
var z = new RandomNormal(0.0, 1.0).Generate(new NumPyRandomState(3), 1_000_000);
Near("E[z^2], E[relu(z)^2]", new[] { z.Average(v => v * v), z.Average(v => Math.Max(0, v) * Math.Max(0, v)) });

// np.random.seed(4); W = np.random.randn(500, 300) * np.sqrt(2 / 500)
var Wn = new VarianceScaling(2.0, "fan_in", "untruncated_normal").Generate(new NumPyRandomState(4), 500, 300);
Exact("he normal first 5", Wn.Take(5));
Near("he normal var, 2/n", new[] { Var(Wn), 2.0 / 500 });

// np.random.seed(5); limit = np.sqrt(6 / 500); W = np.random.uniform(-limit, limit, (500, 300))
var Wu = new HeUniform().Generate(new NumPyRandomState(5), 500, 300);
Exact("he uniform first 5", Wu.Take(5));
Near("he uniform var, min, max", new[] { Var(Wu), Wu.Min(), Wu.Max() });
'''),
    md("""
## The ReLU sample graph: Xavier versus He

Ten ReLU layers of 500. With Xavier the std halves (in variance) at every layer; with He it stays put.
"""),
    code('''
var reluXavier = Cs231n("relu", new VarianceScaling(1.0, "fan_in", "untruncated_normal"));
PrintStudy("relu xavier", reluXavier);
var reluHe = Cs231n("relu", new VarianceScaling(2.0, "fan_in", "untruncated_normal"));
PrintStudy("relu he", reluHe);
ShowStds("ReLU, std of each layer's activations", ("Xavier: randn / sqrt(n)", reluXavier), ("He: randn / sqrt(n / 2)", reluHe));
Console.WriteLine($"dead (zero) fraction in the last layer: Xavier {reluXavier.Layers[^1].ZeroFraction:P1}, He {reluHe.Layers[^1].ZeroFraction:P1}");
'''),
    md("""
The backward pass tells the same story (`Loss = sum(H_10 * G) / 1000`): with Xavier the signal reaching layer 1 is
about 20 times weaker than at layer 10 (half the variance lost per layer again, now through ReLU's derivative);
with He it arrives at full strength, as He et al. (2015) derive for the backward case.
"""),
    code('''
PrintGradients("relu xavier", reluXavier);
PrintGradients("relu he", reluHe);
ShowGradStds("ReLU, grad std per layer", ("Xavier", reluXavier), ("He", reluHe));
'''),
    code('''
ShowHistograms("ReLU, He", reluHe);
'''),
])

notebook("04_batch_norm_small_gaussian.ipynb", [
    md("""
# 4. Batch normalization + a small Gaussian (BN + 小高斯初始化)

With batch normalization (批归一化) between the matmul and the activation, the scale of the weights stops
mattering much: the tutorial's recipe is simply

```python
W = tf.Variable(np.random.randn(shape) * 0.01)
fc = tf.contrib.layers.batch_norm(fc, center=True, scale=True, is_training=True)
fc = tf.nn.relu(fc)
```

Here is the blog's network (2000 inputs of 800 features, nine layers of 750, 700, ..., 350 units, ReLU), with
`randn * 0.01` kernels, first without and then with batch norm (batch statistics, epsilon 1e-3, γ = 1, β = 0:
`BatchNormalization.TfContrib` in TfInit.Keras). Python original: `notebooks/python/04_batch_norm_small_gaussian.py`
(TensorFlow 1.x is not installable here, so its `batch_norm` is written out in numpy).
"""),
    *PREAMBLE_GRADIENTS,
    code('''
int[] blogWidths = Enumerable.Range(1, 9).Select(i => 800 - 50 * i).ToArray();
StudyResult Blog(bool batchNorm) =>
    Study.Run(new StudySpec("relu", new RandomNormal(0.0, 0.01), 2000, 800, blogWidths, BatchNorm: batchNorm, Float64: true, Seed: 0, NumPyStream: true));
var plain = Blog(false);
PrintStudy("relu 0.01", plain);
var bn = Blog(true);
PrintStudy("relu 0.01 + bn", bn);
ShowStds("ReLU, randn * 0.01, with and without batch norm", ("no BN", plain), ("BN", bn));
'''),
    md("""
Backwards (`Loss = sum(H_9 * G) / 2000`, the gradient also flowing through the batch statistics): without BN the
signal shrinks on its way down as the activations did on their way up; with BN it stays within one order of
magnitude over the nine layers.
"""),
    code('''
PrintGradients("relu 0.01", plain);
PrintGradients("relu 0.01 + bn", bn);
ShowGradStds("ReLU, randn * 0.01: grad std per layer", ("no BN", plain), ("BN", bn));
'''),
    md("""
The blog's printout: each BN layer's ReLU output has mean ≈ 0.40 and std ≈ 0.58, the moments of `relu(z)` for a
standard normal `z` (`1/√(2π)` and `√(1/2 − 1/(2π))`), whatever the depth:
"""),
    code('''
foreach (var l in bn.Layers) Console.WriteLine($"layer {l.Index}: units {l.Units}, mean {l.Mean:F6}, std {l.Std:F6}, dead {l.ZeroFraction:P1}");
Near("relu(z) moments 1/sqrt(2 pi), sqrt(1/2 - 1/(2 pi))", new[] { 1 / Math.Sqrt(2 * Math.PI), Math.Sqrt(0.5 - 1 / (2 * Math.PI)) });
ShowHistograms("ReLU, randn * 0.01 + batch norm", bn);
'''),
    md("""
## BN is scale invariant

`BN(x · (cW)) = BN(x · W)` for any `c > 0`: the batch mean scales by `c` and the batch std too. Below, one layer
(`np.random.seed(6)`, x 256×100, W = randn(100, 50) · 0.01) normalized with W and with 100·W: identical up to
rounding with epsilon 0; with epsilon 1e-3 the tiny-scale layer is damped a little, because its batch variance
(about 0.01) is not large next to epsilon.
"""),
    code('''
var bnStream = new NumPyRandomState(6);
var xb = new RandomNormal(0.0, 1.0).Generate(bnStream, 256, 100);
var wb = new RandomNormal(0.0, 0.01).Generate(bnStream, 100, 50);
double[] BatchNorm(double[] h, int rows, int cols, double eps)
{
    var y = new double[h.Length];
    for (int j = 0; j < cols; j++)
    {
        var col = Enumerable.Range(0, rows).Select(i => h[i * cols + j]).ToArray();
        double m = col.Average(), v = col.Average(c => (c - m) * (c - m));
        for (int i = 0; i < rows; i++) y[i * cols + j] = (h[i * cols + j] - m) / Math.Sqrt(v + eps);
    }
    return y;
}
var h1 = MatMul(xb, wb, 256, 100, 50);
var h100 = MatMul(xb, wb.Select(w => 100 * w).ToArray(), 256, 100, 50);
Near("BN(xW) first 5, eps 0", BatchNorm(h1, 256, 50, 0).Take(5));
Near("BN(x 100W) first 5, eps 0", BatchNorm(h100, 256, 50, 0).Take(5));
Near("BN(xW) first 5, eps 1e-3", BatchNorm(h1, 256, 50, 1e-3).Take(5));
Near("BN(x 100W) first 5, eps 1e-3", BatchNorm(h100, 256, 50, 1e-3).Take(5));
'''),
])

notebook("05_keras_initializers_tour.ipynb", [
    md("""
# 5. A tour of the initializers (初始化器一览)

Every class TfInit knows, with the names Keras uses (class name and snake_case aliases), its formula, its config as
Keras writes it, and what it draws for a 64×32 kernel (Keras layout `[in, out]`; a 3×3×16×16 conv kernel for those
that need one). Keras's own classes carry the module `keras.initializers`; PyTorch's `nn.init` ports carry
`torch.nn.init`. Random ones are made with `seed: 1` so the page is reproducible.
"""),
    *PREAMBLE,
    code('''
using TfInit.Analysis;
using TfInit.Serialization;

string Histogram(string title, double[] v)
{
    var st = Statistics.Of(v);
    var plot = new ScottPlot.Plot();
    if (st.Max > st.Min)
    {
        const int bins = 40;
        double width = (st.Max - st.Min) / bins;
        var counts = new double[bins];
        foreach (var x in v) counts[Math.Min(bins - 1, (int)((x - st.Min) / width))] += 1.0 / v.Length;
        var line = plot.Add.Scatter(Enumerable.Range(0, bins).Select(b => st.Min + (b + 0.5) * width).ToArray(), counts);
        line.MarkerSize = 0;
    }
    else
    {
        plot.Add.Scatter(new[] { st.Min, st.Min }, new[] { 0.0, 1.0 });
    }
    plot.Title(title, size: 12);
    var png = plot.GetImageBytes(240, 170, ScottPlot.ImageFormat.Png);
    return $"<img src=\\"data:image/png;base64,{Convert.ToBase64String(png)}\\" />";
}

var gallery = new System.Text.StringBuilder("<div style=\\"display:flex;flex-wrap:wrap\\">");
foreach (var name in InitializerRegistry.ClassNames)
{
    Initializer init;
    try { init = KerasJson.Deserialize($"{{\\"class_name\\": \\"{name}\\", \\"config\\": {{\\"seed\\": 1}}}}"); }
    catch (Exception) { try { init = KerasJson.Deserialize(name); } catch (Exception e) { Console.WriteLine($"{name}: {e.Message}\\n"); continue; } }
    // A Dense kernel where the initializer takes one, else a conv kernel, else STFT's [frame, 1, bins].
    int[] shape = [64, 32];
    double[] v;
    try { v = init.Generate(shape); }
    catch (ArgumentException)
    {
        try { shape = [3, 3, 16, 16]; v = init.Generate(shape); }
        catch (ArgumentException) { shape = [16, 1, 9]; v = init.Generate(shape); }
    }
    var st = Statistics.Of(v);
    Console.WriteLine($"{name}  aliases: {string.Join(", ", InitializerRegistry.AliasesOf(name))}");
    Console.WriteLine($"    formula: {InitializerRegistry.FormulaOf(name)}");
    Console.WriteLine($"    config:  {init}");
    Console.WriteLine($"    {string.Join("x", shape)}: mean {st.Mean:F5}, std {st.Std:F5}, min {st.Min:F5}, max {st.Max:F5}\\n");
    gallery.Append(Histogram(name, v));
}
display(HTML(gallery.Append("</div>").ToString()));
'''),
    md("""
## Configs and JSON

`ToString()` is the Keras 3 JSON; `KerasJson.Serialize(init, keras2: true)` writes the Keras 2 / TensorFlow.NET form;
`KerasJson.Deserialize` reads either, or a bare alias. A seeded initializer gives the same values on every call and
after a round trip:
"""),
    code('''
var he = new HeNormal(seed: 7);
string json = he.ToString();
Console.WriteLine(json);
Console.WriteLine(KerasJson.Serialize(he, keras2: true));
var back = KerasJson.Deserialize(json);
Console.WriteLine($"{back.GetType().Name}, same values after the round trip: {back.Generate(64, 32).SequenceEqual(he.Generate(64, 32))}");
Console.WriteLine(KerasJson.Deserialize("lecun_normal").GetType().Name);
'''),
    md("""
## Passing `kernelInitializer` to layers

TfInit.Keras layers take an initializer object or a Keras name (Dense: `glorot_uniform` kernel and `zeros` bias by
default), and fill their TorchSharp parameters from the TfInit core.
"""),
    code('''
using TfInit.Keras.Layers;
using TfInit.Keras.Models;

var model = new Sequential([
    new Dense(256, activation: "relu", kernelInitializer: "he_normal"),
    new BatchNormalization(),
    new Dense(10, kernelInitializer: new GlorotUniform(seed: 1)),
]);
model.Build([784]);
Console.WriteLine(model.Summary());
var first = (Dense)model.Layers[0];
var k = first.Kernel.data<float>().ToArray().Select(f => (double)f).ToArray();
// A name carries no seed, so (as in Keras) every run draws other values: check the law, not the digits.
double heStd = Math.Sqrt(2.0 / 784);
Console.WriteLine($"{first.KernelInitializer.ClassName}: kernel std within 2% of He's sqrt(2 / 784) = {heStd:F4}: {Math.Abs((Std(k) / heStd) - 1) < 0.02}");
'''),
])

notebook("06_porting_python_side_by_side.ipynb", [
    md("""
# 6. Porting Python side by side

Each Python line of the tutorial, then its C# twin twice: with NumSharp's `np` (whose `np.random` is numpy's legacy
stream) and with TfInit on its `NumPyRandomState`. Same seeds, same numbers, to the last bit: the `=` lines are
compared with `notebooks/python/06_porting_python_side_by_side.py` in CI. `TfInit.NumSharp` adds
`initializer.ToNDArray(shape, dtype, stream)`.
"""),
    code('''#load "setup.csx"
await TfInitNotebook.Reference("TfInit", "TfInit.NumSharp");'''),
    code('''
using System.Globalization;
using NumSharp;
using TfInit.Initializers;
using TfInit.NumSharpBridge;
using TfInit.Random;

string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);
void Exact(string label, IEnumerable<double> xs) => Console.WriteLine($"= {label}: {string.Join(" ", xs.Select(R))}");
double[] First5(NDArray a) => a.ToArray<double>().Take(5).ToArray();
'''),
    md("""
```python
np.random.seed(0)
print(np.random.randn(3))
```
"""),
    code('''
np.random.seed(0);
Exact("numsharp randn(3)", np.random.randn(3).ToArray<double>());
Exact("tfinit randn(3)", new RandomNormal(0.0, 1.0).Generate(new NumPyRandomState(0), 3));
'''),
    md("""
Xavier, as the tutorial writes it:

```python
np.random.seed(1)
W = np.random.randn(784, 256) * np.sqrt(1 / 784)
```
"""),
    code('''
np.random.seed(1);
NDArray W = np.random.randn(784, 256) * Math.Sqrt(1.0 / 784);
NDArray T = new VarianceScaling(1.0, "fan_in", "untruncated_normal").ToNDArray([784, 256], NPTypeCode.Double, new NumPyRandomState(1));
Exact("numsharp xavier first 5", First5(W));
Exact("tfinit xavier first 5", First5(T));
Exact("all 200704 equal (1 = yes)", new[] { W.ToArray<double>().SequenceEqual(T.ToArray<double>()) ? 1.0 : 0.0 });
Console.WriteLine(string.Join(", ", T.shape) + " " + T.dtype.Name);
'''),
    md("""
He uniform:

```python
np.random.seed(2)
limit = np.sqrt(6 / 784)
W = np.random.uniform(-limit, limit, (784, 256))
```
"""),
    code('''
np.random.seed(2);
double limit = Math.Sqrt(6.0 / 784);
NDArray Wu = np.random.uniform(-limit, limit, new Shape(784, 256));
NDArray Tu = new HeUniform().ToNDArray([784, 256], NPTypeCode.Double, new NumPyRandomState(2));
Exact("numsharp he uniform first 5", First5(Wu));
Exact("tfinit he uniform first 5", First5(Tu));
Exact("all equal (1 = yes)", new[] { Wu.ToArray<double>().SequenceEqual(Tu.ToArray<double>()) ? 1.0 : 0.0 });
'''),
    md("""
The small Gaussian for batch norm, then float32 as a framework would store it:

```python
np.random.seed(3)
W = np.random.randn(784, 256) * 0.01
W32 = W.astype(np.float32)
```
"""),
    code('''
np.random.seed(3);
NDArray Ws = np.random.randn(784, 256) * 0.01;
var small = new RandomNormal(0.0, 0.01);
Exact("numsharp small first 5", First5(Ws));
Exact("tfinit small first 5", First5(small.ToNDArray([784, 256], NPTypeCode.Double, new NumPyRandomState(3))));
NDArray W32 = small.ToNDArray([784, 256], NPTypeCode.Single, new NumPyRandomState(3));
Exact("tfinit small float32 first 5", W32.ToArray<float>().Take(5).Select(f => (double)f));
'''),
    md("""
## Handing the values to TensorFlow.NET

TensorFlow.NET is not installable on this machine, so this part is text. A TensorFlow.NET user takes TfInit's
float32 values and shape as they are (row-major, Keras layout `[in, out]`):

```csharp
using static Tensorflow.Binding;
float[] values = new HeNormal(seed: 42).GenerateSingle(784, 256);
var kernel = tf.Variable(np.array(values).reshape(new Shape(784, 256)));   // or tf.constant(...)
```

or through a `.npy` file, which numpy, NumSharp and TensorFlow.NET's `np.load` all read:
"""),
    code('''
System.IO.Directory.CreateDirectory("out");
var he = new HeNormal(seed: 42);
float[] heValues = he.GenerateSingle(784, 256);
TfInit.NumPy.NpyFile.Write("out/he_normal.npy", heValues, [784, 256]);
var npy = TfInit.NumPy.NpyFile.Read("out/he_normal.npy");
Console.WriteLine($"out/he_normal.npy: dtype {npy.Dtype}, shape ({string.Join(", ", npy.Shape)}), same values: {npy.ToSingleArray().SequenceEqual(heValues)}");
// numpy:            W = np.load("out/he_normal.npy")
// NumSharp:         var W = np.load("out/he_normal.npy");
// TensorFlow.NET:   var kernel = tf.Variable(np.load("out/he_normal.npy"));
'''),
])

notebook("07_training_fashion_mnist.ipynb", [
    md('''
# 7. Training on Fashion-MNIST: does the initialization matter in practice?

The deep MLP of `tfinit train --preset deep-mlp`: 784 → 20 hidden ReLU layers of 256 → 10, SGD with momentum 0.9
and learning rate 0.01, batches of 64, two epochs, evaluated on the 10,000 test images (Debian's
`dataset-fashion-mnist`, real data). To keep the notebook within CI's time, it trains on the first 20,000 training
images and runs four of the preset's six kernels: He normal (Kaiming), `randn * 0.01` without and with batch norm
(批归一化), and LSUV (layer-sequential unit variance: orthonormal, then each layer rescaled on a batch until its output
variance is 1). `tfinit train --preset deep-mlp` runs all six (adding Glorot uniform and Orthogonal) on 20,000.

What the tutorial predicts, and the cell at the end checks: `0.01` alone does not train through 20 ReLU layers
(its signal vanishes, 10% = chance); with batch norm the same `0.01` trains; He and LSUV train (here: test accuracy
at least 50% after these two short epochs).
'''),
    *PREAMBLE_EXPERIMENTS,
    code('''
using TfInit.Experiments.Training;
using TfInit.Keras.Callbacks;
using TfInit.Keras.Datasets;

// Before libtorch starts its worker threads: denormal floats (the 0.01 run is full of them) flushed to zero.
TfInit.Keras.Native.Denormals.SetFlushToZero(true);
var data = MnistDataset.Load(FashionMnist.DefaultDirectory, trainLimit: 20_000);
Console.WriteLine($"{data.TrainCount} training and {data.TestCount} test images, {data.ImageHeight}x{data.ImageWidth}, {data.ClassCount} classes");
'''),
    code('''
var results = new List<TrainingResult>();
var deep = new TrainingSpec(null, Depth: 20, Width: 256, Activation: "relu", Optimizer: "sgd", Epochs: 2, Seed: 1);
TrainingSpec[] specs =
[
    deep with { Initializer = new HeNormal() },
    deep with { Initializer = new RandomNormal(0.0, 0.01) },
    deep with { Initializer = new RandomNormal(0.0, 0.01), BatchNorm = true },
    deep,                                                   // Initializer null: LSUV
];
foreach (var spec in specs)
{
    var result = TrainingRun.Run(spec, data);
    results.Add(result);
    var last = result.History.Epochs[^1];
    Console.WriteLine($"{spec.Label,-22} loss {last.Loss:F4}  train acc {last.Accuracy:P1}  test acc {result.TestAccuracy:P1}  ({result.History.Epochs.Sum(e => e.Seconds):F1} s)");
}
'''),
    md('''
Note the batch-norm run: tested in inference mode, BN uses its moving averages (momentum 0.99, Keras's default)
rather than the batch's statistics. With too few steps (on 10,000 images, about 300) they still remember their
initial values (mean 0, variance 1) and the test accuracy lags far behind the training accuracy; the 625 steps of
two epochs on 20,000 images are enough for them to catch up.
'''),
    md('''
## Learning curves

Training loss and test accuracy after each epoch (epoch 0 is not logged; the curves start after the first one).
'''),
    code('''
void Curves(string title, Func<EpochLog, double?> y)
{
    var plot = new ScottPlot.Plot();
    foreach (var r in results)
    {
        var line = plot.Add.Scatter(r.History.Epochs.Select(e => (double)e.Epoch).ToArray(), r.History.Epochs.Select(e => y(e) ?? double.NaN).ToArray());
        line.LegendText = r.Spec.Label;
    }
    plot.Title(title);
    plot.XLabel("epoch");
    plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
    ShowPng(plot, 700, 320);
}
Curves("training loss", e => e.Loss);
Curves("test accuracy", e => e.ValAccuracy);
'''),
    md('''
## LSUV, layer by layer

LSUV (Mishkin and Matas, 2016) starts from an orthonormal kernel and divides each layer's kernel by the std of its
output on one batch of 500 images, repeating until the output variance is within 0.1 of 1 (at most 10 times):
'''),
    code('''
var lsuv = results.Single(r => r.Spec.Initializer is null);
foreach (var l in lsuv.Lsuv) Console.WriteLine($"{l.Layer,-10} iterations {l.Iterations,2}  output variance {l.Variance:F4}");
'''),
    code('''
// The tutorial's claims, checked (a failed check fails the notebook run in CI). Chance is 10%; after two short
// epochs on 20,000 images "trains" means at least 50% (the same bar as the test suite), not converged.
TrainingResult Of(string label) => results.Single(r => r.Spec.Label == label);
void Claim(string label, bool trains)
{
    double acc = Of(label).TestAccuracy;
    bool holds = trains ? acc >= 0.5 : acc <= 0.15;
    string what = $"{label} {(trains ? "trains (test accuracy >= 50%)" : "does not train (test accuracy <= 15%)")}: {acc:P1}";
    Console.WriteLine((holds ? "ok   " : "FAIL ") + what);
    if (!holds) throw new Exception("claim failed: " + what);
}
Claim("RandomNormal(0.01)", trains: false);
Claim("RandomNormal(0.01) + BN", trains: true);
Claim("HeNormal", trains: true);
Claim("LSUV", trains: true);
'''),
])

notebook("09_paste_the_python.ipynb", [
    md("""
# 9. Paste the Python

The tutorial's code is Python: numpy lines (`W = tf.Variable(np.random.randn(n_in, n_out) * stdev)`) and TensorFlow 1.x
initializers (`tf.truncated_normal_initializer`, `tf.contrib.layers.xavier_initializer()`, ...). TfInit takes that text
as it is, wherever it takes an initializer name or Keras JSON: `KerasJson.Deserialize`, `kernelInitializer: "..."`,
`tfinit init`, `study --init`, `train --init`. A small parser reads it and nothing else runs: only numpy's drawing
functions, `np.sqrt`, arithmetic and the initializer calls of Keras, TF 1.x, PyTorch and JAX (`tfinit list` shows
every form).

Below, the tutorial's code block is pasted unchanged. With `NumPyRandomState(seed)` the numbers are those of numpy after
`np.random.seed(seed)`, to the last bit: the `=` lines are compared with `notebooks/python/09_paste_the_python.py`.
"""),
    code('''#load "setup.csx"
await TfInitNotebook.Reference("TfInit");'''),
    code('''
using System.Globalization;
using TfInit.Initializers;
using TfInit.Random;
using TfInit.Serialization;

string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);
void Exact(string label, IEnumerable<double> xs) => Console.WriteLine($"= {label}: {string.Join(" ", xs.Select(R))}");
'''),
    md("""
## The tutorial's numpy lines

Its conventions: `n_in` is the layer's input size, `n_out` its output size, `n` is `n_in` or `(n_in + n_out) * 0.5`.
TfInit binds `n_in`, `n_out` (and the blog's `node_in`, `node_out`) from the shape, and `shape` to the shape itself; `n`
is the code's to choose, so each recipe starts by choosing it. The tensor is what the code assigns to `W`.
"""),
    code('''
var recipes = new (string Name, string Code)[]
{
    ("Xavier normal", """
        n = (n_in + n_out) * 0.5
        stdev = np.sqrt(1/n)
        W = tf.Variable(np.random.randn(n_in, n_out) * stdev)
        """),
    ("Xavier uniform", """
        n = (n_in + n_out) * 0.5
        scale = np.sqrt(3/n)
        W = tf.Variable(np.random.uniform(low=-scale, high=scale, size=[n_in, n_out]))
        """),
    ("He normal", """
        n = n_in
        stdev = np.sqrt(2/n)
        W = tf.Variable(np.random.randn(n_in, n_out) * stdev)
        """),
    ("He uniform", """
        n = n_in
        scale = np.sqrt(6/n)
        W = tf.Variable(np.random.uniform(low=-scale, high=scale, size=[n_in, n_out]))
        """),
    ("BN + small Gaussian", """
        W = tf.Variable(np.random.randn(node_in, node_out) * 0.01)
        """),
};
foreach (var (name, text) in recipes)
{
    var init = KerasJson.Deserialize(text);
    double[] w = init.Generate(new NumPyRandomState(7), 784, 256);
    Exact($"{name} seed 7 [784, 256] first 5", w.Take(5));
    Exact($"{name} seed 7 [784, 256] last", new[] { w[^1] });
}
Console.WriteLine(KerasJson.Deserialize(recipes[0].Code));
'''),
    md("""
Numpy lines become a `NumPySnippet`: no Keras class has "whatever these lines compute", so its config keeps the code
(printed above), and `KerasJson.Deserialize` of that JSON gives the same initializer back.

The tutorial's BN line is also written `W = tf.Variable(np.random.randn(shape) * 0.01)`. Numpy refuses it:
`randn` takes the dimensions as separate integers, and a tuple is a `TypeError`. TfInit refuses it too, in one line
that says where and how to fix it:
"""),
    code('''
try
{
    KerasJson.Deserialize("W = tf.Variable(np.random.randn(shape) * 0.01)").Generate(new NumPyRandomState(7), 784, 256);
}
catch (ArgumentException e)
{
    Console.WriteLine(e.Message);
}
double[] fixedLine = KerasJson.Deserialize("W = tf.Variable(np.random.randn(*shape) * 0.01)").Generate(new NumPyRandomState(7), 784, 256);
Exact("randn(*shape) * 0.01 seed 7 first 5", fixedLine.Take(5));
'''),
    md("""
## The whole block at once

Pasted as one block, every line runs in order, drawing from one stream as Python would; `W` is the last assignment.
"""),
    code('''
const string block = """
    n = n_in
    stdev = np.sqrt(1/n)
    W = tf.Variable(np.random.randn(n_in, n_out) * stdev)
    scale = np.sqrt(3/n)
    W = tf.Variable(np.random.uniform(low=-scale, high=scale, size=[n_in, n_out]))
    stdev = np.sqrt(2/n)
    W = tf.Variable(np.random.randn(n_in, n_out) * stdev)
    scale = np.sqrt(6/n)
    W = tf.Variable(np.random.uniform(low=-scale, high=scale, size=[n_in, n_out]))
    W = tf.Variable(np.random.randn(node_in, node_out) * 0.01)
    """;
double[] last = KerasJson.Deserialize(block).Generate(new NumPyRandomState(2024), 64, 32);
Exact("whole block seed 2024 [64, 32] first 5", last.Take(5));
'''),
    md("""
## TensorFlow 1.x: "4、TensorFlow 中的实现"

TF 1.x's initializers have their own defaults (`tf.random_normal_initializer` has stddev 1.0 where Keras's
RandomNormal has 0.05) and contrib's own math (`variance_scaling_initializer` truncates a normal of stddev
sqrt(1.3 * factor / n) at 2 stddev). Each becomes a TfInit class with that math, read from TF 1.15's source; the JSON
says which. TensorFlow does not run here, so these lines check the formulas instead of a Python printout: the sample
std of a [784, 256] kernel against the std the formula gives (200,704 draws: within 1%).
"""),
    code('''
double TruncatedStd(double sigma) => sigma * 0.87962566103423978;   // a normal cut at +-2 sigma keeps 0.8796 of its std
var tf1 = new (string Code, double ExpectedStd)[]
{
    ("tf.truncated_normal_initializer(stddev=0.1, seed=1)", TruncatedStd(0.1)),
    ("tf.random_normal_initializer(seed=1)", 1.0),
    ("tf.random_uniform_initializer(seed=1)", Math.Sqrt(1.0 / 12)),
    ("tf.contrib.layers.xavier_initializer(seed=1)", Math.Sqrt(6.0 / (784 + 256)) / Math.Sqrt(3)),
    ("tf.contrib.layers.variance_scaling_initializer(factor=2.0, mode='FAN_IN', uniform=False, seed=1)", TruncatedStd(Math.Sqrt(1.3 * 2.0 / 784))),
    ("tf.uniform_unit_scaling_initializer(factor=1.43, seed=1)", Math.Sqrt(3.0 / 784) * 1.43 / Math.Sqrt(3)),
    ("tf.compat.v1.variance_scaling_initializer(scale=2.0, seed=1)", Math.Sqrt(2.0 / 784)),
};
foreach (var (text, expected) in tf1)
{
    var init = KerasJson.Deserialize(text);
    double[] w = init.Generate(784, 256);
    double mean = w.Average(), std = Math.Sqrt(w.Average(x => (x - mean) * (x - mean)));
    bool ok = Math.Abs(std / expected - 1) < 0.01;
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {text}\\n     -> {init}\\n     std {std:F5}, formula {expected:F5}");
    if (!ok) throw new Exception("std differs from the formula: " + text);
}
'''),
    md("""
The same text works in a Keras-style layer and on the command line:

```csharp
new Dense(256, activation: "relu", kernelInitializer: "tf.contrib.layers.variance_scaling_initializer()");
```

```sh
tfinit init "n = n_in; W = tf.Variable(np.random.randn(n_in, n_out) * np.sqrt(2/n))" --shape 784,256 --rng numpy --seed 7 --format stats
tfinit init "torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')" --shape 64,32,3,3 --format stats   # torch layout
tfinit study --init "tf.random_normal_initializer(stddev=0.01)" --init "W = np.random.randn(n_in, n_out) * np.sqrt(2/n_in)"
```
"""),
])


if STALE:
    print("notebooks differ from notebooks/build_notebooks.py (run it, then notebooks/run.sh): " + ", ".join(STALE),
          file=sys.stderr)
    sys.exit(1)

notebook("08_torchsharp_cnn_fashion_mnist.ipynb", [
    md('''
# 8. A plain TorchSharp CNN: three initializations, layer by layer

Most .NET models are plain TorchSharp (`nn.Conv2d`, `nn.Linear`, ...), not Keras-style layers. `TfInit.TorchSharp`
brings TfInit to them: `model.Initialize(policy, seed)` fills every parameter by the policy's rules (from the TfInit
core, name-keyed seeds), `ModuleProbe.Run` records each layer's activations and gradients through forward hooks,
and `Lsuv.Apply` runs LSUV on any `Module<Tensor, Tensor>`.

One small CNN on Fashion-MNIST (Debian's `dataset-fashion-mnist`, real data), initialized three ways:

1. **TorchSharp's default**: what the constructors draw (PyTorch's kaiming_uniform(a = sqrt(5)) rule, TorchSharp's
   own generator).
2. **`InitPolicy.Keras`**: Keras's layer defaults for the same layers (glorot_uniform kernels with Keras's fans,
   zero biases).
3. **LSUV** (Mishkin and Matas 2015): orthonormal weights, then each layer rescaled on one batch until its output
   variance is 1.

Then the per-layer statistics at initialization, and one short training epoch each.
'''),
    code('''#load "setup.csx"
await TfInitNotebook.Reference("TfInit", "TfInit.TorchSharp", "TfInit.Keras", "libtorch-cpu-linux-x64", "ScottPlot");'''),
    code('''
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;
using TfInit.TorchSharp;
using TfInit.TorchSharp.Probes;
using TfInit.Keras.Datasets;

var data = MnistDataset.Load(FashionMnist.DefaultDirectory, trainLimit: 12_000);
var xTrain = torch.tensor(data.TrainImages, new long[] { data.TrainCount, 1, data.ImageHeight, data.ImageWidth });
var yTrain = torch.tensor(data.TrainLabels);
var xTest = torch.tensor(data.TestImages, new long[] { data.TestCount, 1, data.ImageHeight, data.ImageWidth });
var yTest = torch.tensor(data.TestLabels);
Console.WriteLine($"{data.TrainCount} training and {data.TestCount} test images, {data.ImageHeight}x{data.ImageWidth}");

// The CNN: two 3x3 conv layers with max pooling, then two Linear layers.
torch.nn.Module<Tensor, Tensor> Cnn() => nn.Sequential(
    ("conv1", nn.Conv2d(1, 16, 3, padding: 1)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
    ("conv2", nn.Conv2d(16, 32, 3, padding: 1)), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
    ("flat", nn.Flatten()), ("fc1", nn.Linear(32 * 7 * 7, 128)), ("relu3", nn.ReLU()), ("fc2", nn.Linear(128, 10)));
'''),
    md('''
## Three initializations

`Initialize` returns what it did to each tensor. Its seeds are name-keyed: `fc1.weight` draws from a stream keyed by
the seed and the name `fc1.weight` only, so adding a layer would leave every other layer's values as they are.
'''),
    code('''
var batch = xTrain.narrow(0, 0, 256);
var batchLabels = yTrain.narrow(0, 0, 256);

torch.manual_seed(1);
var torchDefault = Cnn();                                   // TorchSharp's constructors

var keras = Cnn();
foreach (var p in keras.Initialize(InitPolicy.Keras, seed: 1))
    Console.WriteLine($"{p.Name,-12} [{string.Join(", ", p.Shape),-12}] {p.Initializer}");

var lsuv = Cnn();
lsuv.Initialize(InitPolicy.Keras, seed: 1);                 // biases 0; LSUV replaces the weights
foreach (var l in Lsuv.Apply(lsuv, batch, seed: 1))
    Console.WriteLine($"LSUV {l.Name,-6} iterations {l.Iterations}  output variance {l.Variance:F3}");
'''),
    md('''
## Per-layer statistics at initialization

The same 256 images through each model; a cross-entropy loss gives the backward pass. Per leaf module: the output's
mean and std, the fraction of zeros (dead ReLU units), and the std of d loss / d output.
'''),
    code('''
var models = new (string Name, torch.nn.Module<Tensor, Tensor> Model)[] { ("TorchSharp default", torchDefault), ("InitPolicy.Keras", keras), ("LSUV", lsuv) };
var stats = models.ToDictionary(m => m.Name, m => ModuleProbe.Run(m.Model, batch, loss: y => nn.functional.cross_entropy(y, batchLabels)));
foreach (var (name, s) in stats)
{
    Console.WriteLine(name);
    Console.WriteLine(ModuleProbe.Format(s));
}
'''),
    code('''
string Png(ScottPlot.Plot plot) => $"<img src=\\"data:image/png;base64,{Convert.ToBase64String(plot.GetImageBytes(700, 320, ScottPlot.ImageFormat.Png))}\\" />";
ScottPlot.Plot PerLayer(string title, Func<LayerStatistics, double> y)
{
    var plot = new ScottPlot.Plot();
    foreach (var (name, s) in stats)
    {
        var line = plot.Add.Scatter(s.Select(l => (double)l.Index).ToArray(), s.Select(y).ToArray());
        line.LegendText = name;
    }
    var first = stats.Values.First();
    plot.Axes.Bottom.SetTicks(first.Select(l => (double)l.Index).ToArray(), first.Select(l => l.Name).ToArray());
    plot.Title(title);
    plot.ShowLegend();
    return plot;
}
display(HTML(Png(PerLayer("std of each layer's output", l => l.Std)) + Png(PerLayer("std of d loss / d output", l => l.GradientStd ?? double.NaN))));
'''),
    md('''
## One short training epoch each

SGD with momentum 0.9, learning rate 0.01, batches of 64, one epoch over the 12,000 images in the same order for
every model, then the accuracy on the 10,000 test images.
'''),
    code('''
double Accuracy(torch.nn.Module<Tensor, Tensor> model)
{
    using var noGrad = torch.no_grad();
    model.eval();
    long correct = 0;
    for (long i = 0; i < xTest.shape[0]; i += 1000)
        correct += model.call(xTest.narrow(0, i, 1000)).argmax(1).eq(yTest.narrow(0, i, 1000)).sum().item<long>();
    return correct / (double)xTest.shape[0];
}

var order = torch.randperm(xTrain.shape[0], generator: new torch.Generator(0));
var results = new List<(string Name, double[] Losses, double Accuracy, double Seconds)>();
foreach (var (name, model) in models)
{
    var watch = System.Diagnostics.Stopwatch.StartNew();
    model.train();
    var optimizer = torch.optim.SGD(model.parameters(), 0.01, momentum: 0.9);
    var losses = new List<double>();
    for (long i = 0; i + 64 <= order.shape[0]; i += 64)
    {
        using var scope = torch.NewDisposeScope();
        var index = order.narrow(0, i, 64);
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(model.call(xTrain.index(index)), yTrain.index(index));
        loss.backward();
        optimizer.step();
        losses.Add(loss.item<float>());
    }
    results.Add((name, losses.ToArray(), Accuracy(model), watch.Elapsed.TotalSeconds));
    var r = results[^1];
    Console.WriteLine($"{name,-20} last-50-batch loss {r.Losses[^50..].Average():F3}  test accuracy {r.Accuracy:P1}  ({r.Seconds:F1} s)");
}
'''),
    code('''
var curves = new ScottPlot.Plot();
foreach (var r in results)
{
    // A running mean over 20 batches makes the curves readable.
    var smooth = Enumerable.Range(0, r.Losses.Length - 19).Select(i => r.Losses.Skip(i).Take(20).Average()).ToArray();
    var line = curves.Add.Scatter(Enumerable.Range(20, smooth.Length).Select(i => (double)i).ToArray(), smooth);
    line.LegendText = r.Name;
    line.MarkerSize = 0;
}
curves.Title("training loss (running mean of 20 batches)");
curves.XLabel("batch");
curves.ShowLegend();
display(HTML(Png(curves)));
'''),
    md('''
What to read here: LSUV is the only one of the three whose every layer starts with output variance 1 by
construction. TorchSharp's default (U(+-1/sqrt(fan_in)), a third of He's variance) and Keras's Glorot kernels both
shrink the signal from layer to layer (the std of the last layer's output is far below 1), and their gradients at the
first layers are smaller. On a network this shallow all three train; in this run LSUV's loss falls fastest. The
deeper the network, the more these starting statistics decide (notebook 7: 20 ReLU layers).
'''),
    code('''
// Checked claims (a failed check fails the notebook run): every initialization trains (chance is 10%), and LSUV's
// layers start at unit variance (within its tolerance 0.1) while TorchSharp's default output std shrinks below 0.5.
foreach (var r in results)
{
    bool ok = r.Accuracy >= 0.6;
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {r.Name} trains: test accuracy {r.Accuracy:P1} >= 60%");
    if (!ok) throw new Exception($"{r.Name} did not train");
}
var fc2 = stats["LSUV"].Single(l => l.Name == "fc2");
bool unit = Math.Abs(fc2.Std * fc2.Std - 1) < 0.1;
Console.WriteLine($"{(unit ? "ok  " : "FAIL")} LSUV fc2 output variance {fc2.Std * fc2.Std:F3}");
if (!unit) throw new Exception("LSUV did not reach unit variance");
var shrink = stats["TorchSharp default"].Single(l => l.Name == "fc2").Std;
Console.WriteLine($"{(shrink < 0.5 ? "ok  " : "FAIL")} TorchSharp default fc2 output std {shrink:F3} < 0.5");
if (shrink >= 0.5) throw new Exception("TorchSharp's default did not shrink the signal");
'''),
])
