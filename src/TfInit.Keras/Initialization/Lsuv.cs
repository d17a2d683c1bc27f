using TfInit.Initializers;
using TfInit.Keras.Layers;
using TfInit.Keras.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.Keras.Initialization;

/// <summary>
/// Layer-sequential unit-variance initialization (Mishkin and Matas 2015, "All you need is a good init"):
/// pre-initialize every kernel with an orthonormal matrix, then for each layer in order, forward a mini-batch
/// and divide the kernel by sqrt(Var(output)) until |Var(output) - 1| &lt; tolVar or tMax rescalings were made.
/// The output is the layer's own output (after its activation when the layer has one), as public
/// implementations measure it.
/// </summary>
public static class Lsuv
{
    /// <summary>Applies LSUV to a built model.</summary>
    /// <param name="model">A built model with Dense or Conv2D layers.</param>
    /// <param name="batch">A mini-batch of training inputs.</param>
    /// <param name="tolVar">The paper's Tol_var: accepted distance of the variance from 1 (default 0.1); &gt; 0.</param>
    /// <param name="tMax">The paper's T_max: the most rescalings per layer (default 10); &gt;= 1.</param>
    /// <param name="orthonormal">Whether to replace each kernel by an orthonormal one first (the paper's step 1).</param>
    /// <param name="seed">Seed of the orthonormal matrices.</param>
    /// <returns>One entry per rescaled layer.</returns>
    /// <exception cref="ArgumentException">An unbuilt model, a model without kernels, or an argument out of range.</exception>
    public static IReadOnlyList<LsuvLayerResult> Apply(Sequential model, Tensor batch, double tolVar = 0.1, int tMax = 10,
        bool orthonormal = true, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.Built)
        {
            throw new ArgumentException("Build the model before applying LSUV.", nameof(model));
        }

        if (!(tolVar > 0 && double.IsFinite(tolVar)))
        {
            throw new ArgumentOutOfRangeException(nameof(tolVar), tolVar, "tolVar must be a finite number > 0.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(tMax, 1);
        var layers = model.Layers.Select((layer, index) => (layer, index, kernel: layer.RescalableKernel))
            .Where(t => t.kernel is not null).ToList();
        if (layers.Count == 0)
        {
            throw new ArgumentException("The model has no Dense or Conv2D layer for LSUV to scale.", nameof(model));
        }

        using var noGrad = torch.no_grad();
        var results = new List<LsuvLayerResult>();
        foreach (var (layer, index, kernel) in layers)
        {
            if (orthonormal)
            {
                int[] shape = kernel!.shape.Select(d => (int)d).ToArray();
                var values = new Orthogonal(gain: 1.0, seed: (seed + index) & uint.MaxValue).Generate(shape);
                using var q = torch.tensor(values, kernel.shape, ScalarType.Float64);
                kernel.copy_(q);
            }

            int iterations = 0;
            double variance = OutputVariance(model, batch, index);
            while (Math.Abs(variance - 1) >= tolVar && iterations < tMax && variance > 0 && double.IsFinite(variance))
            {
                // Scalar held until the call returns (an implicit temporary may be finalized while libtorch reads it).
                using Scalar std = Math.Sqrt(variance);
                kernel!.div_(std);
                iterations++;
                variance = OutputVariance(model, batch, index);
            }

            results.Add(new LsuvLayerResult(index, layer.Name!, iterations, variance));
        }

        return results;
    }

    private static double OutputVariance(Sequential model, Tensor batch, int index)
    {
        double variance = double.NaN;
        using var scope = NewDisposeScope();
        model.Forward(batch, training: false, (i, output) =>
        {
            if (i == index)
            {
                // The population variance, written out: TorchSharp's var(unbiased: false) over all elements
                // ignores the flag and divides by n - 1.
                var values = output.to_type(ScalarType.Float64);
                variance = values.sub(values.mean()).square().mean().ToDouble();
            }
        });
        return variance;
    }
}
