namespace TfInit.TorchSharp;

/// <summary>What <see cref="Lsuv.Apply"/> did to one layer.</summary>
/// <param name="Name">The layer's qualified name.</param>
/// <param name="ModuleType">Its type (Linear, Conv2d, ...).</param>
/// <param name="Iterations">Rescalings applied (0 when the variance was already within tolerance).</param>
/// <param name="Variance">The variance of the layer's output after the last rescaling.</param>
public sealed record LsuvLayerResult(string Name, string ModuleType, int Iterations, double Variance);
