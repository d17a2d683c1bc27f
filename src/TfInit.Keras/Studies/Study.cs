using System.Diagnostics;
using TfInit.Analysis;
using TfInit.Keras.Layers;
using TfInit.Keras.Models;
using TfInit.Keras.Probes;
using TfInit.Random;
using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.Keras.Studies;

/// <summary>
/// Runs the tutorial's sample graphs: the input and then every kernel are drawn from one stream, in the order
/// a Python script draws them (<c>D = np.random.randn(rows, features)</c>, then <c>W = ...</c> per layer, then the
/// error signal <c>G = np.random.randn(rows, width_L)</c>); every layer's activations are summarized on one forward
/// pass and its gradients on the backward pass of Loss = sum(H_L * G) / rows, and the run gets a verdict
/// (<see cref="VerdictRules"/>).
/// </summary>
public static class Study
{
    /// <summary>Runs one graph.</summary>
    /// <param name="spec">The graph.</param>
    /// <param name="layerDone">Called for each layer once its statistics are known (1-based index), for progress; may be null.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="ArgumentException">A non-positive size, an unknown activation, or a seed the stream rejects.</exception>
    public static StudyResult Run(StudySpec spec, Action<int>? layerDone = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Check(spec);
        var clock = Stopwatch.StartNew();
        RandomStream stream = spec.NumPyStream ? new NumPyRandomState(spec.Seed) : new PhiloxStream(spec.Seed);
        var dtype = spec.Float64 ? ScalarType.Float64 : ScalarType.Float32;

        // np.random.randn(rows, features), then .astype('float32') when the graph runs in float32.
        var input = new double[checked(spec.InputRows * spec.InputFeatures)];
        stream.StandardNormal(input);
        var inputStats = Statistics.Of(spec.Float64 ? input : input.Select(v => (double)(float)v).ToArray());

        var model = new Sequential();
        foreach (int width in spec.Widths)
        {
            model.Add(new Dense(width, useBias: spec.Bias, kernelInitializer: spec.Initializer));
            if (spec.BatchNorm)
            {
                model.Add(BatchNormalization.TfContrib(center: true, scale: true));
            }

            model.Add(new Activation(spec.Activation));
        }

        model.Build([spec.InputFeatures], dtype, stream);

        // G, the error signal at the top, comes after the last kernel: np.random.randn(rows, width_L) in the script.
        var upstream = new double[checked(spec.InputRows * spec.Widths[^1])];
        stream.StandardNormal(upstream);

        using var scope = NewDisposeScope();
        var x = torch.tensor(input, [spec.InputRows, spec.InputFeatures], ScalarType.Float64).to_type(dtype);
        var g = torch.tensor(upstream, [spec.InputRows, spec.Widths[^1]], ScalarType.Float64).to_type(dtype);
        var pass = Probe.Backward(model, x, g, training: true, include: layer => layer is Activation);
        var layers = pass.Activations.Select((stats, i) => stats with { Index = i + 1 }).ToList();
        var gradients = pass.Gradients.Select((stats, i) => stats with { Index = i + 1 }).ToList();
        for (int i = 1; i <= layers.Count; i++)
        {
            layerDone?.Invoke(i);
        }

        var signals = layers.Zip(gradients, (a, b) =>
            new LayerSignal(a.Std, a.SaturatedFraction, a.ZeroFraction, b.GradStd, b.WeightGradStd, b.WeightGradNorm)).ToList();
        var diagnosis = VerdictRules.Judge(signals, double.IsFinite(pass.Loss));
        return new StudyResult(spec, inputStats, layers, gradients, pass.Loss, diagnosis, clock.Elapsed.TotalSeconds);
    }

    private static void Check(StudySpec spec)
    {
        if (spec.InputRows <= 0 || spec.InputFeatures <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), $"({spec.InputRows}, {spec.InputFeatures})",
                "The input shape must be two positive integers (rows, features).");
        }

        if (spec.Widths.Count == 0)
        {
            throw new ArgumentException("A study needs at least one layer width.", nameof(spec));
        }

        foreach (int width in spec.Widths)
        {
            if (width <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(spec), width, "Every layer width must be a positive integer.");
            }
        }

        Activations.Get(spec.Activation);
    }
}
