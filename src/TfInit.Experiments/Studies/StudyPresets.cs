using TfInit.Initializers;
using TfInit.Keras.Studies;

namespace TfInit.Experiments.Studies;

/// <summary>
/// The published experiments the tutorial rests on (see docs/REFERENCES.md): CS231n lecture 6 and the blog
/// "聊一聊深度学习的weight initialization".
/// </summary>
public static class StudyPresets
{
    /// <summary>The preset names <see cref="Get"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["cs231n", "blog", "all"];

    /// <summary>
    /// cs231n: input 1000x500 (float64, as numpy), 10 layers of 500; blog: input 2000x800 float32, widths 750 to
    /// 350 (nine layers). Each runs tanh with 0.01 * randn, tanh with 1.0 * randn, tanh with Xavier
    /// (randn / sqrt(fan_in)), ReLU with Xavier and ReLU with He (randn / sqrt(fan_in / 2)); blog adds
    /// 0.01 * randn with batch norm and ReLU. all: both.
    /// </summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="seed">The stream's seed.</param>
    /// <param name="numPyStream">Whether to draw from numpy's legacy MT19937 stream.</param>
    /// <param name="float64">Overrides the preset's dtype when not null.</param>
    /// <param name="bias">Whether the Dense layers add a bias.</param>
    /// <returns>The graphs, in order.</returns>
    /// <exception cref="ArgumentException">An unknown preset (the message lists the valid ones).</exception>
    public static IReadOnlyList<StudySpec> Get(string name, long seed = 1, bool numPyStream = false, bool? float64 = null, bool bias = false)
    {
        int[] cs231nWidths = Enumerable.Repeat(500, 10).ToArray();
        int[] blogWidths = Enumerable.Range(1, 9).Select(i => 800 - (50 * i)).ToArray();
        var cs231n = Tutorial(1000, 500, cs231nWidths, float64 ?? true, withBatchNorm: false);
        var blog = Tutorial(2000, 800, blogWidths, float64 ?? false, withBatchNorm: true);
        var specs = name switch
        {
            "cs231n" => cs231n,
            "blog" => blog,
            "all" => cs231n.Concat(blog),
            _ => throw new ArgumentException($"Unknown preset '{name}'; allowed: {string.Join(", ", Names)}.", nameof(name)),
        };
        return specs.Select(s => s with { Seed = seed, NumPyStream = numPyStream, Bias = bias }).ToList();
    }

    /// <summary>0.01 * randn: the small Gaussian that vanishes without batch norm.</summary>
    /// <returns>RandomNormal(mean 0, stddev 0.01).</returns>
    public static Initializer Small() => new RandomNormal(0.0, 0.01);

    /// <summary>1.0 * randn: the large Gaussian that saturates tanh.</summary>
    /// <returns>RandomNormal(mean 0, stddev 1).</returns>
    public static Initializer Large() => new RandomNormal(0.0, 1.0);

    /// <summary>Xavier as CS231n writes it, randn / sqrt(fan_in).</summary>
    /// <returns>VarianceScaling(1, fan_in, untruncated_normal).</returns>
    public static Initializer Xavier() => new VarianceScaling(1.0, "fan_in", "untruncated_normal");

    /// <summary>He as CS231n writes it, randn / sqrt(fan_in / 2).</summary>
    /// <returns>VarianceScaling(2, fan_in, untruncated_normal).</returns>
    public static Initializer He() => new VarianceScaling(2.0, "fan_in", "untruncated_normal");

    private static IEnumerable<StudySpec> Tutorial(int rows, int features, int[] widths, bool float64, bool withBatchNorm)
    {
        yield return new StudySpec("tanh", Small(), rows, features, widths, Float64: float64);
        yield return new StudySpec("tanh", Large(), rows, features, widths, Float64: float64);
        yield return new StudySpec("tanh", Xavier(), rows, features, widths, Float64: float64);
        yield return new StudySpec("relu", Xavier(), rows, features, widths, Float64: float64);
        yield return new StudySpec("relu", He(), rows, features, widths, Float64: float64);
        if (withBatchNorm)
        {
            yield return new StudySpec("relu", Small(), rows, features, widths, BatchNorm: true, Float64: float64);
        }
    }
}
