namespace TfInit.Keras.Probes;

/// <summary>
/// Statistics of one layer's backward pass, the counterpart of <see cref="ActivationStatistics"/>: plain numbers, so
/// any engine's probe can produce them. Non-finite values (an overflow) are kept as they are, never replaced.
/// </summary>
/// <param name="Index">The layer's position in the model (0-based), as in <see cref="ActivationStatistics.Index"/>.</param>
/// <param name="GradStd">Population std over every element of dLoss/dH, H the layer's output.</param>
/// <param name="WeightGradStd">Population std of dLoss/dW for the kernel feeding this layer (0 when there is none).</param>
/// <param name="WeightGradNorm">Frobenius norm of that dLoss/dW.</param>
public sealed record BackwardStatistics(int Index, double GradStd, double WeightGradStd, double WeightGradNorm);
