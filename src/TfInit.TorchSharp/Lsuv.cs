using TfInit.Initializers;
using TfInit.Random;
using TfInit.TorchSharp.Filling;
using TfInit.TorchSharp.Probes;
using static TorchSharp.torch;

namespace TfInit.TorchSharp;

/// <summary>
/// Layer-sequential unit-variance initialization (Mishkin and Matas 2015, "All you need is a good init") for any
/// TorchSharp <c>Module&lt;Tensor, Tensor&gt;</c>: every leaf module with a weight of rank &gt;= 2 (Linear, Conv, ...) is
/// first given an orthonormal weight (the Keras kernel layout's Orthogonal, seeded by name), then, in the order the
/// forward pass calls them, its weight is divided by sqrt(Var(output)) until |Var(output) - 1| &lt; tolVar or tMax
/// rescalings were made. The forward passes run in eval mode under no_grad; the training flag is restored.
/// </summary>
public static class Lsuv
{
    /// <summary>Applies LSUV.</summary>
    /// <param name="module">The model; its layers must be called through <c>call</c> (as Sequential does).</param>
    /// <param name="batch">A mini-batch of training inputs.</param>
    /// <param name="tolVar">The paper's Tol_var (default 0.1); finite and &gt; 0.</param>
    /// <param name="tMax">The paper's T_max, the most rescalings per layer (default 10); &gt;= 1.</param>
    /// <param name="orthonormal">Whether to start from orthonormal weights (the paper's step 1).</param>
    /// <param name="seed">Seed of the orthonormal matrices (name-keyed, as <see cref="ModuleInitialization.Initialize"/>).</param>
    /// <returns>One entry per rescaled layer, in call order.</returns>
    /// <exception cref="ArgumentException">No layer with a weight ran, or an argument out of range.</exception>
    public static IReadOnlyList<LsuvLayerResult> Apply(nn.Module<Tensor, Tensor> module, Tensor batch, double tolVar = 0.1, int tMax = 10,
        bool orthonormal = true, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(batch);
        if (!(tolVar > 0 && double.IsFinite(tolVar)))
        {
            throw new ArgumentOutOfRangeException(nameof(tolVar), tolVar, "tolVar must be a finite number > 0.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(tMax, 1);
        bool training = module.training;
        module.eval();
        try
        {
            using var noGrad = no_grad();
            var layers = LayersInCallOrder(module, batch);
            if (layers.Count == 0)
            {
                throw new ArgumentException("The model has no leaf module with a weight of rank >= 2 (Linear, Conv) that its forward pass calls.", nameof(module));
            }

            var results = new List<LsuvLayerResult>();
            foreach (var (name, layer, weight) in layers)
            {
                if (orthonormal)
                {
                    TensorFill.FillKerasLayout(weight, new Orthogonal(), new PhiloxStream(Seeds.ForName(seed, $"{name}.weight")));
                }

                int iterations = 0;
                double variance = OutputVariance(module, batch, layer);
                while (Math.Abs(variance - 1) >= tolVar && iterations < tMax && variance > 0 && double.IsFinite(variance))
                {
                    // Scalar held until the call returns (an implicit temporary may be finalized while libtorch reads it).
                    using global::TorchSharp.Scalar std = Math.Sqrt(variance);
                    weight.div_(std);
                    iterations++;
                    variance = OutputVariance(module, batch, layer);
                }

                results.Add(new LsuvLayerResult(name, layer.GetType().Name, iterations, variance));
            }

            return results;
        }
        finally
        {
            module.train(training);
        }
    }

    private static List<(string Name, nn.Module<Tensor, Tensor> Layer, Tensor Weight)> LayersInCallOrder(nn.Module<Tensor, Tensor> module, Tensor batch)
    {
        var order = new List<(string, nn.Module<Tensor, Tensor>, Tensor)>();
        var seen = new HashSet<nn.Module>();
        var removers = ModuleProbe.Hook(module, (name, layer, _) =>
        {
            var weight = layer.named_parameters(recurse: false).Where(p => p.name == "weight").Select(p => p.parameter).FirstOrDefault();
            if (weight is not null && weight.Dimensions >= 2 && seen.Add(layer))
            {
                order.Add((name, layer, weight));
            }
        });
        try
        {
            using var scope = NewDisposeScope();
            module.call(batch);
        }
        finally
        {
            removers.ForEach(remove => remove());
        }

        return order;
    }

    private static double OutputVariance(nn.Module<Tensor, Tensor> module, Tensor batch, nn.Module<Tensor, Tensor> target)
    {
        double variance = double.NaN;
        using var scope = NewDisposeScope();
        using var hook = new HookScope(target.register_forward_hook((m, _, output) =>
        {
            // The population variance in double, written out (TorchSharp's var(unbiased: false) over all elements ignores the flag).
            var values = output.to_type(ScalarType.Float64);
            variance = values.sub(values.mean()).square().mean().item<double>();
            return output;
        }).remove);
        module.call(batch);
        return variance;
    }

    private sealed class HookScope(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
