using TfInit.Keras.Losses;
using TfInit.Keras.Optimizers;

namespace TfInit.Keras.Models;

/// <summary>What Keras's <c>compile(optimizer, loss, metrics)</c> fixes for the later fit and evaluate calls.</summary>
/// <param name="Optimizer">The optimizer each training step uses.</param>
/// <param name="Loss">The loss trained on and reported.</param>
/// <param name="Accuracy">Whether the accuracy metric was asked for.</param>
internal sealed record CompileSettings(Optimizer Optimizer, Loss Loss, bool Accuracy)
{
    /// <summary>Checks Keras <c>compile</c>'s arguments.</summary>
    /// <param name="optimizer">An optimizer.</param>
    /// <param name="loss">A loss object.</param>
    /// <param name="metrics">Metric names: only <c>accuracy</c> (or <c>acc</c>) is known.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ArgumentException">An unknown metric.</exception>
    public static CompileSettings Create(Optimizer optimizer, Loss loss, IEnumerable<string>? metrics)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        var names = (metrics ?? []).ToList();
        foreach (string name in names.Where(n => n is not ("accuracy" or "acc")))
        {
            throw new ArgumentException($"Unknown metric '{name}'; allowed: accuracy.", nameof(metrics));
        }

        return new CompileSettings(optimizer, loss, names.Count > 0);
    }
}
