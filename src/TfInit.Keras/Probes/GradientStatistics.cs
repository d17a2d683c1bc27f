namespace TfInit.Keras.Probes;

/// <summary>Statistics of one weight's gradient after a backward pass.</summary>
/// <param name="Index">The layer's position in the model (0-based).</param>
/// <param name="Layer">The layer's name.</param>
/// <param name="Weight">The weight's name (kernel, bias, gamma, beta).</param>
/// <param name="Norm">The gradient's L2 norm.</param>
/// <param name="Std">The gradient's population standard deviation.</param>
public sealed record GradientStatistics(int Index, string Layer, string Weight, double Norm, double Std);
