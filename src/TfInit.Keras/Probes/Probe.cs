using TfInit.Keras.Layers;
using TfInit.Keras.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.Keras.Probes;

/// <summary>
/// Per-layer statistics at initialization: what the tutorial plots to show activations vanishing,
/// saturating or exploding, and the gradients that follow.
/// </summary>
public static class Probe
{
    /// <summary>Runs <paramref name="input"/> forward and summarizes every layer's output.</summary>
    /// <param name="model">A built model.</param>
    /// <param name="input">The batch.</param>
    /// <param name="training">Training mode (batch statistics for BatchNormalization).</param>
    /// <param name="bins">Histogram bins; positive.</param>
    /// <param name="include">Which layers to summarize (all when null).</param>
    /// <returns>One entry per summarized layer, in order.</returns>
    public static IReadOnlyList<ActivationStatistics> Activations(Sequential model, Tensor input, bool training = true, int bins = 50,
        Func<Layer, bool>? include = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var results = new List<ActivationStatistics>();
        using var noGrad = torch.no_grad();
        using var output = model.Forward(input, training, (i, x) =>
        {
            if (include?.Invoke(model.Layers[i]) ?? true)
            {
                results.Add(Summarize(i, model.Layers[i], x, bins));
            }
        });
        return results;
    }

    /// <summary>
    /// Runs <paramref name="input"/> forward, applies <paramref name="loss"/> to the output, runs backward
    /// and summarizes the gradient of every trainable weight. Gradients are cleared before and after.
    /// </summary>
    /// <param name="model">A built model.</param>
    /// <param name="input">The batch.</param>
    /// <param name="loss">Maps the model's output to a scalar loss.</param>
    /// <param name="training">Training mode.</param>
    /// <returns>One entry per trainable weight, in layer order.</returns>
    public static IReadOnlyList<GradientStatistics> Gradients(Sequential model, Tensor input, Func<Tensor, Tensor> loss, bool training = true)
    {
        var weights = model.Layers.SelectMany((layer, index) => layer.Weights.Where(w => w.Trainable).Select(w => (index, layer, w))).ToList();
        foreach (var (_, _, w) in weights)
        {
            w.Value.grad?.zero_();
        }

        using (var scope = NewDisposeScope())
        {
            var output = model.Forward(input, training, null);
            loss(output).backward();
        }

        var results = new List<GradientStatistics>();
        foreach (var (index, layer, w) in weights)
        {
            using var grad = w.Value.grad;
            double norm = grad is null ? 0 : grad.norm().ToDouble();
            double std = grad is null ? 0 : grad.std(unbiased: false).ToDouble();
            results.Add(new GradientStatistics(index, layer.Name!, w.Name, norm, std));
            grad?.zero_();
        }

        return results;
    }

    /// <summary>
    /// Runs <paramref name="input"/> forward with autograd, then backward from
    /// Loss = sum(output * <paramref name="upstream"/>) / rows, so that dLoss/d(output) = upstream / rows: a chosen error
    /// signal arriving at the top, as in the backward analysis of Glorot and Bengio (2010) and He et al. (2015).
    /// Summarizes every probed layer's output H (as <see cref="Activations"/> does), dLoss/dH, and dLoss/dW for the
    /// kernel of the nearest Dense or Conv2D layer at or before it. Gradients are cleared before and after.
    /// </summary>
    /// <param name="model">A built model.</param>
    /// <param name="input">The batch, [rows, ..].</param>
    /// <param name="upstream">A tensor of the output's shape (a standard-normal draw for the study).</param>
    /// <param name="training">Training mode (batch statistics for BatchNormalization).</param>
    /// <param name="bins">Histogram bins; positive.</param>
    /// <param name="include">Which layers to summarize (all when null).</param>
    /// <returns>The statistics and the loss.</returns>
    /// <exception cref="ArgumentException"><paramref name="upstream"/> does not have the output's shape.</exception>
    public static BackwardPass Backward(Sequential model, Tensor input, Tensor upstream, bool training = true, int bins = 50,
        Func<Layer, bool>? include = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        ClearGradients(model);
        using var scope = NewDisposeScope();
        var probed = new List<(int Index, Tensor Output, Tensor? Kernel)>();
        Tensor? kernel = null;
        var output = model.Forward(input, training, (i, x) =>
        {
            kernel = model.Layers[i].RescalableKernel ?? kernel;
            if (include?.Invoke(model.Layers[i]) ?? true)
            {
                // Forward's own scope would free the handle; the graph keeps the values, this keeps the handle for .grad.
                x.MoveToOuterDisposeScope();
                x.retain_grad();
                probed.Add((i, x, kernel));
            }
        });
        if (!output.shape.SequenceEqual(upstream.shape))
        {
            throw new ArgumentException(
                $"The upstream gradient has shape ({string.Join(", ", upstream.shape)}) but the output has ({string.Join(", ", output.shape)}).",
                nameof(upstream));
        }

        var loss = output.mul(upstream.to_type(output.dtype)).sum().div(output.shape[0]);
        loss.backward();

        var activations = new List<ActivationStatistics>(probed.Count);
        var gradients = new List<BackwardStatistics>(probed.Count);
        foreach (var (index, x, w) in probed)
        {
            using (no_grad())
            {
                activations.Add(Summarize(index, model.Layers[index], x.detach(), bins));
            }

            var (gradStd, _) = StdNorm(x.grad);
            var (weightStd, weightNorm) = StdNorm(w?.grad);
            gradients.Add(new BackwardStatistics(index, gradStd, weightStd, weightNorm));
        }

        double value = loss.ToDouble();
        ClearGradients(model);
        return new BackwardPass(activations, gradients, value);
    }

    // In double, like the forward statistics; an absent gradient (nothing flowed there) counts as zeros.
    private static (double Std, double Norm) StdNorm(Tensor? grad)
    {
        if (grad is null)
        {
            return (0, 0);
        }

        using var scope = NewDisposeScope();
        var values = grad.to_type(ScalarType.Float64);
        return (values.std(unbiased: false).ToDouble(), values.norm().ToDouble());
    }

    private static void ClearGradients(Sequential model)
    {
        foreach (var w in model.Layers.SelectMany(l => l.Weights))
        {
            w.Value.grad?.zero_();
        }
    }

    private static ActivationStatistics Summarize(int index, Layer layer, Tensor x, int bins)
    {
        using var scope = NewDisposeScope();
        // Sums of a million float32 values lose digits; the statistics are taken in double.
        var values = x.dtype == ScalarType.Float64 ? x : x.to_type(ScalarType.Float64);
        var (stdTensor, meanTensor) = torch.std_mean(values, unbiased: false);
        double mean = meanTensor.ToDouble();
        double std = stdTensor.ToDouble();
        double count = values.numel();
        // Scalars are held until the calls return (an implicit temporary may be finalized while libtorch reads it).
        using Scalar zeroScalar = 0.0;
        double zero = values.eq(zeroScalar).sum().ToDouble() / count;
        var bounds = layer.OutputActivation is { } function ? Keras.Activations.Bounds(function) : null;
        double saturated = 0;
        (double Low, double High) range;
        if (bounds is { } b)
        {
            double centre = (b.Low + b.High) / 2;
            double half = (b.High - b.Low) / 2;
            using Scalar centreScalar = centre, edge = 0.99 * half;
            saturated = values.sub(centreScalar).abs().gt(edge).sum().ToDouble() / count;
            range = b;
        }
        else
        {
            // Over the finite values: an overflowed layer (Inf, NaN) still gets a histogram of what stayed finite.
            using var finite = values.masked_select(values.isfinite());
            range = finite.numel() == 0 ? (0, 0) : (finite.min().ToDouble(), finite.max().ToDouble());
        }

        long[] histogram = Histogram(values, bins, range);
        return new ActivationStatistics(index, layer.Name!, x.shape[^1], mean, std, saturated, zero, histogram, range);
    }

    /// <summary>Counts of the finite values; Inf and NaN (an overflowed forward pass) fall in no bin.</summary>
    private static long[] Histogram(Tensor values, int bins, (double Low, double High) range)
    {
        using var finite = values.masked_select(values.isfinite());
        if (!(range.High > range.Low))
        {
            // Every value is equal: one full bin.
            var single = new long[bins];
            single[0] = finite.numel();
            return single;
        }

        // Bin i holds [low + i * w, low + (i + 1) * w); the top edge belongs to the last bin, as numpy.histogram does.
        // (TorchSharp's histc takes integer bounds only.) When high - low overflows (values spanning nearly the whole
        // double range), halves of everything give the same bins.
        bool halve = !double.IsFinite(range.High - range.Low);
        double divisor = halve ? 2 : 1;
        // Scalars are held until the calls return (an implicit temporary may be finalized while libtorch reads it).
        using Scalar divisorScalar = divisor, lowScaled = range.Low / divisor, low = range.Low;
        using Scalar perBin = bins / (range.High / divisor - range.Low / divisor), first = 0, last = bins - 1;
        using var shifted = halve ? finite.div(divisorScalar).sub_(lowScaled) : finite.sub(low);
        using var scaled = shifted.mul_(perBin).floor_().clamp_(first, last).to_type(ScalarType.Int64);
        using var counts = torch.bincount(scaled.flatten(), minlength: bins);
        return counts.data<long>().ToArray();
    }
}
