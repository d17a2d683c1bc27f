using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.Keras.Models;

/// <summary>
/// Keras's inference passes over a whole data set in batches, in inference mode without gradients: <c>evaluate</c>
/// (mean loss and accuracy) and <c>predict</c>; also the sample checks and the accuracy count that fit shares.
/// </summary>
internal static class Evaluation
{
    /// <summary>The mean loss and accuracy over <paramref name="x"/>, each batch weighted by its size.</summary>
    /// <param name="model">A built model.</param>
    /// <param name="settings">Its compile settings (loss, whether accuracy is reported).</param>
    /// <param name="x">Inputs.</param>
    /// <param name="y">Targets.</param>
    /// <param name="batchSize">Samples per batch; positive.</param>
    /// <returns>The loss, and the accuracy (null when compiled without it).</returns>
    public static (double Loss, double? Accuracy) Evaluate(Sequential model, CompileSettings settings, Tensor x, Tensor y, int batchSize)
    {
        CheckSamples(x, y);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        double lossSum = 0;
        long correct = 0;
        using var noGrad = torch.no_grad();
        for (long start = 0; start < x.shape[0]; start += batchSize)
        {
            using var scope = NewDisposeScope();
            long count = Math.Min(batchSize, x.shape[0] - start);
            var yb = y.narrow(0, start, count);
            var output = model.Forward(x.narrow(0, start, count), training: false, null);
            lossSum += settings.Loss.Compute(yb, output).ToDouble() * count;
            correct += Correct(yb, output);
        }

        return (lossSum / x.shape[0], settings.Accuracy ? (double)correct / x.shape[0] : null);
    }

    /// <summary>The model's output for every sample, batch by batch, joined along the first axis.</summary>
    /// <param name="model">A built model.</param>
    /// <param name="x">Inputs.</param>
    /// <param name="batchSize">Samples per batch; positive.</param>
    /// <returns>The outputs, [n, ..].</returns>
    public static Tensor Predict(Sequential model, Tensor x, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        using var noGrad = torch.no_grad();
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < x.shape[0]; start += batchSize)
        {
            parts.Add(model.Forward(x.narrow(0, start, Math.Min(batchSize, x.shape[0] - start)), training: false, null));
        }

        return torch.cat(parts, 0).MoveToOuterDisposeScope();
    }

    /// <summary>Checks that inputs and targets hold the same, positive number of samples.</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="y">Targets.</param>
    /// <exception cref="ArgumentException">Different sample counts (names y) or none (names x).</exception>
    public static void CheckSamples(Tensor x, Tensor y)
    {
        if (x.shape[0] != y.shape[0])
        {
            throw new ArgumentException($"x has {x.shape[0]} samples but y has {y.shape[0]}.", nameof(y));
        }

        if (x.shape[0] == 0)
        {
            throw new ArgumentException("There are no samples.", nameof(x));
        }
    }

    /// <summary>How many outputs' arg-max equals the target class (class labels, or the arg-max of one-hot rows).</summary>
    /// <param name="target">[n] labels or [n, classes].</param>
    /// <param name="output">[n, classes].</param>
    /// <returns>The number of correct samples.</returns>
    public static long Correct(Tensor target, Tensor output)
    {
        using var scope = NewDisposeScope();
        var labels = target.dim() == output.dim() ? target.argmax(-1) : target.to_type(ScalarType.Int64);
        return output.argmax(-1).eq(labels).sum().ToInt64();
    }
}
