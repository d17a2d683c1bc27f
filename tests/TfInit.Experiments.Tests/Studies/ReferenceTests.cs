using TfInit.Keras.Studies;

namespace TfInit.Experiments.Tests.Studies;

/// <summary>
/// The default suite reproduces the published numbers in docs/REFERENCES.md (CS231n lecture 6 and the
/// tutorial's blog) and their qualitative claims. Those numbers came from other random draws, so each check
/// states a tolerance wide enough for a different draw and narrow enough to fail if the math were wrong.
/// </summary>
public sealed class ReferenceTests(PresetRuns runs) : IClassFixture<PresetRuns>
{
    private StudyResult Cs231n(int run) => runs.Cs231n[run];

    [Fact]
    public void Cs231nSmallGaussianWithTanhStartsAt0213AndShrinksBy02236PerLayer()
    {
        var layers = Cs231n(0).Layers;

        // Layer 1: std(x @ W) = 0.01 * sqrt(500) = 0.2236, and tanh of that spread gives the published 0.213081.
        // The std of a layer is an average over 500 000 values and 250 000 weights: across draws it moves by well
        // under 1%; 3% fails for any other scale (0.009 or 0.011 would move it by 10%).
        Assert.InRange(layers[0].Std, 0.213081 * 0.97, 0.213081 * 1.03);

        // Each further layer multiplies the std by 0.01 * sqrt(500) = 0.2236 (tanh is linear near 0).
        for (int i = 1; i < layers.Count; i++)
        {
            Assert.InRange(layers[i].Std / layers[i - 1].Std, 0.2236 * 0.95, 0.2236 * 1.05);
        }

        // The published table: 0.000119 at layer 6, 0.000000 at layer 10 (printed with six decimals).
        Assert.InRange(layers[5].Std, 0.000119 * 0.9, 0.000119 * 1.1);
        Assert.True(layers[9].Std < 5e-7, $"layer 10 std {layers[9].Std} should print as 0.000000");
    }

    [Fact]
    public void Cs231nUnitGaussianWithTanhSaturates()
    {
        // "Almost all outputs at -1 or +1": with std(x @ W) = sqrt(500) = 22, |tanh| > 0.99 needs |x| > 2.65,
        // which holds for about 90% of values at every layer.
        foreach (var layer in Cs231n(1).Layers)
        {
            Assert.True(layer.SaturatedFraction > 0.85, $"layer {layer.Index}: only {layer.SaturatedFraction:P1} saturated");
            Assert.InRange(layer.Std, 0.95, 1.0);
        }
    }

    [Fact]
    public void Cs231nXavierWithTanhKeepsAHealthySlowlyShrinkingSpread()
    {
        var layers = Cs231n(2).Layers;
        for (int i = 1; i < layers.Count; i++)
        {
            Assert.True(layers[i].Std < layers[i - 1].Std, $"layer {i + 1} std should be below layer {i}'s");
            // tanh'(0) = 1 but E[tanh'] < 1: the spread shrinks by 23% at layer 2, then ever more slowly (7% by layer 10).
            Assert.True(layers[i].Std > 0.7 * layers[i - 1].Std, $"layer {i + 1} shrinks too fast");
        }

        // tanh of N(0, 1) has std 0.6278; the spread stays far from 0 and from saturation.
        Assert.InRange(layers[0].Std, 0.60, 0.66);
        Assert.InRange(layers[9].Std, 0.15, 0.35);
        Assert.All(layers, l => Assert.True(l.SaturatedFraction < 0.02));
    }

    [Fact]
    public void Cs231nXavierWithReluShrinksTowardZero()
    {
        var layers = Cs231n(3).Layers;

        // ReLU halves the variance that Xavier preserves: std falls by about 1/sqrt(2) per layer, 10 layers to ~3%.
        Assert.True(layers[9].Std < 0.1 * layers[0].Std, $"layer 10 std {layers[9].Std} vs layer 1 {layers[0].Std}");
        for (int i = 1; i < layers.Count; i++)
        {
            Assert.InRange(layers[i].Std / layers[i - 1].Std, 0.55, 0.85);
        }
    }

    [Fact]
    public void Cs231nHeWithReluHolds()
    {
        // Published: means 0.545-0.623 and stds 0.814-0.889 at every layer. He keeps the second moment at 1 per
        // layer in expectation, but it drifts as a random walk (a few percent per layer), so a draw other than
        // the lecture's may wander to about 0.94 by layer 10: the bounds allow 0.75-1.0. The mean walks with the std
        // (mean / std is 0.683 for exactly half dead; 0.63-0.73 across this run's layers), so its bound is 0.50-0.75: Philox seed 1 reaches
        // mean 0.703 with std 0.973 and 46.9% dead at layer 10.
        foreach (var layer in Cs231n(4).Layers)
        {
            Assert.InRange(layer.Std, 0.75, 1.0);
            Assert.InRange(layer.Mean, 0.50, 0.75);
            Assert.InRange(layer.ZeroFraction, 0.44, 0.56);
        }
    }

    [Fact]
    public void BlogBatchNormPrintoutIsReproduced()
    {
        var result = runs.Blog[5];
        Assert.True(result.Spec.BatchNorm);

        // The blog's printout (docs/REFERENCES.md). After batch norm every layer is N(0, v / (v + 0.001)) whatever the
        // draw, so ReLU's mean and std are fixed by epsilon and the width; only sampling noise over 2000 x width
        // values (about 0.1%) remains: 1% fails if epsilon, the biased variance or the ReLU were different.
        double[] means = [0.39655, 0.39097, 0.39013, 0.38912, 0.38809, 0.38675, 0.38525, 0.38357, 0.38152];
        double[] stds = [0.58050, 0.57310, 0.57215, 0.57075, 0.57041, 0.56902, 0.56721, 0.56485, 0.56284];
        Assert.InRange(result.Input.Mean, -0.01, 0.01);
        Assert.InRange(result.Input.Std, 0.99, 1.01);
        for (int i = 0; i < means.Length; i++)
        {
            Assert.InRange(result.Layers[i].Mean, means[i] * 0.99, means[i] * 1.01);
            Assert.InRange(result.Layers[i].Std, stds[i] * 0.99, stds[i] * 1.01);
        }
    }

    [Fact]
    public void BlogHistogramsTellTheSameStory()
    {
        var blog = runs.Blog;

        // 0.01 with tanh collapses to 0; 1.0 with tanh saturates; Xavier tanh stays spread;
        // Xavier ReLU drifts to 0; He ReLU stays spread.
        Assert.True(blog[0].Layers[^1].Std < 1e-3);
        Assert.All(blog[1].Layers, l => Assert.True(l.SaturatedFraction > 0.85));
        Assert.True(blog[2].Layers[^1].Std > 0.15);
        Assert.True(blog[3].Layers[^1].Std < 0.15 * blog[3].Layers[0].Std);
        Assert.All(blog[4].Layers, l => Assert.InRange(l.Std, 0.7, 1.1));
    }
}
