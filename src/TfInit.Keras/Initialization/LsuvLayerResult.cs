

namespace TfInit.Keras.Initialization;

/// <summary>What LSUV did to one layer.</summary>
/// <param name="Index">The layer's position in the model.</param>
/// <param name="Layer">The layer's name.</param>
/// <param name="Iterations">Rescalings applied (0 when the variance was already within tolerance).</param>
/// <param name="Variance">The variance of the layer's output after the last rescaling.</param>
public sealed record LsuvLayerResult(int Index, string Layer, int Iterations, double Variance);
