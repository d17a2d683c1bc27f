namespace TfInit.Keras.Probes;

/// <summary>What <see cref="Probe.Backward"/> measured: each probed layer's output going forward and its gradient coming back.</summary>
/// <param name="Activations">Forward statistics per probed layer, in order.</param>
/// <param name="Gradients">Backward statistics for the same layers, in the same order.</param>
/// <param name="Loss">The loss the gradients are of; not finite when the forward pass overflowed.</param>
public sealed record BackwardPass(IReadOnlyList<ActivationStatistics> Activations, IReadOnlyList<BackwardStatistics> Gradients, double Loss);
